/**
 * The chosen language as a signal, remembered across visits, reflected in `<html lang>`. Dutch
 * comes with the first bundle; another language's texts load before the switch to it.
 */
import { computed, effect, signal } from "@preact/signals";
import {
  DUTCH,
  initialLocale,
  loadMessages,
  type Locale,
  type Messages,
} from "../../lib/i18n/messages.ts";
import { loadSetting, saveSetting } from "./storage.ts";

const STORAGE_KEY = "locale";
const loaded: Partial<Record<Locale, Messages>> = { nl: DUTCH };

/** Changes only once its texts are here, so `t` never lags behind it. */
export const locale = signal<Locale>("nl");
export const t = computed(() => loaded[locale.value] ?? DUTCH);

/** Loads a language's texts, then shows it and remembers the choice. */
export async function setLocale(next: Locale): Promise<void> {
  loaded[next] ??= await loadMessages(next);
  locale.value = next;
  saveSetting(STORAGE_KEY, next);
}

/**
 * Shows the language chosen in an earlier visit — settled once its texts are here (Dutch when
 * they cannot load) — and keeps `<html lang>` in step with every later choice.
 */
export async function startI18n(): Promise<() => void> {
  await setLocale(initialLocale(loadSetting(STORAGE_KEY))).catch(() => undefined);
  return effect(() => {
    document.documentElement.lang = locale.value;
  });
}
