/**
 * The Flemish capacity tariff over months: each month's peak is its highest fixed quarter-hour of
 * import (all phases summed, as the meter counts it) × 4; each month counts as at least 2.5 kW;
 * the charge follows the average of the last 12 months — or of the months there are, when the
 * history is shorter.
 */
import { addMonths, type LocalMonth, slotStartMs } from "../energy/calendar.ts";
import { type DayBucket, Quality, roundMilli } from "../energy/day_bucket.ts";
import { MINIMUM_MONTH_PEAK_KW } from "./quarter.ts";

export interface MonthPeak {
  month: LocalMonth;
  kW: number;
  /** Start of the peak quarter (epoch ms), when known. */
  startMs: number | null;
}

/**
 * The peak of every month in quarter-hour buckets (missing slots skipped; a partial quarter is a
 * lower bound, so it counts as what it is). Months without any quarter are absent.
 */
export function monthPeaksFromBuckets(buckets: Iterable<DayBucket>): Map<LocalMonth, MonthPeak> {
  const peaks = new Map<LocalMonth, MonthPeak>();
  for (const bucket of buckets) {
    if (bucket.slotMinutes !== 15) continue;
    const month = bucket.day.slice(0, 7);
    for (let i = 0; i < bucket.imported.length; i++) {
      const kWh = bucket.imported[i];
      if (kWh === null || bucket.quality[i] === Quality.missing) continue;
      const kW = roundMilli(kWh * 4);
      const known = peaks.get(month);
      if (known === undefined || kW > known.kW) {
        peaks.set(month, { month, kW, startMs: slotStartMs(bucket.day, i) });
      }
    }
  }
  return peaks;
}

export interface CapacityBasis {
  /** The months averaged, oldest first: the peak and what it counts for after the floor. */
  months: { month: LocalMonth; peakKW: number; countedKW: number }[];
  /** Average of the counted peaks; 2.5 kW when no month is known. */
  averageKW: number;
  /** Fewer than 12 months of history: the average is over what exists. */
  shortHistory: boolean;
}

/** The 12-month basis that applies to `month`: it and the 11 before it, where known. */
export function capacityBasis(
  month: LocalMonth,
  peaks: Map<LocalMonth, { kW: number }>,
): CapacityBasis {
  const months: CapacityBasis["months"] = [];
  for (let back = 11; back >= 0; back--) {
    const m = addMonths(month, -back);
    const peak = peaks.get(m);
    if (peak !== undefined) {
      months.push({
        month: m,
        peakKW: peak.kW,
        countedKW: Math.max(peak.kW, MINIMUM_MONTH_PEAK_KW),
      });
    }
  }
  const averageKW = months.length === 0
    ? MINIMUM_MONTH_PEAK_KW
    : months.reduce((sum, m) => sum + m.countedKW, 0) / months.length;
  return { months, averageKW, shortHistory: months.length < 12 };
}

/** What the capacity tariff costs for one month under a yearly rate (excl. VAT). */
export function monthlyCapacityEur(averageKW: number, eurPerKWYear: number): number {
  return (averageKW * eurPerKWYear) / 12;
}

/**
 * The capacity charge of the months `from`…`to` had every month's peak been at most `capKW`
 * (the 2.5 kW floor still applies), against what it was.
 */
export function capacityWhatIf(
  from: LocalMonth,
  to: LocalMonth,
  peaks: Map<LocalMonth, { kW: number }>,
  eurPerKWYear: number,
  capKW: number,
): { actualEur: number; cappedEur: number; savedEur: number } {
  const capped = new Map([...peaks].map(([m, p]) => [m, { kW: Math.min(p.kW, capKW) }]));
  let actualEur = 0;
  let cappedEur = 0;
  for (let m = from; m <= to; m = addMonths(m, 1)) {
    actualEur += monthlyCapacityEur(capacityBasis(m, peaks).averageKW, eurPerKWYear);
    cappedEur += monthlyCapacityEur(capacityBasis(m, capped).averageKW, eurPerKWYear);
  }
  return { actualEur, cappedEur, savedEur: actualEur - cappedEur };
}
