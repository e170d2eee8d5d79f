/**
 * What one kWp of added panels makes per quarter-hour in a chosen orientation, for the what-if
 * year: the clear-sky model at the site's location, scaled per calendar month by how far real
 * weather fell short of a clear sky — measured on the site's own panels where it has them (its
 * `pv` quarters against its groups' clear-sky production), otherwise the typical Belgian yield
 * (`typicalBelgianYield`) against the same clear sky.
 *
 * The clear sky is computed on the hour and interpolated for the quarters between: a year of
 * sun positions per quarter took longer than the whole what-if may (100 ms), and a monthly
 * scale does not need the sun's minute.
 */
import { localDayOf, type LocalMonth, QUARTER_MS, slotStartMs } from "../energy/calendar.ts";
import { type DayBucket, Quality } from "../energy/day_bucket.ts";
import {
  type PanelOrientation,
  typicalBelgianYield,
  type YieldKWhPerKWp,
} from "../views/what_if.ts";
import { CLEAR_SKY_AIR_TEMP_C, clearSkyPoaForSunWm2 } from "./clear_sky_power.ts";
import { groupAcPowerW } from "./pv_power.ts";
import { sunPosition } from "./sun_position.ts";
import { plane } from "./transposition.ts";
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

const HOUR_MS = 3_600_000;
const DEG = Math.PI / 180;
/** Hours kept either side of the first one asked for: a stored year and a bit. */
const SPAN_HOURS = 24 * 800;

/**
 * `fn` of whole hours, computed once each: in a table around the first hour asked for (a year's
 * replay asks 35,040 times), directly outside it.
 */
function perHour<T>(fn: (hourMs: number) => T): (hourMs: number) => T {
  let base = NaN;
  // Allocated whole: an array filled at scattered indices would fall back to a slow dictionary.
  const table: (T | undefined)[] = new Array(SPAN_HOURS).fill(undefined);
  return (hourMs) => {
    if (Number.isNaN(base)) base = hourMs / HOUR_MS - SPAN_HOURS / 2;
    const i = hourMs / HOUR_MS - base;
    if (i < 0 || i >= SPAN_HOURS) return fn(hourMs);
    let v = table[i];
    if (v === undefined) table[i] = v = fn(hourMs);
    return v;
  };
}

/** `fn` computed on the hour, and linearly between hours. */
function hourly(fn: (ms: number) => number): (ms: number) => number {
  const at = perHour(fn);
  return (ms) => {
    const hourMs = Math.floor(ms / HOUR_MS) * HOUR_MS;
    const a = at(hourMs);
    return a + (at(hourMs + HOUR_MS) - a) * ((ms - hourMs) / HOUR_MS);
  };
}

/** The local month of an instant (Brussels changes its offset on whole hours only). */
const monthOfHour = perHour((hourMs) => localDayOf(hourMs).slice(0, 7) as LocalMonth);
const monthOf = (ms: number) => monthOfHour(Math.floor(ms / HOUR_MS) * HOUR_MS);

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
  // The sun once per hour, shared by every orientation.
  const sunAt = perHour((hourMs) => {
    const sun = sunPosition(at, hourMs);
    return { cosZ: Math.sin(sun.elevationDeg * DEG), azimuthRad: sun.azimuthDeg * DEG };
  });
  const clearW = (group: PanelGroup) => {
    const p = plane(group.tiltDeg, group.azimuthDeg);
    return (hourMs: number) => {
      const sun = sunAt(hourMs);
      const poa = clearSkyPoaForSunWm2(p, sun.cosZ, sun.azimuthRad, hourMs);
      return groupAcPowerW(group, poa, CLEAR_SKY_AIR_TEMP_C);
    };
  };
  const measured = new Map<LocalMonth, { kWh: number; clearKWh: number; quarters: number }>();
  if (groups.length > 0) {
    const perGroup = groups.map(clearW);
    const siteClearW = hourly((ms) => perGroup.reduce((w, fn) => w + fn(ms), 0));
    for (const bucket of pv) {
      if (bucket.slotMinutes !== 15) continue;
      const month = bucket.day.slice(0, 7) as LocalMonth;
      const m = measured.get(month) ?? { kWh: 0, clearKWh: 0, quarters: 0 };
      for (let i = 0; i < bucket.imported.length; i++) {
        const kWh = bucket.imported[i];
        if (kWh === null || bucket.quality[i] < Quality.estimated) continue;
        const slotMs = slotStartMs(bucket.day, i);
        m.kWh += kWh;
        m.clearKWh += siteClearW(slotMs + QUARTER_MS / 2) / 4000;
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
  // One kWp's clear-sky power per orientation, on the hour.
  const clear = new Map<string, (ms: number) => number>();
  let last: { o: PanelOrientation; fn: (ms: number) => number } | null = null;
  const clearOf = (o: PanelOrientation) => {
    // The replay asks for one orientation 35,040 times in a row: no key to build each time.
    if (last?.o === o) return last.fn;
    const key = `${o.azimuthDeg}|${o.tiltDeg}`;
    let fn = clear.get(key);
    if (!fn) clear.set(key, fn = hourly(clearW(onePeakKW(o))));
    last = { o, fn };
    return fn;
  };
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
      for (let t = first; t < next; t += QUARTER_MS) {
        yieldKWh += typicalBelgianYield(t, SOUTH_35);
        clearKWh += clearOf(SOUTH_35)(t + QUARTER_MS / 2) / 4000;
      }
      r = clearKWh > 0 ? yieldKWh / clearKWh : 0;
      typical.set(month, r);
    }
    return r;
  };
  return {
    measuredMonths: measuredMonths.sort(),
    yieldKWhPerKWp: (quarterStartMs, orientation) => {
      const month = monthOf(quarterStartMs);
      const ratio = ratios.get(month) ?? typicalRatio(month);
      return clearOf(orientation)(quarterStartMs + QUARTER_MS / 2) / 4000 * ratio;
    },
  };
}
