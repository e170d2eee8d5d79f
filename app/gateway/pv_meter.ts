/**
 * The gateway's PV source: a reading now and then (a SunSpec inverter's, or the ME3000SP's PV
 * registers) becomes the live status the app shows and `pv` quarter-hours from the source's own
 * energy counter (lib/energy/counter_quarters.ts), never from its power. The quarters go to the
 * sync (`onQuarters`); the status to the app (`onStatus`), with the counter, so the app counts
 * the same quarters itself.
 */
import type { PvStatus } from "../../lib/control/protocol.ts";
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
}

export interface PvMeterOptions {
  source: PvStatus["source"];
  /** What the counter counts: the inverter's life, or today (the ME3000SP's day counter). */
  counter: PvStatus["counter"];
  onStatus: (status: PvStatus) => void;
  onQuarters: (quarters: CounterQuarter[]) => void;
  /** The counting state kept last (a restart continues the open quarter). */
  state?: CounterState;
}

export class PvMeter {
  #quarters: CounterQuarters | null = null;
  #last: PvStatus | null = null;
  readonly #options: PvMeterOptions;

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
