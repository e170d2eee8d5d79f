/**
 * Totals over day buckets: per day, per month, and the month peaks of the capacity tariff. Missing
 * slots are skipped and counted, never read as zero.
 */
import { isoLocal, type LocalMonth, monthOf, slotStartMs } from "./calendar.ts";
import { type DayBucket, Quality, roundMilli } from "./day_bucket.ts";

export interface Totals {
  importKWh: number;
  exportKWh: number;
  /** Slots that hold a value (partial ones included). */
  slots: number;
  /** Slots without a value, or only part of one. */
  missingSlots: number;
}

export function emptyTotals(): Totals {
  return { importKWh: 0, exportKWh: 0, slots: 0, missingSlots: 0 };
}

/** Adds a bucket's slots `[from, to)` (all by default) to `totals`. */
export function addBucket(totals: Totals, bucket: DayBucket, from = 0, to = bucket.quality.length) {
  for (let i = from; i < to; i++) {
    const q = bucket.quality[i];
    if (q === Quality.missing) {
      totals.missingSlots++;
      continue;
    }
    if (q === Quality.partial) totals.missingSlots++;
    totals.importKWh += bucket.imported[i] ?? 0;
    totals.exportKWh += bucket.exported[i] ?? 0;
    totals.slots++;
  }
  return totals;
}

export function roundTotals(totals: Totals): Totals {
  return {
    ...totals,
    importKWh: roundMilli(totals.importKWh),
    exportKWh: roundMilli(totals.exportKWh),
  };
}

export interface MonthSummary {
  month: LocalMonth;
  importKWh: number;
  exportKWh: number;
  /** The month's highest quarter-hour import × 4, or `null` without quarter-hour data. */
  peakKW: number | null;
  /** Start of that quarter, ISO with the Brussels offset. */
  peakStart: string | null;
  quarters: number;
  missingQuarters: number;
}

/** Month totals and peaks of quarter-hour buckets of one channel, oldest month first. */
export function monthSummaries(buckets: Iterable<DayBucket>): MonthSummary[] {
  const months = new Map<LocalMonth, MonthSummary & { totals: Totals }>();
  for (const bucket of buckets) {
    const month = monthOf(bucket.day);
    let summary = months.get(month);
    if (summary === undefined) {
      summary = {
        month,
        importKWh: 0,
        exportKWh: 0,
        peakKW: null,
        peakStart: null,
        quarters: 0,
        missingQuarters: 0,
        totals: emptyTotals(),
      };
      months.set(month, summary);
    }
    addBucket(summary.totals, bucket);
    if (bucket.slotMinutes !== 15) continue;
    for (let i = 0; i < bucket.imported.length; i++) {
      const value = bucket.imported[i];
      if (value === null || bucket.quality[i] <= Quality.partial) continue;
      const kW = roundMilli(value * 4);
      if (summary.peakKW === null || kW > summary.peakKW) {
        summary.peakKW = kW;
        summary.peakStart = isoLocal(slotStartMs(bucket.day, i));
      }
    }
  }
  return [...months.values()].sort((a, b) => (a.month < b.month ? -1 : 1)).map((
    { totals, ...summary },
  ) => ({
    ...summary,
    importKWh: roundMilli(totals.importKWh),
    exportKWh: roundMilli(totals.exportKWh),
    quarters: totals.slots,
    missingQuarters: totals.missingSlots,
  }));
}
