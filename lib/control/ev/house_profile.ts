/**
 * The house's own load per quarter-hour of the day, learnt from its last two weeks: what the
 * departure plans count on and what the capacity budget looks ahead with in a quarter's last
 * minute. Per local day, the house's average (kW, without the cars) of each quarter-hour; the
 * expectation for a quarter is the 80th percentile of the same quarter of the day over the days
 * kept — a busy day rather than an average one, so a plan does not count on room a cooking
 * evening takes.
 */
import { z } from "zod";
import { addDays, type LocalDay, slotOf } from "../../energy/calendar.ts";

export const PROFILE_DAYS = 14;
/** Fewer days than this, and a quarter has no expectation yet. */
export const PROFILE_MIN_DAYS = 3;
const PERCENTILE = 0.8;

/** Per local day, the house's kW of each quarter-hour slot (`null`: not seen). */
export const HouseProfileModel = z.record(
  z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  z.array(z.number().min(-1000).max(1000).nullable()).max(100),
);
export type HouseProfile = Record<LocalDay, (number | null)[]>;

/** The profile with the quarter starting at `startMs` recorded, and days past two weeks dropped. */
export function recordQuarter(profile: HouseProfile, startMs: number, kW: number): HouseProfile {
  const { day, slot } = slotOf(startMs);
  const oldest = addDays(day, -PROFILE_DAYS);
  const next: HouseProfile = {};
  for (const [d, slots] of Object.entries(profile)) if (d >= oldest) next[d] = slots;
  const slots = [...(next[day] ?? [])];
  while (slots.length <= slot) slots.push(null);
  slots[slot] = Math.round(kW * 1000) / 1000;
  next[day] = slots;
  return next;
}

/** What the house is expected to take (kW) in the quarter starting at `startMs`, or `null`. */
export function expectedHouseKW(profile: HouseProfile, startMs: number): number | null {
  const { day, slot } = slotOf(startMs);
  const seen = Object.entries(profile)
    .filter(([d]) => d < day && d >= addDays(day, -PROFILE_DAYS))
    .map(([, slots]) => slots[slot])
    .filter((kW): kW is number => kW !== null && kW !== undefined)
    .sort((a, b) => a - b);
  if (seen.length < PROFILE_MIN_DAYS) return null;
  return seen[Math.min(Math.floor(seen.length * PERCENTILE), seen.length - 1)];
}
