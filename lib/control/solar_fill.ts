/**
 * How much the sun is expected to put into the battery before the day's dearest slot still to
 * come: the `cheapest` mode charges from the grid for that slot, and a battery the sun will fill
 * first is not worth charging from the grid at all.
 *
 * Cautious on both sides: the production is the forecast's P10 (nine days in ten the sun gives
 * more) and the house's use is its busy-day expectation (`house_profile.ts`), so the grid charge
 * is skipped only when the sun fills the battery even on a dull, busy day.
 */
import { type LocalDay, slotStartMs } from "../energy/calendar.ts";

/** A quarter-hour series: values at interval starts (UTC epoch ms), 15 minutes each. */
export interface QuarterSeries {
  startMs: number[];
  w: number[];
}

const QUARTER_MS = 15 * 60_000;

/**
 * The surplus (kWh) the battery can take between `fromMs` and `untilMs`: per quarter the
 * production above the house's expected use, summed; the running quarter counts for the part
 * still to come. Quarters the forecast does not cover count as nothing.
 */
export function solarSurplusKWh(
  production: QuarterSeries,
  houseW: (startMs: number) => number | null,
  fromMs: number,
  untilMs: number,
): number {
  let kWh = 0;
  for (let i = 0; i < production.startMs.length; i++) {
    const start = production.startMs[i];
    const end = start + QUARTER_MS;
    const from = Math.max(start, fromMs);
    const until = Math.min(end, untilMs);
    if (until <= from) continue;
    const house = houseW(start);
    // No expectation of the house yet: no room counted on (the sun may all go to the house).
    if (house === null) continue;
    const surplusW = production.w[i] - house;
    if (surplusW > 0) kWh += surplusW * (until - from) / 3_600_000 / 1000;
  }
  return kWh;
}

/**
 * The instant the dearest slot of the day still to come starts (its first one when several
 * share the price), or `null` when no later slot is dearer than the one now.
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
 * The sun's expected surplus (kWh) from now until the dearest slot of the day still to come:
 * what the `cheapest` mode's `solarBeforeDearestKWh` is. `null` without a forecast, or when no
 * later slot is dearer (nothing to charge for).
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
