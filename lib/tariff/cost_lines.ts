/**
 * The lines of an electricity bill and their sums — apart from the cost engine, so a screen that
 * only adds up lines does not load the contract models (and zod) with it.
 */

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
