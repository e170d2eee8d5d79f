/**
 * When the running quarter deserves a warning: only when it heads above what this month will be
 * billed for anyway — the 2.5 kW floor, the month's peak so far — and above the household's own
 * limit. A quarter under all three costs nothing extra, so it raises no alarm (a warning at
 * 0.2 kW on the first of the month teaches people to ignore it).
 */
import { MINIMUM_MONTH_PEAK_KW } from "./quarter.ts";

export interface CapacityAlert {
  /** What the quarter heads above: the highest of the three thresholds. */
  above: "floor" | "peak" | "limit";
  projectedKW: number;
  thresholdKW: number;
}

export function capacityAlert(
  projectedKW: number | null,
  monthPeakKW: number | null,
  limitKW: number | null,
): CapacityAlert | null {
  if (projectedKW === null) return null;
  let above: CapacityAlert["above"] = "floor";
  let thresholdKW = MINIMUM_MONTH_PEAK_KW;
  if (monthPeakKW !== null && monthPeakKW >= thresholdKW) {
    above = "peak";
    thresholdKW = monthPeakKW;
  }
  if (limitKW !== null && limitKW >= thresholdKW) {
    above = "limit";
    thresholdKW = limitKW;
  }
  return projectedKW > thresholdKW ? { above, projectedKW, thresholdKW } : null;
}
