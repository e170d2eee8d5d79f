import { describe, expect, it } from "vitest";
import { formatAxisTick, tickDecimals } from "../../../lib/i18n/axis.ts";

const label = (locale: "nl" | "fr" | "en", ticks: number[], unsigned = false) =>
  ticks.map((v) => formatAxisTick(locale, v, { unsigned }));

describe("chart axis ticks", () => {
  it("shows one kWh as 1, not 1,000, each tick with only the decimals it needs", () => {
    expect(label("nl", [0, 0.5, 1, 1.5])).toEqual(["0", "0,5", "1", "1,5"]);
    expect(label("nl", [0, 1, 2])).toEqual(["0", "1", "2"]);
    expect(label("nl", [0, 0.25, 0.5])).toEqual(["0", "0,25", "0,5"]);
    expect(label("nl", [0, 0.02, 0.04])).toEqual(["0", "0,02", "0,04"]);
  });

  it("uses the decimal comma in Dutch and French, the point in English", () => {
    expect(label("nl", [0, 0.5, 1])).toEqual(["0", "0,5", "1"]);
    expect(label("fr", [0, 0.5, 1])).toEqual(["0", "0,5", "1"]);
    expect(label("en", [0, 0.5, 1])).toEqual(["0", "0.5", "1"]);
    // Thousands grouped as each language does: a point, a narrow space, a comma.
    expect(label("nl", [0, 1000])).toEqual(["0", "1.000"]);
    expect(label("fr", [0, 1000])).toEqual(["0", "1\u202f000"]);
    expect(label("en", [0, 1000])).toEqual(["0", "1,000"]);
  });

  it("is not fooled by float noise in Chart.js's tick steps", () => {
    expect(tickDecimals(0.30000000000000004)).toBe(1);
    expect(tickDecimals(0.7000000000000001)).toBe(1);
    expect(label("nl", [0, 0.1, 0.2, 0.30000000000000004])).toEqual(["0", "0,1", "0,2", "0,3"]);
    // At most three decimals.
    expect(tickDecimals(1 / 3)).toBe(3);
    expect(formatAxisTick("en", 1 / 3)).toBe("0.333");
  });

  it("shows magnitudes on an axis whose sides are named in words, and never -0", () => {
    expect(label("nl", [-1, -0.5, 0, 0.5, 1], true)).toEqual(["1", "0,5", "0", "0,5", "1"]);
    expect(label("en", [-1, -0.5, 0, 0.5])).toEqual(["-1", "-0.5", "0", "0.5"]);
    expect(formatAxisTick("nl", -0.00001)).toBe("0");
  });

  it("adds a unit where the axis wants one on each tick", () => {
    expect(formatAxisTick("nl", 50, { suffix: " %" })).toBe("50 %");
  });
});
