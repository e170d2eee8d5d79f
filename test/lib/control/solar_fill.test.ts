import { describe, expect, it } from "vitest";
import {
  dearestSlotStartMs,
  solarBeforeDearestKWh,
  solarSurplusKWh,
} from "../../../lib/control/solar_fill.ts";

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

describe("the sun before the day's dearest slot, from a day of prices", () => {
  it("sums the surplus from now until the dearest hour still to come", () => {
    // 21 June 2026 in Brussels (UTC+2): hourly prices, the dearest later one at 19:00 local
    // (17:00 UTC). At 10:00 local (08:00 UTC) a flat 3,000 W against a house of 1,000 W from
    // 08:00 to 16:00 UTC: 2,000 W × 9 h (08:00–17:00 UTC, forecast quarters to 17:00) = 18 kWh.
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
