import { IDBKeyRange, indexedDB } from "fake-indexeddb";
import { getRxStorageDexie } from "rxdb/plugins/storage-dexie";
import { getRxStorageMemory } from "rxdb/plugins/storage-memory";
import { afterEach, describe, expect, it } from "vitest";
import { type EnergyDatabase, openEnergyDatabase } from "../../../lib/db/database.ts";
import { loadBuckets, saveBuckets, saveMeter, storedPeriod } from "../../../lib/db/energy_repo.ts";
import { storeFluviusImport } from "../../../lib/db/fluvius_store.ts";
import {
  countSlots,
  deletePlanned,
  deletionReach,
  deletionTargets,
  deviceContents,
  planDeletion,
} from "../../../lib/db/local_data.ts";
import { emptyBucket, Quality, Source } from "../../../lib/energy/day_bucket.ts";
import { parseFluviusText } from "../../../lib/fluvius/import.ts";
import { FLUVIUS_SAMPLES, fluviusText } from "../../fixtures/fluvius.ts";

const open: EnergyDatabase[] = [];
let counter = 0;

async function memoryDb() {
  const db = await openEnergyDatabase(getRxStorageMemory(), `local-data${counter++}`, false);
  open.push(db);
  return db;
}

/** The browser's storage: RxDB on Dexie on (fake) IndexedDB. */
async function dexieDb() {
  const storage = getRxStorageDexie({ indexedDB, IDBKeyRange });
  const db = await openEnergyDatabase(storage, `local-data-dexie${counter++}`, false);
  open.push(db);
  return db;
}

afterEach(async () => {
  for (const db of open.splice(0)) if (!db.closed) await db.remove();
});

const EAN = "541448820044159229";
/** 29 March – 1 April 2024 (31 March is the 23-hour spring DST day). */
const spring = () => parseFluviusText(fluviusText(FLUVIUS_SAMPLES[0].file));

describe("what the device holds, per channel of a site", () => {
  it("lists each channel with data, its period and the meters it comes from", async () => {
    const db = await memoryDb();
    await storeFluviusImport(db, spring(), 1000);
    await saveMeter(db, {
      id: "p1:E0043007",
      siteId: "local",
      kind: "electricity",
      source: "p1",
      equipmentId: "E0043007",
      updatedAt: 1,
    });
    // A meter of another site is not this site's.
    await saveMeter(db, {
      id: "other",
      siteId: "s2",
      kind: "electricity",
      source: "p1",
      updatedAt: 1,
    });
    const targets = await deletionTargets(db, "local");
    expect(targets.map((t) => [t.channel, t.from, t.to, t.meters.map((m) => m.id)])).toEqual([
      ["grid", "2024-03-29", "2024-04-01", [EAN, "p1:E0043007"]],
    ]);
    expect(await deletionTargets(db, "s2")).toEqual([]);
  });
});

