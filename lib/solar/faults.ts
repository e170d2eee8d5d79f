/**
 * Faults of a solar installation, found in its measured quarter-hours against what it should have
 * produced under the weather that was observed — on CLEAR periods only (a clear-sky index above
 * 0.8, or the caller's own flag): under clouds a model's expectation is too uncertain to blame the
 * panels. Kinds found:
 *
 * - `inverterOff`: an hour of exactly 0 kWh while more than 0.5 kWh was expected (off, tripped);
 * - `noData`: a clear hour in daylight, more than 0.5 kWh expected, whose quarters are all
 *   MISSING while there is data before and after it: an inverter that is switched off usually
 *   stops answering rather than reporting 0 (or its connection, Wi-Fi or gateway, is down). Not
 *   at the start or end of the series, where missing quarters mean "not recorded yet";
 * - `stepLoss`: the daily performance ratio (measured ÷ expected) drops at once by ≥ 15 % and stays
 *   down (a string or an optimiser lost: about 1/N of the array), with the first day it was seen;
 * - `shading`: the same time of day falls short (below 80 % of the day's own ratio) on most clear
 *   days from some day on, while the rest of the day is normal (a tree, a new building). Times of
 *   day are UTC minutes (as in `correction.ts`): an obstacle shades at the same SOLAR time, which
 *   stays put in UTC while the Brussels clock jumps an hour at each DST change; the local clock
 *   time is only worked out for display, for the season of the finding's last day;
 * - `drift`: a slow fall of the daily ratio (soiling, degradation): a Theil–Sen slope — the median
 *   of the slopes between every two days, so a few odd days do not move it — of ≤ −0.5 %/month
 *   over at least 60 days;
 * - `clipping`: a flat top at the inverter's AC limit while more was expected: NOT a fault (the
 *   inverter is sized smaller than the panels on purpose), reported so it is not mistaken for one,
 *   and its quarters are left out of the other checks.
 *
 * The expectation is the caller's: `productionQuarters` takes it as one function of the instant
 * (`expectedW`), which the solar model supplies (clear-sky or observed-weather production of the
 * site's panel groups).
 */
import {
  addDays,
  dayDistance,
  dayStartMs,
  type LocalDay,
  localDayOf,
  localTimeOf,
  QUARTER_MS,
  slotsInDay,
} from "../energy/calendar.ts";
import { type DayBucket, Quality } from "../energy/day_bucket.ts";
import { median, theilSenSlope } from "../energy/robust_stats.ts";

export interface ProductionQuarter {
  /** Start of the quarter, epoch ms. */
  startMs: number;
  /** Produced energy measured; `null` when not known. */
  measuredKWh: number | null;
  /** What the panels should have produced under the observed weather. */
  expectedKWh: number;
  /** A clear period (clear-sky index > 0.8): only these are judged. */
  clear: boolean;
}

export type FaultKind = "inverterOff" | "noData" | "stepLoss" | "shading" | "drift" | "clipping";

interface FindingBase {
  /** Stable for the same finding on a later run: remembers which were already notified. */
  id: string;
  kind: FaultKind;
  /** A fault (clipping is not one). */
  fault: boolean;
  /** First local day the finding was seen. */
  fromDay: LocalDay;
  /** Last local day it was seen. */
  toDay: LocalDay;
}

export interface InverterOffFinding extends FindingBase {
  kind: "inverterOff";
  /** Clear hours without any production. */
  hours: number;
  /** What those hours should have produced. */
  missedKWh: number;
}

export interface NoDataFinding extends FindingBase {
  kind: "noData";
  /** Clear daylight hours without any data from the inverter. */
  hours: number;
  /** What those hours should have produced. */
  missedKWh: number;
}

export interface StepLossFinding extends FindingBase {
  kind: "stepLoss";
  /** The last clear day still at the old level. */
  lastNormalDay: LocalDay;
  /** How much lower the daily ratio is since `fromDay`, in % (30 = a third gone…). */
  lossPct: number;
  /** The loss as a simple share of the array (`3` = about one third), `null` if none fits. */
  shareOfArray: number | null;
}

