/**
 * What the cost and capacity views need from the device: tariff versions, prices, and the month
 * peaks behind the capacity basis — from the meter's own 13-month history when connected,
 * otherwise from the stored quarter-hours.
 */
import { capacityBasis, type MonthPeak, monthPeaksFromBuckets } from "../../lib/capacity/annual.ts";
import type { EnergyDatabase } from "../../lib/db/database.ts";
import { loadBuckets } from "../../lib/db/energy_repo.ts";
import { loadPriceDays, loadTariffVersions } from "../../lib/db/tariff_repo.ts";
import { addMonths, daysInMonth, type LocalDay, localDayOf } from "../../lib/energy/calendar.ts";
import type { DayBucket } from "../../lib/energy/day_bucket.ts";
import { costedDays, type PeriodCost, periodCost } from "../../lib/tariff/cost.ts";
import type { Reading } from "../../lib/p1/reading.ts";

export interface KnownPeak extends MonthPeak {
  source: "meter" | "quarters";
}

/** Month peaks from `from` to `to` (months): the meter's where it reports them, else the data's. */
export async function monthPeaks(
  db: EnergyDatabase,
  siteId: string,
  fromMonth: string,
  toMonth: string,
  reading: Reading | null,
): Promise<Map<string, KnownPeak>> {
  const buckets = await loadBuckets(
    db,
    siteId,
    "grid",
    `${fromMonth}-01`,
    `${toMonth}-${String(daysInMonth(toMonth)).padStart(2, "0")}`,
  );
  const peaks = new Map<string, KnownPeak>();
  for (const [month, peak] of monthPeaksFromBuckets(buckets.values())) {
    peaks.set(month, { ...peak, source: "quarters" });
  }
  for (const entry of reading?.demand?.history ?? []) {
    if (entry.month && entry.month >= fromMonth && entry.month <= toMonth) {
      peaks.set(entry.month, {
        month: entry.month,
        kW: entry.kW,
        startMs: entry.at ? Date.parse(entry.at) : null,
        source: "meter",
      });
    }
  }
  const current = reading?.demand?.monthPeak;
  if (current?.at) {
    const month = localDayOf(Date.parse(current.at)).slice(0, 7);
    const known = peaks.get(month);
    if (!known || current.kW >= known.kW) {
      peaks.set(month, { month, kW: current.kW, startMs: Date.parse(current.at), source: "meter" });
    }
  }
  return peaks;
}

/**
 * The cost of the days `from`…`to` (up to today) that have data in `grid` (`costedDays`), or
 * `null` without a tariff.
 */
export async function loadCost(
  db: EnergyDatabase,
  siteId: string,
  from: LocalDay,
  to: LocalDay,
  grid: Map<LocalDay, DayBucket>,
  reading: Reading | null,
): Promise<PeriodCost | null> {
  const versions = await loadTariffVersions(db, siteId);
  if (versions.length === 0) return null;
  const days = costedDays(from, to, localDayOf(Date.now()), (day) => grid.has(day));
  if (days.length === 0) {
    return periodCost([], grid, { versions, prices: new Map(), capacityKW: () => 0 });
  }
  const last = days[days.length - 1];
  const prices = versions.some((v) => v.energy.kind === "dynamic")
    ? await loadPriceDays(db, from, last)
    : new Map();
  const peaks = await monthPeaks(
    db,
    siteId,
    addMonths(from.slice(0, 7), -11),
    last.slice(0, 7),
    reading,
  );
  return periodCost(days, grid, {
    versions,
    prices,
    capacityKW: (month) => capacityBasis(month, peaks).averageKW,
  });
}
