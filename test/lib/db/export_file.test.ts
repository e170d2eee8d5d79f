import { IDBKeyRange, indexedDB } from "fake-indexeddb";
import { getRxStorageDexie } from "rxdb/plugins/storage-dexie";
import { getRxStorageMemory } from "rxdb/plugins/storage-memory";
import { afterEach, describe, expect, it } from "vitest";
import { type EnergyDatabase, openEnergyDatabase } from "../../../lib/db/database.ts";
import { loadBuckets, saveBuckets, saveMeter, saveSite } from "../../../lib/db/energy_repo.ts";
import {
  collectExport,
  decodeRawChunk,
  encodeRawChunk,
  EXPORT_FORMAT,
  EXPORT_VERSION,
  type ExportFile,
  ExportFileError,
  exportTextParts,
  parseExport,
  rawChunkText,
  restoreExport,
} from "../../../lib/db/export_file.ts";
import { storeFluviusImport } from "../../../lib/db/fluvius_store.ts";
import { deletePlanned, planDeletion } from "../../../lib/db/local_data.ts";
import { savePriceDays, saveTariffVersion } from "../../../lib/db/tariff_repo.ts";
import { emptyBucket, Quality, Source } from "../../../lib/energy/day_bucket.ts";
import { emptyChunk, putSample, RAW_FIELDS, type RawField } from "../../../lib/energy/raw_chunk.ts";
import { parseFluviusText } from "../../../lib/fluvius/import.ts";
import type { TariffVersion } from "../../../lib/tariff/contract.ts";
import type { PriceDay } from "../../../lib/tariff/prices.ts";
import { FLUVIUS_SAMPLES, fluviusText } from "../../fixtures/fluvius.ts";

const open: EnergyDatabase[] = [];
let counter = 0;

async function memoryDb() {
  const db = await openEnergyDatabase(getRxStorageMemory(), `export${counter++}`, false);
  open.push(db);
  return db;
}

afterEach(async () => {
  for (const db of open.splice(0)) if (!db.closed) await db.remove();
});

const tariff: TariffVersion = {
  id: "local|2024-01-01",
  siteId: "local",
  name: "Vast",
  effectiveFrom: "2024-01-01",
  energy: { kind: "single", offtakeEurPerKWh: 0.3, injectionEurPerKWh: 0.04 },
  fixedFeeEurPerMonth: 4,
  distribution: {
    area: "Fluvius Antwerpen",
    offtakeDayEurPerKWh: 0.06,
    offtakeNightEurPerKWh: 0.06,
    transmissionEurPerKWh: 0.02,
    capacityEurPerKWYear: 49.4,
    dataManagementEurPerYear: 18,
  },
  leviesEurPerKWh: 0.05,
  vatRate: 0.06,
  updatedAt: 5,
};

const prices: PriceDay = {
  id: "BE|2024-06-03",
  zone: "BE",
  day: "2024-06-03",
  slotMinutes: 60,
  eurPerMWh: Array.from({ length: 24 }, (_, h) => 50 + h),
  source: "csv",
  updatedAt: 6,
};

/** A device holding one of everything: two sites, an import, a P1 day, a tariff, prices. */
async function fullDevice(): Promise<EnergyDatabase> {
  const db = await memoryDb();
  await saveSite(db, { id: "local", name: "Thuis", updatedAt: 1 });
  await saveSite(db, { id: "s2", name: "Zomerhuis", address: "Dijk 1, Knokke", updatedAt: 2 });
  await storeFluviusImport(db, parseFluviusText(fluviusText(FLUVIUS_SAMPLES[0].file)), 3);
  await saveMeter(db, {
    id: "p1:E0043007",
    siteId: "s2",
    kind: "electricity",
    source: "p1",
    equipmentId: "E0043007",
    updatedAt: 4,
  });
  const p1 = emptyBucket("s2", "grid", "2024-06-03");
  p1.imported[72] = 0.412;
  p1.exported[72] = 0;
  p1.quality[72] = Quality.partial;
  p1.source[72] = Source.p1;
  p1.register[72] = 1;
  await saveBuckets(db, [p1], 4);
  await saveTariffVersion(db, tariff);
  await savePriceDays(db, [prices]);
  return db;
}

const SETTINGS = { locale: "fr", rawRetentionDays: "7" };