export interface ShadingFinding extends FindingBase {
  kind: "shading";
  /** UTC minute of the day the deficit begins and ends (end excluded): what is detected. */
  fromUtcMinute: number;
  toUtcMinute: number;
  /**
   * For display: the Brussels clock time of those minutes on `toDay` (`16:00`, `16:30`), and
   * whether that is summer time (CEST) — in the other season the clock shows an hour less/more.
   */
  fromTime: string;
  toTime: string;
  summerTime: boolean;
  /** The median shortfall in those quarters, in % of what the rest of the day makes. */
  deficitPct: number;
  /** Clear days since `fromDay` with the shortfall, and clear days since then in all. */
  daysWithDeficit: number;
  clearDays: number;
}

export interface DriftFinding extends FindingBase {
  kind: "drift";
  /** Change of the daily ratio per month, in % of its level (negative: falling). */
  pctPerMonth: number;
}

export interface ClippingFinding extends FindingBase {
  kind: "clipping";
  /** The flat top, in W. */
  limitW: number;
  /** Days with a clipped quarter. */
  days: number;
  /** What the clipped quarters would have produced above the limit. */
  clippedKWh: number;
}

export type SolarFinding =
  | InverterOffFinding
  | NoDataFinding
  | StepLossFinding
  | ShadingFinding
  | DriftFinding
  | ClippingFinding;

export interface FaultOptions {
  /** The inverter's AC limit (sum of the groups'); without it a flat top is looked for. */
  acLimitW?: number;
}

/** Thresholds, named so the page and the tests speak of the same ones. */
export const OFF_HOUR_EXPECTED_KWH = 0.5;
export const STEP_MIN_LOSS = 0.15;
export const SHADING_RATIO = 0.8;
export const SHADING_MOST_DAYS = 0.6;
export const DRIFT_MIN_PCT_PER_MONTH = -0.5;
export const DRIFT_MIN_DAYS = 60;
const DAYS_PER_MONTH = 30.4375;
/** A quarter judged for shading produces at least this share of the day's highest expectation. */
const SHADING_MIN_SHARE = 0.1;
/** A day's ratio needs this many judged quarters. */
const MIN_QUARTERS_PER_DAY = 8;
const STEP_MIN_DAYS_EACH_SIDE = 5;

/**
 * The quarters of a site's `pv` buckets with what was expected of each: `expectedW(instantMs)` is
 * the expected AC power at an instant (taken at the middle of each quarter) and `clearIndex` the
 * clear-sky index of the observed weather then (> 0.8 is clear). This is where the solar model
 * plugs in. Days without a bucket between two stored days come as missing quarters.
 */
export function productionQuarters(
  pv: DayBucket[],
  expectedW: (instantMs: number) => number,
  clearIndex: (instantMs: number) => number,
): ProductionQuarter[] {
  const quarters: ProductionQuarter[] = [];
  const sorted = pv.filter((b) => b.slotMinutes === 15).sort((a, b) => (a.day < b.day ? -1 : 1));
  const push = (startMs: number, measuredKWh: number | null) => {
    const middle = startMs + QUARTER_MS / 2;
    quarters.push({
      startMs,
      measuredKWh,
      expectedKWh: Math.max(expectedW(middle), 0) / 4000,
      clear: clearIndex(middle) > 0.8,
    });
  };
  for (let b = 0; b < sorted.length; b++) {
    const bucket = sorted[b];
    // Days without a bucket between two stored ones: nothing was recorded (all missing).
    if (b > 0) {
      for (let day = addDays(sorted[b - 1].day, 1); day < bucket.day; day = addDays(day, 1)) {
        const start = dayStartMs(day);
        for (let i = 0; i < slotsInDay(day); i++) push(start + i * QUARTER_MS, null);
      }
    }
    const start = dayStartMs(bucket.day);
    for (let i = 0; i < bucket.imported.length; i++) {
      const known = bucket.quality[i] !== Quality.missing && bucket.quality[i] !== Quality.partial;
      push(start + i * QUARTER_MS, known ? bucket.imported[i] : null);
    }
  }
  return quarters;
}

interface Day {
  day: LocalDay;
  quarters: ProductionQuarter[];
}

function byDay(quarters: ProductionQuarter[]): Day[] {
  const days: Day[] = [];
  for (const quarter of [...quarters].sort((a, b) => a.startMs - b.startMs)) {
    const day = localDayOf(quarter.startMs);
    if (days.length === 0 || days[days.length - 1].day !== day) days.push({ day, quarters: [] });
    days[days.length - 1].quarters.push(quarter);
  }
  return days;
}

