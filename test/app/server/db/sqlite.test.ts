/**
 * The embedded database's group commit: transactions queued together commit together, a failing
 * one is rolled back alone, and reads beside a batch see only what was committed.
 */
import { afterEach, describe, expect, it } from "vitest";
import { SqliteDb } from "../../../../app/server/db/sqlite.ts";

let dir = "";
let db: SqliteDb | null = null;
afterEach(async () => {
  await db?.close();
  db = null;
  if (dir) await Deno.remove(dir, { recursive: true });
  dir = "";
});

async function fileDb(sync: "full" | "normal" = "full"): Promise<SqliteDb> {
  dir = await Deno.makeTempDir();
  db = new SqliteDb(`${dir}/t.db`, { sync });
  await db.run("CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER NOT NULL)");
  return db;
}

describe("SqliteDb", () => {
  it("commits transactions queued together, rolling a failing one back alone", async () => {
    const db = await fileDb();
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        db.transaction(async (tx) => {
          await tx.run("INSERT INTO t (k, v) VALUES ($1, $2)", [`k${i}`, i]);
          // The fifth inserts a duplicate key after its first row: all of it must go.
          if (i === 4) await tx.run("INSERT INTO t (k, v) VALUES ('k0', 99)");
          return i;
        })),
    );
    expect(results.map((r) => r.status)).toEqual([
      "fulfilled",
      "fulfilled",
      "fulfilled",
      "fulfilled",
      "rejected",
      "fulfilled",
      "fulfilled",
      "fulfilled",
      "fulfilled",
      "fulfilled",
    ]);
    const rows = await db.all<{ k: string; v: number }>("SELECT k, v FROM t ORDER BY v");
    expect(rows.map((r) => r.v)).toEqual([0, 1, 2, 3, 5, 6, 7, 8, 9]);
  });

  it("answers reads beside a batch with what was committed before it", async () => {
    const db = await fileDb("normal");
    await db.run("INSERT INTO t (k, v) VALUES ('a', 1)");
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const writing = db.transaction(async (tx) => {
      await tx.run("UPDATE t SET v = 2 WHERE k = 'a'");
      await held; // the batch is under way, its change not committed
      return "done";
    });
    await new Promise((r) => setTimeout(r, 10));
    expect(await db.get("SELECT v FROM t WHERE k = 'a'")).toEqual({ v: 1 });
    release();
    expect(await writing).toBe("done");
    expect(await db.get("SELECT v FROM t WHERE k = 'a'")).toEqual({ v: 2 });
  });

  it("keeps what was committed when the file is opened again", async () => {
    const first = await fileDb();
    await Promise.all(
      Array.from(
        { length: 50 },
        (_, i) => first.run("INSERT INTO t (k, v) VALUES ($1, $2)", [`k${i}`, i]),
      ),
    );
    await first.close();
    db = new SqliteDb(`${dir}/t.db`);
    expect(await db.get("SELECT COUNT(*) AS n, SUM(v) AS s FROM t")).toEqual({ n: 50, s: 1225 });
  });
});
