import { describe, expect, it } from "vitest";
import {
  capacityBasis,
  capacityWhatIf,
  monthlyCapacityEur,
  monthPeaksFromBuckets,
} from "../../../lib/capacity/annual.ts";
import { emptyBucket, Quality } from "../../../lib/energy/day_bucket.ts";
import { parseFluviusText } from "../../../lib/fluvius/import.ts";
import { FLUVIUS_SAMPLES, fluviusExpected, fluviusText } from "../../fixtures/fluvius.ts";

// A year of monthly peaks, several under the 2.5 kW floor.
const PEAKS_KW = [1.2, 3.0, 4.5, 2.0, 2.5, 6.0, 0.8, 3.5, 2.4, 5.0, 1.0, 4.0];
const peaks = new Map(
  PEAKS_KW.map((kW, i) => [`2024-${String(i + 1).padStart(2, "0")}`, { kW }]),
);

describe("the capacity tariff over months", () => {
  it("floors each month at 2.5 kW before averaging the last 12", () => {
    // Counted: 2.5, 3.0, 4.5, 2.5, 2.5, 6.0, 2.5, 3.5, 2.5, 5.0, 2.5, 4.0 → sum 41.0 → 3.41667 kW
    const basis = capacityBasis("2024-12", peaks);
    expect(basis.months.map((m) => m.countedKW)).toEqual([
      2.5,
      3.0,
      4.5,
      2.5,
      2.5,
      6.0,
      2.5,
      3.5,
      2.5,
      5.0,
      2.5,
      4.0,
    ]);
    expect(basis.averageKW).toBeCloseTo(41 / 12, 10);
    expect(basis.shortHistory).toBe(false);
    // At 60 €/kW/year: 3.41667 × 60 = 205 € a year, 17.0833 € a month.
    expect(monthlyCapacityEur(basis.averageKW, 60) * 12).toBeCloseTo(205, 10);
    expect(monthlyCapacityEur(basis.averageKW, 60)).toBeCloseTo(205 / 12, 10);
  });

  it("averages over the months that exist when there are fewer than 12", () => {
    // March 2024: January (1.2 → 2.5), February 3.0, March 4.5 → 10 / 3
    const basis = capacityBasis("2024-03", peaks);
    expect(basis.months.length).toBe(3);
    expect(basis.averageKW).toBeCloseTo(10 / 3, 10);
    expect(basis.shortHistory).toBe(true);
    expect(capacityBasis("2023-05", peaks).averageKW).toBe(2.5);
  });

  it("rolls the window: January 2025 drops January 2024", () => {
    const next = new Map([...peaks, ["2025-01", { kW: 7.0 }]]);
    // 41.0 − 2.5 + 7.0 = 45.5 → 3.79167
    expect(capacityBasis("2025-01", next).averageKW).toBeCloseTo(45.5 / 12, 10);
  });

  it("says what capping the peaks would have saved", () => {
    // Capped at 3 kW, the counted peaks become 2.5, 3, 3, 2.5, 2.5, 3, 2.5, 3, 2.5, 3, 2.5, 3
    // → 33 / 12 = 2.75 kW in December 2024: (3.41667 − 2.75) × 60 / 12 = 3.3333 € less.
    const december = capacityWhatIf("2024-12", "2024-12", peaks, 60, 3);
    expect(december.actualEur).toBeCloseTo(205 / 12, 10);
    expect(december.cappedEur).toBeCloseTo(2.75 * 5, 10);
    expect(december.savedEur).toBeCloseTo(205 / 12 - 13.75, 10);
  });

  it("finds the month peaks of quarter-hour data, equal to the independently computed ones", () => {
    const result = parseFluviusText(fluviusText(FLUVIUS_SAMPLES[0].file));
    const found = monthPeaksFromBuckets(result.buckets);
    const expected = fluviusExpected(FLUVIUS_SAMPLES[0].expected).months;
    for (const [month, want] of Object.entries(expected)) {
      expect(found.get(month)!.kW).toBeCloseTo(want.peakKW, 10);
      expect(new Date(found.get(month)!.startMs!).getTime()).toBe(Date.parse(want.peakStart));
    }
  });

  it("skips missing quarters", () => {
    const b = emptyBucket("local", "grid", "2024-06-01");
    b.imported[3] = 0.5;
    b.quality[3] = Quality.missing;
    expect(monthPeaksFromBuckets([b]).size).toBe(0);
  });
});
