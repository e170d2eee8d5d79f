/**
 * The gateway's PV source: a reading now and then (a SunSpec inverter's, or the ME3000SP's PV
 * registers) becomes the live status the app shows and `pv` quarter-hours from the source's own
 * energy counter (lib/energy/counter_quarters.ts), never from its power. The quarters go to the
 * sync (`onQuarters`); the status to the app (`onStatus`), with the counter, so the app counts
 * the same quarters itself.
 *
 * A day counter (the ME3000SP's) is checked against the coarse lifetime one (whole kWh): what
 * the day counter rose by since the first reading of the day may differ from what the lifetime
 * counter rose by by less than its 1 kWh step; more than that is reported (`onMismatch`), once a
 * day — a register read at the wrong scale, or a counter that is not the one it should be.
 */
import type { PvStatus } from "../../lib/control/protocol.ts";
import { localDayOf } from "../../lib/energy/calendar.ts";
import {
  type CounterQuarter,
  CounterQuarters,
  type CounterState,
} from "../../lib/energy/counter_quarters.ts";

export interface PvSample {
  atMs: number;
  powerW: number | null;
  counterWh: number | null;
  /** Where the counter wraps (Wh), when it does. */
  wrapWh?: number | null;
  name?: string | null;
  /** The coarse lifetime counter (Wh, in whole-kWh steps) a day counter is checked against. */
  coarseWh?: number | null;
}

export interface PvMeterOptions {
  source: PvStatus["source"];
  /** What the counter counts: the inverter's life, or today (the ME3000SP's day counter). */
  counter: PvStatus["counter"];
  onStatus: (status: PvStatus) => void;
  onQuarters: (quarters: CounterQuarter[]) => void;
  /** The counting state kept last (a restart continues the open quarter). */
  state?: CounterState;
  /** The day counter and the lifetime counter disagree (by more than the lifetime's 1 kWh). */
  onMismatch?: (detail: { day: string; dayRiseWh: number; lifetimeRiseWh: number }) => void;
}

/** The lifetime counter's resolution: it shows whole kWh. */
const COARSE_STEP_WH = 1000;

export class PvMeter {
  #quarters: CounterQuarters | null = null;
  #last: PvStatus | null = null;
  readonly #options: PvMeterOptions;
  /** The first reading of the local day: both counters, and whether a mismatch was told. */
  #dayStart: { day: string; counterWh: number; coarseWh: number; told: boolean } | null = null;

  constructor(options: PvMeterOptions) {
    this.#options = options;
  }

  /** The counting state, to keep across a restart (`null` before the first counter value). */
  get state(): CounterState | null {
    return this.#quarters?.state ?? null;
  }

  get last(): PvStatus | null {
    return this.#last;
  }

  /** A reading of the source. */
  take(sample: PvSample): void {
    const { source, counter } = this.#options;
    if (sample.counterWh !== null) {
      // Created with the first counter value: a SunSpec inverter says where its counter wraps.
      this.#quarters ??= new CounterQuarters({
        wrapWh: sample.wrapWh ?? undefined,
        dailyReset: counter === "today",
      }, this.#options.state);
      const closed = this.#quarters.push({ atMs: sample.atMs, counterWh: sample.counterWh });
      if (closed.length > 0) this.#options.onQuarters(closed);
      if (counter === "today" && sample.coarseWh != null) {
        this.#check(sample.atMs, sample.counterWh, sample.coarseWh);
      }
    }
    this.#last = {
      atMs: sample.atMs,
      source,
      name: sample.name ?? null,
      powerW: sample.powerW === null ? null : Math.max(Math.round(sample.powerW), 0),
      counterWh: sample.counterWh,
      counter,
      wrapWh: sample.wrapWh ?? null,
      online: true,
    };
    this.#options.onStatus(this.#last);
  }

  #check(atMs: number, counterWh: number, coarseWh: number): void {
    const day = localDayOf(atMs);
    const start = this.#dayStart;
    // A new day, or a day counter that went back (reset by hand): compare from here.
    if (start === null || start.day !== day || counterWh < start.counterWh) {
      this.#dayStart = { day, counterWh, coarseWh, told: false };
      return;
    }
    const dayRiseWh = counterWh - start.counterWh;
    const lifetimeRiseWh = coarseWh - start.coarseWh;
    if (!start.told && Math.abs(dayRiseWh - lifetimeRiseWh) > COARSE_STEP_WH) {
      start.told = true;
      this.#options.onMismatch?.({ day, dayRiseWh, lifetimeRiseWh });
    }
  }

  /** The source did not answer: the app shows it offline, without a power. */
  lost(atMs: number): void {
    if (this.#last?.online === false) return;
    this.#last = {
      ...(this.#last ?? {
        source: this.#options.source,
        name: null,
        counterWh: null,
        counter: this.#options.counter,
        wrapWh: null,
      }),
      atMs,
      powerW: null,
      online: false,
    };
    this.#options.onStatus(this.#last);
  }
}
