/**
 * The what-if page: the household's own year of stored quarter-hours (grid, and pv where it is
 * measured) replayed side by side — as it was; with X kWp more panels in a chosen orientation;
 * with a Y kWh battery (the battery simulation of `lib/control/simulate.ts`); under another
 * contract (the cost engine of `lib/tariff`) — each with its import, export, self-consumption and
 * self-sufficiency, capacity cost (`lib/capacity/annual.ts`) and total cost.
 *
 * Added production in a quarter first covers that quarter's consumption (import falls), the rest
 * is exported. What a kWp adds per quarter is the caller's: `addedYieldKWhPerKWp`, the solar
 * model's production for the orientation (scaled to the site's measured yield, or a typical
 * Belgian yield where no pv is measured).
 */
import { capacityBasis, monthPeaksFromBuckets } from "../capacity/annual.ts";
import { dayStartMs, type LocalDay, type LocalMonth, QUARTER_MS } from "../energy/calendar.ts";
import { type DayBucket, Quality, roundMilli } from "../energy/day_bucket.ts";
import type { ControlSettings, SiteLimits } from "../control/decide.ts";
import { simulateBattery, type SimulatedBattery } from "../control/simulate.ts";
import type { EnergyPrice, TariffVersion } from "../tariff/contract.ts";
import { comparisonPeriod } from "../tariff/compare.ts";
import { costedDays, periodCost } from "../tariff/cost.ts";
import { completeTotalEur } from "../tariff/cost_lines.ts";
import type { PriceDay } from "../tariff/prices.ts";

/** Panels as the compass reads them: 0 = north, 90 = east, 180 = south, 270 = west. */
export interface PanelOrientation {
  azimuthDeg: number;
  tiltDeg: number;
}

/** kWh one kWp of panels in `orientation` makes in the quarter starting at `quarterStartMs`. */
export type YieldKWhPerKWp = (quarterStartMs: number, orientation: PanelOrientation) => number;

export interface WhatIfBattery {
  battery: SimulatedBattery;
  control: ControlSettings;
  site: SiteLimits;
}

export interface WhatIfVariant {
  /** Stable key of the column (`asIs`, `solar`, …). */
  id: string;
  /** Panels added, with their orientation. */
  solar?: { kWp: number; orientation: PanelOrientation };
  battery?: WhatIfBattery;
  /** Another energy contract (grid costs, fees and VAT stay the household's own). */
  energy?: EnergyPrice;
}

export interface WhatIfInput {
  /** The stored grid quarter-hours (any span; the year up to the newest day is used). */
  grid: DayBucket[];
  /** Measured production where there is any. */
  pv: DayBucket[];
  versions: TariffVersion[];
  prices: Map<LocalDay, PriceDay>;
  today: LocalDay;
  /** What a kWp adds per quarter: where the solar model plugs in. */
  addedYieldKWhPerKWp: YieldKWhPerKWp;
}

export interface WhatIfOutcome {
  id: string;
  importKWh: number;
  exportKWh: number;
  /** Measured plus added production. */
  productionKWh: number;
  /** Production used in the home (directly or through the battery): production − export. */
  selfConsumptionKWh: number;
  /** Share of the home's use that did not come from the grid, 0…1; `null` without use. */
  selfSufficiency: number | null;
  /** Share of production used at home, 0…1; `null` without production. */
  selfConsumptionShare: number | null;
  /** Highest quarter-hour of import × 4, over the year. */
  peakKW: number;
  /** The capacity line inside the total (excl. VAT); `null` without a tariff. */
  capacityEur: number | null;
  /** Everything owed for the year's days with data; `null` without a tariff or a full price. */
  totalEur: number | null;
}

export interface WhatIfPeriod {
  from: LocalDay;
  to: LocalDay;
  /** Days with quarter-hours in it. */
  days: number;
  /** Export was stored but no production: the household's own panels are not measured. */
  productionUnknown: boolean;
}

/** The year replayed, prepared once for every variant. */
export interface PreparedYear {
  period: WhatIfPeriod;
  grid: DayBucket[];
  pv: Map<LocalDay, DayBucket>;
  input: WhatIfInput;
  /** The stored year's month peaks, once a variant has needed them. */
  gridPeaks?: ReturnType<typeof monthPeaksFromBuckets>;
}

