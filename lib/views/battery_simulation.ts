/**
 * The battery page's "what would a battery have done" table: one month of stored quarter-hours
 * run through `simulateBattery`, without and with, each priced by the same cost engine as the
 * history — so the capacity line shown is the one inside the total, on the same 12-month basis.
 */
import { capacityBasis, monthPeaksFromBuckets } from "../capacity/annual.ts";
import { daysInMonth, type LocalDay, localDayOf, type LocalMonth } from "../energy/calendar.ts";
import { type DayBucket, roundMilli } from "../energy/day_bucket.ts";
import type { TariffVersion } from "../tariff/contract.ts";
import type { PriceDay } from "../tariff/prices.ts";
import { costedDays, periodCost } from "../tariff/cost.ts";
import { completeTotalEur } from "../tariff/cost_lines.ts";
import type { ControlSettings, SiteLimits } from "../control/decide.ts";
import { simulateBattery, type SimulatedBattery, type SimulatedDay } from "../control/simulate.ts";

export interface SimulationOutcome {
  importKWh: number;
  exportKWh: number;
  peakKW: number;
  /** The capacity line of the cost below (excl. VAT), `null` without a tariff. */
  capacityEur: number | null;
  /** Everything owed for the month's days with data, `null` without a tariff or a full price. */
  totalEur: number | null;
  /** The days of the month the cost covers: those with data, up to today. */
  costedDays: number;
}

export interface SimulationInput {
  month: LocalMonth;
  /** The month's stored quarter-hours (grid channel). */
  grid: DayBucket[];
  control: ControlSettings;
  battery: SimulatedBattery;
  site: SiteLimits;
  versions: TariffVersion[];
  /** The peaks of the 11 months before, for the capacity basis the month is charged on. */
  earlierPeaks: Map<LocalMonth, { kW: number }>;
  /** Day-ahead prices of the month: a dynamic contract's cost, and the "cheapest" mode's plan. */
  prices: Map<LocalDay, PriceDay>;
  today: LocalDay;
}

function outcome(input: SimulationInput, buckets: DayBucket[]): SimulationOutcome {
  const { month } = input;
  const peaks = new Map(input.earlierPeaks);
  const own = monthPeaksFromBuckets(buckets).get(month);
  if (own) peaks.set(month, own);
  else peaks.delete(month);
  const byDay = new Map(buckets.map((bucket) => [bucket.day, bucket]));
  const days = costedDays(
    `${month}-01`,
    `${month}-${daysInMonth(month)}`,
    input.today,
    (day) => byDay.has(day),
  );
  const cost = periodCost(days, byDay, {
    versions: input.versions,
    prices: input.prices,
    capacityKW: (m) => capacityBasis(m, peaks).averageKW,
  });
  const sum = (pick: (bucket: DayBucket) => (number | null)[]) =>
    roundMilli(buckets.reduce((s, b) => s + pick(b).reduce<number>((a, v) => a + (v ?? 0), 0), 0));
  return {
    importKWh: sum((b) => b.imported),
    exportKWh: sum((b) => b.exported),
    peakKW: own?.kW ?? 0,
    capacityEur: cost ? cost.lines.capacityEur : null,
    totalEur: cost ? completeTotalEur(cost) : null,
    costedDays: days.length,
  };
}

export interface SimulationView {
  without: SimulationOutcome;
  with: SimulationOutcome;
  /** The battery's days, for the day chart. */
  days: SimulatedDay[];
  /** The day the chart opens on: the one of the month's highest quarter-hour without battery. */
  peakDay: LocalDay;
}

/** The month without and with the battery, or `null` when it has no quarter-hours. */
export function batterySimulation(input: SimulationInput): SimulationView | null {
  const days = input.grid.filter((b) => b.slotMinutes === 15 && b.day.startsWith(input.month))
    .sort((a, b) => (a.day < b.day ? -1 : 1));
  if (days.length === 0) return null;
  const simulated = simulateBattery(days, input.control, input.battery, input.site, input.prices);
  const peak = monthPeaksFromBuckets(days).get(input.month);
  return {
    without: outcome(input, days),
    with: outcome(input, simulated.buckets),
    days: simulated.days,
    peakDay: typeof peak?.startMs === "number" ? localDayOf(peak.startMs) : days[0].day,
  };
}

/** The site's connection as the simulation needs it; `assumed` when the site does not say. */
export function siteLimitsOf(
  settings: { phases?: 1 | 3; mainFuseA?: number } | null,
  inverterMaxW: number,
): { limits: SiteLimits; assumed: boolean } {
  const assumed = settings?.mainFuseA === undefined || settings?.phases === undefined;
  return {
    // A Belgian household connection is most often 40 A single-phase.
    limits: { mainFuseA: settings?.mainFuseA ?? 40, phases: settings?.phases ?? 1, inverterMaxW },
    assumed,
  };
}
