/**
 * The household's standby (base) load: what the home draws when everyone sleeps — the fridge,
 * the router, devices on standby. Per night, the LOWEST quarter-hour of consumption between 01:00
 * and 05:00 local time (Europe/Brussels; 12 quarters on the spring DST night, 20 on the autumn
 * one), as W (kWh × 4). Consumption is import − export + production (pv, where measured)
 * − charged + discharged (the home battery's channel "battery": imported = charged, exported =
 * discharged, where recorded; a quarter whose battery figure is unknown is left out).
 *
 * Homes with a battery that is not recorded: on the nights the battery covers the base load,
 * the grid reads about 0 W, and a false "jump" would appear when it runs empty. A night without
 * battery data whose lowest quarter is below STANDBY_FLOOR_W = 20 W is therefore not taken as a
 * base load but left out (and counted, so the page can say so): a lived-in home never draws so
 * little over a whole quarter-hour — the internet modem and router alone take about 10 W, and
 * the fridge's and heating's electronics, doorbell, alarm and devices on standby come on top;
 * measured Belgian base loads are typically 100–300 W. Below 20 W something unmeasured covers
 * the use (a battery holding the grid at zero, or unmeasured production).
 *
 * From the nights: the level now (median of the last 14 nights), its trend (Theil–Sen, W per
 * month), what a year of it costs at the household's contract (the cost engine of `lib/tariff`
 * prices a day of it), and jumps: a change between the medians of the 7 nights before and the 7
 * from a night on, of at least 40 W and 20 % — one odd night (a dryer left running) moves no
 * median of seven.
 */
import { dayDistance, type LocalDay, localTimeOf, slotStartMs } from "./calendar.ts";
import { type DayBucket, emptyBucket, Quality } from "./day_bucket.ts";
import { median, theilSenSlope } from "./robust_stats.ts";
import { dayCost, tariffInForce } from "../tariff/cost.ts";
import type { TariffVersion } from "../tariff/contract.ts";
import type { PriceDay } from "../tariff/prices.ts";

export const NIGHT_FROM = "01:00";
export const NIGHT_TO = "05:00";
/** A night needs this many known quarters in its window to count. */
export const MIN_NIGHT_QUARTERS = 8;
export const LEVEL_NIGHTS = 14;
export const JUMP_WINDOW_NIGHTS = 7;
export const JUMP_MIN_W = 40;
export const JUMP_MIN_SHARE = 0.2;
/** Below this a night without battery data is not a base load (see above). */
export const STANDBY_FLOOR_W = 20;
const DAYS_PER_MONTH = 30.4375;

export interface StandbyNight {
  /** The local day the night's 01:00–05:00 falls on. */
  day: LocalDay;
  /** The lowest quarter of consumption in the window, as W. */
  baseW: number;
  /** Known quarters in the window. */
  quarters: number;
}

export interface StandbyJump {
  /** The first night at the new level. */
  day: LocalDay;
  /** Median of the 7 nights before, and of the 7 from `day` on. */
  fromW: number;
  toW: number;
}

export interface StandbyLoad {
  nights: StandbyNight[];
  /** Median of the last 14 nights; `null` without any night. */
  levelW: number | null;
  /** Theil–Sen slope over the nights, W per month; `null` with fewer than 14 nights. */
  trendWPerMonth: number | null;
  /** Jumps, oldest first. */
  jumps: StandbyJump[];
}

export interface StandbyNights {
  nights: StandbyNight[];
  /** Nights without battery data left out for a lowest quarter below STANDBY_FLOOR_W. */
  belowFloor: LocalDay[];
}

/** The nights of a site's quarter-hours (grid; pv and battery where present). */
export function standbyNights(
  grid: DayBucket[],
  pv: DayBucket[] = [],
  battery: DayBucket[] = [],
): StandbyNight[] {
  return standbyNightsOf(grid, pv, battery).nights;
}

/** The nights, and those left out below the floor (see the module's comment). */
export function standbyNightsOf(
  grid: DayBucket[],
  pv: DayBucket[] = [],
  battery: DayBucket[] = [],
): StandbyNights {
  const quarterly = (buckets: DayBucket[]) =>
    new Map(buckets.filter((b) => b.slotMinutes === 15).map((b) => [b.day, b]));
  const production = quarterly(pv);
  const stored = quarterly(battery);
  const nights: StandbyNight[] = [];
  const belowFloor: LocalDay[] = [];
  const days = grid.filter((b) => b.slotMinutes === 15).sort((a, b) => (a.day < b.day ? -1 : 1));
  for (const bucket of days) {
    const made = production.get(bucket.day);
    const held = stored.get(bucket.day);
    let lowestKWh = Infinity;
    let quarters = 0;
    for (let i = 0; i < bucket.imported.length; i++) {
      const time = localTimeOf(slotStartMs(bucket.day, i));
      if (time < NIGHT_FROM) continue;
      if (time >= NIGHT_TO) break;
      if (!known(bucket, i)) continue;
      if (held && !known(held, i)) continue;
      const producedKWh = made && known(made, i) ? made.imported[i]! : 0;
      const fromBatteryKWh = held ? (held.exported[i] ?? 0) - (held.imported[i] ?? 0) : 0;
      const usedKWh = (bucket.imported[i] ?? 0) - (bucket.exported[i] ?? 0) + producedKWh +
        fromBatteryKWh;
      quarters++;
      lowestKWh = Math.min(lowestKWh, usedKWh);
    }
    if (quarters < MIN_NIGHT_QUARTERS) continue;
    const baseW = Math.max(lowestKWh, 0) * 4000;
    if (!held && baseW < STANDBY_FLOOR_W) belowFloor.push(bucket.day);
    else nights.push({ day: bucket.day, baseW, quarters });
  }
  return { nights, belowFloor };
}

