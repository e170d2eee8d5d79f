/**
 * P1 parse throughput on the Belgian fixtures: full decoding (framer, CRC, parser) against a
 * CRC-only pass over the same bytes and against framing alone.
 */
import { readFileSync } from "node:fs";
import { crc16Arc } from "../lib/p1/crc16.ts";
import { P1Decoder } from "../lib/p1/decoder.ts";
import { P1Framer } from "../lib/p1/framer.ts";

const BELGIAN = [
  "fluvius-e-mucs-1.3-three-phase.txt",
  "fluvius-e-mucs-1.7.1-peak-history-4-months.txt",
  "fluvius-e-mucs-1.7.1-three-phase-gas-water.txt",
];

export interface ParseBenchResult {
  telegrams: number;
  bytes: number;
  parseMs: number;
  crcOnlyMs: number;
  framingMs: number;
  telegramsPerSecond: number;
  megabytesPerSecond: number;
  ratioToCrcOnly: number;
  chunked: { chunkBytes: number; telegramsPerSecond: number }[];
}

function loadStream(repeat: number): { bytes: Uint8Array; bounds: number[] } {
  const parts = BELGIAN.map((name) =>
    new Uint8Array(readFileSync(new URL(`../test/fixtures/p1/${name}`, import.meta.url)))
  );
  const one = parts.reduce((n, p) => n + p.length, 0);
  const bytes = new Uint8Array(one * repeat);
  const bounds: number[] = []; // [start, bang+1) of each telegram, for the CRC-only pass
  let at = 0;
  for (let r = 0; r < repeat; r++) {
    for (const part of parts) {
      bytes.set(part, at);
      bounds.push(at, at + part.lastIndexOf(33) + 1);
      at += part.length;
    }
  }
  return { bytes, bounds };
}

/** Median of `runs` timings of `fn`, in ms, after one warm-up. */
function time(fn: () => void, runs = 7): number {
  fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(runs / 2)];
}

export function benchParse(repeat = 10_000): ParseBenchResult {
  const { bytes, bounds } = loadStream(repeat);
  const telegrams = bounds.length / 2;
  let sink = 0;
  const crcOnlyMs = time(() => {
    for (let i = 0; i < bounds.length; i += 2) sink ^= crc16Arc(bytes, bounds[i], bounds[i + 1]);
  });
  const framingMs = time(() => {
    const framer = new P1Framer((f) => {
      sink ^= f.crcValid ? 1 : 0;
    });
    framer.push(bytes);
  });
  const decodeChunks = (size: number) => () => {
    let valid = 0;
    const decoder = new P1Decoder((r) => {
      if (r.crcValid) valid++;
    });
    for (let i = 0; i < bytes.length; i += size) decoder.push(bytes.subarray(i, i + size));
    if (valid !== telegrams) throw new Error(`only ${valid} of ${telegrams} telegrams valid`);
  };
  const parseMs = time(decodeChunks(64 * 1024));
  const chunked = [1024, 64, 13].map((chunkBytes) => ({
    chunkBytes,
    telegramsPerSecond: telegrams / (time(decodeChunks(chunkBytes), 3) / 1000),
  }));
  if (sink === 0.5) console.log(sink); // keeps the CRC loop from being optimised away
  return {
    telegrams,
    bytes: bytes.length,
    parseMs,
    crcOnlyMs,
    framingMs,
    telegramsPerSecond: telegrams / (parseMs / 1000),
    megabytesPerSecond: bytes.length / 1e6 / (parseMs / 1000),
    ratioToCrcOnly: parseMs / crcOnlyMs,
    chunked,
  };
}
