/**
 * What electricity costs under a contract, from quarter-hours: each line of a Belgian bill kept
 * apart (energy, injection, distribution and transmission, capacity, fixed fees, levies, VAT).
 * Per-kWh lines come from the slots; monthly and yearly fees are shared out per day, so any
 * period from one day to a year adds up. Prices are excluding VAT; VAT applies to what is taken
 * from the grid, not to injection (households do not charge VAT on it).
 */
import { daysBetween, daysInMonth, type LocalDay, type LocalMonth } from "../energy/calendar.ts";
import { type DayBucket, Quality, Register } from "../energy/day_bucket.ts";
import { sortVersions, type TariffVersion } from "./contract.ts";
import { addLines, type CostLines, emptyLines } from "./cost_lines.ts";
import { hourSpotEurPerKWh, type PriceDay, quarterSpotEurPerKWh } from "./prices.ts";

export interface DayCost {
  day: LocalDay;
  lines: CostLines;
  /** Per slot: what its kWh cost with VAT, minus its injection (fees per day not included). */
  slotEur: Float64Array;
  /** Dynamic contract, slot with energy but no price: its energy line is left out. */
  unpricedSlots: number;
  /** Day/night contract, slot with energy but no known register: counted at the day rate. */
  unknownRegisterSlots: number;
}

export interface CostContext {
  /** Tariff versions; the oldest also covers the days before it (it is the contract known). */
  versions: TariffVersion[];
  /** Day-ahead prices by day, for dynamic contracts. */
  prices: Map<LocalDay, PriceDay>;
  /** The capacity basis (12-month average with the 2.5 kW floor) that applies to a month. */
  capacityKW: (month: LocalMonth) => number;
}

/** The version in force on a day; before the first version, the first version. */
export function tariffOn(sorted: TariffVersion[], day: LocalDay): TariffVersion | null {
  if (sorted.length === 0) return null;
  let found = sorted[0];
  for (const version of sorted) {
    if (version.effectiveFrom > day) break;
    found = version;
  }
  return found;
}

/** The version in force on a day, from versions in any order: "the tariff" everywhere. */
export function tariffInForce(versions: TariffVersion[], day: LocalDay): TariffVersion | null {
  return tariffOn(sortVersions(versions), day);
}

function daysInYear(day: LocalDay): number {
  const year = Number(day.slice(0, 4));
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 366 : 365;
}

/**
 * The cost of one local day: its quarter-hours (`bucket`, may be absent: then only the day's
 * share of the fees) under the version in force that day.
 */
