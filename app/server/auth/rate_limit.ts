/**
 * Rate limits. `RateLimiter` keeps its counts in memory, for a single process (the gateway's
 * pairing). `Limits` keeps them in the database, so every server process on one PostgreSQL
 * shares them: sign-in failures, and mail per address, account and site.
 */
import type { SqlDb } from "../db/sql.ts";

/** At most `limit` attempts per key in a sliding window, in memory. */
export class RateLimiter {
  #hits = new Map<string, number[]>();

  constructor(readonly limit: number, readonly windowMs: number) {}

  /** Records an attempt; `false` when the key is over its limit (the attempt is refused). */
  attempt(key: string, nowMs = Date.now()): boolean {
    const recent = (this.#hits.get(key) ?? []).filter((t) => nowMs - t < this.windowMs);
    if (recent.length >= this.limit) {
      this.#hits.set(key, recent);
      return false;
    }
    recent.push(nowMs);
    this.#hits.set(key, recent);
    if (this.#hits.size > 100_000) this.#prune(nowMs);
    return true;
  }

  /** Forgets a key (after a successful sign-in). */
  reset(key: string): void {
    this.#hits.delete(key);
  }

  #prune(nowMs: number): void {
    for (const [key, hits] of this.#hits) {
      if (hits.every((t) => nowMs - t >= this.windowMs)) this.#hits.delete(key);
    }
  }
}

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