/** Every finding in the quarters, oldest first; faults and the clipping note alike. */
export function findFaults(
  quarters: ProductionQuarter[],
  options: FaultOptions = {},
): SolarFinding[] {
  const days = byDay(quarters);
  const findings: SolarFinding[] = [];
  // Quarters left out of the ratios: clipped ones and those of hours the inverter was off.
  const excluded = new Set<ProductionQuarter>();

  const clipping = findClipping(days, options, excluded);
  if (clipping) findings.push(clipping);
  findings.push(...findOff(days, excluded));
  findings.push(...findNoData(days));

  const shading = findShading(days, excluded);
  findings.push(...shading.findings);

  // Daily performance ratio on clear, judged quarters.
  const ratios: { day: LocalDay; ratio: number }[] = [];
  for (const { day, quarters: qs } of days) {
    let measured = 0;
    let expected = 0;
    let count = 0;
    for (const q of qs) {
      if (!judged(q) || excluded.has(q) || shading.slots.has(utcMinuteOf(q.startMs))) continue;
      measured += q.measuredKWh!;
      expected += q.expectedKWh;
      count++;
    }
    if (count >= MIN_QUARTERS_PER_DAY && expected > 0) {
      ratios.push({ day, ratio: measured / expected });
    }
  }

  const step = findStep(ratios);
  if (step) findings.push(step.finding);
  // The drift is judged on the ratio with the step taken out (the later days scaled back up).
  const levelled = step
    ? ratios.map((r, i) => ({
      day: r.day,
      ratio: i >= step.index ? r.ratio / step.factor : r.ratio,
    }))
    : ratios;
  const drift = findDrift(levelled);
  if (drift) findings.push(drift);
  return findings.sort((a, b) => (a.fromDay < b.fromDay ? -1 : a.fromDay > b.fromDay ? 1 : 0));
}

/**
 * The first and last local day with a judged quarter (clear, measured, with an expectation):
 * what "no faults" can honestly speak of — the weather behind the expectation covers only the
 * last months, not every stored day. `null` without any.
 */
export function judgedSpan(
  quarters: ProductionQuarter[],
): { fromDay: LocalDay; toDay: LocalDay } | null {
  let first: number | null = null;
  let last: number | null = null;
  for (const q of quarters) {
    if (!judged(q)) continue;
    if (first === null || q.startMs < first) first = q.startMs;
    if (last === null || q.startMs > last) last = q.startMs;
  }
  return first === null || last === null
    ? null
    : { fromDay: localDayOf(first), toDay: localDayOf(last) };
}

function judged(q: ProductionQuarter): boolean {
  return q.clear && q.measuredKWh !== null && q.expectedKWh > 0;
}

/**
 * A day's own ratio of measured to expected, from its clear quarters with a real expectation
 * below `belowKWh` (so clipped ones do not pull it down); `null` with too few of them.
 */
function ownRatio(quarters: ProductionQuarter[], belowKWh: number): number | null {
  const usable = quarters.filter(judged);
  if (usable.length === 0) return null;
  const peak = Math.max(...usable.map((q) => q.expectedKWh));
  const ratios = usable.filter((q) =>
    q.expectedKWh >= peak * SHADING_MIN_SHARE && q.measuredKWh! < belowKWh
  ).map((q) => q.measuredKWh! / q.expectedKWh);
  return ratios.length < MIN_QUARTERS_PER_DAY ? null : median(ratios);
}

function findClipping(
  days: Day[],
  options: FaultOptions,
  excluded: Set<ProductionQuarter>,
): ClippingFinding | null {
  let limitKWh: number | null = options.acLimitW !== undefined ? options.acLimitW / 4000 : null;
  if (limitKWh === null) {
    // A flat top: on clear days, three or more quarters at the day's own maximum (within 1 %)
    // that would have made at least 5 % more at the day's own ratio. The limit is the median
    // of those tops.
    const tops: number[] = [];
    for (const { quarters } of days) {
      const clear = quarters.filter(judged);
      if (clear.length === 0) continue;
      const top = Math.max(...clear.map((q) => q.measuredKWh!));
      const ratio = ownRatio(quarters, top * 0.95);
      if (top <= 0 || ratio === null) continue;
      const flat = clear.filter((q) =>
        q.measuredKWh! >= top * 0.99 && q.expectedKWh * ratio > top * 1.05
      );
      if (flat.length >= 3) tops.push(top);
    }
    if (tops.length === 0) return null;
    limitKWh = median(tops);
  }
  const clippedDays: LocalDay[] = [];
  let clippedKWh = 0;
  for (const { day, quarters } of days) {
    const ratio = ownRatio(quarters, limitKWh * 0.95);
    if (ratio === null) continue;
    let any = false;
    for (const q of quarters) {
      if (!judged(q)) continue;
      const wouldKWh = q.expectedKWh * ratio;
      if (q.measuredKWh! >= limitKWh * 0.98 && wouldKWh > q.measuredKWh! * 1.03) {
        excluded.add(q);
        clippedKWh += wouldKWh - q.measuredKWh!;
        any = true;
      }
    }
    if (any) clippedDays.push(day);
  }
  if (clippedDays.length === 0) return null;
  return {
    id: `clipping|${clippedDays[0]}`,
    kind: "clipping",
    fault: false,
    fromDay: clippedDays[0],
    toDay: clippedDays[clippedDays.length - 1],
    limitW: Math.round(limitKWh * 4000),
    days: clippedDays.length,
    clippedKWh,
  };
}