export function dayCost(
  day: LocalDay,
  bucket: DayBucket | undefined,
  tariff: TariffVersion,
  prices: PriceDay | undefined,
  capacityKW: number,
): DayCost {
  const lines = emptyLines();
  // A day known only as a daily total (a Fluvius day export) is one slot: priced at the rate of
  // an unknown register (and counted as such), and left unpriced by a dynamic contract, whose
  // price changes by the hour.
  const daily = bucket?.slotMinutes === 1440;
  const slots = bucket?.slotMinutes === 15 ? bucket.quality.length : daily ? 1 : 0;
  const slotEur = new Float64Array(slots);
  let unpricedSlots = 0;
  let unknownRegisterSlots = 0;
  const { energy, distribution } = tariff;
  const vat = 1 + tariff.vatRate;
  const transmission = distribution.transmissionEurPerKWh;
  const levies = tariff.leviesEurPerKWh;
  for (let i = 0; i < slots; i++) {
    if (bucket!.quality[i] === Quality.missing) continue;
    const importKWh = bucket!.imported[i] ?? 0;
    const exportKWh = bucket!.exported[i] ?? 0;
    if (importKWh === 0 && exportKWh === 0) continue;
    // A daily total sums both registers: which one counted is unknown.
    const register = daily ? Register.unknown : bucket!.register[i];
    const night = register === Register.night;
    let offtakeEurPerKWh: number;
    let injectionEurPerKWh: number;
    if (energy.kind === "single") {
      offtakeEurPerKWh = energy.offtakeEurPerKWh;
      injectionEurPerKWh = energy.injectionEurPerKWh;
    } else if (energy.kind === "dayNight") {
      if (register === Register.unknown) unknownRegisterSlots++;
      offtakeEurPerKWh = night ? energy.offtakeNightEurPerKWh : energy.offtakeDayEurPerKWh;
      injectionEurPerKWh = night ? energy.injectionNightEurPerKWh : energy.injectionDayEurPerKWh;
    } else {
      const spot = prices === undefined || daily
        ? null
        : energy.billing === "quarter"
        ? quarterSpotEurPerKWh(prices, i)
        : hourSpotEurPerKWh(prices, i);
      if (spot === null) {
        unpricedSlots++;
        offtakeEurPerKWh = 0;
        injectionEurPerKWh = 0;
      } else {
        offtakeEurPerKWh = energy.offtake.spotMultiplier * spot + energy.offtake.addEurPerKWh;
        injectionEurPerKWh = energy.injection.spotMultiplier * spot + energy.injection.addEurPerKWh;
      }
    }
    const gridEurPerKWh =
      (night ? distribution.offtakeNightEurPerKWh : distribution.offtakeDayEurPerKWh) +
      transmission;
    lines.energyEur += importKWh * offtakeEurPerKWh;
    lines.injectionEur += exportKWh * injectionEurPerKWh;
    lines.distributionEur += importKWh * gridEurPerKWh;
    lines.leviesEur += importKWh * levies;
    slotEur[i] = importKWh * (offtakeEurPerKWh + gridEurPerKWh + levies) * vat -
      exportKWh * injectionEurPerKWh;
  }
  const month = day.slice(0, 7);
  lines.fixedEur = tariff.fixedFeeEurPerMonth / daysInMonth(month) +
    distribution.dataManagementEurPerYear / daysInYear(day);
  if (distribution.capacityEurPerKWYear !== null) {
    lines.capacityEur = (capacityKW * distribution.capacityEurPerKWYear) / 12 / daysInMonth(month);
  }
  const taxable = lines.energyEur + lines.distributionEur + lines.capacityEur + lines.fixedEur +
    lines.leviesEur;
  lines.vatEur = taxable * tariff.vatRate;
  lines.totalEur = taxable + lines.vatEur - lines.injectionEur;
  return { day, lines, slotEur, unpricedSlots, unknownRegisterSlots };
}

export interface PeriodCost {
  lines: CostLines;
  days: Map<LocalDay, DayCost>;
  unpricedSlots: number;
  unknownRegisterSlots: number;
}

/**
 * The cost of the given days (fees are shared out over each of them, data or not), or `null`
 * when no tariff is set. Pass only days up to today: the future owes nothing yet.
 */
export function periodCost(
  days: LocalDay[],
  buckets: Map<LocalDay, DayBucket>,
  context: CostContext,
): PeriodCost | null {
  const sorted = sortVersions(context.versions);
  if (sorted.length === 0) return null;
  const result: PeriodCost = {
    lines: emptyLines(),
    days: new Map(),
    unpricedSlots: 0,
    unknownRegisterSlots: 0,
  };
  for (const day of days) {
    const cost = dayCost(
      day,
      buckets.get(day),
      tariffOn(sorted, day)!,
      context.prices.get(day),
      context.capacityKW(day.slice(0, 7)),
    );
    addLines(result.lines, cost.lines);
    result.days.set(day, cost);
    result.unpricedSlots += cost.unpricedSlots;
    result.unknownRegisterSlots += cost.unknownRegisterSlots;
  }
  return result;
}

/**
 * The days a cost covers, on every page alike: those of `from`…`to`, up to `today`, that have
 * data. Fixed fees and the capacity charge are shared out per day, so a period is charged for
 * these days only — a total never mixes a year's fees with a month's energy.
 */
export function costedDays(
  from: LocalDay,
  to: LocalDay,
  today: LocalDay,
  hasData: (day: LocalDay) => boolean,
): LocalDay[] {
  const last = to < today ? to : today;
  return last < from ? [] : daysBetween(from, last).filter(hasData);
}
