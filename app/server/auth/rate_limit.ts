/**
 * Rate limits kept in the database, so every server process on one PostgreSQL shares them:
 * sign-in failures, and mail per address, account and site. (A single process counts in memory
 * with `app/shared/rate_limiter.ts`.)
 */
import type { SqlDb } from "../db/sql.ts";

export interface Window {
  /** How many were counted in the key's current window, this one included when added. */
  count: number;
  /** Seconds until the window ends. */
  retryAfterS: number;
}

/** Fixed-window counters in the `rate_limits` table. */
export class Limits {
  constructor(readonly db: SqlDb) {}

  /** Counts one more for `key`, starting a new window when the last one is over. */
  async add(key: string, windowMs: number, nowMs = Date.now()): Promise<Window> {
    const row = await this.db.get<{ count: number; started_ms: number }>(
      `INSERT INTO rate_limits (key, started_ms, count) VALUES ($1, $2, 1)
       ON CONFLICT (key) DO UPDATE SET
         count = CASE WHEN rate_limits.started_ms + $3 <= $2 THEN 1 ELSE rate_limits.count + 1 END,
         started_ms = CASE WHEN rate_limits.started_ms + $3 <= $2 THEN $2
           ELSE rate_limits.started_ms END
       RETURNING count, started_ms`,
      [key, nowMs, windowMs],
    );
    return this.#window(row!, windowMs, nowMs);
  }

  /** What `key` has counted in its current window, without counting. */
  async peek(key: string, windowMs: number, nowMs = Date.now()): Promise<Window> {
    const row = await this.db.get<{ count: number; started_ms: number }>(
      "SELECT count, started_ms FROM rate_limits WHERE key = $1",
      [key],
    );
    if (!row || Number(row.started_ms) + windowMs <= nowMs) return { count: 0, retryAfterS: 0 };
    return this.#window(row, windowMs, nowMs);
  }

  async clear(key: string): Promise<void> {
    await this.db.run("DELETE FROM rate_limits WHERE key = $1", [key]);
  }

  /** Drops windows that ended long ago (called now and then; the table stays small). */
  async prune(olderThanMs: number, nowMs = Date.now()): Promise<void> {
    await this.db.run("DELETE FROM rate_limits WHERE started_ms < $1", [nowMs - olderThanMs]);
  }

  #window(row: { count: number; started_ms: number }, windowMs: number, nowMs: number): Window {
    return {
      count: Number(row.count),
      retryAfterS: Math.max(1, Math.ceil((Number(row.started_ms) + windowMs - nowMs) / 1000)),
    };
  }
}
