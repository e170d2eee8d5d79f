/**
 * Departure goals: how much energy the car still needs, and in which quarter-hours before
 * departure to take it. Each slot can take what the capacity budget leaves —
 * max(this month's peak, 2.5 kW) − margin − the house's expected load + the expected solar — within
 * what the car and charger can draw (their power ranges: a 1-phase and a 3-phase one when the
 * charger switches). Slots are taken solar first (most surplus first), then cheapest first (by the
 * day-ahead price where known; unknown prices come after known ones), ties going to the later slot
 * (evcc's planner does the same: without prices the car charges just before it leaves). The last
 * slot taken is trimmed to what is still needed. Slots are counted at `PLAN_RESERVE` of what they can
 * take, and charged at the power that would deliver their share at that rate, so the car runs ahead
 * of the plan when the house takes less than expected (the plan is made again every tick, and
 * what it gained lowers what is left); only when the reserve is not enough are the slots planned
 * at their full power. When all slots together cannot reach the goal the
 * plan says so with the shortfall — at once, every time it is made, so the household hears it as
 * soon as it is known rather than at departure.
 */
import { QUARTER_MS, wallTimeMs } from "../../energy/calendar.ts";
import type { PricePoint } from "../../tariff/prices.ts";
import { MINIMUM_MONTH_PEAK_KW } from "../../capacity/quarter.ts";
import type { DepartureGoal } from "./settings.ts";

/** The share of a slot's possible energy a plan counts on before it needs the rest. */
export const PLAN_RESERVE = 0.8;

/** The energy (kWh) the goal asks for, from the car's present state. */
export function goalEnergyKWh(goal: DepartureGoal): number {
  const target = goal.target;
  switch (target.kind) {
    case "energy":
      return target.kWh;
    case "soc":
      return (Math.max(target.pct - target.nowPct, 0) / 100) * target.batteryKWh;
    case "range":
      return (target.km * target.consumptionKWhPer100km) / 100;
  }
}

/** The instant of the goal's Brussels wall-clock departure (a time in the spring gap: `null`). */
export function departureMs(goal: DepartureGoal): number | null {
  const [day, time] = goal.departure.split("T");
  const [hour, minute] = time.split(":").map(Number);
  return wallTimeMs(day, hour, minute);
}

/** A forecast of solar production for a period (kW, the period's average). */
export interface SolarForecastPoint {
  startMs: number;
  minutes: number;
  kW: number;
}

export interface PlanSlot {
  startMs: number;
  endMs: number;
  /** Day-ahead energy price, `null` where not known. */
  eurPerKWh: number | null;
  /** Expected solar production (kW), 0 when there is no forecast. */
  solarKW: number;
  /** Expected house load without the car (kW). */
  houseKW: number;
}

/** The points by every quarter-hour they cover, for looking up slot after slot. */
function byQuarter<T extends { startMs: number; minutes: number }>(points: T[]): Map<number, T> {
  const map = new Map<number, T>();
  for (const p of points) {
    for (let t = p.startMs; t < p.startMs + p.minutes * 60_000; t += QUARTER_MS) map.set(t, p);
  }
  return map;
}

/**
 * The fixed quarter-hours from `nowMs` to `untilMs` (the first and last cut to them), with the
 * price, the solar forecast and the expected house load (`houseKW(startMs)`) of each.
 */
export function planSlots(
  nowMs: number,
  untilMs: number,
  prices: PricePoint[],
  solar: SolarForecastPoint[],
  houseKW: (startMs: number) => number,
): PlanSlot[] {
  const priceAt = byQuarter(prices);
  const solarAt = byQuarter(solar);
  const slots: PlanSlot[] = [];
  if (untilMs <= nowMs) return slots;
  for (let q = Math.floor(nowMs / QUARTER_MS) * QUARTER_MS; q < untilMs; q += QUARTER_MS) {
    const price = priceAt.get(q);
    slots.push({
      startMs: Math.max(q, nowMs),
      endMs: Math.min(q + QUARTER_MS, untilMs),
      eurPerKWh: price === undefined ? null : price.eurPerMWh / 1000,
      solarKW: solarAt.get(q)?.kW ?? 0,
      houseKW: houseKW(q),
    });
  }
  return slots;
}

/** What a car on a charger can draw at one phase count: from its minimum to its most (W). */
export interface PowerRange {
  minW: number;
  maxW: number;
}