function findOff(days: Day[], excluded: Set<ProductionQuarter>): InverterOffFinding[] {
  const findings: InverterOffFinding[] = [];
  let open: InverterOffFinding | null = null;
  for (const { day, quarters } of days) {
    const hours = new Map<number, ProductionQuarter[]>();
    for (const q of quarters) {
      const hour = Math.floor(q.startMs / 3_600_000);
      hours.set(hour, [...(hours.get(hour) ?? []), q]);
    }
    let offHours = 0;
    let missedKWh = 0;
    let producedClear = false;
    for (const hour of hours.values()) {
      const allClear = hour.length === 4 && hour.every((q) => q.clear && q.measuredKWh !== null);
      if (!allClear) continue;
      const measured = hour.reduce((s, q) => s + q.measuredKWh!, 0);
      const expected = hour.reduce((s, q) => s + q.expectedKWh, 0);
      if (measured === 0 && expected > OFF_HOUR_EXPECTED_KWH) {
        offHours++;
        missedKWh += expected;
        for (const q of hour) excluded.add(q);
      } else if (measured > 0 && expected > OFF_HOUR_EXPECTED_KWH) {
        producedClear = true;
      }
    }
    if (offHours > 0) {
      if (open === null) {
        open = {
          id: `inverterOff|${day}`,
          kind: "inverterOff",
          fault: true,
          fromDay: day,
          toDay: day,
          hours: 0,
          missedKWh: 0,
        };
        findings.push(open);
      }
      open.toDay = day;
      open.hours += offHours;
      open.missedKWh += missedKWh;
      // A day that produced in a clear hour after its off hours ends the episode.
      if (producedClear && !offAtEnd(quarters)) open = null;
    } else if (producedClear) {
      open = null;
    }
  }
  return findings;
}

function findNoData(days: Day[]): NoDataFinding[] {
  const all = days.flatMap((d) => d.quarters);
  const known = all.filter((q) => q.measuredKWh !== null);
  if (known.length === 0) return [];
  const firstKnownMs = known[0].startMs;
  const lastKnownMs = known[known.length - 1].startMs;
  const findings: NoDataFinding[] = [];
  let open: NoDataFinding | null = null;
  // UTC hours in order (the quarters are sorted).
  for (let i = 0; i < all.length;) {
    const hourOf = Math.floor(all[i].startMs / 3_600_000);
    let j = i;
    while (j < all.length && Math.floor(all[j].startMs / 3_600_000) === hourOf) j++;
    const hour = all.slice(i, j);
    i = j;
    // Any data ends an episode; a cloudy or dark hour without data neither ends nor counts.
    if (hour.some((q) => q.measuredKWh !== null)) {
      open = null;
      continue;
    }
    const expected = hour.reduce((s, q) => s + q.expectedKWh, 0);
    const between = hour[0].startMs > firstKnownMs && hour[hour.length - 1].startMs < lastKnownMs;
    if (hour.length !== 4 || !hour.every((q) => q.clear) || !between) continue;
    if (expected <= OFF_HOUR_EXPECTED_KWH) continue;
    const day = localDayOf(hour[0].startMs);
    if (open === null) {
      open = {
        id: `noData|${day}`,
        kind: "noData",
        fault: true,
        fromDay: day,
        toDay: day,
        hours: 0,
        missedKWh: 0,
      };
      findings.push(open);
    }
    open.toDay = day;
    open.hours++;
    open.missedKWh += expected;
  }
  return findings;
}

