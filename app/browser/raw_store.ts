/**
 * One-second readings on this device only, in Dexie as hour chunks of typed arrays. Readings are
 * buffered in memory and flushed every minute and when the page is hidden; each flush lays the
 * buffered seconds over what is stored, so a reload mid-hour keeps the hour's first part.
 */
import { Dexie, type EntityTable } from "dexie";
import {
  emptyChunk,
  hourStartOf,
  overlayChunk,
  putSample,
  type RawChunk,
  type RawField,
} from "../../lib/energy/raw_chunk.ts";
import { DEFAULT_RETENTION_DAYS } from "./storage.ts";

type RawDatabase = Dexie & { chunks: EntityTable<RawChunk, "key"> };

export class RawStore {
  readonly #db: RawDatabase;
  #buffer = new Map<string, RawChunk>();

  constructor(name = "thuisenergie-raw", options?: ConstructorParameters<typeof Dexie>[1]) {
    this.#db = new Dexie(name, options) as RawDatabase;
    this.#db.version(1).stores({ chunks: "key, hourStartMs" });
  }

  add(meterId: string, atMs: number, sample: Record<RawField, number>): void {
    const hourStartMs = hourStartOf(atMs);
    const key = `${meterId}|${hourStartMs}`;
    let chunk = this.#buffer.get(key);
    if (chunk === undefined) {
      chunk = emptyChunk(meterId, hourStartMs);
      this.#buffer.set(key, chunk);
    }
    putSample(chunk, atMs, sample);
  }

  /** Writes the buffered seconds in one transaction and empties the buffer. */
  async flush(): Promise<number> {
    const fresh = [...this.#buffer.values()];
    this.#buffer = new Map();
    if (fresh.length === 0) return 0;
    await this.#db.transaction("rw", this.#db.chunks, async () => {
      const stored = await this.#db.chunks.bulkGet(fresh.map((c) => c.key));
      await this.#db.chunks.bulkPut(
        fresh.map((c, i) => (stored[i] ? overlayChunk(stored[i]!, c) : c)),
      );
    });
    return fresh.length;
  }

  /** The stored hour of a meter, or `undefined`. */
  hour(meterId: string, hourStartMs: number): Promise<RawChunk | undefined> {
    return this.#db.chunks.get(`${meterId}|${hourStartMs}`);
  }

  /** Deletes the hours older than `retentionDays` before `nowMs`; returns how many. */
  prune(nowMs: number, retentionDays = DEFAULT_RETENTION_DAYS): Promise<number> {
    return this.#db.chunks.where("hourStartMs").below(nowMs - retentionDays * 86_400_000).delete();
  }

  close(): void {
    this.#db.close();
  }
}
