/**
 * The data behind the history charts, as pure transforms of day buckets: bars of net grid
 * exchange (positive = taken from the grid), production where known, and the totals under the
 * chart. A bar without any data is `null` — drawn as a gap, never as zero.
 */
import { addBucket, emptyTotals, type Totals } from "./aggregate.ts";
import {
  addDays,
  addMonths,
  daysBetween,
  daysInMonth,
  type LocalDay,
  type LocalMonth,
  slotsInDay,
  slotStartMs,
  weekStartOf,
} from "./calendar.ts";
import { type DayBucket, Quality, roundMilli } from "./day_bucket.ts";
import {
  addSelfUse,
  emptySelfUse,
  type SelfUse,
  type SelfUseFigures,
  selfUseFigures,
} from "./self_use.ts";

export type PeriodKind = "day" | "week" | "month" | "year";

export interface Bar {
  /** What the bar covers: an instant (ms) for slots and hours, a day, or a month. */
  key: string;
  startMs: number | null;
  importKWh: number | null;
  exportKWh: number | null;
  /** import − export; positive means more taken from the grid than given. */
  netKWh: number | null;
  productionKWh: number | null;
  /** Some of the bar's slots are missing or partial. */
  incomplete: boolean;
  /** Some of the bar's slots are estimated (by the grid operator), not read from the meter. */
  estimated: boolean;
  /** The bar's self-consumption and self-sufficiency (0–1), per slot; `null` without both. */
  selfConsumption: number | null;
  selfSufficiency: number | null;
}

export interface PeriodTotals {
  importKWh: number;
  exportKWh: number;
  netKWh: number;
  productionKWh: number | null;
  missingSlots: number;
  /**
   * Self-consumption and self-sufficiency over the slots where both grid and production are
   * known (`lib/energy/self_use.ts`); `null` without any such slot.
   */
  selfUse: SelfUseFigures | null;
}

export interface Series {
  kind: PeriodKind;
  from: LocalDay;
  to: LocalDay;
  bars: Bar[];
  totals: PeriodTotals;
  hasData: boolean;
}

/** The days a period shows, for an anchor day inside it. */
export function periodRange(kind: PeriodKind, anchor: LocalDay): { from: LocalDay; to: LocalDay } {
  switch (kind) {
    case "day":
      return { from: anchor, to: anchor };
    case "week": {
      const from = weekStartOf(anchor);
      return { from, to: addDays(from, 6) };
    }
    case "month": {
      const month = anchor.slice(0, 7);
      return { from: `${month}-01`, to: `${month}-${String(daysInMonth(month)).padStart(2, "0")}` };
    }
    case "year":
      return { from: `${anchor.slice(0, 4)}-01-01`, to: `${anchor.slice(0, 4)}-12-31` };
  }
}

/** The anchor of the previous (`-1`) or next (`+1`) period. */
export function stepPeriod(kind: PeriodKind, anchor: LocalDay, step: -1 | 1): LocalDay {
  switch (kind) {
    case "day":
      return addDays(anchor, step);
    case "week":
      return addDays(anchor, 7 * step);
    case "month":
      return `${addMonths(anchor.slice(0, 7), step)}-01`;
    case "year":
      return `${Number(anchor.slice(0, 4)) + step}-01-01`;
  }
}

/** Whether any of the bucket's slots `[from, to)` is estimated. */
function anyEstimated(bucket: DayBucket | undefined, from = 0, to = bucket?.quality.length ?? 0) {
  if (!bucket) return false;
  for (let i = from; i < to; i++) if (bucket.quality[i] === Quality.estimated) return true;
  return false;
}

function barOf(
  key: string,
  startMs: number | null,
  grid: Totals,
  pv: Totals | null,
  estimated: boolean,
  selfUse: SelfUse = emptySelfUse(),
): Bar {
  const hasGrid = grid.slots > 0;
  const shares = selfUseFigures(selfUse);
  return {
    key,
    startMs,
    importKWh: hasGrid ? roundMilli(grid.importKWh) : null,
    exportKWh: hasGrid ? roundMilli(grid.exportKWh) : null,
    netKWh: hasGrid ? roundMilli(grid.importKWh - grid.exportKWh) : null,
    productionKWh: pv && pv.slots > 0 ? roundMilli(pv.importKWh) : null,
    incomplete: grid.missingSlots > 0,
    estimated,
    selfConsumption: shares?.selfConsumption ?? null,
    selfSufficiency: shares?.selfSufficiency ?? null,
  };
}

/**
 * Quarter-hour days, completed with daily totals (a `dagtotalen` import) for the days that have no
 * quarter-hours: those count in week, month and year totals but have no hours to draw.
 */
export function withDailyTotals(
  quarters: Map<LocalDay, DayBucket>,
  daily: Map<LocalDay, DayBucket>,
): Map<LocalDay, DayBucket> {
  const merged = new Map(quarters);
  for (const [day, bucket] of daily) if (!merged.has(day)) merged.set(day, bucket);
  return merged;
}

/**
 * Production of the quarters `[from, from + per)` of a day: from quarter-hours, or from an hour
 * slot when the bar is that hour; a daily total (a portal's import) has no part of a day.
 */
function pvPart(pv: DayBucket | undefined, from: number, per: number): Totals | null {
  if (pv?.slotMinutes === 15) return addBucket(emptyTotals(), pv, from, from + per);
  if (pv?.slotMinutes === 60 && per === 4) {
    return addBucket(emptyTotals(), pv, from / 4, from / 4 + 1);
  }
  return null;
}

