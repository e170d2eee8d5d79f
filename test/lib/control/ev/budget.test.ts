import { describe, expect, it } from "vitest";
import {
  evHeadroomW,
  houseLoadEstimateW,
  MIN_HORIZON_S,
  quarterBudget,
} from "../../../../lib/control/ev/budget.ts";

describe("quarterBudget", () => {
  it("spreads what is left of max(peak, 2.5 kW) − margin over the time left", () => {
    // Target 3.0 − 0.2 = 2.8 kW → 0.7 kWh a quarter; 1.0 kW so far after 5 min = 0.25 kWh used;
    // 0.45 kWh over 600 s = 2.7 kW.
    const b = quarterBudget(1.0, 300, 3.0, 200);
    expect(b.targetKW).toBeCloseTo(2.8, 9);
    expect(b.usedKWh).toBeCloseTo(0.25, 9);
    expect(b.leftKWh).toBeCloseTo(0.45, 9);
    expect(b.remainingS).toBe(600);
    expect(b.allowedW).toBeCloseTo(2700, 6);
    // The house takes 500 W of it: 2,200 W for the car; exporting 1,000 W adds to it.
    expect(evHeadroomW(b, 500)).toBeCloseTo(2200, 6);
    expect(evHeadroomW(b, -1000)).toBeCloseTo(3700, 6);
  });

  it("uses the 2.5 kW floor while the month's peak is lower or unknown", () => {
    const b = quarterBudget(0, 0, 1.2, 200);
    expect(b.targetKW).toBeCloseTo(2.3, 9);
    // A fresh quarter: the whole 2.3 kW for 15 min.
    expect(b.allowedW).toBeCloseTo(2300, 6);
    expect(quarterBudget(0, 0, 0, 0).allowedW).toBeCloseTo(2500, 6);
  });

  it("spreads the last seconds over at least a minute", () => {
    // 2.0 kW so far: 0.5 of 0.7 kWh used, 30 s left → 0.2 kWh over 60 s = 12 kW, not 24 kW.
    expect(MIN_HORIZON_S).toBe(60);
    const b = quarterBudget(2.0, 870, 3.0, 200);
    expect(b.remainingS).toBe(30);
    expect(b.allowedW).toBeCloseTo(12_000, 6);
  });

  it("goes negative when the quarter is past its target", () => {
    // 2.9 kW so far = 0.725 kWh > 0.7 kWh: −0.025 kWh over 300 s = −300 W.
    const b = quarterBudget(2.9, 600, 3.0, 200);
    expect(b.allowedW).toBeCloseTo(-300, 6);
    expect(evHeadroomW(b, 400)).toBeCloseTo(-700, 6);
  });

  it("charges a kettle's burst only its energy", () => {
    // Quarter at 1.0 kW after 300 s; a 2 kW kettle for 10 s adds 2000 × 10 / 3600 = 5.556 Wh,
    // i.e. 1.4.0 rises by 5.556 Wh / 0.25 h = 0.02222 kW on top of the house's own 0.3 kW.
    const before = quarterBudget(1.0, 300, 3.0, 200);
    const houseOnlyAvg = 1.0 + (0.3 * 10) / 900;
    const withKettleAvg = houseOnlyAvg + (2.0 * 10) / 900;
    const after = quarterBudget(withKettleAvg, 310, 3.0, 200);
    const without = quarterBudget(houseOnlyAvg, 310, 3.0, 200);
    // The rest of the quarter loses 5.556 Wh over 590 s: 33.9 W less, not 2,000 W.
    expect(without.allowedW - after.allowedW).toBeCloseTo((20_000 / 3600) * 3600 / 590, 6);
    expect(before.allowedW - after.allowedW).toBeLessThan(60);
    // The house estimate follows the kettle at once and lets go of it over about a minute.
    let estimate = houseLoadEstimateW(300, 2300, 1);
    expect(estimate).toBe(2300);
    estimate = houseLoadEstimateW(estimate, 300, 1);
    expect(estimate).toBeCloseTo(300 + 2000 * Math.exp(-1 / 60), 6);
    for (let s = 1; s < 60; s++) estimate = houseLoadEstimateW(estimate, 300, 1);
    expect(estimate).toBeCloseTo(300 + 2000 * Math.exp(-1), 6);
    expect(houseLoadEstimateW(null, 1234, 1)).toBe(1234);
  });
});
