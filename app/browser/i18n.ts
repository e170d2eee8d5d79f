/** The chosen language as a signal, remembered across visits, reflected in `<html lang>`. */
import { computed, effect, signal } from "@preact/signals";
import { initialLocale, type Locale, MESSAGES } from "../../lib/i18n/messages.ts";
import { loadSetting, saveSetting } from "./storage.ts";

const STORAGE_KEY = "locale";

export const locale = signal<Locale>(initialLocale(null));
export const t = computed(() => MESSAGES[locale.value]);

/** Takes the language chosen in an earlier visit; every later choice is remembered and shown. */
export function startI18n(): () => void {
  locale.value = initialLocale(loadSetting(STORAGE_KEY));
  return effect(() => {
    document.documentElement.lang = locale.value;
    saveSetting(STORAGE_KEY, locale.value);
  });
}