/** The year's quarter-hours the variants replay, or `null` when nothing is stored. */
export function prepareYear(input: WhatIfInput): PreparedYear | null {
  const stored = input.grid.filter((b) => b.slotMinutes === 15 && b.day <= input.today)
    .sort((a, b) => (a.day < b.day ? -1 : 1));
  if (stored.length === 0) return null;
  const { from, to } = comparisonPeriod({ from: stored[0].day, to: stored[stored.length - 1].day });
  const grid = stored.filter((b) => b.day >= from && b.day <= to);
  const pv = new Map(
    input.pv.filter((b) => b.slotMinutes === 15 && b.day >= from && b.day <= to)
      .map((b) => [b.day, b]),
  );
  let exported = false;
  for (const bucket of grid) exported ||= bucket.exported.some((v) => (v ?? 0) > 0);
  return {
    period: { from, to, days: grid.length, productionUnknown: pv.size === 0 && exported },
    grid,
    pv,
    input,
  };
}

/** One variant over the prepared year. */
export function runVariant(year: PreparedYear, variant: WhatIfVariant): WhatIfOutcome {
  const { input } = year;
  let addedKWh = 0;
  let days = year.grid;
  /** The added panels' kWh per quarter, per day. */
  const addedByDay = new Map<LocalDay, Float64Array>();
  if (variant.solar && variant.solar.kWp > 0) {
    const { kWp, orientation } = variant.solar;
    days = days.map((bucket) => {
      const imported = [...bucket.imported];
      const exported = [...bucket.exported];
      // A day's quarters are 15 minutes apart from its start, on DST days too.
      const start = dayStartMs(bucket.day);
      const addedToday = new Float64Array(bucket.quality.length);
      addedByDay.set(bucket.day, addedToday);
      for (let i = 0; i < bucket.quality.length; i++) {
        if (bucket.quality[i] === Quality.missing) continue;
        const added = kWp * input.addedYieldKWhPerKWp(start + i * QUARTER_MS, orientation);
        if (added <= 0) continue;
        addedKWh += added;
        addedToday[i] = added;
        const importKWh = bucket.imported[i] ?? 0;
        const covered = Math.min(importKWh, added);
        imported[i] = importKWh - covered;
        exported[i] = (bucket.exported[i] ?? 0) + added - covered;
      }
      return { ...bucket, imported, exported };
    });
  }
  if (variant.battery) {
    const { battery, control, site } = variant.battery;
    days = simulateBattery(days, control, battery, site, input.prices).buckets;
  }
  const byDay = new Map(days.map((b) => [b.day, b]));
  // The stored year's own peaks are the same for every variant that leaves it as it was.
  const peaks = days === year.grid
    ? (year.gridPeaks ??= monthPeaksFromBuckets(days))
    : monthPeaksFromBuckets(days);
  const costed = costedDays(year.period.from, year.period.to, input.today, (d) => byDay.has(d));
  const versions = variant.energy
    ? input.versions.map((v) => ({ ...v, energy: variant.energy! }))
    : input.versions;
  // The basis of a month is asked for on each of its days: once per month is enough.
  const basis = new Map<LocalMonth, number>();
  const cost = periodCost(costed, byDay, {
    versions,
    prices: input.prices,
    capacityKW: (month) => {
      let kW = basis.get(month);
      if (kW === undefined) basis.set(month, kW = capacityBasis(month, peaks).averageKW);
      return kW;
    },
  });
  // Self-consumption quarter by quarter: where production was measured, what of it (and of
  // the added panels) was not exported; on days without a measurement, the existing panels are
  // unknown, so only the added ones count — what of them did not raise the export.
  const asIs = new Map(year.grid.map((b) => [b.day, b]));
  let importKWh = 0;
  let exportKWh = 0;
  let measuredKWh = 0;
  let selfConsumptionKWh = 0;
  for (const bucket of days) {
    const pv = year.pv.get(bucket.day);
    const added = addedByDay.get(bucket.day);
    const before = asIs.get(bucket.day);
    for (let i = 0; i < bucket.quality.length; i++) {
      importKWh += bucket.imported[i] ?? 0;
      const quarterExportKWh = bucket.exported[i] ?? 0;
      exportKWh += quarterExportKWh;
      const addedKWh = added?.[i] ?? 0;
      const measured = pv && pv.quality[i] !== Quality.missing ? pv.imported[i] : null;
      if (measured !== null && measured !== undefined) {
        measuredKWh += measured;
        const produced = measured + addedKWh;
        selfConsumptionKWh += Math.min(produced, Math.max(0, produced - quarterExportKWh));
      } else if (addedKWh > 0) {
        const raised = quarterExportKWh - (before?.exported[i] ?? 0);
        selfConsumptionKWh += Math.min(addedKWh, Math.max(0, addedKWh - raised));
      }
    }
  }
  const productionKWh = measuredKWh + addedKWh;
  const usedKWh = importKWh + selfConsumptionKWh;
  let peakKW = 0;
  for (const peak of peaks.values()) peakKW = Math.max(peakKW, peak.kW);
  return {
    id: variant.id,
    importKWh: roundMilli(importKWh),
    exportKWh: roundMilli(exportKWh),
    productionKWh: roundMilli(productionKWh),
    selfConsumptionKWh: roundMilli(selfConsumptionKWh),
    selfSufficiency: usedKWh > 0 ? selfConsumptionKWh / usedKWh : null,
    selfConsumptionShare: productionKWh > 0 ? selfConsumptionKWh / productionKWh : null,
    peakKW,
    capacityEur: cost ? cost.lines.capacityEur : null,
    totalEur: cost ? completeTotalEur(cost) : null,
  };
}

