import { describe, expect, it } from "vitest";
import {
  dearestSlotStartMs,
  solarBeforeDearestKWh,
  solarSurplusKWh,
} from "../../../lib/control/solar_fill.ts";

const Q = 15 * 60_000;
const T0 = Date.UTC(2026, 5, 21, 8, 0);

describe("the sun's surplus before the dear slot", () => {
  it("is the most the running sum of production minus the house's use reaches", () => {
    // Quarters of 3,000, 4,000, 0 and 5,000 W against a house of 1,000 W, from halfway through
    // the first: +2,000 W × ⅛ h = 0.25, +3,000 W × ¼ h = 0.75 (1.0), −1,000 W × ¼ h = −0.25
    // (0.75), +4,000 W × ¼ h = 1.0 (1.75). The highest the sum reaches: 1.75 kWh.
    const production = {
      startMs: [0, 1, 2, 3].map((i) => T0 + i * Q),
      w: [3000, 4000, 0, 5000],
    };
    expect(solarSurplusKWh(production, () => 1000, T0 + Q / 2, T0 + 4 * Q)).toBeCloseTo(1.75, 9);
    // Until the start of the third quarter: 0.25 + 0.75 = 1.0 kWh.
    expect(solarSurplusKWh(production, () => 1000, T0 + Q / 2, T0 + 2 * Q)).toBeCloseTo(1.0, 9);
  });

  it("counts the house's use in the dark before the sun against it", () => {
    // Two hours of night at 500 W (the battery covers 1.0 kWh, so its room grows by that), then
    // an hour of 2,500 W against 500 W: −1.0 + 2.0 = 1.0 kWh at the most.
    const night = T0 - 2 * 3_600_000;
    const production = {
      startMs: [0, 1, 2, 3].map((i) => T0 + i * Q),
      w: [2500, 2500, 2500, 2500],
    };
    expect(solarSurplusKWh(production, () => 500, night, T0 + 4 * Q)).toBeCloseTo(1.0, 9);
  });

  it("knows nothing while the house's use of a quarter is not known yet", () => {
    const production = { startMs: [T0, T0 + Q], w: [3000, 3000] };
    const house = (startMs: number) => startMs === T0 ? 1000 : null;
    expect(solarSurplusKWh(production, house, T0, T0 + 8 * Q)).toBeNull();
  });

  it("finds the dearest slot still to come", () => {
    const H = 3_600_000;
    const starts = [0, 1, 2, 3, 4].map((i) => T0 + i * H);
    // 150 at 09:00 UTC is past at 09:30; of the later ones 120 (11:00) is the dearest, the
    // first of two slots at that price.
    expect(dearestSlotStartMs([80, 150, 60, 120, 120], starts, T0 + 1.5 * H)).toBe(T0 + 3 * H);
    // No price still to come: none.
    expect(dearestSlotStartMs([80, 150, null, null, null], starts, T0 + 1.5 * H)).toBeNull();
  });
});

describe("the sun before the day's dearest slot, from a day of prices", () => {
  it("sums the surplus from now until the dearest hour still to come", () => {
    // 21 June 2026 in Brussels (UTC+2): hourly prices, the dearest later one at 19:00 local
    // (17:00 UTC). At 10:00 local (08:00 UTC) a flat 3,000 W against a house of 1,000 W from
    // 04:00 to 17:00 UTC: 2,000 W × 9 h (08:00–17:00 UTC) = 18 kWh.
    const prices = Array.from({ length: 24 }, (_, h) => (h === 19 ? 200 : h === 8 ? 300 : 50));
    const startMs: number[] = [];
    const w: number[] = [];
    for (let t = Date.UTC(2026, 5, 21, 4, 0); t < Date.UTC(2026, 5, 21, 17, 0); t += Q) {
      startMs.push(t);
      w.push(3000);
    }
    const kWh = solarBeforeDearestKWh(
      Date.UTC(2026, 5, 21, 8, 0),
      { day: "2026-06-21", slotMinutes: 60, eurPerMWh: prices },
      { startMs, w },
      () => 1000,
    );
    expect(kWh).toBeCloseTo(18, 9);
    // No forecast: nothing known.
    expect(
      solarBeforeDearestKWh(
        Date.UTC(2026, 5, 21, 8, 0),
        { day: "2026-06-21", slotMinutes: 60, eurPerMWh: prices },
        null,
        () => 1000,
      ),
    ).toBeNull();
  });
});
