/**
 * The household's own capacity warning limit (kW), as typed on the capacity page and kept on the
 * device: the capacity page and the dashboard's gauge warn by the same one.
 */
import { parseDecimal } from "../../lib/i18n/decimal_input.ts";
import { loadSetting, saveSetting } from "./storage.ts";

const KEY = "capacityLimitKW";

/** The limit as typed (`"4,5"`), `""` when none is set. */
export function loadCapacityLimitText(): string {
  return loadSetting(KEY) ?? "";
}

export function saveCapacityLimitText(text: string): void {
  saveSetting(KEY, text);
}

/** The limit in kW, `null` when none (or nothing readable) is set. */
export function capacityLimitKW(): number | null {
  return parseDecimal(loadCapacityLimitText());
}
