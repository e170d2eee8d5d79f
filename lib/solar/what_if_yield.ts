/**
 * What one kWp of added panels makes per quarter-hour in a chosen orientation, for the what-if
 * year: the clear-sky model at the site's location, scaled per calendar month by how far real
 * weather fell short of a clear sky — measured on the site's own panels where it has them (its
 * `pv` quarters against its groups' clear-sky production), otherwise the typical Belgian yield
 * (`typicalBelgianYield`) against the same clear sky.
 */
import { localDayOf, type LocalMonth, QUARTER_MS, slotStartMs } from "../energy/calendar.ts";
import { type DayBucket, Quality } from "../energy/day_bucket.ts";
import {
  type PanelOrientation,
  typicalBelgianYield,
  type YieldKWhPerKWp,
} from "../views/what_if.ts";
import { clearSkyGroupW } from "./clear_sky_power.ts";
import type { PanelGroup, SolarLocation } from "./solar_setup.ts";

/** Without coordinates, the what-if reckons with Brussels. */
export const BRUSSELS: SolarLocation = {
  latitudeDeg: 50.8503,
  longitudeDeg: 4.3517,
  source: "entered",
};
/** A month's measured ratio is used only when this many of its quarters were measured. */
const MIN_MEASURED_QUARTERS = 20 * 96;
const SOUTH_35: PanelOrientation = { azimuthDeg: 180, tiltDeg: 35 };

function onePeakKW(orientation: PanelOrientation): PanelGroup {
  return { id: "kWp", name: "", panelCount: 1, panelWp: 1000, ...orientation };
}

const monthOf = (ms: number): LocalMonth => localDayOf(ms).slice(0, 7) as LocalMonth;

export interface YieldModel {
  yieldKWhPerKWp: YieldKWhPerKWp;
  /** Months whose scale came from the site's own panels (the rest: the typical yield). */
  measuredMonths: LocalMonth[];
}

/**
 * The yield function for the what-if. `pv` and `groups` are the site's measured production and
 * its panel groups; either may be empty.
 */
export function whatIfYieldModel(
  location: SolarLocation | null,
  groups: readonly PanelGroup[],
  pv: readonly DayBucket[],
): YieldModel {
  const at = location ?? BRUSSELS;
  const measured = new Map<LocalMonth, { kWh: number; clearKWh: number; quarters: number }>();
  if (groups.length > 0) {
    for (const bucket of pv) {
      if (bucket.slotMinutes !== 15) continue;
      const month = bucket.day.slice(0, 7) as LocalMonth;
      const m = measured.get(month) ?? { kWh: 0, clearKWh: 0, quarters: 0 };
      for (let i = 0; i < bucket.imported.length; i++) {
        const kWh = bucket.imported[i];
        if (kWh === null || bucket.quality[i] < Quality.estimated) continue;
        const slotMs = slotStartMs(bucket.day, i);
        let clearW = 0;
        for (const g of groups) clearW += clearSkyGroupW(at, g, slotMs + QUARTER_MS / 2);
        m.kWh += kWh;
        m.clearKWh += clearW / 4000;
        m.quarters++;
      }
      measured.set(month, m);
    }
  }
  const ratios = new Map<LocalMonth, number>();
  const measuredMonths: LocalMonth[] = [];
  for (const [month, m] of measured) {
    if (m.quarters >= MIN_MEASURED_QUARTERS && m.clearKWh > 0) {
      ratios.set(month, m.kWh / m.clearKWh);
      measuredMonths.push(month);
    }
  }
  // The typical ratio of a month: the typical yield over the clear sky, both south at 35°.
  const typical = new Map<LocalMonth, number>();
  const typicalRatio = (month: LocalMonth) => {
    let r = typical.get(month);
    if (r === undefined) {
      const year = Number(month.slice(0, 4));
      const first = Date.UTC(year, Number(month.slice(5, 7)) - 1, 1);
      const next = Date.UTC(year, Number(month.slice(5, 7)), 1);
      let yieldKWh = 0;
      let clearKWh = 0;
      const south = onePeakKW(SOUTH_35);
      for (let t = first; t < next; t += QUARTER_MS) {
        yieldKWh += typicalBelgianYield(t, SOUTH_35);
        clearKWh += clearSkyGroupW(at, south, t + QUARTER_MS / 2) / 4000;
      }
      r = clearKWh > 0 ? yieldKWh / clearKWh : 0;
      typical.set(month, r);
    }
    return r;
  };
  const memo = new Map<string, Map<number, number>>();
  return {
    measuredMonths: measuredMonths.sort(),
    yieldKWhPerKWp: (quarterStartMs, orientation) => {
      const key = `${orientation.azimuthDeg}|${orientation.tiltDeg}`;
      let cache = memo.get(key);
      if (!cache) memo.set(key, cache = new Map());
      const hit = cache.get(quarterStartMs);
      if (hit !== undefined) return hit;
      const month = monthOf(quarterStartMs);
      const ratio = ratios.get(month) ?? typicalRatio(month);
      const kWh = clearSkyGroupW(at, onePeakKW(orientation), quarterStartMs + QUARTER_MS / 2) /
        4000 * ratio;
      cache.set(quarterStartMs, kWh);
      return kWh;
    },
  };
}