/** The most a slot allows under `budgetW` within the ranges; 0 when no range's minimum fits. */
export function bestPowerW(budgetW: number, ranges: PowerRange[]): number {
  let best = 0;
  for (const r of ranges) {
    if (budgetW >= r.minW) best = Math.max(best, Math.min(budgetW, r.maxW));
  }
  return best;
}

export interface PlannedSlot {
  startMs: number;
  endMs: number;
  /**
   * The power to charge at (W): the slot's share at `PLAN_RESERVE` of the time, at least a range's
   * minimum, at most what the slot allows.
   */
  powerW: number;
  /** The energy counted on from this slot (kWh). */
  kWh: number;
  /** The expected solar surplus covers the slot's charging. */
  solar: boolean;
}

export interface ChargePlan {
  neededKWh: number;
  /** The slots taken, in time order. */
  slots: PlannedSlot[];
  expectedKWh: number;
  feasible: boolean;
  /** What will be missing at departure (kWh), 0 when feasible. */
  shortfallKWh: number;
  /** The slot holding `slots[0].startMs`'s instant is the running one: charge now, at this power. */
  nowPowerW: number;
}

export interface PlanInput {
  slots: PlanSlot[];
  neededKWh: number;
  /** This month's peak so far (kW) and the margin (W): the budget's target. */
  monthPeakKW: number;
  marginW: number;
  ranges: PowerRange[];
  /** The budget may be ignored (the user allowed a higher peak): each slot takes the ranges' most. */
  allowHigherPeak: boolean;
}

/** The plan for one session; see the module comment. */
export function planCharge(input: PlanInput): ChargePlan {
  const targetW = (Math.max(input.monthPeakKW, MINIMUM_MONTH_PEAK_KW) * 1000) - input.marginW;
  const maxW = Math.max(0, ...input.ranges.map((r) => r.maxW));
  const options = input.slots.map((slot, index) => {
    const hours = (slot.endMs - slot.startMs) / 3_600_000;
    const budgetW = input.allowHigherPeak
      ? maxW
      : targetW - slot.houseKW * 1000 + slot.solarKW * 1000;
    const powerW = bestPowerW(budgetW, input.ranges);
    const surplusW = Math.max(slot.solarKW - slot.houseKW, 0) * 1000;
    return { slot, index, hours, powerW, capacityKWh: (powerW * hours) / 1000, surplusW };
  });
  const order = options
    .filter((o) => o.capacityKWh > 0)
    .sort((a, b) =>
      b.surplusW - a.surplusW ||
      (a.slot.eurPerKWh ?? Infinity) - (b.slot.eurPerKWh ?? Infinity) ||
      b.index - a.index
    );
  let leftKWh = Math.max(input.neededKWh, 0);
  const assigned = new Map<(typeof order)[number], number>();
  // First each slot's reserve share, then, when that is not enough, the rest of it.
  for (const share of [PLAN_RESERVE, 1]) {
    for (const o of order) {
      if (leftKWh <= 1e-9) break;
      const have = assigned.get(o) ?? 0;
      const kWh = Math.min(o.capacityKWh * share - have, leftKWh);
      if (kWh <= 0) continue;
      assigned.set(o, have + kWh);
      leftKWh -= kWh;
    }
  }
  const taken: PlannedSlot[] = [...assigned].map(([o, kWh]) => {
    const minW = Math.min(...input.ranges.filter((r) => r.minW <= o.powerW).map((r) => r.minW));
    const powerW = Math.min(Math.max((kWh * 1000) / (o.hours * PLAN_RESERVE), minW), o.powerW);
    return {
      startMs: o.slot.startMs,
      endMs: o.slot.endMs,
      powerW,
      kWh,
      solar: o.surplusW >= powerW,
    };
  });
  taken.sort((a, b) => a.startMs - b.startMs);
  const expectedKWh = Math.max(input.neededKWh, 0) - Math.max(leftKWh, 0);
  const first = input.slots[0];
  const now = taken.length > 0 && first !== undefined && taken[0].startMs === first.startMs
    ? taken[0].powerW
    : 0;
  const shortfallKWh = Math.max(leftKWh, 0) > 1e-9 ? leftKWh : 0;
  return {
    neededKWh: Math.max(input.neededKWh, 0),
    slots: taken,
    expectedKWh,
    feasible: shortfallKWh === 0,
    shortfallKWh,
    nowPowerW: now,
  };
}
