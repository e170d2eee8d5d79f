import { describe, expect, it } from "vitest";
import {
  applyCorrection,
  DEFAULT_BAND,
  learnCorrection,
  quantile,
} from "../../../lib/solar/correction.ts";

/** A day with forecast 1 kWh in UTC hours 10–13, 0.1 kWh at 9; measured by ratios per hour. */
function day(
  ratio10: number,
  extra: Partial<{ measuredTotalScale: number; forecastScale: number }> = {},
) {
  const f = new Array(24).fill(0);
  const m = new Array(24).fill(0);
  const fs = extra.forecastScale ?? 1;
  f[9] = 0.1 * fs;
  for (const h of [10, 11, 12, 13]) f[h] = 1 * fs;
  const ms = extra.measuredTotalScale ?? 1;
  m[9] = 0.3 * ms; // ratio 3 at a 2.4 % hour: must be ignored
  m[10] = ratio10 * ms;
  m[11] = 1 * ms;
  m[12] = 1 * ms;
  m[13] = 1 * ms;
  return { day: "2026-06-01", forecastKWh: f, measuredKWh: m };
}

describe("learned correction", () => {
  it("computes type-7 quantiles", () => {
    // n = 6, p = 0.1: h = 0.5 → 0.5 + 0.5·(0.8 − 0.5) = 0.65
    expect(quantile([0.5, 0.8, 0.9, 1.0, 1.1, 1.2], 0.1)).toBeCloseTo(0.65, 12);
    // p = 0.5: h = 2.5 → 0.9 + 0.5·0.1 = 0.95; p = 0.9: h = 4.5 → 1.1 + 0.5·0.1 = 1.15
    expect(quantile([0.5, 0.8, 0.9, 1.0, 1.1, 1.2], 0.5)).toBeCloseTo(0.95, 12);
    expect(quantile([0.5, 0.8, 0.9, 1.0, 1.1, 1.2], 0.9)).toBeCloseTo(1.15, 12);
    expect(quantile([2], 0.9)).toBe(2);
  });

  it("learns per hour from days with enough production only", () => {
    const days = [0.5, 0.8, 0.9, 1.0, 1.1, 1.2].map((r) => day(r));
    days.push(day(0.1, { measuredTotalScale: 0.1 })); // measured 0.1·(0.3+0.1+3) = 0.34 kWh < 0.5
    days.push(day(5, { forecastScale: 0.1 })); // forecast 0.41 kWh < 0.5
    const c = learnCorrection(days);
    expect(c.daysUsed).toBe(6);
    // Hour 10: ratios 0.5 … 1.2 → P10 0.65, P50 0.95, P90 1.15 (above)
    expect(c.hours[10].basis).toBe("hour");
    expect(c.hours[10].samples).toBe(6);
    expect(c.hours[10].p10).toBeCloseTo(0.65, 12);
    expect(c.hours[10].p50).toBeCloseTo(0.95, 12);
    expect(c.hours[10].p90).toBeCloseTo(1.15, 12);
    expect([c.hours[11].p10, c.hours[11].p50, c.hours[11].p90]).toEqual([1, 1, 1]);
    // Hour 9 is 0.1/4.1 = 2.4 % of the day (< 5 %): not learned, so it takes the pooled band of
    // 24 ratios [0.5, 0.8, 0.9, 1 ×19, 1.1, 1.2]: P10 h = 2.3 → 0.9 + 0.3·0.1 = 0.93; P50 = 1;
    // P90 h = 20.7 → between the 21st and 22nd values, both 1 → 1.
    expect(c.hours[9].basis).toBe("pooled");
    expect(c.hours[9].samples).toBe(24);
    expect(c.hours[9].p10).toBeCloseTo(0.93, 12);
    expect(c.hours[9].p50).toBe(1);
    expect(c.hours[9].p90).toBe(1);
  });

  it("falls back to the default band with too little history", () => {
    const c = learnCorrection([day(0.8), day(0.9)]); // 2 days × 4 hours = 8 ratios ≥ 5: pooled
    expect(c.hours[10].basis).toBe("pooled");
    const none = learnCorrection([day(0.8, { measuredTotalScale: 0.01 })]);
    expect(none.daysUsed).toBe(0);
    expect(none.hours[12]).toEqual({ ...DEFAULT_BAND, samples: 0, basis: "default" });
  });

  it("applies the hour's band to each quarter", () => {
    const c = learnCorrection([0.5, 0.8, 0.9, 1.0, 1.1, 1.2].map((r) => day(r)));
    const start = Date.parse("2026-06-21T10:00:00Z");
    const b = applyCorrection(start, [0.25, 0.25, 0.25, 0.25, 0.4], c);
    // 0.25 kWh × (0.65, 0.95, 1.15) = 0.1625, 0.2375, 0.2875; the 5th quarter is 11:00 (band 1)
    expect(b.p10KWh[0]).toBeCloseTo(0.1625, 12);
    expect(b.p50KWh[3]).toBeCloseTo(0.2375, 12);
    expect(b.p90KWh[2]).toBeCloseTo(0.2875, 12);
    expect([b.p10KWh[4], b.p50KWh[4], b.p90KWh[4]]).toEqual([0.4, 0.4, 0.4]);
  });
});
