/**
 * Chart axis ticks in the user's locale: each with the decimals it needs and no more (`1`, not
 * `1,000`, for one kWh; `0,5` beside it), the decimal comma in Dutch and French, a point in
 * English. A value axis whose two sides are told in words (above zero: taken from the grid)
 * shows magnitudes only.
 */
import { formatNumber } from "./format.ts";
import type { Locale } from "./messages.ts";

/** The fewest decimals (at most `max`) that show `value` exactly. */
export function tickDecimals(value: number, max = 3): number {
  for (let decimals = 0; decimals < max; decimals++) {
    const scaled = value * 10 ** decimals;
    // Float noise (0.30000000000000004, Chart.js's steps) is not a decimal of its own.
    if (Math.abs(scaled - Math.round(scaled)) < 1e-6 * 10 ** decimals) return decimals;
  }
  return max;
}

/**
 * One tick's label. `unsigned`: the magnitude, for an axis whose two sides are named in words;
 * `suffix`: a unit on every tick (`" %"`).
 */
export function formatAxisTick(
  locale: Locale,
  value: number,
  options: { unsigned?: boolean; suffix?: string } = {},
): string {
  const shown = options.unsigned ? Math.abs(value) : value;
  // Rounded to the three decimals shown at most; what rounds to zero is "0", never "-0".
  const rounded = Math.round(shown * 1000) / 1000 || 0;
  return `${formatNumber(locale, rounded, tickDecimals(rounded))}${options.suffix ?? ""}`;
}
