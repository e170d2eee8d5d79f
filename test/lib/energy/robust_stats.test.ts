import { describe, expect, it } from "vitest";
import { median, theilSenSlope } from "../../../lib/energy/robust_stats.ts";

describe("median", () => {
  it("is the middle value, or the mean of the two middle ones", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});

describe("theilSenSlope", () => {
  it("is the median pairwise slope, unmoved by one wild point", () => {
    // Points on y = 2x + 1, the last one wild (50). Four points: three good pairs of slope 2,
    // and (50−1)/3, (50−3)/2, (50−5)/1 → sorted 2, 2, 2, 49/3, 23.5, 45: the median of six is
    // the mean of the 3rd and 4th, (2 + 49/3) / 2. Five points: six pairs of 2 and four wild →
    // the 5th and 6th of ten are both 2.
    expect(theilSenSlope([0, 1, 2, 3], [1, 3, 5, 50])).toBeCloseTo((2 + 49 / 3) / 2, 9);
    expect(theilSenSlope([0, 1, 2, 3, 4], [1, 3, 5, 7, 50])).toBe(2);
  });
});
