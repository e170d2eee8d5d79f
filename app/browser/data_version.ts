/**
 * Bumped whenever stored energy changes (in this tab or another), so views reload. Kept apart
 * from the database module, which is loaded lazily, so the first screen does not pull in RxDB.
 */
import { signal } from "@preact/signals";
import { dexieDatabasePrefix } from "../../lib/db/name.ts";

export const dataVersion = signal(0);

/** The database module, loaded on first use. */
export function loadEnergyDb() {
  return import("./energy_db.ts");
}

/**
 * Whether this device holds a database at all: `false` on a first visit, before anything was
 * recorded, imported or synced, so the first screen can say "no history yet" without loading
 * RxDB. Where the browser cannot list its databases, it assumes one is there.
 */
export async function hasEnergyDb(): Promise<boolean> {
  const names = await indexedDB.databases?.().catch(() => null);
  if (!names) return true;
  const prefix = dexieDatabasePrefix();
  return names.some((db) => db.name?.startsWith(prefix));
}
