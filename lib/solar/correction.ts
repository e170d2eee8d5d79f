/**
 * A learned correction of the forecast per hour of the day, and P10/P50/P90 bands from the
 * spread of past errors.
 *
 * - Input: per day, the forecast and the measured production per UTC hour (kWh). UTC hours,
 *   not Brussels clock hours: they stay put relative to the sun across the DST changes, which
 *   is what a shading or orientation error follows.
 * - A day counts only with at least MIN_DAY_KWH = 0.5 kWh both measured and forecast (evcc's
 *   "solar adjusted" uses the same 0.5 kWh floor before it scales, reference §B); an hour of it
 *   counts only when its forecast is at least MIN_HOUR_SHARE = 5 % of the day's forecast
 *   (dawn and dusk ratios of tiny numbers say nothing).
 * - Per hour the ratio measured ÷ forecast (clamped to 0–3) of every counted day; P50 is its
 *   median, P10 and P90 its empirical 10th and 90th percentiles (linear interpolation between
 *   order statistics, "type 7"). With fewer than MIN_SAMPLES = 5 ratios in an hour the ratios of
 *   all hours together are used; with fewer than that in all, the DEFAULT_BAND: P50 = 1 (the
 *   forecast as is), P10 = 0.6, P90 = 1.25 — our own wide default for a day-ahead irradiance
 *   forecast in a cloudy climate (not a published figure), narrowed as soon as history exists.
 * - Per group where a group's production is measured separately, else for the site: the caller
 *   passes that group's or the site's days.
 */

export const MIN_DAY_KWH = 0.5;
export const MIN_HOUR_SHARE = 0.05;
export const MIN_SAMPLES = 5;
export const DEFAULT_BAND = { p10: 0.6, p50: 1, p90: 1.25 } as const;

export interface HourlyDay {
  /** Brussels day, for messages. */
  day: string;
  /** 24 values by UTC hour of the day, kWh. */
  forecastKWh: ArrayLike<number>;
  measuredKWh: ArrayLike<number>;
}

export interface Band {
  p10: number;
  p50: number;
  p90: number;
}

export interface HourBand extends Band {
  /** How many ratios it was learned from (0 = the default band). */
  samples: number;
  /** "hour": from this hour's own history; "pooled": all hours; "default". */
  basis: "hour" | "pooled" | "default";
}

export interface LearnedCorrection {
  daysUsed: number;
  hours: HourBand[];
}

/** Empirical quantile, linear between order statistics (R type 7), of sorted values. */
export function quantile(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

const sum = (a: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return s;
};

function bandOf(ratios: number[]): Band {
  const sorted = [...ratios].sort((a, b) => a - b);
  return { p10: quantile(sorted, 0.1), p50: quantile(sorted, 0.5), p90: quantile(sorted, 0.9) };
}

export function learnCorrection(days: readonly HourlyDay[]): LearnedCorrection {
  const perHour: number[][] = Array.from({ length: 24 }, () => []);
  let daysUsed = 0;
  for (const d of days) {
    const forecastDay = sum(d.forecastKWh);
    if (forecastDay < MIN_DAY_KWH || sum(d.measuredKWh) < MIN_DAY_KWH) continue;
    daysUsed++;
    for (let h = 0; h < 24; h++) {
      const f = d.forecastKWh[h] ?? 0;
      if (f < MIN_HOUR_SHARE * forecastDay) continue;
      perHour[h].push(Math.min(3, Math.max(0, (d.measuredKWh[h] ?? 0) / f)));
    }
  }
  const pooled = perHour.flat();
  const pooledBand = pooled.length >= MIN_SAMPLES ? bandOf(pooled) : null;
  const hours = perHour.map((ratios): HourBand => {
    if (ratios.length >= MIN_SAMPLES) {
      return { ...bandOf(ratios), samples: ratios.length, basis: "hour" };
    }
    if (pooledBand) return { ...pooledBand, samples: pooled.length, basis: "pooled" };
    return { ...DEFAULT_BAND, samples: 0, basis: "default" };
  });
  return { daysUsed, hours };
}

export interface BandedForecast {
  startMs: number;
  slotCount: number;
  p10KWh: Float64Array;
  p50KWh: Float64Array;
  p90KWh: Float64Array;
}

/**
 * Applies a correction to a quarter-hour forecast (kWh per quarter from `startMs`). Summing
 * per-quarter P10s (or P90s) over a day assumes the errors of one day move together, as cloud
 * errors mostly do: a wide, cautious band.
 */
export function applyCorrection(
  startMs: number,
  totalKWh: ArrayLike<number>,
  correction: LearnedCorrection,
): BandedForecast {
  const n = totalKWh.length;
  const p10KWh = new Float64Array(n);
  const p50KWh = new Float64Array(n);
  const p90KWh = new Float64Array(n);
  for (let q = 0; q < n; q++) {
    const hour = new Date(startMs + q * 900_000).getUTCHours();
    const b = correction.hours[hour];
    p10KWh[q] = totalKWh[q] * b.p10;
    p50KWh[q] = totalKWh[q] * b.p50;
    p90KWh[q] = totalKWh[q] * b.p90;
  }
  return { startMs, slotCount: n, p10KWh, p50KWh, p90KWh };
}

/** Sums a forecast's quarters per UTC hour for each Brussels day given by [startMs, endMs). */
export function hourlyKWh(startMs: number, kWh: ArrayLike<number>, fromMs: number, toMs: number) {
  const out = new Float64Array(24);
  for (let q = 0; q < kWh.length; q++) {
    const t = startMs + q * 900_000;
    if (t < fromMs || t >= toMs) continue;
    out[new Date(t).getUTCHours()] += kWh[q];
  }
  return out;
}
