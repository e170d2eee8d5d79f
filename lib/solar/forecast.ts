/**
 * The weather-based production forecast: a provider's irradiance for the site, transposed onto
 * every panel group (Hay–Davies) and turned into AC power (pv_power.ts), per quarter-hour.
 *
 * - Quarter-hours on fixed UTC quarters (which are Brussels quarters too). Sun positions are
 *   computed once per quarter, at its middle, for all groups; per group only typed arrays.
 * - Hourly input (when a provider has no 15-minute data) is split into quarters shaped by the
 *   clear-sky curve: quarter q of an hour gets GHI_h · 4·cs_q / Σcs (cs = Haurwitz GHI at the
 *   quarter's middle), the same weights for DNI and DHI, so the hour's energy is kept and none
 *   falls before sunrise. Without sun in the whole hour the four quarters get the hour's mean.
 * - Beam only counts with the sun above the horizon; negative inputs were clamped by the
 *   provider and are clamped again here.
 */
import { QUARTER_MS } from "../energy/calendar.ts";
import type { IrradianceSeries } from "./irradiance.ts";
import { groupPeakW, type SolarSetup } from "./solar_setup.ts";
import { sunSeries } from "./sun_position.ts";
import { extraterrestrialWm2, haurwitzGhiWm2 } from "./clear_sky.ts";
import { hayDavies, plane } from "./transposition.ts";
import { acPowerW } from "./pv_power.ts";

export interface ProductionForecast {
  /** Start of the first quarter, UTC epoch ms. */
  startMs: number;
  slotCount: number;
  groupIds: string[];
  /** Per group (same order as groupIds), mean AC power per quarter, W. */
  groupW: Float64Array[];
  /** All groups together, kWh per quarter. */
  totalKWh: Float64Array;
}

/** The weather per quarter, on the horizontal plane. */
interface QuarterWeather {
  startMs: number;
  count: number;
  ghi: Float64Array;
  dni: Float64Array;
  dhi: Float64Array;
  tempC: Float64Array;
  cosZ: Float64Array;
  sunAz: Float64Array;
}

function toQuarters(
  setup: SolarSetup & { location: NonNullable<SolarSetup["location"]> },
  s: IrradianceSeries,
): QuarterWeather {
  const per = s.intervalMinutes / 15;
  if (per !== 1 && per !== 4) throw new Error(`unsupported interval ${s.intervalMinutes} min`);
  const n = s.startMs.length;
  const startMs = n === 0 ? 0 : s.startMs[0];
  // Quarters cover [first start, last start + interval), gaps between intervals stay at 0.
  const count = n === 0 ? 0 : Math.round((s.startMs[n - 1] - startMs) / QUARTER_MS) + per;
  const sun = sunSeries(setup.location, startMs + QUARTER_MS / 2, count, QUARTER_MS);
  const w: QuarterWeather = {
    startMs,
    count,
    ghi: new Float64Array(count),
    dni: new Float64Array(count),
    dhi: new Float64Array(count),
    tempC: new Float64Array(count),
    cosZ: sun.cosZenith,
    sunAz: sun.azimuthRad,
  };
  for (let i = 0; i < n; i++) {
    const q0 = Math.round((s.startMs[i] - startMs) / QUARTER_MS);
    let csSum = 0;
    for (let k = 0; k < per; k++) csSum += haurwitzGhiWm2(sun.cosZenith[q0 + k]);
    for (let k = 0; k < per; k++) {
      const weight = per === 1 || csSum <= 0
        ? 1
        : (per * haurwitzGhiWm2(sun.cosZenith[q0 + k])) / csSum;
      w.ghi[q0 + k] = Math.max(0, s.ghiWm2[i]) * weight;
      w.dni[q0 + k] = Math.max(0, s.dniWm2[i]) * weight;
      w.dhi[q0 + k] = Math.max(0, s.dhiWm2[i]) * weight;
      w.tempC[q0 + k] = s.airTempC[i];
    }
  }
  return w;
}

/** Quarter-hour production of every group of a setup from a provider's irradiance series. */
export function forecastProduction(
  setup: SolarSetup,
  series: IrradianceSeries,
): ProductionForecast {
  if (!setup.location) throw new Error("the solar setup has no location");
  const w = toQuarters(setup as SolarSetup & { location: SolarSetup["location"] & object }, series);
  const i0 = new Float64Array(w.count);
  for (let q = 0; q < w.count; q++) i0[q] = extraterrestrialWm2(w.startMs + q * QUARTER_MS);
  const totalKWh = new Float64Array(w.count);
  const groupW: Float64Array[] = [];
  for (const group of setup.groups) {
    const p = plane(group.tiltDeg, group.azimuthDeg);
    const peakW = groupPeakW(group);
    const limitW = group.inverterAcLimitW ?? Infinity;
    const out = new Float64Array(w.count);
    for (let q = 0; q < w.count; q++) {
      const ghi = w.ghi[q];
      if (ghi <= 0 && w.dhi[q] <= 0) continue;
      const dni = w.cosZ[q] > 0 ? w.dni[q] : 0;
      const poa = hayDavies(p, w.cosZ[q], w.sunAz[q], ghi, dni, w.dhi[q], i0[q]);
      const watts = acPowerW(peakW, limitW, poa, w.tempC[q]);
      out[q] = watts;
      totalKWh[q] += watts / 4000;
    }
    groupW.push(out);
  }
  return {
    startMs: w.startMs,
    slotCount: w.count,
    groupIds: setup.groups.map((g) => g.id),
    groupW,
    totalKWh,
  };
}
