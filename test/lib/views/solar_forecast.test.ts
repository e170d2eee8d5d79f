import { describe, expect, it } from "vitest";
import { forecastBand, solarForecastView } from "../../../lib/views/solar_forecast.ts";
import type { BandedForecast } from "../../../lib/solar/correction.ts";

/** 3 Brussels days of quarters from 2026-06-20 00:00 CEST (= 06-19 22:00 UTC), 0.1 kWh 08–16 UTC. */
function banded(): BandedForecast {
  const startMs = Date.parse("2026-06-19T22:00:00Z");
  const n = 3 * 96;
  const p50 = new Float64Array(n);
  for (let q = 0; q < n; q++) {
    const h = new Date(startMs + q * 900_000).getUTCHours();
    if (h >= 8 && h < 16) p50[q] = 0.1;
  }
  return {
    startMs,
    slotCount: n,
    p10KWh: p50.map((x) => x * 0.6),
    p50KWh: p50,
    p90KWh: p50.map((x) => x * 1.25),
  };
}

describe("solar forecast view", () => {
  it("gives today's remaining and tomorrow's kWh with the range", () => {
    // 2026-06-20 12:07:30 UTC: the rest of today's sun hours are 12:07:30–16:00 UTC =
    // 3 h 52.5 min = 15.5 quarters × 0.1 = 1.55 kWh; tomorrow: 8 h × 4 × 0.1 = 3.2 kWh.
    const v = solarForecastView(banded(), Date.parse("2026-06-20T12:07:30Z"));
    expect(v.today).toBe("2026-06-20");
    expect(v.tomorrowDay).toBe("2026-06-21");
    expect(v.todayRemaining!.p50KWh).toBeCloseTo(1.55, 9);
    expect(v.todayRemaining!.p10KWh).toBeCloseTo(0.93, 9);
    expect(v.tomorrow!.p50KWh).toBeCloseTo(3.2, 9);
    expect(v.tomorrow!.p10KWh).toBeCloseTo(1.92, 9);
    expect(v.tomorrow!.p90KWh).toBeCloseTo(4, 9);
  });

  it("has no tomorrow when the forecast ends before it", () => {
    const v = solarForecastView(banded(), Date.parse("2026-06-21T12:00:00Z"));
    expect(v.tomorrow!.p50KWh).toBeCloseTo(3.2, 9); // the 22nd is the third day
    expect(solarForecastView(banded(), Date.parse("2026-06-22T12:00:00Z")).tomorrow).toBeNull();
  });

  it("sums the band per bar", () => {
    const hour = 3_600_000;
    const bars = [
      { startMs: Date.parse("2026-06-20T07:00:00Z") },
      { startMs: Date.parse("2026-06-20T08:00:00Z") },
      { startMs: null },
      { startMs: Date.parse("2026-07-01T08:00:00Z") },
    ];
    const b = forecastBand(banded(), bars, hour)!;
    expect(b.p50KWh[0]).toBe(0);
    expect(b.p50KWh[1]).toBeCloseTo(0.4, 9);
    expect(b.p90KWh[1]).toBeCloseTo(0.5, 9);
    expect(b.p50KWh[2]).toBeNull();
    expect(b.p50KWh[3]).toBeNull();
    expect(b.total.p50KWh).toBeCloseTo(0.4, 9);
    expect(forecastBand(banded(), [{ startMs: Date.parse("2026-07-01T08:00:00Z") }], hour))
      .toBeNull();
  });
});
