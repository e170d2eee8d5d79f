import { describe, expect, it } from "vitest";
import { migrate } from "../../../app/server/db/migrations.ts";
import { BACKENDS, freshDb } from "./backends.ts";

describe.each(BACKENDS)("migrations on %s", (backend) => {
  it("creates the schema once and records each version", async () => {
    const db = await freshDb(backend);
    try {
      expect(await migrate(db)).toEqual([1]);
      expect(await migrate(db)).toEqual([]);
      const rows = await db.all<{ version: number }>("SELECT version FROM schema_migrations");
      expect(rows.map((r) => Number(r.version))).toEqual([1]);
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
