/**
 * The running quarter-hour of the Flemish capacity tariff, live. The meter's `1-0:1.4.0` is a
 * DLMS demand register's current average: energy imported since the quarter began divided by the
 * whole 15 minutes, so it climbs through the quarter and ends at the quarter's value.
 */

export const QUARTER_SECONDS = 900;

export interface QuarterProjection {
  /** Seconds since the fixed quarter began (Brussels quarters align with UTC quarters). */
  elapsedS: number;
  remainingS: number;
  /** The quarter's average so far, as the meter reports it. */
  currentAverageKW: number;
  /** Where the quarter ends if the present import power holds until its end. */
  projectedKW: number;
}

/**
 * Projects the running quarter: what it has (1.4.0) plus the present import for the time left.
 * `meterTimeMs` is the telegram's instant; `importKW` the present import (export counts as 0).
 */
export function projectQuarter(
  meterTimeMs: number,
  currentAverageKW: number,
  importKW: number,
): QuarterProjection {
  const elapsedS = Math.floor(
    (((meterTimeMs / 1000) % QUARTER_SECONDS) + QUARTER_SECONDS) % QUARTER_SECONDS,
  );
  const remainingS = QUARTER_SECONDS - elapsedS;
  const projectedKW = currentAverageKW + Math.max(importKW, 0) * (remainingS / QUARTER_SECONDS);
  return { elapsedS, remainingS, currentAverageKW, projectedKW };
}

/** Each month counts as at least 2.5 kW for the capacity tariff (Flanders, since 2023). */
export const MINIMUM_MONTH_PEAK_KW = 2.5;