/** A file without the moment it was made, to compare two exports. */
function content(file: ExportFile) {
  const { exportedAt: _at, ...rest } = file;
  return rest;
}

describe("exporting everything the device stores", () => {
  it("holds every stored document, the settings, and says whether raw readings are in it", async () => {
    const db = await fullDevice();
    const file = await collectExport(db, { settings: SETTINGS, nowMs: Date.UTC(2024, 5, 12, 8) });
    expect(file.format).toBe(EXPORT_FORMAT);
    expect(file.version).toBe(EXPORT_VERSION);
    expect(file.exportedAt).toBe("2024-06-12T08:00:00.000Z");
    expect(file.sites.map((s) => [s.id, s.name])).toEqual([["local", "Thuis"], [
      "s2",
      "Zomerhuis",
    ]]);
    expect(file.sites[1].address).toBe("Dijk 1, Knokke");
    expect(file.meters.map((m) => [m.id, m.siteId, m.source])).toEqual([
      ["541448820044159229", "local", "fluvius"],
      ["p1:E0043007", "s2", "p1"],
    ]);
    expect(file.energyDays.map((b) => b.id)).toEqual([
      "local|grid|15|2024-03-29",
      "local|grid|15|2024-03-30",
      "local|grid|15|2024-03-31",
      "local|grid|15|2024-04-01",
      "s2|grid|15|2024-06-03",
    ]);
    // Every day whole, as stored: the bucket read back equals the one in the file.
    const stored = await loadBuckets(db, "local", "grid", "2024-03-29", "2024-04-01");
    expect(file.energyDays.slice(0, 4)).toEqual([...stored.values()]);
    expect(file.energyDays[4].imported[72]).toBe(0.412);
    expect(file.energyDays[4].quality[72]).toBe(Quality.partial);
    expect(file.tariffVersions).toEqual([tariff]);
    expect(file.priceDays).toEqual([prices]);
    expect(file.settings).toEqual(SETTINGS);
    expect([file.rawIncluded, file.rawChunks]).toEqual([false, []]);
    // No RxDB internals travel in the file.
    expect(JSON.stringify(file)).not.toMatch(/_rev|_meta|_deleted|_attachments/);
  });

  it("leaves deleted days out", async () => {
    const db = await fullDevice();
    await deletePlanned(db, await planDeletion(db, "local", "grid", "2024-03-01", "2024-03-31"));
    const file = await collectExport(db, { settings: {} });
    expect(file.energyDays.map((b) => b.day)).toEqual(["2024-04-01", "2024-06-03"]);
  });

  it("reads back as it was written", async () => {
    const db = await fullDevice();
    const file = await collectExport(db, { settings: SETTINGS });
    expect(parseExport(JSON.stringify(file))).toEqual(file);
  });

  it("carries one-second readings bit for bit when asked, NaN for seconds without one", () => {
    const chunk = emptyChunk("p1:E0043007", Date.UTC(2024, 5, 3, 16));
    const sample = {} as Record<RawField, number>;
    for (const [i, field] of RAW_FIELDS.entries()) sample[field] = 100.125 + i;
    putSample(chunk, chunk.hourStartMs + 42_000, sample);
    const encoded = encodeRawChunk(chunk);
    expect(Object.keys(encoded.float32le)).toEqual([...RAW_FIELDS]);
    const decoded = decodeRawChunk(JSON.parse(JSON.stringify(encoded)));
    expect(decoded.key).toBe(chunk.key);
    for (const field of RAW_FIELDS) {
      expect(decoded.values[field]).toEqual(chunk.values[field]);
    }
    expect(decoded.values.importW[42]).toBe(100.125);
    expect(decoded.values.importW[41]).toBeNaN();
  });
});

