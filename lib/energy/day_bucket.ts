/**
 * One local day of one channel of a site: arrays of slots (quarter-hours, hours for gas, or one
 * slot for a daily total). A missing slot holds `null`, never an invented zero.
 */
import { type LocalDay, slotOf, slotsInDay } from "./calendar.ts";

/** How far a slot's value can be trusted; a higher quality replaces a lower one on merge. */
export const Quality = {
  missing: 0,
  /** Part of the slot was seen (connected or woke up mid-quarter): a lower bound. */
  partial: 1,
  estimated: 2,
  measured: 3,
  validated: 4,
} as const;
export type Quality = (typeof Quality)[keyof typeof Quality];
export const QUALITY_NAMES = ["missing", "partial", "estimated", "measured", "validated"] as const;

/** Which meter register a slot was counted on (the cost of day/night contracts needs it). */
export const Register = { unknown: 0, day: 1, night: 2 } as const;
export type Register = (typeof Register)[keyof typeof Register];

/**
 * Where a slot's value came from. `portal`: an inverter portal's CSV export (SMA, Enphase,
 * SolarEdge, FusionSolar…), kept apart from `gateway` so that a disagreement between the two
 * is recorded on merge instead of one silently replacing the other.
 */
export const Source = { none: 0, p1: 1, fluvius: 2, gateway: 3, portal: 4 } as const;
export type Source = (typeof Source)[keyof typeof Source];

export const CHANNELS = ["grid", "pv", "battery", "ev", "gas"] as const;
export type Channel = (typeof CHANNELS)[number];

/** `kWh` for electricity, `m3` for gas: the unit of every number in `imported`/`exported`. */
export type EnergyUnit = "kWh" | "m3";

/** A value another source gave for a slot that differs from the one kept (shown, never lost). */
export interface SlotAlternative {
  slot: number;
  source: Source;
  quality: Quality;
  importKWh: number | null;
  exportKWh: number | null;
}

export interface DayBucket {
  id: string;
  siteId: string;
  channel: Channel;
  day: LocalDay;
  /** 15 (quarter-hours), 60 (hours) or 1440 (a daily total). */
  slotMinutes: number;
  unit: EnergyUnit;
  /** Energy taken from the grid (or produced, for `pv`), per slot; `null` when missing. */
  imported: (number | null)[];
  /** Energy given to the grid, per slot; `null` when missing. */
  exported: (number | null)[];
  quality: Quality[];
  register: Register[];
  source: Source[];
  /** Epoch ms of the last change. */
  updatedAt: number;
  /** Values of other sources that disagree with the kept ones (absent when there are none). */
  others?: SlotAlternative[];
}

export function bucketId(siteId: string, channel: Channel, day: LocalDay, slotMinutes: number) {
  return `${siteId}|${channel}|${slotMinutes}|${day}`;
}

/** A day with every slot missing. */
export function emptyBucket(
  siteId: string,
  channel: Channel,
  day: LocalDay,
  slotMinutes = 15,
  unit: EnergyUnit = channel === "gas" ? "m3" : "kWh",
): DayBucket {
  const count = slotMinutes === 1440 ? 1 : slotsInDay(day, slotMinutes);
  return {
    id: bucketId(siteId, channel, day, slotMinutes),
    siteId,
    channel,
    day,
    slotMinutes,
    unit,
    imported: new Array(count).fill(null),
    exported: new Array(count).fill(null),
    quality: new Array(count).fill(Quality.missing),
    register: new Array(count).fill(Register.unknown),
    source: new Array(count).fill(Source.none),
    updatedAt: 0,
  };
}

/** Rounds to the meter's resolution (1 Wh, or 1 dm³) so sums do not drift in the last digits. */
export function roundMilli(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/** One quarter-hour's values, for `quarterBuckets`. */
export interface QuarterValues {
  startMs: number;
  importKWh: number;
  exportKWh: number;
  quality: Quality;
  register: Register;
}

/**
 * Quarter-hours as day buckets of one channel from one source. A quarter given twice (a partial,
 * then a better one) keeps the better.
 */
export function quarterBuckets(
  siteId: string,
  channel: Channel,
  source: Source,
  quarters: Iterable<QuarterValues>,
): DayBucket[] {
  const buckets = new Map<string, DayBucket>();
  for (const quarter of quarters) {
    const { day, slot } = slotOf(quarter.startMs);
    let bucket = buckets.get(day);
    if (bucket === undefined) {
      bucket = emptyBucket(siteId, channel, day);
      buckets.set(day, bucket);
    }
    if (bucket.quality[slot] > quarter.quality) continue;
    bucket.imported[slot] = quarter.importKWh;
    bucket.exported[slot] = quarter.exportKWh;
    bucket.quality[slot] = quarter.quality;
    bucket.register[slot] = quarter.register;
    bucket.source[slot] = source;
  }
  return [...buckets.values()];
}
