import { IDBKeyRange, indexedDB } from "fake-indexeddb";
import { createRxDatabase } from "rxdb";
import { getRxStorageDexie } from "rxdb/plugins/storage-dexie";
import { describe, expect, it } from "vitest";
import { MIGRATIONS, openEnergyDatabase } from "../../../lib/db/database.ts";
import { saveBuckets } from "../../../lib/db/energy_repo.ts";
import { dayBucketSchema } from "../../../lib/db/models.ts";
import { emptyBucket, Quality } from "../../../lib/energy/day_bucket.ts";

describe("the local database", () => {
  it("starts at schema version 0 with a migration map per collection", () => {
    expect(dayBucketSchema.version).toBe(0);
    expect(Object.keys(MIGRATIONS).sort()).toEqual([
      "energy_days",
      "meters",
      "price_days",
      "sites",
      "tariff_versions",
    ]);
  });

  it("migrates stored buckets when a later release bumps the schema", async () => {
    const storage = getRxStorageDexie({ indexedDB, IDBKeyRange });
    const name = "migration";
    const v0 = await openEnergyDatabase(storage, name, false);
    const bucket = emptyBucket("local", "grid", "2024-06-01");
    bucket.imported[0] = 0.1;
    bucket.quality[0] = Quality.measured;
    await saveBuckets(v0, [bucket]);
    await v0.close();

    // What a release with schema version 1 does: the database module registers the migration
    // plugin, so version 0 documents pass through the strategy on open.
    const v1 = await createRxDatabase({ name, storage, multiInstance: false });
    await v1.addCollections({
      energy_days: {
        schema: { ...dayBucketSchema, version: 1 },
        migrationStrategies: {
          1: (doc: { imported: (number | null)[] }) => ({
            ...doc,
            imported: doc.imported.map((v) => v === null ? null : v * 2),
          }),
        },
      },
    });
    const migrated = await v1.energy_days.findOne(bucket.id).exec();
    expect(migrated?.get("imported")[0]).toBe(0.2);
    await v1.remove();
  });
});
