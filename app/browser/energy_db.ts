/** The device's energy database (RxDB on Dexie/IndexedDB), opened once per tab. */
import { getRxStorageDexie } from "rxdb/plugins/storage-dexie";
import { type EnergyDatabase, openEnergyDatabase } from "../../lib/db/database.ts";
import { ensureLocalSite } from "../../lib/db/energy_repo.ts";

export { loadBuckets, storedPeriod } from "../../lib/db/energy_repo.ts";
export { storeFluviusImport } from "../../lib/db/fluvius_store.ts";
export {
  loadPriceDays,
  loadTariffVersions,
  removeTariffVersion,
  savePriceDays,
  saveTariffVersion,
} from "../../lib/db/tariff_repo.ts";
export { loadCost, monthPeaks } from "./cost_data.ts";
import { dataVersion } from "./data_version.ts";

let opening: Promise<EnergyDatabase> | null = null;

export function database(): Promise<EnergyDatabase> {
  opening ??= openEnergyDatabase(getRxStorageDexie()).then(async (db) => {
    await ensureLocalSite(db, "Thuis");
    // Stored energy, tariffs or prices changed (here or in another tab): views recompute.
    db.energy_days.$.subscribe(() => dataVersion.value++);
    db.tariff_versions.$.subscribe(() => dataVersion.value++);
    db.price_days.$.subscribe(() => dataVersion.value++);
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
