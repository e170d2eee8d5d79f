/** Rounding to the cent and exact sums of rounded lines. */
import { describe, expect, it } from "vitest";
import { roundCents, roundTo, sumRounded } from "../../../lib/sessions/rounding.ts";

describe("rounding", () => {
  it("rounds half away from zero, past float noise", () => {
    expect(1.005 * 100).toBeLessThan(100.5);
    expect(roundCents(1.005)).toBe(1.01);
    expect(roundCents(2.675)).toBe(2.68);
    expect(roundCents(-1.005)).toBe(-1.01);
    expect(roundCents(0.004)).toBe(0);
    expect(Object.is(roundCents(-0.004), 0)).toBe(true);
    expect(roundTo(41.6666, 1)).toBe(41.7);
    expect(roundTo(7.4995, 3)).toBe(7.5);
  });

  it("sums rounded lines exactly", () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(sumRounded([0.1, 0.2], 2)).toBe(0.3);
    expect(sumRounded([2.12, 3.29, 0.04, -0.5], 2)).toBe(4.95);
    expect(sumRounded([], 3)).toBe(0);
  });
});
