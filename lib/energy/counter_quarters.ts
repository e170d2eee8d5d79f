/**
 * Quarter-hours of production from an inverter's own ENERGY COUNTER (never by integrating its
 * power): successive samples (instant, counter in Wh) become the energy of fixed Europe/Brussels
 * quarter-hours, the difference of the counter at the quarter's two boundaries.
 *
 * - **Boundaries.** A sample within `toleranceMs` of a boundary counts as the boundary's reading:
 *   one just after it closes the quarter before (the energy up to it counts there), one just before
 *   it (and none just after) opens the next. An inverter is read every few seconds, so the energy
 *   such a sample moves across a boundary is a few Wh at most.
 * - **Quality.** A quarter whose start and end were both seen this way, with the counter running on
 *   unbroken in between, is `measured`; one joined or left part-way, or with a reset inside, is
 *   `partial` with the energy that was seen (a lower bound). However many samples are lost inside
 *   a quarter, its energy stays exact: only the boundaries matter.
 * - **Gaps.** When two successive samples are further apart than one boundary with a reading near
 *   it, the energy between them cannot be shared out over the quarters: it is counted nowhere. The
 *   quarters in between stay missing; the ones at both ends are partial.
 * - **Resets.** A counter that goes back (an inverter replaced, a counter cleared) breaks the
 *   count: what was seen is kept, counting goes on from the new value. With `wrapWh` a counter that
 *   passes its top (an acc32 at 2³² Wh) carries on across the wrap instead. With `dailyReset` (the
 *   ME3000SP's "today" counters) a drop across local midnight is the new day starting at 0, which
 *   is exact: the new day's first quarter starts measured.
 *
 * The state is a plain object: saved and handed to a new instance after a restart, the same
 * samples give the same quarters.
 */
import { dayStartMs, localDayOf, QUARTER_MS } from "./calendar.ts";
import {
  type DayBucket,
  Quality,
  quarterBuckets,
  Register,
  roundMilli,
  Source,
} from "./day_bucket.ts";

export interface CounterSample {
  atMs: number;
  /** The device's energy counter, in Wh (already scaled). */
  counterWh: number;
}

export interface CounterOptions {
  /** How close to a boundary a sample counts as the boundary's (default 30 s). */
  toleranceMs?: number;
  /** Where the counter wraps to 0 (Wh); absent: it never wraps. */
  wrapWh?: number;
  /** The counter starts every local day at 0 (a "today" counter). */
  dailyReset?: boolean;
}

export interface CounterQuarter {
  startMs: number;
  /** The energy counted in the quarter (kWh, to the Wh). */
  kWh: number;
  quality: typeof Quality.measured | typeof Quality.partial;
}

interface OpenQuarter {
  startMs: number;
  wh: number;
  /** Its start boundary was seen. */
  fromStart: boolean;
  /** The counter went back inside it. */
  broken: boolean;
}

export interface CounterState {
  open: OpenQuarter | null;
  last: CounterSample | null;
}

export const COUNTER_TOLERANCE_MS = 30_000;
/** Further back in time than this, a sample means the clock was set back: count afresh. */
const CLOCK_SET_BACK_MS = 3_600_000;

function quarterOf(ms: number): number {
  return Math.floor(ms / QUARTER_MS);
}

export class CounterQuarters {
  #state: CounterState;
  readonly #toleranceMs: number;
  readonly #wrapWh: number | null;
  readonly #dailyReset: boolean;

  constructor(options: CounterOptions = {}, state?: CounterState) {
    this.#toleranceMs = options.toleranceMs ?? COUNTER_TOLERANCE_MS;
    this.#wrapWh = options.wrapWh ?? null;
    this.#dailyReset = options.dailyReset ?? false;
    this.#state = state ? structuredClone(state) : { open: null, last: null };
  }

