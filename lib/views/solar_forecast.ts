/**
 * What the home screen and the history show of the solar forecast: today's remaining and
 * tomorrow's expected production (P50, with the P10–P90 range), and the band per chart bar.
 * Days are Brussels days; the forecast's quarters are UTC instants.
 */
import { addDays, dayStartMs, type LocalDay, localDayOf, QUARTER_MS } from "../energy/calendar.ts";
import type { BandedForecast } from "../solar/correction.ts";

export interface ForecastRange {
  p10KWh: number;
  p50KWh: number;
  p90KWh: number;
}

export interface SolarForecastView {
  /** From now to the end of today; `null` when the forecast does not reach today's end. */
  todayRemaining: ForecastRange | null;
  /** The whole of tomorrow; `null` when the forecast does not cover it. */
  tomorrow: ForecastRange | null;
  today: LocalDay;
  tomorrowDay: LocalDay;
}

/** Sum of the forecast over [fromMs, toMs), a quarter cut by the bounds counted pro rata. */
function rangeBetween(f: BandedForecast, fromMs: number, toMs: number): ForecastRange {
  const r = { p10KWh: 0, p50KWh: 0, p90KWh: 0 };
  for (let q = 0; q < f.slotCount; q++) {
    const start = f.startMs + q * QUARTER_MS;
    const share = (Math.min(toMs, start + QUARTER_MS) - Math.max(fromMs, start)) / QUARTER_MS;
    if (share <= 0) continue;
    r.p10KWh += f.p10KWh[q] * share;
    r.p50KWh += f.p50KWh[q] * share;
    r.p90KWh += f.p90KWh[q] * share;
  }
  return r;
}

/** Whether the forecast has every quarter of [fromMs, toMs) but the last hour's (night). */
function covers(f: BandedForecast, fromMs: number, toMs: number): boolean {
  const endMs = f.startMs + f.slotCount * QUARTER_MS;
  return f.startMs <= fromMs + 3_600_000 && endMs >= toMs - 3_600_000;
}

export function solarForecastView(f: BandedForecast, nowMs: number): SolarForecastView {
  const today = localDayOf(nowMs);
  const tomorrowDay = addDays(today, 1);
  const todayEnd = dayStartMs(tomorrowDay);
  const tomorrowEnd = dayStartMs(addDays(today, 2));
  return {
    today,
    tomorrowDay,
    todayRemaining: covers(f, nowMs, todayEnd) ? rangeBetween(f, nowMs, todayEnd) : null,
    tomorrow: covers(f, todayEnd, tomorrowEnd) ? rangeBetween(f, todayEnd, tomorrowEnd) : null,
  };
}

export interface ForecastBand {
  /** Per bar, `null` where the forecast does not reach. */
  p10KWh: (number | null)[];
  p50KWh: (number | null)[];
  p90KWh: (number | null)[];
  /** The period's total where every bar has a forecast, else over the bars that do. */
  total: ForecastRange;
}

/**
 * The band behind a chart's bars: each bar [startMs, startMs + barMs) summed from the forecast;
 * `null` when no bar of the period lies in the forecast.
 */
export function forecastBand(
  f: BandedForecast,
  bars: readonly { startMs: number | null }[],
  barMs: number,
): ForecastBand | null {
  const endMs = f.startMs + f.slotCount * QUARTER_MS;
  const band: ForecastBand = {
    p10KWh: [],
    p50KWh: [],
    p90KWh: [],
    total: { p10KWh: 0, p50KWh: 0, p90KWh: 0 },
  };
  let any = false;
  for (const bar of bars) {
    const start = bar.startMs;
    if (start === null || start + barMs <= f.startMs || start >= endMs) {
      band.p10KWh.push(null);
      band.p50KWh.push(null);
      band.p90KWh.push(null);
      continue;
    }
    any = true;
    const r = rangeBetween(f, start, start + barMs);
    band.p10KWh.push(r.p10KWh);
    band.p50KWh.push(r.p50KWh);
    band.p90KWh.push(r.p90KWh);
    band.total.p10KWh += r.p10KWh;
    band.total.p50KWh += r.p50KWh;
    band.total.p90KWh += r.p90KWh;
  }
  return any ? band : null;
}
