/**
 * The one thing the server needs of a database: parameterised statements (`$1`, `$2`, …) and
 * transactions. SQLite and PostgreSQL implement it; everything above is written once.
 */
export type SqlValue = string | number | null;
export type Row = Record<string, unknown>;

export interface SqlDb {
  readonly dialect: "sqlite" | "postgres";
  all<T extends Row = Row>(sql: string, params?: SqlValue[]): Promise<T[]>;
  get<T extends Row = Row>(sql: string, params?: SqlValue[]): Promise<T | undefined>;
  /** Runs a statement; returns how many rows it changed. */
  run(sql: string, params?: SqlValue[]): Promise<number>;
  /** Runs `work` in one transaction: all of it is stored, or none. Writes are serialised. */
  transaction<T>(work: (tx: SqlDb) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