function known(bucket: DayBucket, i: number): boolean {
  const quality = bucket.quality[i];
  return quality !== Quality.missing && quality !== Quality.partial && bucket.imported[i] !== null;
}

/** Level, trend and jumps of the nights (oldest first). */
export function standbyLoad(nights: StandbyNight[]): StandbyLoad {
  const values = nights.map((n) => n.baseW);
  const levelW = nights.length === 0 ? null : median(values.slice(-LEVEL_NIGHTS));
  const trendWPerMonth = nights.length < LEVEL_NIGHTS ? null : theilSenSlope(
    nights.map((n) => dayDistance(nights[0].day, n.day)),
    values,
  ) * DAYS_PER_MONTH;
  return { nights, levelW, trendWPerMonth, jumps: findJumps(nights) };
}

function findJumps(nights: StandbyNight[]): StandbyJump[] {
  const w = JUMP_WINDOW_NIGHTS;
  const values = nights.map((n) => n.baseW);
  const medians = (k: number) => ({
    fromW: median(values.slice(Math.max(0, k - w), k)),
    toW: median(values.slice(k, k + w)),
  });
  // Splits (night k is the first after) where the medians of the 7 nights either side differ
  // enough. Neighbouring splits see the same change: one jump per run of them.
  const candidates: number[] = [];
  for (let k = w; k + w <= values.length; k++) {
    const { fromW, toW } = medians(k);
    const change = Math.abs(toW - fromW);
    if (change >= JUMP_MIN_W && change >= JUMP_MIN_SHARE * Math.min(fromW, toW)) {
      candidates.push(k);
    }
  }
  const jumps: StandbyJump[] = [];
  let run: number[] = [];
  const flush = () => {
    if (run.length === 0) return;
    // The new level is beyond the midpoint of the largest change; the jump is on the first
    // night at it that most of the next 7 nights share (an odd night alone is not followed).
    const largest = run.reduce((a, b) => {
      const ma = medians(a);
      const mb = medians(b);
      return Math.abs(mb.toW - mb.fromW) > Math.abs(ma.toW - ma.fromW) ? b : a;
    });
    const { fromW, toW } = medians(largest);
    const mid = (fromW + toW) / 2;
    const beyond = (v: number) => (toW > fromW ? v > mid : v < mid);
    let day = largest;
    for (let j = Math.max(run[0] - w, 1); j <= run[run.length - 1]; j++) {
      const next = values.slice(j, j + w);
      if (beyond(values[j]) && next.filter(beyond).length > w / 2) {
        day = j;
        break;
      }
    }
    jumps.push({ day: nights[day].day, ...medians(day) });
    run = [];
  };
  for (const k of candidates) {
    if (run.length > 0 && k !== run[run.length - 1] + 1) flush();
    run.push(k);
  }
  flush();
  return jumps;
}

/**
 * What a constant load of `levelW` costs in a year at the contract in force on `day`: one day of
 * it priced by the cost engine (per-kWh lines with VAT; no fees, which the home pays anyway, and
 * no capacity charge, which a base load does not raise), × 365. `registers`: the meter's day/night
 * register per quarter on such a day (from a stored bucket), so a day/night contract splits it as
 * the meter does. `null` without a tariff, or a dynamic one without that day's prices.
 */
export function standbyYearCost(
  levelW: number,
  day: LocalDay,
  versions: TariffVersion[],
  registers: DayBucket["register"] | null,
  prices: PriceDay | undefined,
): { yearKWh: number; yearEur: number | null } {
  const yearKWh = (levelW * 24 * 365) / 1000;
  const tariff = tariffInForce(versions, day);
  if (tariff === null) return { yearKWh, yearEur: null };
  const bucket = emptyBucket("standby", "grid", day);
  for (let i = 0; i < bucket.imported.length; i++) {
    bucket.imported[i] = levelW / 4000;
    bucket.exported[i] = 0;
    bucket.quality[i] = Quality.measured;
    if (registers && registers.length === bucket.register.length) {
      bucket.register[i] = registers[i];
    }
  }
  const cost = dayCost(day, bucket, tariff, prices, 0);
  if (cost.unpricedSlots > 0) return { yearKWh, yearEur: null };
  const dayEur = cost.slotEur.reduce((s, v) => s + v, 0);
  // A DST day has 23 or 25 hours: scale to a 24-hour day.
  return { yearKWh, yearEur: (dayEur * 96) / bucket.imported.length * 365 };
}
