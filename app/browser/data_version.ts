/**
 * Bumped whenever stored energy changes (in this tab or another), so views reload. Kept apart
 * from the database module, which is loaded lazily, so the first screen does not pull in RxDB.
 */
import { signal } from "@preact/signals";

export const dataVersion = signal(0);

/** The database module, loaded on first use. */
export function loadEnergyDb() {
  return import("./energy_db.ts");
}
