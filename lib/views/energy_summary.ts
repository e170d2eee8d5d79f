/**
 * The dashboard's history: today's and yesterday's import, export, production, self-consumption,
 * self-sufficiency and cost as one row of tiles (the shares per slot, `lib/energy/self_use.ts`), this month's cost so far line by line, and the newest months' net
 * import each with its cost — all from one period cost, so a month's figure here is the sum the
 * history shows for it.
 */
import { addDays, type LocalDay, type LocalMonth } from "../energy/calendar.ts";
import type { DayBucket } from "../energy/day_bucket.ts";
import { type MonthNet, monthNetList, periodSeries } from "../energy/series.ts";
import type { PeriodCost } from "../tariff/cost.ts";
import { completeTotalEur, type CostLines, monthCosts } from "../tariff/cost_lines.ts";

export interface SummaryMonth extends MonthNet {
  /** What the month's days with data cost; `null` without a tariff or with unpriced quarters. */
  totalEur: number | null;
}

/** One day's figures; `null` where the day has no data of that kind. */
export interface DayFigures {
  day: LocalDay;
  importKWh: number | null;
  exportKWh: number | null;
  productionKWh: number | null;
  /** Production not fed into the grid: used at home (or stored in a battery). */
  selfConsumedKWh: number | null;
  /** (production − export) / production, summed per quarter-hour; `null` without both channels. */
  selfConsumption: number | null;
  /** (consumption − import) / consumption, summed per quarter-hour; `null` without both. */
  selfSufficiency: number | null;
  /** The shares leave out quarter-hours that only one of grid and production has. */
  selfUsePartial: boolean;
  costEur: number | null;
  /** Some quarter-hours of a day with data are missing (today's, until midnight). */
  incomplete: boolean;
}

export type TileMeasure =
  | "import"
  | "export"
  | "production"
  | "selfConsumed"
  | "selfConsumption"
  | "selfSufficiency"
  | "cost";

/** The tiles that hold a share (0–1, shown as a percentage) rather than kWh or euro. */
export function isShareMeasure(measure: TileMeasure): boolean {
  return measure === "selfConsumption" || measure === "selfSufficiency";
}

export interface DayTile {
  measure: TileMeasure;
  today: number | null;
  yesterday: number | null;
  /** A share over only part of the day's quarter-hours (say so beside it). */
  todayPartial: boolean;
  yesterdayPartial: boolean;
}

export interface EnergySummary {
  today: DayFigures;
  yesterday: DayFigures;
  /** The tiles worth showing: production and self-consumption only where there is production. */
  tiles: DayTile[];
  /** This month so far, `null` without a tariff or without data this month. */
  monthToDate: { lines: CostLines; totalEur: number | null; days: number } | null;
  /** Newest first. */
  months: SummaryMonth[];
  /** The newest day with data, when neither today nor yesterday has any: where to look instead. */
  newestDay: LocalDay | null;
}

function dayFigures(
  day: LocalDay,
  grid: Map<LocalDay, DayBucket>,
  pv: Map<LocalDay, DayBucket>,
  cost: PeriodCost | null,
): DayFigures {
  const series = periodSeries("day", day, grid, pv);
  const { totals } = series;
  const hasGrid = grid.has(day);
  const productionKWh = pv.has(day) ? totals.productionKWh : null;
  const dayCost = cost?.days.get(day);
  return {
    day,
    importKWh: hasGrid ? totals.importKWh : null,
    exportKWh: hasGrid ? totals.exportKWh : null,
    productionKWh,
    // What the panels made and the grid did not take, per quarter-hour where both are known;
    // never below zero when a meter and an inverter count the same quarter a little differently.
    selfConsumedKWh: totals.selfUse?.selfUsedKWh ?? null,
    selfConsumption: totals.selfUse?.selfConsumption ?? null,
    selfSufficiency: totals.selfUse?.selfSufficiency ?? null,
    selfUsePartial: totals.selfUse?.partial ?? false,
    costEur: dayCost ? completeTotalEur(dayCost) : null,
    incomplete: totals.missingSlots > 0,
  };
}

export function energySummary(input: {
  today: LocalDay;
  grid: Map<LocalDay, DayBucket>;
  pv: Map<LocalDay, DayBucket>;
  /** The cost of the months shown up to today (`costedDays`), `null` without a tariff. */
  cost: PeriodCost | null;
  monthsShown: number;
  /** The newest day stored, if any. */
  newestDay?: LocalDay | null;
}): EnergySummary {
  const months = input.cost ? monthCosts(input.cost) : new Map();
  const thisMonth: LocalMonth = input.today.slice(0, 7);
  const current = months.get(thisMonth);
  const today = dayFigures(input.today, input.grid, input.pv, input.cost);
  const yesterday = dayFigures(addDays(input.today, -1), input.grid, input.pv, input.cost);
  const measures: [TileMeasure, keyof DayFigures][] = [
    ["import", "importKWh"],
    ["export", "exportKWh"],
    ["production", "productionKWh"],
    ["selfConsumed", "selfConsumedKWh"],
    ["selfConsumption", "selfConsumption"],
    ["selfSufficiency", "selfSufficiency"],
    ["cost", "costEur"],
  ];
  const tiles = measures.map(([measure, key]) => ({
    measure,
    today: today[key] as number | null,
    yesterday: yesterday[key] as number | null,
    todayPartial: isShareMeasure(measure) && today[key] !== null && today.selfUsePartial,
    yesterdayPartial: isShareMeasure(measure) && yesterday[key] !== null &&
      yesterday.selfUsePartial,
  })).filter((tile) =>
    tile.measure === "import" || tile.measure === "export" ||
    tile.today !== null || tile.yesterday !== null
  );
  return {
    today,
    yesterday,
    tiles,
    monthToDate: current
      ? { lines: current.lines, totalEur: completeTotalEur(current), days: current.days }
      : null,
    months: monthNetList(input.grid.values()).slice(0, input.monthsShown).map((month) => {
      const cost = months.get(month.month);
      return { ...month, totalEur: cost ? completeTotalEur(cost) : null };
    }),
    newestDay: today.importKWh === null && yesterday.importKWh === null
      ? input.newestDay ?? null
      : null,
  };
}