  /** A copy of the state, to save and hand to a new instance after a restart. */
  get state(): CounterState {
    return structuredClone(this.#state);
  }

  /** The open quarter as counted so far (partial), or `null` before the first sample. */
  openQuarter(): CounterQuarter | null {
    const open = this.#state.open;
    return open &&
      { startMs: open.startMs, kWh: roundMilli(open.wh / 1000), quality: Quality.partial };
  }

  /** Takes the next sample; returns the quarters it closed, oldest first. */
  push(sample: CounterSample): CounterQuarter[] {
    if (!Number.isFinite(sample.counterWh) || !Number.isFinite(sample.atMs)) return [];
    const last = this.#state.last;
    if (last === null || this.#state.open === null) {
      this.#begin(sample);
      return [];
    }
    if (sample.atMs <= last.atMs) {
      if (last.atMs - sample.atMs > CLOCK_SET_BACK_MS) this.#begin(sample);
      return [];
    }
    let delta = sample.counterWh - last.counterWh;
    if (delta < 0 && this.#wrapWh !== null && last.counterWh > this.#wrapWh * 0.9) {
      delta += this.#wrapWh;
    }
    if (delta >= 0) return this.#pair(last, sample, delta);
    const closed: CounterQuarter[] = [];
    const newDay = localDayOf(sample.atMs);
    if (this.#dailyReset && newDay !== localDayOf(last.atMs)) {
      // The day counter was 0 at midnight: the new day counts from there, exactly.
      const midnight = dayStartMs(newDay);
      const endSeen = quarterOf(midnight) === quarterOf(last.atMs) + 1 &&
        midnight - last.atMs <= this.#toleranceMs;
      closed.push(this.#close(endSeen));
      this.#state.open = { startMs: midnight, wh: 0, fromStart: true, broken: false };
      this.#state.last = { atMs: midnight, counterWh: 0 };
      return [...closed, ...this.#pair(this.#state.last, sample, sample.counterWh)];
    }
    // A reset: what was seen is kept, the count goes on from the new value.
    this.#state.open.broken = true;
    return this.#pair(last, sample, null);
  }

  /** The energy between two successive samples (`null`: unknown, the counter was reset). */
  #pair(a: CounterSample, b: CounterSample, delta: number | null): CounterQuarter[] {
    const open = this.#state.open!;
    this.#state.last = b;
    const [qa, qb] = [quarterOf(a.atMs), quarterOf(b.atMs)];
    if (qa === qb) {
      open.wh += delta ?? 0;
      return [];
    }
    const boundaryMs = qb * QUARTER_MS;
    const afterBoundary = b.atMs - boundaryMs <= this.#toleranceMs;
    const beforeBoundary = (qa + 1) * QUARTER_MS - a.atMs <= this.#toleranceMs;
    if (qb === qa + 1 && delta !== null) {
      if (afterBoundary) {
        open.wh += delta;
        const closed = this.#close(true);
        this.#state.open = { startMs: boundaryMs, wh: 0, fromStart: true, broken: false };
        return [closed];
      }
      if (beforeBoundary) {
        const closed = this.#close(true);
        this.#state.open = { startMs: boundaryMs, wh: delta, fromStart: true, broken: false };
        return [closed];
      }
    }
    // A gap (or a reset at a boundary): nothing between the two samples can be placed.
    const closed = this.#close(beforeBoundary && delta !== null);
    this.#state.open = {
      startMs: boundaryMs,
      wh: 0,
      fromStart: afterBoundary && delta !== null,
      broken: false,
    };
    return [closed];
  }

  #close(endSeen: boolean): CounterQuarter {
    const open = this.#state.open!;
    return {
      startMs: open.startMs,
      kWh: roundMilli(open.wh / 1000),
      quality: open.fromStart && endSeen && !open.broken ? Quality.measured : Quality.partial,
    };
  }

  #begin(sample: CounterSample): void {
    const startMs = quarterOf(sample.atMs) * QUARTER_MS;
    this.#state = {
      open: {
        startMs,
        wh: 0,
        fromStart: sample.atMs - startMs <= this.#toleranceMs,
        broken: false,
      },
      last: sample,
    };
  }
}

/**
 * Quarters as day buckets of the `pv` channel: `imported` holds the energy produced, `exported`
 * 0 — an inverter's production counter moves one way, and 0 (not `null`, which means missing)
 * keeps a produced quarter complete wherever both directions are summed. Source: the gateway.
 */
export function productionBuckets(siteId: string, quarters: CounterQuarter[]): DayBucket[] {
  return quarterBuckets(
    siteId,
    "pv",
    Source.gateway,
    quarters.map((q) => ({ ...q, importKWh: q.kWh, exportKWh: 0, register: Register.unknown })),
  );
}
