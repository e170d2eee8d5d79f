/**
 * One hour of one-second readings as typed arrays (one `Float32Array(3600)` per quantity, `NaN`
 * where no reading came): ~115 KB an hour instead of 3,600 rows, written in one put.
 */
import type { Reading } from "../p1/reading.ts";

export const RAW_FIELDS = [
  "importW",
  "exportW",
  "l1W",
  "l2W",
  "l3W",
  "l1V",
  "l2V",
  "l3V",
  "l1A",
  "l2A",
  "l3A",
] as const;
export type RawField = (typeof RAW_FIELDS)[number];

const HOUR_MS = 3_600_000;

export interface RawChunk {
  /** `meterId|hourStartMs`. */
  key: string;
  meterId: string;
  hourStartMs: number;
  values: Record<RawField, Float32Array>;
}

export function chunkKey(meterId: string, hourStartMs: number): string {
  return `${meterId}|${hourStartMs}`;
}

export function hourStartOf(ms: number): number {
  return Math.floor(ms / HOUR_MS) * HOUR_MS;
}

export function emptyChunk(meterId: string, hourStartMs: number): RawChunk {
  const values = {} as Record<RawField, Float32Array>;
  for (const field of RAW_FIELDS) values[field] = new Float32Array(3600).fill(NaN);
  return { key: chunkKey(meterId, hourStartMs), meterId, hourStartMs, values };
}

/** One second's values of a reading, by field (`NaN` where the meter did not send it). */
export function sampleOf(reading: Reading): Record<RawField, number> {
  const phase = (n: 1 | 2 | 3) => reading.phases.find((p) => p.phase === n);
  const watts = (
    kW: number | null | undefined,
  ) => (kW === null || kW === undefined ? NaN : kW * 1000);
  const net = (n: 1 | 2 | 3) => {
    const p = phase(n);
    return p && p.importKW !== null && p.exportKW !== null ? (p.importKW - p.exportKW) * 1000 : NaN;
  };
  return {
    importW: watts(reading.powerKW.import),
    exportW: watts(reading.powerKW.export),
    l1W: net(1),
    l2W: net(2),
    l3W: net(3),
    l1V: phase(1)?.voltageV ?? NaN,
    l2V: phase(2)?.voltageV ?? NaN,
    l3V: phase(3)?.voltageV ?? NaN,
    l1A: phase(1)?.currentA ?? NaN,
    l2A: phase(2)?.currentA ?? NaN,
    l3A: phase(3)?.currentA ?? NaN,
  };
}

/** Writes a sample into its second of the chunk (which must be the sample's hour). */
export function putSample(chunk: RawChunk, atMs: number, sample: Record<RawField, number>): void {
  const second = Math.floor((atMs - chunk.hourStartMs) / 1000);
  if (second < 0 || second >= 3600) throw new RangeError(`${atMs} is outside chunk ${chunk.key}`);
  for (const field of RAW_FIELDS) chunk.values[field][second] = sample[field];
}

/** `stored` with every second `fresh` holds laid over it (a reload must not erase the hour). */
export function overlayChunk(stored: RawChunk, fresh: RawChunk): RawChunk {
  const merged = emptyChunk(stored.meterId, stored.hourStartMs);
  for (const field of RAW_FIELDS) {
    const out = merged.values[field];
    const a = stored.values[field];
    const b = fresh.values[field];
    for (let i = 0; i < 3600; i++) out[i] = Number.isNaN(b[i]) ? a[i] : b[i];
  }
  return merged;
}
