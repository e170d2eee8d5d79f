/**
 * The charger page's figures from what the gateway says of a charger: its power and on how many
 * phases, the range that power adds per hour, the running session's energy, range and solar
 * share, and what allowing a higher monthly peak would cost.
 */
import type { ChargePlanView, ChargerView } from "../control/protocol.ts";
import {
  type ChargeMode,
  type ChargeSettings,
  DEFAULT_CONSUMPTION_KWH_PER_100KM,
} from "../control/ev/settings.ts";
import { addDays, type LocalDay, localDayOf, localTimeOf } from "../energy/calendar.ts";
import type { DayBucket } from "../energy/day_bucket.ts";
import type { ChargeSession } from "../db/models.ts";
import { type EcoEstimate, estimateEcoShare } from "../control/ev/eco_estimate.ts";

/** A phase counts as in use above this current (A): chargers report a few tenths when idle. */
const PHASE_IN_USE_A = 0.5;

export interface ChargerFigures {
  powerKW: number | null;
  /** Phases that carry current now; `null` when the charger does not say. */
  phasesInUse: 1 | 2 | 3 | null;
  /** Range the present power adds per hour, at the car's consumption. */
  kmPerHour: number | null;
  session: { energyKWh: number; kmAdded: number; solarPct: number | null } | null;
}

/** The car's consumption (kWh per 100 km): the range goal's, else the usual 18. */
export function consumptionOf(settings: ChargeSettings): number {
  const target = settings.goal?.target;
  return target?.kind === "range"
    ? target.consumptionKWhPer100km
    : DEFAULT_CONSUMPTION_KWH_PER_100KM;
}

export function chargerFigures(view: ChargerView): ChargerFigures {
  const reading = view.reading;
  const powerKW = reading?.powerW == null ? null : Math.max(reading.powerW, 0) / 1000;
  const measured = reading?.currentA.filter((a): a is number => a !== null) ?? [];
  const inUse = measured.filter((a) => a > PHASE_IN_USE_A).length;
  const session = view.session;
  return {
    powerKW,
    phasesInUse: measured.length === 0 || inUse === 0 ? null : inUse as 1 | 2 | 3,
    kmPerHour: powerKW === null ? null : powerKW / consumptionOf(view.settings) * 100,
    session: session && {
      energyKWh: session.energyKWh,
      kmAdded: session.kmAdded,
      solarPct: session.energyKWh > 0 ? session.solarKWh / session.energyKWh * 100 : null,
    },
  };
}

/**
 * What raising one month's peak by `extraKW` costs: the billed capacity is the mean of twelve
 * monthly peaks, so one month's extra kW is paid for a twelfth, at the annual rate.
 */
export function higherPeakCostEur(extraKW: number, capacityEurPerKWYear: number): number {
  return Math.max(extraKW, 0) * capacityEurPerKWYear / 12;
}

/** The next `time` (Brussels wall time, `HH:MM`) after now, as a departure: `YYYY-MM-DDTHH:MM`. */
export function nextDeparture(nowMs: number, time = "07:30"): string {
  const today = localDayOf(nowMs);
  const day = localTimeOf(nowMs) < time ? today : addDays(today, 1);
  return `${day}T${time}`;
}

/** The solar mode's thresholds as the help text says them: kW to start, minutes to stop. */
export function solarModeFigures(
  mode: Extract<ChargeMode, { mode: "solar" }>,
): { startKW: number; stopMinutes: number } {
  return { startKW: mode.startSurplusW / 1000, stopMinutes: mode.stopDelayS / 60 };
}

/** The plan's chart in a 600 × 120 box: bars of planned kWh per slot, the price as a line. */
export const PLAN_CHART = { width: 600, height: 120, top: 8, bottom: 20 } as const;

export interface PlanChart {
  summary:
    | { kind: "ready"; departureMs: number; plannedKWh: number; slots: number }
    | { kind: "short"; departureMs: number; expectedKWh: number; shortfallKWh: number }
    | { kind: "nothing"; departureMs: number };
  bars: { startMs: number; x: number; y: number; width: number; height: number; solar: boolean }[];
  /** SVG polyline points of the day-ahead price, `null` without prices. */
  pricePoints: string | null;
  /** Every few hours, the hour in Brussels time. */
  ticks: { x: number; label: string }[];
}