export interface WhatIfView {
  period: WhatIfPeriod;
  outcomes: WhatIfOutcome[];
  /** Per variant, its total against "as is" (negative: cheaper); `null` where either has none. */
  savingsEur: (number | null)[];
}

/** Every variant side by side; the first one is the reference the savings are counted from. */
export function whatIfYear(input: WhatIfInput, variants: WhatIfVariant[]): WhatIfView | null {
  const year = prepareYear(input);
  if (year === null) return null;
  const outcomes = variants.map((variant) => runVariant(year, variant));
  return { period: year.period, outcomes, savingsEur: savingsOf(outcomes) };
}

/** Each outcome's total minus the first's. */
export function savingsOf(outcomes: WhatIfOutcome[]): (number | null)[] {
  const reference = outcomes[0]?.totalEur ?? null;
  return outcomes.map((o) =>
    o.totalEur === null || reference === null ? null : o.totalEur - reference
  );
}

/**
 * A typical Belgian yield when nothing better is known: about 890 kWh per kWp a year for a south
 * roof at 35° (0.85 kWh a day in December to 4.05 in June), spread over the day as a half sine
 * between sunrise and sunset of a made-up sun (8 h days in December to 16 h in June, noon at
 * 12:00 UTC); other orientations get less by a rough rule (east or west −20 %, north −40 %, flat
 * −13 %). Not a forecast: the typical month the what-if's yield model scales the clear sky to
 * where the site's own panels measured nothing (`lib/solar/what_if_yield.ts`).
 */
export function typicalBelgianYield(
  quarterStartMs: number,
  orientation: PanelOrientation,
): number {
  const middle = quarterStartMs + 450_000;
  const dayOfYear = (middle - Date.UTC(new Date(middle).getUTCFullYear(), 0, 1)) / 86_400_000;
  const season = Math.cos((2 * Math.PI * (dayOfYear - 172)) / 365);
  const lengthH = 12 + 4 * season;
  const sinceSunrise = (middle % 86_400_000) / 3_600_000 - (12 - lengthH / 2);
  if (sinceSunrise <= 0 || sinceSunrise >= lengthH) return 0;
  const dayKWh = 2.45 + 1.6 * season;
  // A half sine over the day holds length × 2/π of its peak.
  const peakKW = dayKWh / (lengthH * (2 / Math.PI));
  const shape = Math.sin((Math.PI * sinceSunrise) / lengthH);
  const tilt = Math.min(Math.max(orientation.tiltDeg, 0), 90);
  const facing = 1 - Math.cos(((orientation.azimuthDeg - 180) * Math.PI) / 180); // 0 S … 2 N
  const factor = 1 - 0.2 * facing * Math.min(tilt / 35, 1) -
    (tilt < 35 ? 0.13 * (1 - tilt / 35) : 0.3 * ((tilt - 35) / 55));
  return (peakKW * shape * factor) / 4;
}
