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

/** A quarter counts into the profile only when samples covered this much of it (s). */
const QUARTER_COVERED_S = 720;
/** A gap between samples longer than this (s) is not counted into the quarter's average. */
const MAX_GAP_S = 60;

/**
 * Learns a profile from a stream of power samples (one per telegram): each quarter's average,
 * recorded once the quarter is over and samples covered most of it.
 */
export class ProfileLearner {
  #profile: HouseProfile;
  /** The running quarter: W·s and seconds counted, the last sample. */
  #quarter: { startMs: number; wattSeconds: number; seconds: number; lastMs: number } | null = null;

  constructor(profile: HouseProfile = {}) {
    this.#profile = profile;
  }

  get profile(): HouseProfile {
    return this.#profile;
  }

  /** Counts a sample in; answers the new profile when a quarter was just recorded. */
  push(nowMs: number, w: number): HouseProfile | null {
    const startMs = Math.floor(nowMs / 900_000) * 900_000;
    let recorded: HouseProfile | null = null;
    const q = this.#quarter;
    if (q && q.startMs !== startMs) {
      if (q.seconds >= QUARTER_COVERED_S) {
        this.#profile = recordQuarter(this.#profile, q.startMs, q.wattSeconds / q.seconds / 1000);
        recorded = this.#profile;
      }
      this.#quarter = null;
    }
    if (this.#quarter === null) {
      this.#quarter = { startMs, wattSeconds: 0, seconds: 0, lastMs: nowMs };
      return recorded;
    }
    const dtS = (nowMs - this.#quarter.lastMs) / 1000;
    if (dtS > 0 && dtS <= MAX_GAP_S) {
      this.#quarter.wattSeconds += w * dtS;
      this.#quarter.seconds += dtS;
    }
    this.#quarter.lastMs = nowMs;
    return recorded;
  }
}
