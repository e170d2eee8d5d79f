/**
 * The embedded database: SQLite through `node:sqlite`, in WAL mode; by default with full sync,
 * so a write that was acknowledged survives a power cut.
 *
 * - **Group commit.** Transactions queue and run one after another on the writing connection;
 *   those waiting when a batch starts (it starts on the next turn of the event loop, so requests
 *   arriving meanwhile join it) run in the same database transaction, each inside its own savepoint (a
 *   failing one is rolled back alone), and one COMMIT — one sync to disk — ends the batch
 *   before any of them is answered. Under load, dozens of pushes share a sync.
 * - **Reads beside writes.** Reads outside a transaction go to a second connection, which sees
 *   the last committed state without waiting for the batch under way (an in-memory database,
 *   which a second connection cannot share, reads on the writer between batches).
 * - Statements are prepared once per text.
 */
import { DatabaseSync, type StatementSync } from "node:sqlite";
import { setImmediate } from "node:timers";
import type { Row, SqlDb, SqlValue } from "./sql.ts";

/** `$1` → `?1`: SQLite's numbered parameters. */
function toSqlite(sql: string): string {
  return sql.replace(/\$(\d+)/g, "?$1");
}

/** How often the WAL is copied back into the database file, off the server's thread. */
const CHECKPOINT_MS = 1000;

/** Transactions committed together at most: bounds how long one batch holds the writer. */
const MAX_BATCH = 128;

interface Job {
  work: (tx: SqlDb) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** One connection with its prepared statements, as the `SqlDb` a transaction's work gets. */
class Connection {
  readonly #statements = new Map<string, StatementSync>();

  constructor(readonly db: DatabaseSync) {}

  prepare(sql: string): StatementSync {
    let statement = this.#statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(toSqlite(sql));
      // Statements with a list of parameters (`IN (…)`) vary in text: keep the cache bounded.
      if (this.#statements.size >= 500) this.#statements.clear();
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  all<T extends Row>(sql: string, params: SqlValue[] = []): T[] {
    return this.prepare(sql).all(...params) as T[];
  }

  get<T extends Row>(sql: string, params: SqlValue[] = []): T | undefined {
    return this.prepare(sql).get(...params) as T | undefined;
  }

  run(sql: string, params: SqlValue[] = []): number {
    return Number(this.prepare(sql).run(...params).changes);
  }

  /** This connection as the database a transaction's work runs on. */
  asTransaction(close: () => Promise<void>): SqlDb {
    const tx: SqlDb = {
      dialect: "sqlite",
      all: (sql, params) => Promise.resolve(this.all(sql, params)),
      get: (sql, params) => Promise.resolve(this.get(sql, params)),
      run: (sql, params) => Promise.resolve(this.run(sql, params)),
      transaction: (work) => work(tx), // already inside one
      close,
    };
    return tx;
  }
}

export class SqliteDb implements SqlDb {
  readonly dialect = "sqlite" as const;
  readonly #writer: Connection;
  /** `null` for an in-memory database: reads then wait for the writer between batches. */
  readonly #reader: Connection | null;
  #pending: Job[] = [];
  #draining = false;
  #inBatch = false;
  /** Reads of an in-memory database waiting for the batch under way. */
  #waitingReads = 0;
  /** Resolves when the batch under way has committed. */
  #idle: Promise<void> = Promise.resolve();
  /** Checkpoints the WAL on a thread of its own (a file only). */
  readonly #checkpointer: Worker | null = null;

  /**
   * `sync: "full"` (the default) syncs every commit to disk; `"normal"` only at checkpoints,
   * once a second: a crash of the server loses nothing either way, a power cut may lose the
   * last second of writes with `"normal"`.
   */
  constructor(path: string, options: { sync?: "full" | "normal" } = {}) {
    const sync = options.sync === "normal" ? "NORMAL" : "FULL";
    const open = () => {
      const db = new DatabaseSync(path);
      db.exec(
        `PRAGMA journal_mode = WAL; PRAGMA synchronous = ${sync}; PRAGMA cache_size = -65536;
         PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000; PRAGMA wal_autocheckpoint = 0;`,
      );
      return new Connection(db);
    };
    const inMemory = path === ":memory:" || path === "";
    this.#writer = open();
    if (inMemory) this.#writer.db.exec("PRAGMA wal_autocheckpoint = 1000;");
    this.#reader = inMemory ? null : open();
    if (!inMemory) {
      this.#checkpointer = new Worker(new URL("./sqlite_checkpointer.ts", import.meta.url), {
        type: "module",
      });
      this.#checkpointer.postMessage({ path, everyMs: CHECKPOINT_MS });
    }
  }

