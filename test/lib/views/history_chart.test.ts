import { forecastBand } from "../../../lib/views/solar_forecast.ts";
import { describe, expect, it } from "vitest";
import { emptyBucket, Quality } from "../../../lib/energy/day_bucket.ts";
import { periodSeries } from "../../../lib/energy/series.ts";
import { historyChartView } from "../../../lib/views/history_chart.ts";

/** 3 June 2024: 10:00–11:00 imports 0.8 kWh net, 12:00–13:00 exports 0.6 kWh net, 11:00 half seen. */
function june3() {
  const grid = emptyBucket("local", "grid", "2024-06-03");
  for (let i = 40; i < 44; i++) {
    grid.imported[i] = 0.25;
    grid.exported[i] = 0.05;
    grid.quality[i] = Quality.measured;
  }
  grid.imported[44] = 0.1;
  grid.exported[44] = 0;
  grid.quality[44] = Quality.partial;
  for (let i = 48; i < 52; i++) {
    grid.imported[i] = 0;
    grid.exported[i] = 0.15;
    grid.quality[i] = i === 50 ? Quality.estimated : Quality.validated;
  }
  return new Map([["2024-06-03", grid]]);
}

describe("the history chart", () => {
  it("gives each bar its direction in words and its size without a sign", () => {
    const view = historyChartView(periodSeries("day", "2024-06-03", june3()));
    expect(view.bars[10]).toEqual({
      netKWh: 0.8,
      direction: "import",
      magnitudeKWh: 0.8,
      incomplete: false,
      estimated: false,
    });
    expect(view.bars[12]).toEqual({
      netKWh: -0.6,
      direction: "export",
      magnitudeKWh: 0.6,
      incomplete: false,
      estimated: true,
    });
    // Only part of 11:00 was seen: drawn lighter. Hours without data are gaps, never marked.
    expect(view.bars[11]).toMatchObject({ direction: "import", incomplete: true });
    expect(view.bars[9]).toEqual({
      netKWh: null,
      direction: null,
      magnitudeKWh: null,
      incomplete: false,
      estimated: false,
    });
  });

  it("names the time axis's unit: hours or quarter-hours of a day, days, months", () => {
    const grid = june3();
    expect(historyChartView(periodSeries("day", "2024-06-03", grid)).timeUnit).toBe("hour");
    expect(
      historyChartView(periodSeries("day", "2024-06-03", grid, new Map(), true), true).timeUnit,
    )
      .toBe("quarter");
    expect(historyChartView(periodSeries("week", "2024-06-03", grid)).timeUnit).toBe("day");
    expect(historyChartView(periodSeries("month", "2024-06-03", grid)).timeUnit).toBe("day");
    expect(historyChartView(periodSeries("year", "2024-06-03", grid)).timeUnit).toBe("month");
  });

  it("tells the legend what the chart holds: directions, production, marked bars", () => {
    const day = historyChartView(periodSeries("day", "2024-06-03", june3()));
    expect(day.legend).toEqual({
      import: true,
      export: true,
      production: false,
      forecast: false,
      incompleteBars: 1,
      estimatedBars: 1,
      bars: 24,
    });
    expect(day.productionKWh).toBeNull();
    expect(day.decimals).toBe(3);
    // A month with one day of data: that day is incomplete (11:00, and the hours never seen).
    const month = historyChartView(periodSeries("month", "2024-06-03", june3()));
    expect(month.legend).toMatchObject({ incompleteBars: 1, estimatedBars: 1, bars: 30 });
    expect(month.decimals).toBe(1);
    const empty = historyChartView(periodSeries("day", "2024-07-01", new Map()));
    expect(empty.legend).toEqual({
      import: false,
      export: false,
      production: false,
      forecast: false,
      incompleteBars: 0,
      estimatedBars: 0,
      bars: 24,
    });
  });

  it("draws production as a line where the period has any", () => {
    const pv = emptyBucket("local", "pv", "2024-06-03");
    pv.imported[48] = 0.7;
    pv.quality[48] = Quality.measured;
    const view = historyChartView(
      periodSeries("day", "2024-06-03", june3(), new Map([["2024-06-03", pv]])),
    );
    expect(view.legend.production).toBe(true);
    expect(view.productionKWh?.[12]).toBe(0.7);
    expect(view.productionKWh?.[11]).toBeNull();
  });

  it("carries the solar forecast's band on days with one", () => {
    const series = periodSeries("day", "2024-06-03", june3());
    // 2024-06-03 starts 2024-06-02 22:00 UTC; a forecast of 0.1 kWh per quarter for 12 hours
    // from 08:00 CEST (06:00 UTC) is 0.4 kWh in each of the hour bars 08:00–19:00.
    const startMs = Date.parse("2024-06-03T06:00:00Z");
    const p50 = new Float64Array(48).fill(0.1);
    const band = forecastBand(
      {
        startMs,
        slotCount: 48,
        p10KWh: p50.map((x) => x / 2),
        p50KWh: p50,
        p90KWh: p50.map((x) => x * 2),
      },
      series.bars,
      3_600_000,
    );
    const view = historyChartView(series, false, band);
    expect(view.legend.forecast).toBe(true);
    expect(view.forecast?.p50KWh[7]).toBeNull();
    expect(view.forecast?.p50KWh[8]).toBeCloseTo(0.4, 9);
    expect(view.forecast?.p90KWh[19]).toBeCloseTo(0.8, 9);
    expect(view.forecast?.p10KWh[20]).toBeNull();
    expect(view.forecast?.total.p50KWh).toBeCloseTo(4.8, 9);
  });
});
