import { IDBKeyRange, indexedDB } from "fake-indexeddb";
import { getRxStorageDexie } from "rxdb/plugins/storage-dexie";
import { getRxStorageMemory } from "rxdb/plugins/storage-memory";
import { afterEach, describe, expect, it } from "vitest";
import { QuarterAccumulator, quartersToBuckets } from "../../../lib/energy/accumulator.ts";
import { dayStartMs } from "../../../lib/energy/calendar.ts";
import { Quality, Source } from "../../../lib/energy/day_bucket.ts";
import { type EnergyDatabase, openEnergyDatabase } from "../../../lib/db/database.ts";
import { loadBuckets, saveBuckets, storedPeriod } from "../../../lib/db/energy_repo.ts";
import { storeFluviusImport } from "../../../lib/db/fluvius_store.ts";
import { FluviusError, parseFluviusText } from "../../../lib/fluvius/import.ts";
import { FLUVIUS_SAMPLES, fluviusText } from "../../fixtures/fluvius.ts";

const open: EnergyDatabase[] = [];
let counter = 0;

async function memoryDb() {
  const db = await openEnergyDatabase(getRxStorageMemory(), `memory${counter++}`, false);
  open.push(db);
  return db;
}

afterEach(async () => {
  for (const db of open.splice(0)) if (!db.closed) await db.remove();
});

const spring = () => parseFluviusText(fluviusText(FLUVIUS_SAMPLES[0].file));

describe("energy day buckets in RxDB", () => {
  it("stores an import and reads the days back", async () => {
    const db = await memoryDb();
    const summary = await storeFluviusImport(db, spring(), 1000);
    expect(summary).toMatchObject({
      ean: "541448820044159229",
      from: "2024-03-29",
      to: "2024-04-01",
      days: 4,
      totals: { importKWh: 20.09, exportKWh: 16.791, slots: 380, missingSlots: 0 },
      writtenDays: 4,
      disagreementsWithP1: 0,
    });
    const days = await loadBuckets(db, "local", "grid", "2024-03-28", "2024-04-02");
    expect([...days.keys()].sort()).toEqual([
      "2024-03-29",
      "2024-03-30",
      "2024-03-31",
      "2024-04-01",
    ]);
    expect(days.get("2024-03-31")!.imported.length).toBe(92);
    expect(await storedPeriod(db, "local", "grid")).toEqual({
      from: "2024-03-29",
      to: "2024-04-01",
    });
    const meter = await db.meters.findOne("541448820044159229").exec();
    expect(meter?.kind).toBe("electricity");
  });

  it("is idempotent: the same file again, or an overlapping one, writes nothing new", async () => {
    const db = await memoryDb();
    await storeFluviusImport(db, spring(), 1000);
    const before = await loadBuckets(db, "local", "grid", "2024-03-29", "2024-04-01");
    const again = await storeFluviusImport(db, spring(), 2000);
    expect(again.writtenDays).toBe(0);
    // The last two days again, as a second, overlapping export would hold them.
    const overlap = spring();
    overlap.buckets = overlap.buckets.slice(2);
    expect((await storeFluviusImport(db, overlap, 3000)).writtenDays).toBe(0);
    const after = await loadBuckets(db, "local", "grid", "2024-03-29", "2024-04-01");
    expect(after).toEqual(before);
  });

  it("stores nothing from a batch with one invalid bucket", async () => {
    const db = await memoryDb();
    const parsed = spring();
    parsed.buckets[3].quality = parsed.buckets[3].quality.slice(1); // lengths no longer agree
    await expect(saveBuckets(db, parsed.buckets)).rejects.toThrow(/same length/);
    expect(await db.energy_days.count().exec()).toBe(0);
  });

  it("counts quarters where Fluvius and P1 differ, and keeps the validated value", async () => {
    const db = await memoryDb();
    // P1 measured 1 kW all through 29 March 10:00–10:30 (0.25 kWh per quarter).
    const accumulator = new QuarterAccumulator();
    const start = dayStartMs("2024-03-29") + 10 * 3_600_000;
    const quarters = [];
    for (let s = 0; s <= 1800; s += 5) {
      quarters.push(...accumulator.push({
        atMs: start + s * 1000,
        importDayKWh: 100 + s / 3600,
        importNightKWh: 50,
        exportDayKWh: 0,
        exportNightKWh: 0,
        tariff: 1,
      }));
    }
    await saveBuckets(db, quartersToBuckets("local", quarters));
    const summary = await storeFluviusImport(db, spring());
    expect(summary.disagreementsWithP1).toBe(2);
    const [day] = (await loadBuckets(db, "local", "grid", "2024-03-29", "2024-03-29")).values();
    expect(day.source[40]).toBe(Source.fluvius);
    expect(day.quality[40]).toBe(Quality.measured);
  });

  it("refuses a gas export for an EAN stored as electricity", async () => {
    const db = await memoryDb();
    await storeFluviusImport(db, spring());
    const gas = parseFluviusText(
      "Van (datum);Van (tijdstip);Tot (datum);Tot (tijdstip);EAN-code;Meter;Metertype;Register;Volume;Eenheid;Validatiestatus;Omschrijving\n" +
        '01-04-2024;10:00:00;01-04-2024;11:00:00;="541448820044159229";1SAG;Digitale meter;Afname;0,4;m³;Uitgelezen;',
    );
    const error = await storeFluviusImport(db, gas).catch((e) => e);
    expect(error).toBeInstanceOf(FluviusError);
    expect(error.message).toBe(
      "EAN 541448820044159229 is an electricity meter (kWh), not a gas meter",
    );
    expect(await db.energy_days.count().exec()).toBe(4);
  });

  it("keeps the data in IndexedDB (Dexie) across closing and reopening", async () => {
    const storage = getRxStorageDexie({ indexedDB, IDBKeyRange });
    const name = `dexie${counter++}`;
    const first = await openEnergyDatabase(storage, name, false);
    await storeFluviusImport(first, spring());
    await first.close();
    const second = await openEnergyDatabase(storage, name, false);
    open.push(second);
    const days = await loadBuckets(second, "local", "grid", "2024-03-31", "2024-03-31");
    expect(days.get("2024-03-31")!.imported.length).toBe(92);
  });
});
