/**
 * Rate limiting in memory, for a single process (the gateway's pairing). The server's limits,
 * shared by all its processes, live in its database instead (`app/server/auth/rate_limit.ts`).
 */

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
