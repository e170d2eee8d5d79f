/**
 * How healthy the P1 link is: telegrams per second over a sliding window, age of the last one,
 * and what to suspect when nothing useful arrives. Pure: the caller passes the clock.
 */
import type { DecoderStats } from "./decoder.ts";

export interface LinkHealth {
  telegramsPerSecond: number;
  /** Seconds since the last telegram, `null` before the first. */
  lastTelegramAgeS: number | null;
  crcFailures: number;
  /** Telegrams kept although an optional line could not be read. */
  withWarnings: number;
  bytesReceived: number;
  bytesDiscarded: number;
  /** What the counters suggest; see `diagnose`. */
  diagnosis: LinkDiagnosis;
}

/**
 * - `waiting`: connected a moment ago, give it time;
 * - `silent`: no bytes at all (port closed by Fluvius, no power to the dongle, wrong cable);
 * - `garbled`: bytes but no telegrams or only bad ones (wrong speed or parity, inverted line);
 * - `stalled`: telegrams came, then stopped;
 * - `ok`.
 */
export type LinkDiagnosis = "waiting" | "silent" | "garbled" | "stalled" | "ok";

/** Seconds without data before the link counts as silent or stalled (meters send every 1–10 s). */
export const SILENCE_S = 12;

export class LinkMonitor {
  readonly #arrivals: number[] = [];
  #connectedAtMs: number | null = null;
  #lastTelegramMs: number | null = null;
  readonly #windowMs: number;

  constructor(windowMs = 10_000) {
    this.#windowMs = windowMs;
  }

  connected(nowMs: number): void {
    this.#connectedAtMs = nowMs;
    this.#arrivals.length = 0;
  }

  telegram(nowMs: number): void {
    this.#lastTelegramMs = nowMs;
    this.#arrivals.push(nowMs);
    while (this.#arrivals.length > 0 && this.#arrivals[0] <= nowMs - this.#windowMs) {
      this.#arrivals.shift();
    }
  }

  health(stats: DecoderStats, nowMs: number): LinkHealth {
    const recent = this.#arrivals.filter((t) => t > nowMs - this.#windowMs);
    const since = this.#connectedAtMs ?? nowMs;
    const lastAge = this.#lastTelegramMs === null ? null : (nowMs - this.#lastTelegramMs) / 1000;
    // Intervals between the telegrams in the window: n telegrams span n − 1 intervals.
    const span = recent.length > 1 ? recent[recent.length - 1] - recent[0] : 0;
    return {
      telegramsPerSecond: span > 0 ? (recent.length - 1) / (span / 1000) : 0,
      lastTelegramAgeS: lastAge,
      crcFailures: stats.crcFailures,
      withWarnings: stats.withWarnings,
      bytesReceived: stats.bytesReceived,
      bytesDiscarded: stats.bytesDiscarded,
      diagnosis: diagnose(stats, (nowMs - since) / 1000, lastAge),
    };
  }
}

/** What the counters say, `connectedS` seconds after connecting. */
export function diagnose(
  stats: DecoderStats,
  connectedS: number,
  lastTelegramAgeS: number | null,
): LinkDiagnosis {
  if (lastTelegramAgeS !== null && lastTelegramAgeS < SILENCE_S && stats.valid > 0) return "ok";
  if (stats.valid > 0) return "stalled";
  if (connectedS < SILENCE_S) return stats.telegrams > 0 ? "garbled" : "waiting";
  return stats.bytesReceived === 0 ? "silent" : "garbled";
}
