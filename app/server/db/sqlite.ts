/** The embedded database: SQLite through `node:sqlite`, one connection, writes serialised. */
import { DatabaseSync } from "node:sqlite";
import type { Row, SqlDb, SqlValue } from "./sql.ts";

/** `$1` → `?1`: SQLite's numbered parameters. */
function toSqlite(sql: string): string {
  return sql.replace(/\$(\d+)/g, "?$1");
}

export class SqliteDb implements SqlDb {
  readonly dialect = "sqlite" as const;
  readonly #db: DatabaseSync;
  /** The transaction running now; statements of other requests wait for it. */
  #queue: Promise<unknown> = Promise.resolve();
  #inTransaction = false;

  constructor(path: string) {
    this.#db = new DatabaseSync(path);
    this.#db.exec(
      "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;",
    );
  }

  #direct(): SqlDb {
    const db = this.#db;
    const close = () => this.close();
    return {
      dialect: "sqlite",
      all<T extends Row>(sql: string, params: SqlValue[] = []) {
        return Promise.resolve(db.prepare(toSqlite(sql)).all(...params) as T[]);
      },
      get<T extends Row>(sql: string, params: SqlValue[] = []) {
        return Promise.resolve(db.prepare(toSqlite(sql)).get(...params) as T | undefined);
      },
      run(sql: string, params: SqlValue[] = []) {
        return Promise.resolve(Number(db.prepare(toSqlite(sql)).run(...params).changes));
      },
      transaction<T>(work: (tx: SqlDb) => Promise<T>) {
        return work(this); // already inside one
      },
      close,
    };
  }

  async #wait(): Promise<void> {
    while (this.#inTransaction) await this.#queue.catch(() => {});
  }

  async all<T extends Row>(sql: string, params?: SqlValue[]): Promise<T[]> {
    await this.#wait();
    return this.#direct().all<T>(sql, params);
  }

  async get<T extends Row>(sql: string, params?: SqlValue[]): Promise<T | undefined> {
    await this.#wait();
    return this.#direct().get<T>(sql, params);
  }

  async run(sql: string, params?: SqlValue[]): Promise<number> {
    await this.#wait();
    return this.#direct().run(sql, params);
  }

  transaction<T>(work: (tx: SqlDb) => Promise<T>): Promise<T> {
    const next = this.#queue.catch(() => {}).then(async () => {
      this.#inTransaction = true;
      this.#db.exec("BEGIN IMMEDIATE");
      try {
        const result = await work(this.#direct());
        this.#db.exec("COMMIT");
        return result;
      } catch (error) {
        this.#db.exec("ROLLBACK");
        throw error;
      } finally {
        this.#inTransaction = false;
      }
    });
    this.#queue = next;
    return next;
  }

  close(): Promise<void> {
    this.#db.close();
    return Promise.resolve();
  }
}
