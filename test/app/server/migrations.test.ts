import { describe, expect, it } from "vitest";
import { migrate, MIGRATIONS } from "../../../app/server/db/migrations.ts";
import { BACKENDS, freshDb } from "./backends.ts";

describe.each(BACKENDS)("migrations on %s", (backend) => {
  it("creates the schema once and records each version", async () => {
    const db = await freshDb(backend);
    try {
      expect(await migrate(db)).toEqual([1, 2, 3, 4]);
      expect(await migrate(db)).toEqual([]);
      const rows = await db.all<{ version: number }>(
        "SELECT version FROM schema_migrations ORDER BY version",
      );
      expect(rows.map((r) => Number(r.version))).toEqual([1, 2, 3, 4]);
      await db.run(
        "INSERT INTO sites (id, name, settings, created_ms, updated_ms) VALUES ($1, $2, $3, $4, $4)",
        [
          "s",
          "Thuis",
          "{}",
          1_700_000_000_000,
        ],
      );
      const site = await db.get<{ created_ms: number }>(
        "SELECT created_ms FROM sites WHERE id = $1",
        ["s"],
      );
      expect(site?.created_ms).toBe(1_700_000_000_000);
    } finally {
      await db.close();
    }
  });

  it("keeps documents stored before ids were scoped by site, with their size counted", async () => {
    const db = await freshDb(backend);
    try {
      expect(await migrate(db, MIGRATIONS.slice(0, 1))).toEqual([1]);
      await db.run(
        "INSERT INTO sites (id, name, settings, created_ms, updated_ms) VALUES ('s', 'S', '{}', 1, 1)",
      );
      await db.run(
        `INSERT INTO docs (collection, id, site_id, seq, deleted, data)
         VALUES ('meters', 'm1', 's', 7, 0, '{"id":"m1","siteId":"s"}')`,
      );
      expect(await migrate(db)).toEqual([2, 3, 4]);
      expect(await db.all("SELECT site_id, collection, id, seq, deleted, bytes FROM docs")).toEqual(
        [
          { site_id: "s", collection: "meters", id: "m1", seq: 7, deleted: 0, bytes: 24 },
        ],
      );
      expect(Number((await db.get("SELECT bytes FROM sites WHERE id = 's'"))!.bytes)).toBe(24);
      // The same id in another site is now a document of its own.
      await db.run(
        "INSERT INTO sites (id, name, settings, created_ms, updated_ms) VALUES ('t', 'T', '{}', 1, 1)",
      );
      await db.run(
        `INSERT INTO docs (site_id, collection, id, seq, deleted, bytes, data)
         VALUES ('t', 'meters', 'm1', 8, 0, 2, '{}')`,
      );
      expect(Number((await db.get("SELECT COUNT(*) AS n FROM docs"))!.n)).toBe(2);
    } finally {
      await db.close();
    }
  });

  it("rolls a failing transaction back whole", async () => {
    const db = await freshDb(backend);
    try {
      await migrate(db);
      await expect(db.transaction(async (tx) => {
        await tx.run(
          "INSERT INTO sites (id, name, settings, created_ms, updated_ms) VALUES ('a', 'A', '{}', 1, 1)",
        );
        await tx.run(
          "INSERT INTO sites (id, name, settings, created_ms, updated_ms) VALUES ('a', 'B', '{}', 1, 1)",
        );
      })).rejects.toThrow();
      expect(await db.all("SELECT id FROM sites")).toEqual([]);
    } finally {
      await db.close();
    }
  });
});
