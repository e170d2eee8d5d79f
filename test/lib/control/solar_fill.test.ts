import { describe, expect, it } from "vitest";
import { dearestSlotStartMs, solarSurplusKWh } from "../../../lib/control/solar_fill.ts";

const Q = 15 * 60_000;
const T0 = Date.UTC(2026, 5, 21, 8, 0);

describe("the sun's surplus before the dear slot", () => {
  it("sums production above the house's use, quarter by quarter, from now", () => {
    // Four quarters of 3,000, 4,000, 1,000 and 5,000 W against a house of 1,000 W (the third
    // gives nothing); from halfway through the first until the end of the fourth:
    // 2,000 W × ⅛ h + 3,000 W × ¼ h + 0 + 4,000 W × ¼ h = 0.25 + 0.75 + 1.0 = 2.0 kWh.
    const production = {
      startMs: [0, 1, 2, 3].map((i) => T0 + i * Q),
      w: [3000, 4000, 1000, 5000],
    };
    expect(solarSurplusKWh(production, () => 1000, T0 + Q / 2, T0 + 4 * Q)).toBeCloseTo(2.0, 9);
    // Until the start of the third quarter: 0.25 + 0.75 = 1.0 kWh.
    expect(solarSurplusKWh(production, () => 1000, T0 + Q / 2, T0 + 2 * Q)).toBeCloseTo(1.0, 9);
  });

  it("counts nothing where the house's use is not known yet or the forecast ends", () => {
    const production = { startMs: [T0, T0 + Q], w: [3000, 3000] };
    // The second quarter's house use is unknown: only the first counts, 2,000 W × ¼ h.
    const house = (startMs: number) => startMs === T0 ? 1000 : null;
    expect(solarSurplusKWh(production, house, T0, T0 + 8 * Q)).toBeCloseTo(0.5, 9);
  });

  it("finds the dearest slot still to come", () => {
    const H = 3_600_000;
    const starts = [0, 1, 2, 3, 4].map((i) => T0 + i * H);
    // 150 at 09:00 UTC is past at 09:30; of the later ones 120 (11:00) is the dearest, the
    // first of two slots at that price.
    expect(dearestSlotStartMs([80, 150, 60, 120, 120], starts, T0 + 1.5 * H)).toBe(T0 + 3 * H);
    expect(dearestSlotStartMs([80, 150, null, null, null], starts, T0 + 1.5 * H)).toBeNull();
  });
});