/** Bars of one day: hours (23, 24 or 25) or quarter-hours (92, 96 or 100). */
function dayBars(
  day: LocalDay,
  grid: DayBucket | undefined,
  pv: DayBucket | undefined,
  quarters: boolean,
) {
  // A daily total has no hours: the day's bars stay empty, its total still counts.
  const quarterGrid = grid?.slotMinutes === 15 ? grid : undefined;
  const slots = quarterGrid?.quality.length ?? slotsInDay(day);
  const per = quarters ? 1 : 4;
  const bars: Bar[] = [];
  for (let from = 0; from < slots; from += per) {
    const gridTotals = emptyTotals();
    if (quarterGrid) addBucket(gridTotals, quarterGrid, from, from + per);
    else gridTotals.missingSlots = per;
    const pvTotals = pvPart(pv, from, per);
    const startMs = slotStartMs(day, from);
    const estimated = anyEstimated(quarterGrid, from, from + per);
    const selfUse = addSelfUse(emptySelfUse(), quarterGrid, pv, from, from + per);
    bars.push(barOf(String(startMs), startMs, gridTotals, pvTotals, estimated, selfUse));
  }
  return bars;
}

function totalsOf(
  grid: Totals,
  pv: Totals | null,
  selfUse: SelfUseFigures | null,
): PeriodTotals {
  return {
    importKWh: roundMilli(grid.importKWh),
    exportKWh: roundMilli(grid.exportKWh),
    netKWh: roundMilli(grid.importKWh - grid.exportKWh),
    productionKWh: pv ? roundMilli(pv.importKWh) : null,
    missingSlots: grid.missingSlots,
    selfUse,
  };
}

/**
 * The series of a period from quarter-hour buckets by day (`grid` and optionally `pv`): hours
 * or quarters for a day, days for a week or month, months for a year.
 */
export function periodSeries(
  kind: PeriodKind,
  anchor: LocalDay,
  grid: Map<LocalDay, DayBucket>,
  pv: Map<LocalDay, DayBucket> = new Map(),
  quarters = false,
): Series {
  const { from, to } = periodRange(kind, anchor);
  const days = daysBetween(from, to);
  const all = emptyTotals();
  const allPv = emptyTotals();
  const selfUse = emptySelfUse();
  for (const day of days) {
    const bucket = grid.get(day);
    if (bucket) addBucket(all, bucket);
    const pvBucket = pv.get(day);
    if (pvBucket) addBucket(allPv, pvBucket);
    addSelfUse(selfUse, bucket, pvBucket);
  }
  let bars: Bar[];
  if (kind === "day") {
    bars = dayBars(anchor, grid.get(anchor), pv.get(anchor), quarters);
  } else if (kind === "year") {
    bars = [];
    for (let m = 0; m < 12; m++) {
      const month: LocalMonth = `${anchor.slice(0, 4)}-${String(m + 1).padStart(2, "0")}`;
      const monthGrid = emptyTotals();
      const monthPv = emptyTotals();
      const monthSelfUse = emptySelfUse();
      let estimated = false;
      for (const day of days.filter((d) => d.startsWith(month))) {
        const g = grid.get(day);
        if (g) addBucket(monthGrid, g);
        else monthGrid.missingSlots++;
        estimated ||= anyEstimated(g);
        const p = pv.get(day);
        if (p) addBucket(monthPv, p);
        addSelfUse(monthSelfUse, g, p);
      }
      bars.push(barOf(month, null, monthGrid, monthPv, estimated, monthSelfUse));
    }
  } else {
    bars = days.map((day) => {
      const g = grid.get(day);
      const gridTotals = g ? addBucket(emptyTotals(), g) : { ...emptyTotals(), missingSlots: 1 };
      const p = pv.get(day);
      return barOf(
        day,
        null,
        gridTotals,
        p ? addBucket(emptyTotals(), p) : null,
        anyEstimated(g),
        addSelfUse(emptySelfUse(), g, p),
      );
    });
  }
  return {
    kind,
    from,
    to,
    bars,
    totals: totalsOf(all, days.some((d) => pv.has(d)) ? allPv : null, selfUseFigures(selfUse)),
    hasData: all.slots > 0,
  };
}

export interface MonthNet {
  month: LocalMonth;
  netKWh: number;
  importKWh: number;
  exportKWh: number;
  complete: boolean;
}

/** Net import per month (positive: more taken than given), newest first, months with data only. */
export function monthNetList(buckets: Iterable<DayBucket>): MonthNet[] {
  const months = new Map<LocalMonth, { totals: Totals; days: number }>();
  for (const bucket of buckets) {
    const month = bucket.day.slice(0, 7);
    const entry = months.get(month) ?? { totals: emptyTotals(), days: 0 };
    addBucket(entry.totals, bucket);
    entry.days++;
    months.set(month, entry);
  }
  return [...months.entries()].filter(([, e]) => e.totals.slots > 0)
    .sort(([a], [b]) => (a < b ? 1 : -1))
    .map(([month, { totals, days }]) => ({
      month,
      netKWh: roundMilli(totals.importKWh - totals.exportKWh),
      importKWh: roundMilli(totals.importKWh),
      exportKWh: roundMilli(totals.exportKWh),
      complete: totals.missingSlots === 0 && days === daysInMonth(month),
    }));
}

/** A net exchange as words say it: which way, and how much (never a minus sign). */
export function netDirection(netKWh: number): { direction: "import" | "export"; kWh: number } {
  return netKWh < 0 ? { direction: "export", kWh: -netKWh } : { direction: "import", kWh: netKWh };
}
