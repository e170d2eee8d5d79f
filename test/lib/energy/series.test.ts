import { describe, expect, it } from "vitest";
import { emptyBucket, Quality } from "../../../lib/energy/day_bucket.ts";
import {
  monthNetList,
  netDirection,
  periodRange,
  periodSeries,
  stepPeriod,
  withDailyTotals,
} from "../../../lib/energy/series.ts";
import { parseFluviusText } from "../../../lib/fluvius/import.ts";
import { FLUVIUS_SAMPLES, fluviusText } from "../../fixtures/fluvius.ts";

function byDay(file: string) {
  return new Map(parseFluviusText(fluviusText(file)).buckets.map((b) => [b.day, b]));
}

describe("history series", () => {
  it("gives a DST day 23 or 25 hour bars and 92 or 100 quarter bars", () => {
    const spring = byDay(FLUVIUS_SAMPLES[0].file);
    expect(periodSeries("day", "2024-03-31", spring).bars.length).toBe(23);
    expect(periodSeries("day", "2024-03-31", spring, new Map(), true).bars.length).toBe(92);
    const autumn = byDay(FLUVIUS_SAMPLES[1].file);
    expect(periodSeries("day", "2023-10-29", autumn).bars.length).toBe(25);
    expect(periodSeries("day", "2023-10-29", autumn, new Map(), true).bars.length).toBe(100);
  });

  it("sums the hour from its four quarters and the net as import − export", () => {
    const bucket = emptyBucket("local", "grid", "2024-06-03");
    for (let i = 0; i < 4; i++) {
      bucket.imported[40 + i] = 0.1 * (i + 1); // 10:00–11:00: 1.0 kWh in
      bucket.exported[40 + i] = 0.05; // and 0.2 kWh out
      bucket.quality[40 + i] = Quality.measured;
    }
    const series = periodSeries("day", "2024-06-03", new Map([["2024-06-03", bucket]]));
    expect(series.bars[10]).toMatchObject({
      importKWh: 1,
      exportKWh: 0.2,
      netKWh: 0.8,
      productionKWh: null,
      incomplete: false,
    });
    // Hours without data are gaps, not zeros.
    expect(series.bars[9]).toMatchObject({ netKWh: null, importKWh: null, incomplete: true });
    expect(series.totals).toEqual({
      importKWh: 1,
      exportKWh: 0.2,
      netKWh: 0.8,
      productionKWh: null,
      missingSlots: 92,
      selfUse: null,
    });
  });

  it("gives the month view a bar per day and the year view a bar per month", () => {
    const june = byDay(FLUVIUS_SAMPLES[2].file);
    const month = periodSeries("month", "2024-06-15", june);
    expect(month.bars.length).toBe(30);
    expect(month.bars[0].importKWh! + month.bars[1].importKWh!).toBeCloseTo(7.333, 6);
    expect(month.bars[2].netKWh).toBeNull();
    expect(month.totals.importKWh).toBe(7.333);
    expect(month.totals.exportKWh).toBe(27.754);
    expect(month.totals.netKWh).toBe(-20.421);
    const year = periodSeries("year", "2024-06-15", june);
    expect(year.bars.map((b) => b.key)[5]).toBe("2024-06");
    expect(year.bars[5].netKWh).toBe(-20.421);
    expect(year.bars[5].incomplete).toBe(true);
    expect(year.bars[4].netKWh).toBeNull();
  });

  it("marks the bars holding an estimated quarter-hour, in the day, week and year views", () => {
    const bucket = emptyBucket("local", "grid", "2024-06-03");
    for (let i = 0; i < 96; i++) {
      bucket.imported[i] = 0.1;
      bucket.exported[i] = 0;
      bucket.quality[i] = i === 41 ? Quality.estimated : Quality.validated;
    }
    const grid = new Map([["2024-06-03", bucket]]);
    const day = periodSeries("day", "2024-06-03", grid);
    expect(day.bars.map((bar, hour) => [hour, bar.estimated]).filter(([, e]) => e)).toEqual([
      [10, true],
    ]);
    expect(day.bars[10]).toMatchObject({ importKWh: 0.4, incomplete: false });
    const quarters = periodSeries("day", "2024-06-03", grid, new Map(), true);
    expect(quarters.bars.filter((bar) => bar.estimated).length).toBe(1);
    expect(quarters.bars[41].estimated).toBe(true);
    const week = periodSeries("week", "2024-06-03", grid);
    expect(week.bars.map((bar) => bar.estimated)).toEqual([
      true,
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
    const year = periodSeries("year", "2024-06-03", grid);
    expect(year.bars.map((bar) => bar.estimated)).toEqual(
      [false, false, false, false, false, true, false, false, false, false, false, false],
    );
  });

  it("adds production when a pv channel is known", () => {
    const grid = emptyBucket("local", "grid", "2024-06-03");
    const pv = emptyBucket("local", "pv", "2024-06-03");
    pv.imported[48] = 0.7;
    pv.quality[48] = Quality.measured;
    const series = periodSeries(
      "day",
      "2024-06-03",
      new Map([["2024-06-03", grid]]),
      new Map([["2024-06-03", pv]]),
    );
    expect(series.bars[12].productionKWh).toBe(0.7);
    expect(series.totals.productionKWh).toBe(0.7);
  });

  it("steps periods and finds their ranges", () => {
    expect(periodRange("week", "2024-03-31")).toEqual({ from: "2024-03-25", to: "2024-03-31" });
    expect(periodRange("month", "2024-02-10")).toEqual({ from: "2024-02-01", to: "2024-02-29" });
    expect(stepPeriod("month", "2024-01-31", 1)).toBe("2024-02-01");
    expect(stepPeriod("year", "2024-06-15", -1)).toBe("2023-01-01");
    expect(stepPeriod("week", "2024-03-25", 1)).toBe("2024-04-01");
  });

  it("lists net import per month, newest first", () => {
    const spring = byDay(FLUVIUS_SAMPLES[0].file);
    expect(monthNetList(spring.values())).toEqual([
      { month: "2024-04", netKWh: 0.358, importKWh: 4.685, exportKWh: 4.327, complete: false },
      { month: "2024-03", netKWh: 2.941, importKWh: 15.405, exportKWh: 12.464, complete: false },
    ]);
  });

  it("counts daily totals where a day has no quarter-hours, without inventing hours", () => {
    const quarterDay = emptyBucket("local", "grid", "2024-06-03");
    quarterDay.imported[0] = 0.5;
    quarterDay.exported[0] = 0;
    quarterDay.quality[0] = Quality.measured;
    const daily = (day: string, importKWh: number) => {
      const bucket = emptyBucket("local", "grid", day, 1440);
      bucket.imported[0] = importKWh;
      bucket.exported[0] = 1;
      bucket.quality[0] = Quality.validated;
      return bucket;
    };
    const grid = withDailyTotals(
      new Map([["2024-06-03", quarterDay]]),
      new Map([["2024-06-03", daily("2024-06-03", 99)], ["2024-06-04", daily("2024-06-04", 8)]]),
    );
    expect(grid.get("2024-06-03")).toBe(quarterDay); // quarter-hours win over the day's total
    const week = periodSeries("week", "2024-06-03", grid);
    expect(week.bars.slice(0, 2).map((b) => b.netKWh)).toEqual([0.5, 7]);
    expect(week.totals.importKWh).toBe(8.5);
    const day = periodSeries("day", "2024-06-04", grid);
    expect(day.bars.every((bar) => bar.netKWh === null)).toBe(true);
    expect(day.totals.importKWh).toBe(8);
  });

  it("says a net exchange by its direction and size", () => {
    expect(netDirection(-10.482)).toEqual({ direction: "export", kWh: 10.482 });
    expect(netDirection(2.5)).toEqual({ direction: "import", kWh: 2.5 });
    expect(netDirection(0)).toEqual({ direction: "import", kWh: 0 });
  });
});
