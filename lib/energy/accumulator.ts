/**
 * Quarter-hours from live P1 readings. A quarter's energy is the difference of the meter's own
 * registers (1.8.x, 2.8.x) at its two boundaries, so it is exact however many telegrams were lost
 * in between. A quarter whose start or end was not seen (connected late, cable pulled, laptop
 * asleep) is `partial` with the energy that was seen; quarters with no reading at all stay
 * missing. The state is a plain object: saved and restored across a reload, the same stream gives
 * the same quarters.
 */
import { QUARTER_MS } from "./calendar.ts";
import {
  type DayBucket,
  Quality,
  quarterBuckets,
  Register,
  roundMilli,
  Source,
} from "./day_bucket.ts";

/** What the accumulator needs of a reading: its instant and the four registers. */
export interface RegisterReading {
  atMs: number;
  importDayKWh: number;
  importNightKWh: number;
  exportDayKWh: number;
  exportNightKWh: number;
  /** The meter's tariff indicator (96.14.0): 1 day, 2 night, or `null`. */
  tariff: number | null;
  /**
   * The meter sends one total register per direction (1.8.0, 2.8.0), held in the day fields:
   * which tariff counted comes from the indicator alone.
   */
  totalOnly?: boolean;
}

export interface ClosedQuarter {
  startMs: number;
  importKWh: number;
  exportKWh: number;
  quality: typeof Quality.measured | typeof Quality.partial;
  register: Register;
}

export interface AccumulatorState {
  /** The reading the open quarter's counting starts from. */
  start: RegisterReading | null;
  /** Whether `start` came within the boundary tolerance of the quarter's beginning. */
  startOnBoundary: boolean;
  last: RegisterReading | null;
}

/**
 * A reading this close after a boundary counts as the boundary's: Belgian meters send every
 * second, DSMR 4 meters every 10 s.
 */
export const BOUNDARY_TOLERANCE_MS = 11_000;

/** Further back in time than this, a reading means the clock was set back, not a late telegram. */
export const CLOCK_SET_BACK_MS = 3_600_000;

function quarterOf(ms: number): number {
  return Math.floor(ms / QUARTER_MS);
}

function onBoundary(reading: RegisterReading): boolean {
  return reading.atMs - quarterOf(reading.atMs) * QUARTER_MS <= BOUNDARY_TOLERANCE_MS;
}

function registersWentBack(a: RegisterReading, b: RegisterReading): boolean {
  return b.importDayKWh < a.importDayKWh || b.importNightKWh < a.importNightKWh ||
    b.exportDayKWh < a.exportDayKWh || b.exportNightKWh < a.exportNightKWh;
}

/** The energy between two readings, and the register that counted most of it. */
function between(
  from: RegisterReading,
  to: RegisterReading,
  quality: ClosedQuarter["quality"],
): ClosedQuarter {
  const day = to.importDayKWh - from.importDayKWh + to.exportDayKWh - from.exportDayKWh;
  const night = to.importNightKWh - from.importNightKWh + to.exportNightKWh - from.exportNightKWh;
  const register = from.totalOnly
    ? (from.tariff === 1 ? Register.day : from.tariff === 2 ? Register.night : Register.unknown)
    : day > night
    ? Register.day
    : night > day
    ? Register.night
    : from.tariff === 1
    ? Register.day
    : from.tariff === 2
    ? Register.night
    : Register.unknown;
  return {
    startMs: quarterOf(from.atMs) * QUARTER_MS,
    importKWh: roundMilli(
      to.importDayKWh - from.importDayKWh + to.importNightKWh - from.importNightKWh,
    ),
    exportKWh: roundMilli(
      to.exportDayKWh - from.exportDayKWh + to.exportNightKWh - from.exportNightKWh,
    ),
    quality,
    register,
  };
}

export class QuarterAccumulator {
  #state: AccumulatorState;

  constructor(state?: AccumulatorState) {
    this.#state = state
      ? structuredClone(state)
      : { start: null, startOnBoundary: false, last: null };
  }

  /** A copy of the state, to save and hand to a new accumulator after a reload. */
  get state(): AccumulatorState {
    return structuredClone(this.#state);
  }

  /** Takes the next reading; returns the quarters it closed (none, one, or a partial one). */
  push(reading: RegisterReading): ClosedQuarter[] {
    const { start, last } = this.#state;
    if (start === null || last === null) {
      this.#begin(reading);
      return [];
    }
    if (reading.atMs <= last.atMs) {
      // A repeated or late telegram is skipped; a clock set back by more than that (a corrected
      // meter clock, a state saved at another meter) starts counting afresh.
      if (last.atMs - reading.atMs > CLOCK_SET_BACK_MS) this.#begin(reading);
      return [];
    }
    if (registersWentBack(last, reading)) {
      // A replaced or reset meter: what was seen of the open quarter is all we know.
      const seen = between(start, last, Quality.partial);
      this.#begin(reading);
      return [seen];
    }
    const quarter = quarterOf(reading.atMs);
    if (quarter === quarterOf(last.atMs)) {
      this.#state.last = reading;
      return [];
    }
    const closesOnBoundary = quarter === quarterOf(last.atMs) + 1 && onBoundary(reading);
    const closed = closesOnBoundary
      ? between(start, reading, this.#state.startOnBoundary ? Quality.measured : Quality.partial)
      : between(start, last, Quality.partial);
    this.#begin(reading);
    return [closed];
  }

  /** Whether the open quarter is counted from its start (not joined part-way). */
  get openFromStart(): boolean {
    return this.#state.startOnBoundary;
  }

  /** The open quarter as seen so far (a partial value), or `null` before the first reading. */
  openQuarter(): ClosedQuarter | null {
    const { start, last } = this.#state;
    return start && last ? between(start, last, Quality.partial) : null;
  }

  #begin(reading: RegisterReading): void {
    this.#state = { start: reading, startOnBoundary: onBoundary(reading), last: reading };
  }
}

/** Quarters as day buckets of the `grid` channel, ready to merge into the store. */
export function quartersToBuckets(siteId: string, quarters: ClosedQuarter[]): DayBucket[] {
  return quarterBuckets(siteId, "grid", Source.p1, quarters);
}