export function planChart(plan: ChargePlanView, nowMs: number): PlanChart {
  const { width, height, top, bottom } = PLAN_CHART;
  const startMs = Math.floor(nowMs / 900_000) * 900_000;
  const spanMs = Math.max(plan.departureMs - startMs, 900_000);
  const x = (ms: number) => ((ms - startMs) / spanMs) * width;
  const plotH = height - top - bottom;
  const most = Math.max(...plan.slots.map((s) => s.kWh), 0);
  const bars = plan.slots.map((slot) => {
    const h = most > 0 ? (slot.kWh / most) * plotH : 0;
    return {
      startMs: slot.startMs,
      x: round1(x(slot.startMs)),
      y: round1(top + plotH - h),
      width: round1(Math.max(x(slot.endMs) - x(slot.startMs) - 1, 1)),
      height: round1(h),
      solar: slot.solar,
    };
  });
  const prices = plan.prices.filter((p) => p.startMs < plan.departureMs);
  let pricePoints: string | null = null;
  if (prices.length > 0) {
    const low = Math.min(...prices.map((p) => p.eurPerMWh));
    const high = Math.max(...prices.map((p) => p.eurPerMWh));
    const y = (v: number) =>
      top + plotH - (high > low ? ((v - low) / (high - low)) * plotH : plotH / 2);
    pricePoints = prices.flatMap((p) => {
      const from = Math.max(x(p.startMs), 0);
      const to = Math.min(x(p.startMs + p.minutes * 60_000), width);
      return [
        `${round1(from)},${round1(y(p.eurPerMWh))}`,
        `${round1(to)},${round1(y(p.eurPerMWh))}`,
      ];
    }).join(" ");
  }
  const ticks: PlanChart["ticks"] = [];
  const everyMs = spanMs > 12 * 3_600_000 ? 3 * 3_600_000 : 3_600_000;
  for (let t = Math.ceil(startMs / everyMs) * everyMs; t <= plan.departureMs; t += everyMs) {
    ticks.push({ x: round1(x(t)), label: localTimeOf(t) });
  }
  const plannedKWh = plan.slots.reduce((sum, s) => sum + s.kWh, 0);
  const summary: PlanChart["summary"] = plan.neededKWh <= 0
    ? { kind: "nothing", departureMs: plan.departureMs }
    : plan.feasible
    ? { kind: "ready", departureMs: plan.departureMs, plannedKWh, slots: plan.slots.length }
    : {
      kind: "short",
      departureMs: plan.departureMs,
      expectedKWh: plan.expectedKWh,
      shortfallKWh: plan.shortfallKWh,
    };
  return { summary, bars, pricePoints, ticks };
}

const round1 = (v: number) => Math.round(v * 10) / 10;

/** The most a charger delivers (kW): its current on its phases at 230 V. */
export function chargerMaxKW(view: Pick<ChargerView, "maxA" | "phases">): number {
  return view.maxA * 230 * view.phases / 1000;
}

/** A session as this household charges: the median of its last ten finished sessions. */
export function typicalSessionKWh(sessions: ChargeSession[]): number | null {
  const recent = sessions.filter((s) => s.endMs !== null && s.energyKWh > 0)
    .sort((a, b) => b.startMs - a.startMs).slice(0, 10).map((s) => s.energyKWh)
    .sort((a, b) => a - b);
  if (recent.length === 0) return null;
  const middle = recent.length >> 1;
  return recent.length % 2 ? recent[middle] : (recent[middle - 1] + recent[middle]) / 2;
}

/** A session's energy when the household has none yet (kWh): a weekday's commute and errands. */
export const USUAL_SESSION_KWH = 15;

/**
 * What "Eco x %" the last three weeks' injection could have carried for this household's usual
 * session on this charger, for the sentence under the eco mode.
 */
export function ecoEstimateFor(
  buckets: Iterable<DayBucket>,
  today: LocalDay,
  view: ChargerView,
  sessions: ChargeSession[],
): EcoEstimate | null {
  const target = view.settings.goal?.target;
  const sessionKWh = typicalSessionKWh(sessions) ??
    (target?.kind === "energy" ? target.kWh : USUAL_SESSION_KWH);
  return estimateEcoShare(buckets, today, sessionKWh, chargerMaxKW(view));
}

/** What a higher monthly peak would cost, per kW and at most (the car's whole power on top). */
export function higherPeakCost(
  view: ChargerView,
  capacityEurPerKWYear: number,
): { perKWEur: number; mostEur: number; carKW: number } {
  const carKW = chargerMaxKW(view);
  return {
    perKWEur: higherPeakCostEur(1, capacityEurPerKWYear),
    mostEur: higherPeakCostEur(carKW, capacityEurPerKWYear),
    carKW,
  };
}
