import { IDBKeyRange, indexedDB } from "fake-indexeddb";
import { createRxDatabase } from "rxdb";
import { getRxStorageDexie } from "rxdb/plugins/storage-dexie";
import { describe, expect, it } from "vitest";
import { MIGRATIONS, openEnergyDatabase } from "../../../lib/db/database.ts";
import { loadBuckets, saveBuckets } from "../../../lib/db/energy_repo.ts";
import { dayBucketSchema } from "../../../lib/db/models.ts";
import { emptyBucket, Quality, Source } from "../../../lib/energy/day_bucket.ts";

describe("the local database", () => {
  it("has a migration for every schema version after the first", () => {
    expect(dayBucketSchema.version).toBe(1);
    expect(Object.keys(MIGRATIONS.energy_days)).toEqual(["1"]);
    expect(Object.keys(MIGRATIONS).sort()).toEqual([
      "charge_sessions",
      "energy_days",
      "meters",
      "price_days",
      "sites",
      "solar_setups",
      "tariff_versions",
    ]);
  });

  it("opens a database of the first release (v0 buckets) and keeps its data", async () => {
    const storage = getRxStorageDexie({ indexedDB, IDBKeyRange });
    const name = "first-release";
    // The energy_days collection as the first release created it: version 0, no `others`.
    const { others: _others, ...v0Properties } = dayBucketSchema.properties;
    const v0 = await createRxDatabase({ name, storage, multiInstance: false });
    await v0.addCollections({
      energy_days: { schema: { ...dayBucketSchema, version: 0, properties: v0Properties } },
    });
    const bucket = emptyBucket("local", "grid", "2024-06-01");
    bucket.imported[0] = 0.1;
    bucket.exported[0] = 0;
    bucket.quality[0] = Quality.measured;
    bucket.source[0] = Source.p1;
    await v0.energy_days.insert(bucket);
    await v0.close();

    const db = await openEnergyDatabase(storage, name, false);
    try {
      const [day] = (await loadBuckets(db, "local", "grid", "2024-06-01", "2024-06-01")).values();
      expect(day.imported[0]).toBe(0.1);
      expect(day.others).toBeUndefined();
      // The new field works on migrated data: Fluvius disagrees, P1's value is kept beside it.
      const fluvius = emptyBucket("local", "grid", "2024-06-01");
      fluvius.imported[0] = 0.2;
      fluvius.exported[0] = 0;
      fluvius.quality[0] = Quality.validated;
      fluvius.source[0] = Source.fluvius;
      await saveBuckets(db, [fluvius]);
      const [after] = (await loadBuckets(db, "local", "grid", "2024-06-01", "2024-06-01")).values();
      expect(after.imported[0]).toBe(0.2);
      expect(after.others).toEqual([
        { slot: 0, source: Source.p1, quality: Quality.measured, importKWh: 0.1, exportKWh: 0 },
      ]);
    } finally {
      await db.remove();
    }
  });
});
