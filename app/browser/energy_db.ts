/** The device's energy database (RxDB on Dexie/IndexedDB), opened once per tab. */
import { getRxStorageDexie } from "rxdb/plugins/storage-dexie";
import { type EnergyDatabase, openEnergyDatabase } from "../../lib/db/database.ts";
import { ensureLocalSite } from "../../lib/db/energy_repo.ts";

export { loadBuckets, storedPeriod } from "../../lib/db/energy_repo.ts";
export { storeFluviusImport } from "../../lib/db/fluvius_store.ts";
import { dataVersion } from "./data_version.ts";

export const LOCAL_SITE = "local";

let opening: Promise<EnergyDatabase> | null = null;

export function database(): Promise<EnergyDatabase> {
  opening ??= openEnergyDatabase(getRxStorageDexie()).then(async (db) => {
    await ensureLocalSite(db, "Thuis");
    db.energy_days.$.subscribe(() => dataVersion.value++);
    // Ask the browser not to evict the history when the disk fills up.
    navigator.storage?.persist?.().catch(() => false);
    return db;
  });
  return opening;
}

export interface StorageState {
  usedBytes: number | null;
  quotaBytes: number | null;
  persisted: boolean | null;
}

export async function storageState(): Promise<StorageState> {
  const estimate = await navigator.storage?.estimate?.().catch(() => null);
  const persisted = await navigator.storage?.persisted?.().catch(() => null);
  return {
    usedBytes: estimate?.usage ?? null,
    quotaBytes: estimate?.quota ?? null,
    persisted: persisted ?? null,
  };
}

export async function requestPersistence(): Promise<boolean> {
  return (await navigator.storage?.persist?.().catch(() => false)) ?? false;
}