describe("deleting a channel's data over a period", () => {
  for (const [name, make] of [["memory", memoryDb], ["Dexie", dexieDb]] as const) {
    it(`plans exactly what goes, deletes it and keeps the rest (${name})`, async () => {
      const db = await make();
      await storeFluviusImport(db, spring(), 1000);
      const plan = await planDeletion(db, "local", "grid", "2024-03-01", "2024-03-31");
      expect(plan).toMatchObject({
        from: "2024-03-01",
        to: "2024-03-31",
        firstDay: "2024-03-29",
        lastDay: "2024-03-31",
        // 96 + 96 + 92: the spring DST day has 23 hours.
        slots: { quarters: 284, hours: 0, days: 0 },
        ids: [
          "local|grid|15|2024-03-29",
          "local|grid|15|2024-03-30",
          "local|grid|15|2024-03-31",
        ],
      });
      expect(plan.meters.map((m) => m.ean)).toEqual([EAN]);
      // A Fluvius meter has no one-second readings.
      expect(plan.raw.meterIds).toEqual([]);

      expect(await deletePlanned(db, plan)).toBe(3);
      expect((await loadBuckets(db, "local", "grid", "2024-03-01", "2024-03-31")).size).toBe(0);
      const april = await loadBuckets(db, "local", "grid", "2024-04-01", "2024-04-01");
      expect(april.get("2024-04-01")!.imported.filter((v) => v !== null).length).toBe(96);
      expect(await storedPeriod(db, "local", "grid")).toEqual({
        from: "2024-04-01",
        to: "2024-04-01",
      });
      expect(await deviceContents(db, "local")).toEqual({
        sites: 0,
        meters: 1,
        energyDays: 1,
        tariffVersions: 0,
        priceDays: 0,
        otherSitesEnergyDays: 0,
      });
      // Planning the same period again finds nothing left to delete.
      const again = await planDeletion(db, "local", "grid", "2024-03-01", "2024-03-31");
      expect([again.ids, again.firstDay, again.slots.quarters]).toEqual([[], null, 0]);
      expect(await deletePlanned(db, again)).toBe(0);
    });

    it(`takes the same file again after a deletion (${name})`, async () => {
      const db = await make();
      await storeFluviusImport(db, spring(), 1000);
      const before = await loadBuckets(db, "local", "grid", "2024-03-29", "2024-04-01");
      await deletePlanned(db, await planDeletion(db, "local", "grid", "2024-03-29", "2024-04-01"));
      expect(await db.energy_days.count().exec()).toBe(0);
      const summary = await storeFluviusImport(db, spring(), 2000);
      expect(summary.writtenDays).toBe(4);
      const after = await loadBuckets(db, "local", "grid", "2024-03-29", "2024-04-01");
      expect([...after.values()].map((b) => b.imported)).toEqual(
        [...before.values()].map((b) => b.imported),
      );
    });
  }

  it("counts only slots with a value, per slot length", () => {
    const quarters = emptyBucket("local", "grid", "2024-06-03");
    quarters.quality[0] = Quality.measured;
    quarters.quality[1] = Quality.partial;
    const gas = emptyBucket("local", "gas", "2024-06-03", 60);
    gas.quality.fill(Quality.validated);
    const daily = emptyBucket("local", "grid", "2024-06-04", 1440);
    daily.quality[0] = Quality.validated;
    expect(countSlots([quarters, gas, daily])).toEqual({ quarters: 2, hours: 24, days: 1 });
  });

  it("takes a P1 meter's one-second readings over the period's local days", async () => {
    const db = await memoryDb();
    await saveMeter(db, {
      id: "p1:X",
      siteId: "local",
      kind: "electricity",
      source: "p1",
      updatedAt: 1,
    });
    const day = emptyBucket("local", "grid", "2024-03-31");
    day.imported[0] = 0.1;
    day.exported[0] = 0;
    day.quality[0] = Quality.measured;
    day.source[0] = Source.p1;
    await saveBuckets(db, [day]);
    const plan = await planDeletion(db, "local", "grid", "2024-03-31", "2024-03-31");
    // Midnight to midnight in Brussels: 23 hours on the spring DST day.
    expect(plan.raw).toEqual({
      meterIds: ["p1:X"],
      fromMs: Date.UTC(2024, 2, 30, 23),
      toMs: Date.UTC(2024, 2, 31, 22),
    });
    expect(plan.slots.quarters).toBe(1);
    // Gas has no one-second readings.
    expect((await planDeletion(db, "local", "gas", "2024-03-31", "2024-03-31")).raw.meterIds)
      .toEqual([]);
  });

  it("plans nothing for a period that ends before it starts", async () => {
    const db = await memoryDb();
    await storeFluviusImport(db, spring(), 1000);
    const plan = await planDeletion(db, "local", "grid", "2024-04-01", "2024-03-29");
    expect([plan.ids, plan.slots.quarters, plan.raw.toMs]).toEqual([[], 0, 0]);
  });
});

describe("what the whole device holds", () => {
  it("counts every collection, and the days of sites that sync apart", async () => {
    const db = await memoryDb();
    await storeFluviusImport(db, spring(), 1000);
    const synced = emptyBucket("s2", "grid", "2024-06-03");
    synced.imported[0] = 0.2;
    synced.exported[0] = 0;
    synced.quality[0] = Quality.measured;
    synced.source[0] = Source.p1;
    await saveBuckets(db, [synced]);
    expect(await deviceContents(db, "local")).toMatchObject({
      meters: 1,
      energyDays: 5,
      otherSitesEnergyDays: 1,
    });
  });
});

describe("who a deletion reaches", () => {
  it("stays on the device for its own site, reaches the server for a synced one", () => {
    expect(deletionReach("local", "local", null)).toBe("device");
    expect(deletionReach("s1", "local", { role: "owner", scope: "all" })).toBe("everywhere");
    expect(deletionReach("s1", "local", { role: "installer", scope: "all" })).toBe("everywhere");
    // The server refuses a user's removal of measurements; unknown (signed out) is refused too.
    expect(deletionReach("s1", "local", { role: "user", scope: "all" })).toBe("refused");
    expect(deletionReach("s1", "local", undefined)).toBe("refused");
    // With EV-charging access only, no measurements sync: a deletion stays here.
    expect(deletionReach("s1", "local", { role: "user", scope: "ev" })).toBe("device");
  });
});
