/**
 * A site's banded forecast from its setup, the provider's weather (past days included) and the
 * measured `pv` quarter-hours: the weather-based forecast of every day the weather covers, the
 * learned correction from the past days that have both, applied to all of it.
 *
 * A past day is compared only when its `pv` bucket is quarter-hourly and no quarter of it is
 * missing while the forecast expects production (a day half-recorded would teach a false loss).
 */
import { addDays, dayStartMs, type LocalDay, slotStartMs } from "../energy/calendar.ts";
import { type DayBucket, Quality } from "../energy/day_bucket.ts";
import type { IrradianceSeries } from "./irradiance.ts";
import type { SolarSetup } from "./solar_setup.ts";
import { forecastProduction, type ProductionForecast } from "./forecast.ts";
import { QUARTER_MS } from "../energy/calendar.ts";
import {
  applyCorrection,
  type BandedForecast,
  type HourlyDay,
  hourlyKWh,
  learnCorrection,
  type LearnedCorrection,
} from "./correction.ts";

/** Past days of the forecast with their measured production, per UTC hour. */
export function measuredDays(
  forecast: ProductionForecast,
  pv: ReadonlyMap<LocalDay, DayBucket>,
  days: readonly LocalDay[],
): HourlyDay[] {
  const out: HourlyDay[] = [];
  for (const day of days) {
    const bucket = pv.get(day);
    if (!bucket || bucket.slotMinutes !== 15) continue;
    const from = dayStartMs(day);
    const to = dayStartMs(addDays(day, 1));
    if (from < forecast.startMs || to > forecast.startMs + forecast.slotCount * QUARTER_MS) {
      continue;
    }
    const forecastKWh = hourlyKWh(forecast.startMs, forecast.totalKWh, from, to);
    const measuredKWh = new Float64Array(24);
    let usable = true;
    for (let i = 0; i < bucket.imported.length; i++) {
      const start = slotStartMs(day, i);
      const value = bucket.imported[i];
      const q = Math.round((start - forecast.startMs) / QUARTER_MS);
      // A partial quarter holds a lower bound only: as untrustworthy here as a missing one.
      if (value === null || bucket.quality[i] <= Quality.partial) {
        if (forecast.totalKWh[q] > 0) usable = false;
        continue;
      }
      measuredKWh[new Date(start).getUTCHours()] += value;
    }
    if (usable) out.push({ day, forecastKWh, measuredKWh });
  }
  return out;
}

export interface SiteForecast {
  forecast: ProductionForecast;
  banded: BandedForecast;
  correction: LearnedCorrection;
}

export function siteForecast(
  setup: SolarSetup,
  weather: IrradianceSeries,
  pv: ReadonlyMap<LocalDay, DayBucket>,
  pastDays: readonly LocalDay[],
): SiteForecast {
  const forecast = forecastProduction(setup, weather);
  const correction = learnCorrection(measuredDays(forecast, pv, pastDays));
  return {
    forecast,
    banded: applyCorrection(forecast.startMs, forecast.totalKWh, correction),
    correction,
  };
}
