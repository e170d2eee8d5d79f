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

export const RAW_DATABASE = "thuisenergie-raw";

export class RawStore {
  readonly #db: RawDatabase;
  #buffer = new Map<string, RawChunk>();

  constructor(name = RAW_DATABASE, options?: ConstructorParameters<typeof Dexie>[1]) {
    this.#db = new Dexie(name, options) as RawDatabase;
    this.#db.version(1).stores({ chunks: "key, hourStartMs" });
    // 2: by meter and hour, so a meter's hours in a period are counted and deleted by key alone.
    this.#db.version(2).stores({ chunks: "key, hourStartMs, [meterId+hourStartMs]" });
  }

  /** Deletes the whole store (every meter, every hour) in one go. */
  static remove(name = RAW_DATABASE, options?: ConstructorParameters<typeof Dexie>[1]) {
    return new Dexie(name, options).delete();
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
  flush(): Promise<number> {
    const fresh = [...this.#buffer.values()];
    this.#buffer = new Map();
    return this.put(fresh);
  }

  /** Lays hours over the stored ones (a second held in `chunks` wins), in one transaction. */
  async put(chunks: RawChunk[]): Promise<number> {
    if (chunks.length === 0) return 0;
    await this.#db.transaction("rw", this.#db.chunks, async () => {
      const stored = await this.#db.chunks.bulkGet(chunks.map((c) => c.key));
      await this.#db.chunks.bulkPut(
        chunks.map((c, i) => (stored[i] ? overlayChunk(stored[i]!, c) : c)),
      );
    });
    return chunks.length;
  }

  /** Hours stored of these meters from `fromMs` (included) to `toMs` (excluded). */
  async countHours(meterIds: string[], fromMs: number, toMs: number): Promise<number> {
    let hours = 0;
    for (const meterId of meterIds) {
      hours += await this.#range(meterId, fromMs, toMs).count();
    }
    return hours;
  }

  /** Deletes those hours in one transaction; returns how many went. */
  deleteHours(meterIds: string[], fromMs: number, toMs: number): Promise<number> {
    return this.#db.transaction("rw", this.#db.chunks, async () => {
      let hours = 0;
      for (const meterId of meterIds) hours += await this.#range(meterId, fromMs, toMs).delete();
      return hours;
    });
  }

  #range(meterId: string, fromMs: number, toMs: number) {
    return this.#db.chunks.where("[meterId+hourStartMs]").between(
      [meterId, fromMs],
      [meterId, toMs],
      true,
      false,
    );
  }

  /** Every stored hour, of every meter. */
  count(): Promise<number> {
    return this.#db.chunks.count();
  }

  /** Hands each stored hour to `visit`, one at a time (a month is ~115 MB: never all at once). */
  each(visit: (chunk: RawChunk) => void): Promise<void> {
    return this.#db.chunks.each(visit);
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
