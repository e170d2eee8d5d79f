/** localStorage that never throws: where storage is blocked, choices are simply not remembered. */

export function loadSetting(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

export function saveSetting(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // not remembered; nothing else to do
  }
}

/** How many days of one-second readings the device keeps (setting; 30 unless changed). */
export const RAW_RETENTION_KEY = "rawRetentionDays";
export const DEFAULT_RETENTION_DAYS = 30;

export function rawRetentionDays(): number {
  const days = Number(loadSetting(RAW_RETENTION_KEY));
  return Number.isInteger(days) && days >= 1 ? days : DEFAULT_RETENTION_DAYS;
}

/**
 * The choices an export carries and a restore brings back: language, retention, the capacity
 * limit (`capacity_limit.ts`) and the cable's line settings (`ConnectPanel`). Never the session,
 * the ENTSO-E token, the gateway's pairing token, the chosen site or the recorder's state.
 */
export const EXPORTED_SETTINGS = [
  "locale",
  RAW_RETENTION_KEY,
  "capacityLimitKW",
  "lineSettings",
] as const;

export function exportedSettings(): Record<string, string> {
  const settings: Record<string, string> = {};
  for (const key of EXPORTED_SETTINGS) {
    const value = loadSetting(key);
    if (value !== null && value !== "") settings[key] = value;
  }
  return settings;
}

/** Stores the exported choices of a file (any other key in it is ignored); returns how many. */
export function restoreSettings(settings: Record<string, string>): number {
  let restored = 0;
  for (const key of EXPORTED_SETTINGS) {
    if (settings[key] === undefined) continue;
    saveSetting(key, settings[key]);
    restored++;
  }
  return restored;
}

/** Removes every setting this app keeps on the device, except those in `keep`. */
export function clearSettings(keep: readonly string[]): void {
  try {
    for (let i = localStorage.length - 1; i >= 0; i--) {
      const key = localStorage.key(i);
      if (key !== null && !keep.includes(key)) localStorage.removeItem(key);
    }
  } catch {
    // storage blocked: there is nothing to remove
  }
}