/** Whether the day's last clear hour with an expectation was an off one (it carries on). */
function offAtEnd(quarters: ProductionQuarter[]): boolean {
  const productive = quarters.filter((q) => q.clear && q.measuredKWh !== null && q.expectedKWh > 0);
  return productive.length > 0 && productive[productive.length - 1].measuredKWh === 0;
}

/** The UTC minute of the day of an instant (0–1439). */
function utcMinuteOf(ms: number): number {
  return ((Math.floor(ms / 60_000) % 1440) + 1440) % 1440;
}

/** `HH:MM` of a minute of the day. */
function clockOf(minute: number): string {
  const two = (n: number) => String(n).padStart(2, "0");
  const m = ((minute % 1440) + 1440) % 1440;
  return `${two(Math.floor(m / 60))}:${two(m % 60)}`;
}

/** The Brussels clock time of a UTC minute of the day on a local day, and if it is summer time. */
function localClockOn(day: LocalDay, utcMinute: number): { time: string; summerTime: boolean } {
  const [y, mo, d] = day.split("-").map(Number);
  const ms = Date.UTC(y, mo - 1, d) + utcMinute * 60_000;
  const time = localTimeOf(ms);
  const offset = (Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5)) - utcMinute + 1440) %
    1440;
  return { time, summerTime: offset === 120 };
}

function findShading(
  days: Day[],
  excluded: Set<ProductionQuarter>,
): { findings: ShadingFinding[]; slots: Set<number> } {
  // Per UTC minute of the day: per clear day, the quarter's ratio against the day's own median.
  const bySlot = new Map<number, { day: LocalDay; low: boolean; relative: number }[]>();
  const clearDays: LocalDay[] = [];
  for (const { day, quarters } of days) {
    const usable = quarters.filter((q) => judged(q) && !excluded.has(q));
    if (usable.length < MIN_QUARTERS_PER_DAY) continue;
    const peak = Math.max(...usable.map((q) => q.expectedKWh));
    const strong = usable.filter((q) => q.expectedKWh >= peak * SHADING_MIN_SHARE);
    if (strong.length < MIN_QUARTERS_PER_DAY) continue;
    const dayRatio = median(strong.map((q) => q.measuredKWh! / q.expectedKWh));
    if (dayRatio <= 0) continue;
    clearDays.push(day);
    for (const q of strong) {
      const relative = q.measuredKWh! / q.expectedKWh / dayRatio;
      const minute = utcMinuteOf(q.startMs);
      let list = bySlot.get(minute);
      if (!list) bySlot.set(minute, list = []);
      list.push({ day, low: relative < SHADING_RATIO, relative });
    }
  }
  // A slot is shaded from the day that best separates "rarely short" before from "mostly short"
  // after (from the first day when it is short on most days throughout).
  const shaded: {
    minute: number;
    fromDay: LocalDay;
    toDay: LocalDay;
    low: number;
    total: number;
    deficit: number;
  }[] = [];
  for (const [minute, list] of bySlot) {
    if (list.length < STEP_MIN_DAYS_EACH_SIDE) continue;
    let best: { k: number; score: number } | null = null;
    let lowBefore = 0;
    const lowTotal = list.filter((e) => e.low).length;
    for (let k = 0; k <= list.length - STEP_MIN_DAYS_EACH_SIDE; k++) {
      if (k > 0 && list[k - 1].low) lowBefore++;
      if (!list[k].low) continue;
      const after = (lowTotal - lowBefore) / (list.length - k);
      const before = k === 0 ? 0 : lowBefore / k;
      if (after < SHADING_MOST_DAYS || after - before < 0.4) continue;
      const score = after - before;
      if (best === null || score > best.score) best = { k, score };
    }
    if (best === null) continue;
    const since = list.slice(best.k);
    shaded.push({
      minute,
      fromDay: since[0].day,
      toDay: since.filter((e) => e.low).at(-1)!.day,
      low: since.filter((e) => e.low).length,
      total: since.length,
      deficit: 1 - median(since.map((e) => e.relative)),
    });
  }
  shaded.sort((a, b) => a.minute - b.minute);
  // Neighbouring quarters make one finding.
  const findings: ShadingFinding[] = [];
  const slots = new Set(shaded.map((s) => s.minute));
  let run: typeof shaded = [];
  const flush = () => {
    if (run.length === 0) return;
    const fromDay = run.map((s) => s.fromDay).sort()[0];
    const toDay = run.map((s) => s.toDay).sort().at(-1)!;
    const fromUtcMinute = run[0].minute;
    const toUtcMinute = run[run.length - 1].minute + 15;
    const from = localClockOn(toDay, fromUtcMinute);
    findings.push({
      // UTC in the id: the same shade keeps its id across the DST changes.
      id: `shading|${clockOf(fromUtcMinute)}Z|${fromDay}`,
      kind: "shading",
      fault: true,
      fromDay,
      toDay,
      fromUtcMinute,
      toUtcMinute,
      fromTime: from.time,
      toTime: localClockOn(toDay, toUtcMinute).time,
      summerTime: from.summerTime,
      deficitPct: median(run.map((s) => s.deficit)) * 100,
      daysWithDeficit: Math.max(...run.map((s) => s.low)),
      clearDays: clearDays.filter((d) => d >= fromDay).length,
    });
    run = [];
  };
  for (const slot of shaded) {
    if (run.length > 0 && run[run.length - 1].minute + 15 !== slot.minute) flush();
    run.push(slot);
  }
  flush();
  return { findings, slots };
}

