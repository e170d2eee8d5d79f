/**
 * How much the sun is expected to put into the battery before the day's dearest slot still to
 * come: the `cheapest` mode charges from the grid for that slot, and a battery the sun will fill
 * first is not worth charging from the grid at all.
 *
 * Cautious on both sides: the production is the forecast's P10 (nine days in ten the sun gives
 * more) and the house's use is its busy-day expectation (`house_profile.ts`), so the grid charge
 * is skipped only when the sun fills the battery even on a dull, busy day.
 *
 * Times are quarter-aligned UTC instants; the production series is contiguous quarters.
 */
import { type LocalDay, QUARTER_MS, slotStartMs } from "../energy/calendar.ts";

/** A quarter-hour series: values at interval starts (UTC epoch ms), 15 minutes each. */
export interface QuarterSeries {
  startMs: number[];
  w: number[];
}

/**
 * How far the sun gets ahead of the house between `fromMs` and `untilMs` (kWh): the highest the
 * running sum of production minus the house's expected use reaches, quarter by quarter (the
 * running quarter for the part still to come). A battery with less room than that is filled by
 * the sun before `untilMs` — the house's use in the dark before the sun (which the battery
 * covers, so its room grows) is counted against it. Quarters the forecast does not cover
 * produce nothing; `null` when the house's use of a quarter is not known yet (no guess is safe).
 */
export function solarSurplusKWh(
  production: QuarterSeries,
  houseW: (startMs: number) => number | null,
  fromMs: number,
  untilMs: number,
): number | null {
  const first = production.startMs[0] ?? 0;
  let running = 0;
  let best = 0;
  for (
    let start = Math.floor(fromMs / QUARTER_MS) * QUARTER_MS;
    start < untilMs;
    start += QUARTER_MS
  ) {
    const from = Math.max(start, fromMs);
    const until = Math.min(start + QUARTER_MS, untilMs);
    const house = houseW(start);
    if (house === null) return null;
    const i = (start - first) / QUARTER_MS;
    const pvW = production.startMs[i] === start ? production.w[i] : 0;
    running += (pvW - house) * (until - from) / 3_600_000 / 1000;
    if (running > best) best = running;
  }
  return best;
}

/**
 * The instant the dearest slot of the day still to come starts (its first one when several
 * share the price), or `null` when no slot is still to come.
 */
export function dearestSlotStartMs(
  dayPrices: (number | null)[],
  slotStartsMs: number[],
  nowMs: number,
): number | null {
  let best: number | null = null;
  let bestPrice = -Infinity;
  for (let i = 0; i < dayPrices.length; i++) {
    const price = dayPrices[i];
    if (price === null || slotStartsMs[i] <= nowMs) continue;
    if (price > bestPrice) [best, bestPrice] = [slotStartsMs[i], price];
  }
  return best;
}

/** A day of prices as the gateway keeps them: one value per slot of `slotMinutes` from midnight. */
export interface DayPrices {
  day: LocalDay;
  slotMinutes: number;
  eurPerMWh: (number | null)[];
}

/**
 * How far the sun gets ahead of the house from now until the dearest slot of the day still to
 * come (kWh, `solarSurplusKWh`): the `cheapest` mode's `solarBeforeDearestKWh`. `null` without a
 * forecast, without a slot still to come, or while the house's use is not known yet.
 */
export function solarBeforeDearestKWh(
  nowMs: number,
  prices: DayPrices,
  production: QuarterSeries | null,
  houseW: (startMs: number) => number | null,
): number | null {
  if (!production) return null;
  const starts = prices.eurPerMWh.map((_, i) => slotStartMs(prices.day, i, prices.slotMinutes));
  const dearestMs = dearestSlotStartMs(prices.eurPerMWh, starts, nowMs);
  if (dearestMs === null) return null;
  return solarSurplusKWh(production, houseW, nowMs, dearestMs);
}
