/** The chosen language as a signal, remembered across visits, reflected in `<html lang>`. */
import { computed, effect, signal } from "@preact/signals";
import { initialLocale, type Locale, MESSAGES } from "../../lib/i18n/messages.ts";

const STORAGE_KEY = "locale";

function saved(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null; // storage blocked: start in Dutch
  }
}

export const locale = signal<Locale>(initialLocale(saved()));
export const t = computed(() => MESSAGES[locale.value]);

effect(() => {
  document.documentElement.lang = locale.value;
  try {
    localStorage.setItem(STORAGE_KEY, locale.value);
  } catch {
    // not remembered; nothing else to do
  }
});
