import { describe, expect, it } from "vitest";
import { projectQuarter } from "../../../lib/capacity/quarter.ts";

describe("projectQuarter", () => {
  it("adds the present import for the rest of the quarter", () => {
    // 10:05:00 UTC: 300 s into the 10:00 quarter, 600 s to go.
    const p = projectQuarter(Date.UTC(2024, 5, 12, 10, 5, 0), 1.0, 3.0);
    expect(p.elapsedS).toBe(300);
    expect(p.remainingS).toBe(600);
    expect(p.projectedKW).toBeCloseTo(1.0 + 3.0 * (600 / 900), 12);
  });

  it("ends at the meter's own average on the last second, and ignores export", () => {
    expect(projectQuarter(Date.UTC(2024, 5, 12, 10, 14, 59), 2.4, 5).projectedKW).toBeCloseTo(
      2.4 + 5 / 900,
      12,
    );
    expect(projectQuarter(Date.UTC(2024, 5, 12, 10, 7, 30), 0.5, -2).projectedKW).toBe(0.5);
  });

  it("starts a new quarter at :00, :15, :30 and :45 in Brussels, also in summer time", () => {
    // 2024-06-12T12:45:00+02:00
    expect(projectQuarter(Date.parse("2024-06-12T12:45:00+02:00"), 0, 4)).toMatchObject({
      elapsedS: 0,
      remainingS: 900,
      projectedKW: 4,
    });
  });
});
