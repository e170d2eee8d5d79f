/**
 * The lines of an electricity bill and their sums — apart from the cost engine, so a screen that
 * only adds up lines does not load the contract models (and zod) with it.
 */
import type { LocalMonth } from "../energy/calendar.ts";
import type { PeriodCost } from "./cost.ts";

export interface CostLines {
  /** Energy taken, at the supplier's price. */
  energyEur: number;
  /** Compensation for energy given; negative when injecting costs money (negative prices). */
  injectionEur: number;
  /** Distribution and transmission per kWh taken. */
  distributionEur: number;
  /** Share of the capacity tariff. */
  capacityEur: number;
  /** Supplier's fixed fee and the data-management fee. */
  fixedEur: number;
  leviesEur: number;
  vatEur: number;
  /** Everything owed with VAT, minus the injection compensation. */
  totalEur: number;
}

export function emptyLines(): CostLines {
  return {
    energyEur: 0,
    injectionEur: 0,
    distributionEur: 0,
    capacityEur: 0,
    fixedEur: 0,
    leviesEur: 0,
    vatEur: 0,
    totalEur: 0,
  };
}

export function addLines(into: CostLines, add: CostLines): CostLines {
  into.energyEur += add.energyEur;
  into.injectionEur += add.injectionEur;
  into.distributionEur += add.distributionEur;
  into.capacityEur += add.capacityEur;
  into.fixedEur += add.fixedEur;
  into.leviesEur += add.leviesEur;
  into.vatEur += add.vatEur;
  into.totalEur += add.totalEur;
  return into;
}

/**
 * What a period costs in all, or `null` when a dynamic contract could not price every quarter
 * (no day-ahead price stored): a total without some of its energy is no total.
 */
export function completeTotalEur(cost: { lines: CostLines; unpricedSlots: number }): number | null {
  return cost.unpricedSlots === 0 ? cost.lines.totalEur : null;
}

export interface MonthCost {
  lines: CostLines;
  /** The days of the month the cost covers (those with data). */
  days: number;
  unpricedSlots: number;
}

/** A period's cost month by month (`YYYY-MM`), from its day costs. */
export function monthCosts(cost: PeriodCost): Map<LocalMonth, MonthCost> {
  const months = new Map<LocalMonth, MonthCost>();
  for (const [day, dayCost] of cost.days) {
    const month = day.slice(0, 7);
    let sum = months.get(month);
    if (sum === undefined) {
      months.set(month, sum = { lines: emptyLines(), days: 0, unpricedSlots: 0 });
    }
    addLines(sum.lines, dayCost.lines);
    sum.days++;
    sum.unpricedSlots += dayCost.unpricedSlots;
  }
  return months;
}
