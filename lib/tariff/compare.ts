/**
 * The same quarter-hours under different energy contracts, with the grid costs, fees and VAT of
 * the household's own tariff versions (each in force on its days): "last year under fixed vs
 * day/night vs dynamic", side by side, over the same days the history charges.
 */
import { addDays, type LocalDay, type LocalMonth } from "../energy/calendar.ts";
import type { DayBucket } from "../energy/day_bucket.ts";
import type { EnergyPrice, TariffVersion } from "./contract.ts";
import { periodCost } from "./cost.ts";
import { completeTotalEur, type CostLines } from "./cost_lines.ts";
import type { PriceDay } from "./prices.ts";

export interface ContractOutcome {
  energy: EnergyPrice;
  lines: CostLines;
  /** Quarters a dynamic contract could not price (no day-ahead price stored). */
  unpricedSlots: number;
  /** `null` when some quarter could not be priced: such a contract has no total. */
  totalEur: number | null;
  /** The lowest total of two or more that have one. */
  cheapest: boolean;
}

/** `days`: the days to charge, as `costedDays` gives them; `versions`: the site's tariff. */
export function compareContracts(
  days: LocalDay[],
  grid: Map<LocalDay, DayBucket>,
  versions: TariffVersion[],
  energies: EnergyPrice[],
  prices: Map<LocalDay, PriceDay>,
  capacityKW: (month: LocalMonth) => number,
): ContractOutcome[] {
  const outcomes = energies.map((energy): ContractOutcome => {
    const withEnergy = versions.map((version) => ({ ...version, energy }));
    const cost = periodCost(days, grid, { versions: withEnergy, prices, capacityKW })!;
    return {
      energy,
      lines: cost.lines,
      unpricedSlots: cost.unpricedSlots,
      totalEur: completeTotalEur(cost),
      cheapest: false,
    };
  });
  const totals = outcomes.flatMap((o) => (o.totalEur === null ? [] : [o.totalEur]));
  // One priced contract is not "the cheapest" of anything.
  const lowest = totals.length >= 2 ? Math.min(...totals) : null;
  for (const outcome of outcomes) outcome.cheapest = lowest !== null && outcome.totalEur === lowest;
  return outcomes;
}

/** The year a comparison looks at: the 365 days up to the newest stored day, or what is stored. */
export function comparisonPeriod(stored: { from: LocalDay; to: LocalDay }): {
  from: LocalDay;
  to: LocalDay;
} {
  const yearBefore = addDays(stored.to, -364);
  return { from: yearBefore > stored.from ? yearBefore : stored.from, to: stored.to };
}
