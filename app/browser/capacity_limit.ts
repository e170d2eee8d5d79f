/**
 * The household's own capacity warning limit (kW), as typed on the capacity page and kept on the
 * device: the capacity page and the dashboard's gauge warn by the same one.
 */
import { parseDecimal } from "../../lib/i18n/decimal_input.ts";
import { loadSetting, saveSetting } from "./storage.ts";

const KEY = "capacityLimitKW";
/** Read from storage once: the dashboard asks at every telegram. */
let typed: string | undefined;

/** The limit as typed (`"4,5"`), `""` when none is set. */
export function loadCapacityLimitText(): string {
  return typed ??= loadSetting(KEY) ?? "";
}

export function saveCapacityLimitText(text: string): void {
  typed = text;
  saveSetting(KEY, text);
}

/** The limit in kW, `null` when none (or nothing readable) is set. */
export function capacityLimitKW(): number | null {
  return parseDecimal(loadCapacityLimitText());
}