  async #read<T>(read: (connection: Connection) => T): Promise<T> {
    if (this.#reader) return read(this.#reader);
    while (this.#inBatch) {
      this.#waitingReads++;
      await this.#idle;
      this.#waitingReads--;
    }
    return read(this.#writer);
  }

  all<T extends Row>(sql: string, params?: SqlValue[]): Promise<T[]> {
    return this.#read((c) => c.all<T>(sql, params));
  }

  get<T extends Row>(sql: string, params?: SqlValue[]): Promise<T | undefined> {
    return this.#read((c) => c.get<T>(sql, params));
  }

  /** A write outside a transaction is a transaction of its own. */
  run(sql: string, params?: SqlValue[]): Promise<number> {
    return this.transaction((tx) => tx.run(sql, params));
  }

  transaction<T>(work: (tx: SqlDb) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#pending.push({
        work,
        resolve: resolve as (value: unknown) => void,
        reject,
      });
      if (!this.#draining) void this.#drain();
    });
  }

  async #drain(): Promise<void> {
    this.#draining = true;
    const writer = this.#writer;
    const exec = (sql: string) => writer.run(sql);
    const tx = writer.asTransaction(() => this.close());
    while (this.#pending.length > 0) {
      // A batch starts after the event loop has looked at its sockets once (setImmediate, not
      // at once): requests already arriving get parsed meanwhile and join it, sharing its
      // commit — under load 2.4× the pushes per second of starting at once, at low load no
      // delay to speak of (a timer would add 1–2 ms to every write).
      if (this.#pending.length < MAX_BATCH) {
        await new Promise((resolve) => setImmediate(resolve));
      }
      let finished!: () => void;
      this.#idle = new Promise((resolve) => (finished = resolve));
      const batch = this.#pending.splice(0, MAX_BATCH);
      const outcomes: { ok: boolean; value: unknown }[] = [];
      this.#inBatch = true;
      // A lone job needs no savepoint: its failure rolls the transaction back.
      const alone = batch.length === 1;
      exec("BEGIN IMMEDIATE");
      for (const job of batch) {
        if (!alone) exec("SAVEPOINT job");
        try {
          outcomes.push({ ok: true, value: await job.work(tx) });
          if (!alone) exec("RELEASE job");
        } catch (error) {
          if (!alone) {
            exec("ROLLBACK TO job");
            exec("RELEASE job");
          }
          outcomes.push({ ok: false, value: error });
        }
      }
      try {
        exec(alone && !outcomes[0].ok ? "ROLLBACK" : "COMMIT");
      } catch (error) {
        // Nothing of the batch is stored: every job of it fails.
        try {
          exec("ROLLBACK");
        } catch { /* the failed COMMIT ended the transaction already */ }
        outcomes.fill({ ok: false, value: error });
      }
      this.#inBatch = false;
      batch.forEach((job, i) =>
        outcomes[i].ok ? job.resolve(outcomes[i].value) : job.reject(outcomes[i].value)
      );
      finished();
      // Reads of an in-memory database waited for this batch: let them run before the next.
      if (this.#waitingReads > 0) await new Promise((resolve) => setImmediate(resolve));
    }
    this.#draining = false;
  }

  async close(): Promise<void> {
    const checkpointer = this.#checkpointer;
    if (checkpointer) {
      // Its last checkpoint, given a moment; a worker that cannot answer is ended anyway.
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 2000);
        checkpointer.onmessage = () => {
          clearTimeout(timer);
          resolve();
        };
        checkpointer.postMessage("stop");
      });
      checkpointer.terminate();
    }
    this.#reader?.db.close();
    this.#writer.db.close();
  }
}
