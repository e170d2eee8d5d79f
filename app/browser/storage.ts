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
