/**
 * Which site the app shows and records into: `local` (this device only, no account needed) or a
 * site of the signed-in account. Remembered across visits.
 */
import { effect, signal } from "@preact/signals";
import { loadSetting, saveSetting } from "./storage.ts";

export const LOCAL_SITE = "local";
const KEY = "site";

export const currentSite = signal<string>(LOCAL_SITE);

/** Takes the site chosen in an earlier visit, and remembers every later choice. */
export function startSite(): () => void {
  currentSite.value = loadSetting(KEY) ?? LOCAL_SITE;
  return effect(() => saveSetting(KEY, currentSite.value));
}
