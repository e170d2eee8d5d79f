/**
 * Which site the app shows and records into: `local` (this device only, no account needed) or a
 * site of the signed-in account. Remembered across visits.
 */
import { effect, signal } from "@preact/signals";
import { loadSetting, saveSetting } from "./storage.ts";

export const LOCAL_SITE = "local";
const KEY = "site";

export const currentSite = signal<string>(loadSetting(KEY) ?? LOCAL_SITE);

effect(() => saveSetting(KEY, currentSite.value));