function findStep(
  ratios: { day: LocalDay; ratio: number }[],
): { finding: StepLossFinding; index: number; factor: number } | null {
  const n = ratios.length;
  if (n < 2 * STEP_MIN_DAYS_EACH_SIDE) return null;
  const values = ratios.map((r) => r.ratio);
  const splits: { index: number; drop: number; misfit: number }[] = [];
  for (let k = STEP_MIN_DAYS_EACH_SIDE; k <= n - STEP_MIN_DAYS_EACH_SIDE; k++) {
    // Medians of the nearby days on each side: a slow drift gives no step between neighbours.
    const near = [values.slice(Math.max(0, k - 10), k), values.slice(k, k + 10)];
    const [before, after] = near.map(median);
    const misfit = near[0].reduce((sum, v) => sum + Math.abs(v - before), 0) +
      near[1].reduce((sum, v) => sum + Math.abs(v - after), 0);
    splits.push({ index: k, drop: 1 - after / before, misfit });
  }
  if (splits.length === 0) return null;
  // Medians see the same drop a few days either side of the step: of the splits within 2 % of
  // the largest drop, the step is where two flat levels fit best.
  const largest = Math.max(...splits.map((s) => s.drop));
  if (largest < STEP_MIN_LOSS) return null;
  const best = splits.filter((s) => s.drop >= largest - 0.02)
    .reduce((a, b) => (b.misfit < a.misfit ? b : a));
  // It must stay down: the rest of the series is at the new level, not back at the old one.
  const before = median(values.slice(0, best.index));
  const after = median(values.slice(best.index));
  const drop = 1 - after / before;
  if (drop < STEP_MIN_LOSS) return null;
  let shareOfArray: number | null = null;
  for (let n = 2; n <= 8; n++) {
    if (Math.abs(drop - 1 / n) <= 0.04) {
      shareOfArray = n;
      break;
    }
  }
  const from = ratios[best.index].day;
  return {
    index: best.index,
    // The levelling uses the step between the neighbouring days: the whole segments' medians
    // would also hold the drift between their middles.
    factor: 1 - best.drop,
    finding: {
      id: `stepLoss|${from}`,
      kind: "stepLoss",
      fault: true,
      fromDay: from,
      toDay: ratios[n - 1].day,
      lastNormalDay: ratios[best.index - 1].day,
      lossPct: drop * 100,
      shareOfArray,
    },
  };
}

function findDrift(ratios: { day: LocalDay; ratio: number }[]): DriftFinding | null {
  if (ratios.length < 20) return null;
  const first = ratios[0].day;
  const last = ratios[ratios.length - 1].day;
  if (dayDistance(first, last) < DRIFT_MIN_DAYS) return null;
  const xs = ratios.map((r) => dayDistance(first, r.day));
  const ys = ratios.map((r) => r.ratio);
  const slopePerDay = theilSenSlope(xs, ys);
  // Level at the start: the median of the ratios brought back to day 0 along the slope.
  const level = median(ys.map((y, i) => y - slopePerDay * xs[i]));
  if (level <= 0) return null;
  const pctPerMonth = (slopePerDay * DAYS_PER_MONTH) / level * 100;
  if (pctPerMonth > DRIFT_MIN_PCT_PER_MONTH) return null;
  return {
    id: `drift|${first}`,
    kind: "drift",
    fault: true,
    fromDay: first,
    toDay: last,
    pctPerMonth,
  };
}
