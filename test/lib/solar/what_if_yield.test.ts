import { describe, expect, it } from "vitest";
import { emptyBucket, Quality, Source } from "../../../lib/energy/day_bucket.ts";
import { slotStartMs } from "../../../lib/energy/calendar.ts";
import { clearSkyGroupW } from "../../../lib/solar/clear_sky_power.ts";
import { BRUSSELS, whatIfYieldModel } from "../../../lib/solar/what_if_yield.ts";
import type { PanelGroup } from "../../../lib/solar/solar_setup.ts";
import { typicalBelgianYield } from "../../../lib/views/what_if.ts";

const SOUTH = { azimuthDeg: 180, tiltDeg: 35 };
const KWP: PanelGroup = { id: "kWp", name: "", panelCount: 1, panelWp: 1000, ...SOUTH };

function monthSum(fn: (t: number) => number, year: number, month: number): number {
  let sum = 0;
  for (let t = Date.UTC(year, month - 1, 1); t < Date.UTC(year, month, 1); t += 900_000) {
    sum += fn(t);
  }
  return sum;
}

describe("what an added kWp makes in the what-if year", () => {
  it("without measured panels, gives the typical Belgian month on a south roof at 35°", () => {
    const model = whatIfYieldModel(null, [], []);
    // The typical yield is the clear sky scaled to the typical month: their sums agree.
    for (const month of [1, 6, 12]) {
      const modelled = monthSum((t) => model.yieldKWhPerKWp(t, SOUTH), 2026, month);
      const typical = monthSum((t) => typicalBelgianYield(t, SOUTH), 2026, month);
      expect(modelled).toBeCloseTo(typical, 6);
    }
    expect(model.measuredMonths).toEqual([]);
  });

  it("follows the sun of the chosen orientation: an east roof makes its kWh in the morning", () => {
    const model = whatIfYieldModel(BRUSSELS, [], []);
    const east = { azimuthDeg: 90, tiltDeg: 35 };
    const morning = Date.UTC(2026, 5, 21, 6, 0);
    const evening = Date.UTC(2026, 5, 21, 17, 0);
    expect(model.yieldKWhPerKWp(morning, east)).toBeGreaterThan(
      model.yieldKWhPerKWp(morning, SOUTH),
    );
    expect(model.yieldKWhPerKWp(evening, east)).toBeLessThan(model.yieldKWhPerKWp(evening, SOUTH));
  });

  it("scales to the site's own panels in a month they were measured", () => {
    // A June of 30 days in which a 1 kWp south group made exactly half its clear-sky production.
    const pv = [];
    for (let d = 1; d <= 30; d++) {
      const day = `2026-06-${String(d).padStart(2, "0")}`;
      const bucket = emptyBucket("site", "pv", day);
      for (let i = 0; i < bucket.imported.length; i++) {
        const start = slotStartMs(day, i);
        bucket.imported[i] = clearSkyGroupW(BRUSSELS, KWP, start + 450_000) / 4000 / 2;
        bucket.exported[i] = 0;
        bucket.quality[i] = Quality.measured;
        bucket.source[i] = Source.gateway;
      }
      pv.push(bucket);
    }
    const model = whatIfYieldModel(BRUSSELS, [KWP], pv);
    expect(model.measuredMonths).toEqual(["2026-06"]);
    // Half the clear sky again, up to the model's hourly interpolation of the sun (< 1 %).
    const noon = Date.UTC(2026, 5, 15, 11, 0);
    const half = clearSkyGroupW(BRUSSELS, KWP, noon + 450_000) / 4000 / 2;
    expect(Math.abs(model.yieldKWhPerKWp(noon, SOUTH) / half - 1)).toBeLessThan(0.01);
  });
});