describe("the file's text", () => {
  it("is the export's JSON, one-second hours appended part by part", async () => {
    const db = await fullDevice();
    const hours = [0, 1].map((h) => {
      const chunk = emptyChunk("p1:E0043007", Date.UTC(2024, 5, 3, 16 + h));
      const sample = {} as Record<RawField, number>;
      for (const field of RAW_FIELDS) sample[field] = 230 + h;
      putSample(chunk, chunk.hourStartMs, sample);
      return chunk;
    });
    const file = await collectExport(db, { settings: SETTINGS, rawChunks: [], nowMs: 1 });
    expect(file.rawIncluded).toBe(true);
    const parts = exportTextParts(file, hours.map(rawChunkText));
    expect(parts.length).toBe(4);
    const whole = await collectExport(db, { settings: SETTINGS, rawChunks: hours, nowMs: 1 });
    expect(parseExport(parts.join(""))).toEqual(whole);
    expect(decodeRawChunk(whole.rawChunks[1]).values.l1V[0]).toBe(231);
    // Without raw hours it is plain JSON.stringify.
    const bare = await collectExport(db, { settings: {}, nowMs: 1 });
    expect(exportTextParts(bare).join("")).toBe(JSON.stringify(bare));
  });
});

describe("restoring an export", () => {
  it("restores everything into an empty device, and a second restore changes nothing", async () => {
    const source = await fullDevice();
    const file = parseExport(JSON.stringify(await collectExport(source, { settings: SETTINGS })));
    const target = await openEnergyDatabase(
      getRxStorageDexie({ indexedDB, IDBKeyRange }),
      `restore${counter++}`,
      false,
    );
    open.push(target);
    expect(await restoreExport(target, file, 10)).toEqual({
      sites: 2,
      meters: 2,
      energyDays: 5,
      tariffVersions: 1,
      priceDays: 1,
    });
    const back = await collectExport(target, { settings: SETTINGS });
    // The merge stamps the days it writes; everything else comes back as it was.
    const stamp = (f: ExportFile) => ({
      ...content(f),
      energyDays: f.energyDays.map((b) => ({ ...b, updatedAt: 0 })),
    });
    expect(stamp(back)).toEqual(stamp(file));
    expect(await restoreExport(target, file, 11)).toEqual({
      sites: 0,
      meters: 0,
      energyDays: 0,
      tariffVersions: 0,
      priceDays: 0,
    });
  });

  it("brings deleted days back, and never replaces a better slot held here", async () => {
    const db = await fullDevice();
    const file = await collectExport(db, { settings: {} });
    await deletePlanned(db, await planDeletion(db, "local", "grid", "2024-03-29", "2024-03-30"));
    // Since the export, 3 June 18:00 was validated here.
    const better = emptyBucket("s2", "grid", "2024-06-03");
    better.imported[72] = 0.5;
    better.exported[72] = 0;
    better.quality[72] = Quality.validated;
    better.source[72] = Source.fluvius;
    await saveBuckets(db, [better], 20);
    const summary = await restoreExport(db, file, 30);
    expect(summary.energyDays).toBe(2);
    const days = await loadBuckets(db, "local", "grid", "2024-03-29", "2024-04-01");
    expect(days.size).toBe(4);
    const june = (await loadBuckets(db, "s2", "grid", "2024-06-03", "2024-06-03")).get(
      "2024-06-03",
    )!;
    expect([june.imported[72], june.quality[72]]).toEqual([0.5, Quality.validated]);
  });

  it("keeps a tariff edited here after the export", async () => {
    const db = await fullDevice();
    const file = await collectExport(db, { settings: {} });
    await saveTariffVersion(db, { ...tariff, name: "Nieuwer", updatedAt: 50 });
    expect((await restoreExport(db, file)).tariffVersions).toBe(0);
    const kept = await db.tariff_versions.findOne(tariff.id).exec();
    expect(kept?.name).toBe("Nieuwer");
  });
});

describe("refusing a file that is not a restorable export", () => {
  const error = (text: string) => {
    try {
      parseExport(text);
    } catch (e) {
      return e as ExportFileError;
    }
    throw new Error("parsed");
  };

  it("says what is wrong with it", async () => {
    expect(error("Datum;Volume\n").code).toBe("notJson");
    expect(error(JSON.stringify({ hello: 1 })).code).toBe("notExport");
    const newer = error(JSON.stringify({ format: EXPORT_FORMAT, version: 2 }));
    expect([newer.code, newer.detail]).toEqual(["newerVersion", "2"]);
    const db = await fullDevice();
    const file = await collectExport(db, { settings: {} });
    file.energyDays[2].quality = file.energyDays[2].quality.slice(1);
    const broken = error(JSON.stringify(file));
    expect(broken.code).toBe("invalid");
    expect(broken.detail).toBe("energyDays.2: every slot array must have the same length");
  });
});
