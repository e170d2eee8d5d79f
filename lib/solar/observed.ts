/**
 * What the panels should have made under the weather that was observed, and whether the sky was
 * clear then: the expectation fault detection judges measured production against
 * (`lib/solar/faults.ts` through `productionQuarters`).
 */
import { haurwitzGhiWm2 } from "./clear_sky.ts";
import { forecastProduction } from "./forecast.ts";
import { QUARTER_MS } from "../energy/calendar.ts";
import type { IrradianceSeries } from "./irradiance.ts";
import type { SolarSetup } from "./solar_setup.ts";
import { sunSeries } from "./sun_position.ts";

/** Below this sun height (cos z ≈ sin 6°) the clear-sky index says nothing: never "clear". */
const MIN_COS_ZENITH = 0.1;

export interface ObservedExpectation {
  /** Expected AC power of all groups at an instant, W (0 outside the weather's span). */
  expectedW: (instantMs: number) => number;
  /** Observed GHI ÷ clear-sky GHI (Haurwitz) at an instant; 0 when unknown or the sun is low. */
  clearIndex: (instantMs: number) => number;
  /** The groups' AC limits together, when every group has one (clipping is then known). */
  acLimitW?: number;
}

export function observedExpectation(
  setup: SolarSetup,
  weather: IrradianceSeries,
): ObservedExpectation {
  if (!setup.location) throw new Error("the solar setup has no location");
  const forecast = forecastProduction(setup, weather);
  const n = weather.startMs.length;
  const startMs = n === 0 ? 0 : weather.startMs[0];
  const per = weather.intervalMinutes / 15;
  const count = forecast.slotCount;
  // The observed GHI per quarter, each interval's mean, beside the clear sky at the quarter.
  const ghi = new Float64Array(count).fill(NaN);
  for (let i = 0; i < n; i++) {
    const q0 = Math.round((weather.startMs[i] - startMs) / QUARTER_MS);
    for (let k = 0; k < per && q0 + k < count; k++) ghi[q0 + k] = Math.max(0, weather.ghiWm2[i]);
  }
  const sun = sunSeries(setup.location, startMs + QUARTER_MS / 2, count, QUARTER_MS);
  const index = new Float64Array(count);
  for (let q = 0; q < count; q++) {
    const cosZ = sun.cosZenith[q];
    if (cosZ < MIN_COS_ZENITH || Number.isNaN(ghi[q])) continue;
    // Hourly data spread an hour's GHI over its quarters, so the index is the hour's.
    index[q] = ghi[q] / haurwitzGhiWm2(cosZ);
  }
  const at = (instantMs: number) => Math.floor((instantMs - forecast.startMs) / QUARTER_MS);
  const limits = setup.groups.map((g) => g.inverterAcLimitW);
  return {
    expectedW: (instantMs) => {
      const q = at(instantMs);
      return q >= 0 && q < count ? forecast.totalKWh[q] * 4000 : 0;
    },
    clearIndex: (instantMs) => {
      const q = at(instantMs);
      return q >= 0 && q < count ? index[q] : 0;
    },
    acLimitW: limits.every((l) => l !== undefined)
      ? limits.reduce((sum: number, l) => sum + l!, 0)
      : undefined,
  };
}
