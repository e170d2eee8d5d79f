/**
 * The capacity-tariff budget of the running quarter-hour: how much the house may still import, on
 * average, until the quarter ends, so that the quarter ends at or under what this month is billed
 * for anyway — max(this month's peak, 2.5 kW) − a margin. It is an energy budget, not a power cap:
 * a 10-s kettle burst costs only its energy (a few Wh), paid back over the minutes left; a quarter
 * well under its target carries the burst and the car together, where a power cap stops the car
 * whenever the import passes the peak for a moment (evcc#24122).
 *
 * The meter's `1-0:1.4.0` is the energy imported since the quarter began divided by the whole
 * 15 minutes (lib/capacity/quarter.ts), so the energy so far is `average × 0.25 h`.
 */
import { MINIMUM_MONTH_PEAK_KW, QUARTER_SECONDS } from "../../capacity/quarter.ts";

/**
 * The shortest horizon the rest of the quarter is spread over. In the last seconds the budget
 * divided by the time left grows without bound (or falls to minus infinity); spreading it over at
 * least a minute keeps the allowed power within a few times the target and keeps a car that
 * answers a limit seconds late from carrying a burst into the next quarter.
 */
export const MIN_HORIZON_S = 60;

export interface QuarterBudget {
  /** The quarter may end at this average (kW): max(month peak, 2.5 kW) − margin. */
  targetKW: number;
  /** Energy imported since the quarter began (kWh). */
  usedKWh: number;
  /** Energy still allowed until the quarter ends (kWh); negative when the target is passed. */
  leftKWh: number;
  remainingS: number;
  /**
   * The average import (W) allowed for the rest of the quarter: `leftKWh` over the time left, but
   * over at least `MIN_HORIZON_S`. Negative when the quarter is already over its target: the house
   * would have to give back what it cannot, so every controllable load pauses.
   */
  allowedW: number;
}

/**
 * The budget for the rest of the running quarter. `quarterAverageKW` is the meter's 1.4.0,
 * `elapsedS` the seconds since the fixed quarter began (0–899, see projectQuarter), `monthPeakKW`
 * this month's peak so far (1.6.0; 0 when the month has none yet), `marginW` what is kept free.
 */
export function quarterBudget(
  quarterAverageKW: number,
  elapsedS: number,
  monthPeakKW: number,
  marginW: number,
): QuarterBudget {
  const targetKW = Math.max(monthPeakKW, MINIMUM_MONTH_PEAK_KW) - marginW / 1000;
  const quarterH = QUARTER_SECONDS / 3600;
  const usedKWh = Math.max(quarterAverageKW, 0) * quarterH;
  const leftKWh = targetKW * quarterH - usedKWh;
  const remainingS = Math.max(QUARTER_SECONDS - Math.max(elapsedS, 0), 0);
  const horizonS = Math.max(remainingS, MIN_HORIZON_S);
  const allowedW = (leftKWh * 1000 * 3600) / horizonS;
  return { targetKW, usedKWh, leftKWh, remainingS, allowedW };
}

/**
 * What the car(s) may draw (W) on top of the house: the allowed average import minus the house's
 * own load now. `houseNonEvW` is the grid's net import without the chargers (negative while the
 * house exports), so surplus adds to the headroom. Negative: the chargers must pause.
 */
export function evHeadroomW(budget: QuarterBudget, houseNonEvW: number): number {
  return budget.allowedW - houseNonEvW;
}

/**
 * How fast the house-load estimate follows a drop (s). A rise is followed at once: the car gives
 * way while the house takes more, and comes back only once the house has stayed lower for a while,
 * so it does not spend in a lull what a cycling oven takes back a minute later.
 */
export const HOUSE_FALL_TIME_S = 60;

/**
 * The house load the budget is planned against: the present load when it is higher, else the last
 * estimate falling towards it with a first-order lag of `HOUSE_FALL_TIME_S`. A kettle's burst still
 * costs only its energy: the car eases off for as long as the budget cannot carry both (a quarter
 * well under its target carries both, and the car does not even slow down), and afterwards the
 * budget is lower only by the burst's few Wh. `previousW` is `null` at the first reading.
 */
export function houseLoadEstimateW(
  previousW: number | null,
  presentW: number,
  dtS: number,
): number {
  if (previousW === null || presentW >= previousW) return presentW;
  const weight = 1 - Math.exp(-Math.max(dtS, 0) / HOUSE_FALL_TIME_S);
  return previousW + (presentW - previousW) * weight;
}
