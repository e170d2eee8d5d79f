/** The device's energy database (RxDB on Dexie/IndexedDB), opened once per tab. */
import { getRxStorageDexie } from "rxdb/plugins/storage-dexie";
import { type EnergyDatabase, openEnergyDatabase } from "../../lib/db/database.ts";
import { ensureLocalSite } from "../../lib/db/energy_repo.ts";
import {
  collectExport,
  decodeRawChunk,
  exportTextParts,
  parseExport,
  rawChunkText,
  restoreExport,
  type RestoreSummary,
} from "../../lib/db/export_file.ts";
import { deletePlanned, type DeletionPlan } from "../../lib/db/local_data.ts";
import { RawStore } from "./raw_store.ts";
import { clearSettings, exportedSettings, restoreSettings } from "./storage.ts";

export { loadBuckets, storedPeriod } from "../../lib/db/energy_repo.ts";
export { storeFluviusImport } from "../../lib/db/fluvius_store.ts";
export { storePvImport } from "../../lib/db/pv_store.ts";
export { loadSolarSetup, saveSolarSetup } from "../../lib/db/solar_setup_store.ts";
export {
  loadPriceDays,
  loadTariffVersions,
  removeTariffVersion,
  savePriceDays,
  saveTariffVersion,
} from "../../lib/db/tariff_repo.ts";
export { deletionTargets, deviceContents, planDeletion } from "../../lib/db/local_data.ts";
export { ExportFileError } from "../../lib/db/export_file.ts";
export { loadCost, monthPeaks } from "./cost_data.ts";
import { announceWipe, dataVersion } from "./data_version.ts";

let opening: Promise<EnergyDatabase> | null = null;

export function database(): Promise<EnergyDatabase> {
  opening ??= openEnergyDatabase(getRxStorageDexie()).then(async (db) => {
    await ensureLocalSite(db, "Thuis");
    // Stored energy, tariffs, prices or charge sessions changed (here or in another tab): views recompute.
    db.energy_days.$.subscribe(() => dataVersion.value++);
    db.tariff_versions.$.subscribe(() => dataVersion.value++);
    db.price_days.$.subscribe(() => dataVersion.value++);
    db.charge_sessions.$.subscribe(() => dataVersion.value++);
    db.solar_setups.$.subscribe(() => dataVersion.value++);
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

/** Opens the one-second store for one task and closes it after (the recorder has its own). */
async function withRaw<T>(task: (raw: RawStore) => Promise<T>): Promise<T> {
  const raw = new RawStore();
  try {
    return await task(raw);
  } finally {
    raw.close();
  }
}

/** Hours of one-second readings a deletion would take. */
export function plannedRawHours(plan: DeletionPlan): Promise<number> {
  const { meterIds, fromMs, toMs } = plan.raw;
  return meterIds.length === 0
    ? Promise.resolve(0)
    : withRaw((raw) => raw.countHours(meterIds, fromMs, toMs));
}

/** Every hour of one-second readings on the device. */
export function storedRawHours(): Promise<number> {
  return withRaw((raw) => raw.count());
}

/**
 * Deletes what was confirmed: the day documents in one bulk write (all or none), then the
 * one-second hours of the same days in one transaction of their own store.
 */
export async function deletePlannedData(
  plan: DeletionPlan,
): Promise<{ days: number; rawHours: number }> {
  const days = await deletePlanned(await database(), plan);
  const { meterIds, fromMs, toMs } = plan.raw;
  const rawHours = meterIds.length === 0
    ? 0
    : await withRaw((raw) => raw.deleteHours(meterIds, fromMs, toMs));
  return { days, rawHours };
}

/** Everything on the device as one JSON file (the one-second readings when `withRaw`). */
export async function exportBlob(includeRaw: boolean): Promise<Blob> {
  const db = await database();
  const file = await collectExport(db, {
    settings: exportedSettings(),
    rawChunks: includeRaw ? [] : undefined,
  });
  const rawTexts: string[] = [];
  if (includeRaw) await withRaw((raw) => raw.each((chunk) => rawTexts.push(rawChunkText(chunk))));
  return new Blob(exportTextParts(file, rawTexts), { type: "application/json" });
}

export interface Restored {
  summary: RestoreSummary;
  rawHours: number;
  settings: number;
}

/** Restores an export's text; throws `ExportFileError` (and stores nothing) for a bad file. */
export async function restoreText(text: string): Promise<Restored> {
  const file = parseExport(text);
  const summary = await restoreExport(await database(), file);
  const rawHours = file.rawChunks.length === 0
    ? 0
    : await withRaw((raw) => raw.put(file.rawChunks.map(decodeRawChunk)));
  return { summary, rawHours, settings: restoreSettings(file.settings) };
}

/**
 * Deletes everything this app keeps on the device — every collection of the energy database
 * (each cleared in one transaction), the one-second store, and the settings but the language and
 * the session — without a tombstone: nothing of it reaches the server. Other tabs reload; so must
 * the caller's, whose memory still holds the old state.
 */
export async function wipeDevice(): Promise<void> {
  const db = await database();
  opening = null;
  await db.remove();
  await RawStore.remove();
  clearSettings(["locale", "session"]);
  announceWipe();
}
