/**
 * The dashboard's history cards: yesterday's import, export and production with its cost, this
 * month's cost so far line by line, and the newest months' net import each with its cost — all
 * from one period cost, so a month's figure here is the sum the history shows for it.
 */
import { addDays, type LocalDay, type LocalMonth } from "../energy/calendar.ts";
import type { DayBucket } from "../energy/day_bucket.ts";
import { type MonthNet, monthNetList, periodSeries, type Series } from "../energy/series.ts";
import type { PeriodCost } from "../tariff/cost.ts";
import { completeTotalEur, type CostLines, monthCosts } from "../tariff/cost_lines.ts";

export interface SummaryMonth extends MonthNet {
  /** What the month's days with data cost; `null` without a tariff or with unpriced quarters. */
  totalEur: number | null;
}

export interface EnergySummary {
  yesterday: Series;
  yesterdayCostEur: number | null;
  /** This month so far, `null` without a tariff or without data this month. */
  monthToDate: { lines: CostLines; totalEur: number | null; days: number } | null;
  /** Newest first. */
  months: SummaryMonth[];
}

export function energySummary(input: {
  today: LocalDay;
  grid: Map<LocalDay, DayBucket>;
  pv: Map<LocalDay, DayBucket>;
  /** The cost of the months shown up to today (`costedDays`), `null` without a tariff. */
  cost: PeriodCost | null;
  monthsShown: number;
}): EnergySummary {
  const yesterday = addDays(input.today, -1);
  const months = input.cost ? monthCosts(input.cost) : new Map();
  const yesterdayCost = input.cost?.days.get(yesterday);
  const thisMonth: LocalMonth = input.today.slice(0, 7);
  const current = months.get(thisMonth);
  return {
    yesterday: periodSeries("day", yesterday, input.grid, input.pv),
    yesterdayCostEur: yesterdayCost ? completeTotalEur(yesterdayCost) : null,
    monthToDate: current
      ? { lines: current.lines, totalEur: completeTotalEur(current), days: current.days }
      : null,
    months: monthNetList(input.grid.values()).slice(0, input.monthsShown).map((month) => {
      const cost = months.get(month.month);
      return { ...month, totalEur: cost ? completeTotalEur(cost) : null };
    }),
  };
}
