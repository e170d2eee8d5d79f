import { describe, expect, it } from "vitest";
import { capacityAlert } from "../../../lib/capacity/alert.ts";

describe("capacityAlert", () => {
  it("stays quiet below the 2.5 kW floor, whatever the month's peak or the limit", () => {
    // The first of the month: a 0.2 kW peak so far, a 0.3 kW limit, a quarter heading to 0.37.
    expect(capacityAlert(0.37, 0.2, 0.3)).toBeNull();
    expect(capacityAlert(2.5, null, null)).toBeNull();
  });

  it("warns above the floor when the month has no higher peak and no limit is set", () => {
    expect(capacityAlert(2.6, 1.8, null)).toEqual({
      above: "floor",
      projectedKW: 2.6,
      thresholdKW: 2.5,
    });
  });

  it("warns above this month's peak when it is the highest threshold", () => {
    expect(capacityAlert(3.2, 3.064, 2.8)).toEqual({
      above: "peak",
      projectedKW: 3.2,
      thresholdKW: 3.064,
    });
    expect(capacityAlert(3.0, 3.064, 2.8)).toBeNull();
  });

  it("warns above the household's limit when that is the highest", () => {
    expect(capacityAlert(4.1, 3.064, 4)).toEqual({
      above: "limit",
      projectedKW: 4.1,
      thresholdKW: 4,
    });
    expect(capacityAlert(3.9, 3.064, 4)).toBeNull();
  });

  it("has nothing to say without a running quarter", () => {
    expect(capacityAlert(null, 3, 4)).toBeNull();
  });
});
