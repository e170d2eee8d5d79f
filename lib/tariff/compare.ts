/**
 * The same quarter-hours under different energy contracts, with the grid costs, fees and VAT of
 * one base tariff: "last year under fixed vs day/night vs dynamic", side by side.
 */
import type { LocalDay, LocalMonth } from "../energy/calendar.ts";
import type { DayBucket } from "../energy/day_bucket.ts";
import type { EnergyPrice, TariffVersion } from "./contract.ts";
import { periodCost } from "./cost.ts";
import type { CostLines } from "./cost_lines.ts";
import type { PriceDay } from "./prices.ts";

export interface ContractOutcome {
  energy: EnergyPrice;
  lines: CostLines;
  /** Quarters a dynamic contract could not price (no day-ahead price stored). */
  unpricedSlots: number;
}

export function compareContracts(
  days: LocalDay[],
  grid: Map<LocalDay, DayBucket>,
  base: TariffVersion,
  energies: EnergyPrice[],
  prices: Map<LocalDay, PriceDay>,
  capacityKW: (month: LocalMonth) => number,
): ContractOutcome[] {
  return energies.map((energy) => {
    const cost = periodCost(days, grid, { versions: [{ ...base, energy }], prices, capacityKW })!;
    return { energy, lines: cost.lines, unpricedSlots: cost.unpricedSlots };
  });
}
