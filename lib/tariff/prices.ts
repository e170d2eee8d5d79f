/**
 * Day-ahead prices stored per local day: one slot per quarter-hour (since 1 Oct 2025) or per
 * hour (before), in €/MWh as the market publishes them; `null` where no price is known.
 */
import { z } from "zod";
import { type LocalDay, slotOf, slotsInDay } from "../energy/calendar.ts";

export const PriceDayModel = z.object({
  id: z.string().min(1).max(40),
  /** Bidding zone, `BE`. */
  zone: z.string().min(1).max(10),
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  slotMinutes: z.union([z.literal(15), z.literal(60)]),
  eurPerMWh: z.array(z.number().min(-10_000).max(100_000).nullable()).min(23).max(100),
  source: z.enum(["entsoe", "csv"]),
  // The range the stored schema gives it (lib/db/models.ts).
  updatedAt: z.number().int().min(0).max(1e15),
});
export type PriceDay = z.infer<typeof PriceDayModel>;

export interface PricePoint {
  startMs: number;
  minutes: 15 | 60;
  eurPerMWh: number;
}

export function priceDayId(zone: string, day: LocalDay): string {
  return `${zone}|${day}`;
}

/**
 * Points grouped into days. Where a day has both hourly and quarter-hour points, the quarter-hours
 * win: they are what the market cleared since 1 October 2025.
 */
export function pricesToDays(
  points: PricePoint[],
  source: PriceDay["source"],
  nowMs = Date.now(),
  zone = "BE",
): PriceDay[] {
  const days = new Map<LocalDay, PriceDay>();
  for (const minutes of [60, 15] as const) {
    for (const point of points) {
      if (point.minutes !== minutes) continue;
      const { day, slot } = slotOf(point.startMs, minutes);
      let priceDay = days.get(day);
      if (priceDay === undefined || priceDay.slotMinutes !== minutes) {
        priceDay = {
          id: priceDayId(zone, day),
          zone,
          day,
          slotMinutes: minutes,
          eurPerMWh: new Array(slotsInDay(day, minutes)).fill(null),
          source,
          updatedAt: nowMs,
        };
        days.set(day, priceDay);
      }
      priceDay.eurPerMWh[slot] = point.eurPerMWh;
    }
  }
  return [...days.values()].sort((a, b) => (a.day < b.day ? -1 : 1));
}

/** The spot price of quarter `slot` of the day, in €/kWh, or `null`. */
export function quarterSpotEurPerKWh(prices: PriceDay, slot: number): number | null {
  const mwh = prices.slotMinutes === 15 ? prices.eurPerMWh[slot] : prices.eurPerMWh[slot >> 2];
  return mwh === null || mwh === undefined ? null : mwh / 1000;
}

/** The average spot price of the hour that quarter `slot` is in, in €/kWh, or `null`. */
export function hourSpotEurPerKWh(prices: PriceDay, slot: number): number | null {
  if (prices.slotMinutes === 60) return quarterSpotEurPerKWh(prices, slot);
  const first = slot - (slot % 4);
  let sum = 0;
  for (let i = first; i < first + 4; i++) {
    const mwh = prices.eurPerMWh[i];
    if (mwh === null || mwh === undefined) return null;
    sum += mwh;
  }
  return sum / 4000;
}

/** The `count` cheapest slots of a day (indexes, cheapest first); ties keep the earlier slot. */
export function cheapestSlots(prices: PriceDay, count: number): number[] {
  return prices.eurPerMWh
    .map((price, slot) => ({ price, slot }))
    .filter((p): p is { price: number; slot: number } => p.price !== null)
    .sort((a, b) => a.price - b.price || a.slot - b.slot)
    .slice(0, count)
    .map((p) => p.slot);
}
