import { describe, expect, it } from "vitest";
import { measuredDays, siteForecast } from "../../../lib/solar/site_forecast.ts";
import type { ProductionForecast } from "../../../lib/solar/forecast.ts";
import { emptyBucket, Quality } from "../../../lib/energy/day_bucket.ts";
import { dayStartMs, slotStartMs } from "../../../lib/energy/calendar.ts";

const DAYS = ["2026-06-14", "2026-06-15", "2026-06-16", "2026-06-17", "2026-06-18"];

/** Forecast 0.1 kWh per quarter 08:00–16:00 UTC on each day from 2026-06-14 (Brussels). */
function forecast(): ProductionForecast {
  const startMs = dayStartMs("2026-06-14");
  const n = 6 * 96;
  const totalKWh = new Float64Array(n);
  for (let q = 0; q < n; q++) {
    const h = new Date(startMs + q * 900_000).getUTCHours();
    if (h >= 8 && h < 16) totalKWh[q] = 0.1;
  }
  return {
    startMs,
    slotCount: n,
    groupIds: ["s"],
    groupW: [totalKWh.map((k) => k * 4000)],
    totalKWh,
  };
}

/** Measured = forecast × ratio during the sun hours. */
function pvDay(day: string, ratio: number, dropSlot?: number, partialSlot?: number) {
  const b = emptyBucket("local", "pv", day);
  for (let i = 0; i < b.imported.length; i++) {
    const h = new Date(slotStartMs(day, i)).getUTCHours();
    b.imported[i] = h >= 8 && h < 16 ? 0.1 * ratio : 0;
    b.quality[i] = Quality.measured;
  }
  if (dropSlot !== undefined) {
    b.imported[dropSlot] = null;
    b.quality[dropSlot] = Quality.missing;
  }
  // A quarter joined part-way: a lower bound of what was made.
  if (partialSlot !== undefined) {
    b.imported[partialSlot] = 0.01;
    b.quality[partialSlot] = Quality.partial;
  }
  return b;
}

describe("measured days against the forecast", () => {
  it("sums both per UTC hour and skips half-recorded days", () => {
    const pv = new Map(
      DAYS.map((d, i) => [
        d,
        pvDay(d, 0.8, i === 4 ? 50 : i === 3 ? 2 : undefined, i === 2 ? 48 : undefined),
      ]),
    );
    const days = measuredDays(forecast(), pv, DAYS);
    // The 18th misses slot 50 (12:30 CEST = 10:30 UTC, forecast 0.1): dropped. The 16th saw
    // slot 48 (12:00 CEST) only in part: dropped too. The 17th misses slot 2 (00:30 CEST,
    // forecast 0): kept.
    expect(days.map((d) => d.day)).toEqual([DAYS[0], DAYS[1], DAYS[3]]);
    expect(days[0].forecastKWh[9]).toBeCloseTo(0.4, 9); // 4 quarters × 0.1
    expect(days[0].measuredKWh[9]).toBeCloseTo(0.32, 9); // × 0.8
    expect(days[0].forecastKWh[3]).toBe(0);
  });

  it("learns the 0.8 ratio and applies it to the forecast", () => {
    const pv = new Map(DAYS.map((d) => [d, pvDay(d, 0.8)]));
    const setup = {
      id: "local|solar",
      siteId: "local",
      location: { latitudeDeg: 50.85, longitudeDeg: 4.35, source: "entered" as const },
      groups: [{ id: "s", name: "S", panelCount: 10, panelWp: 400, azimuthDeg: 180, tiltDeg: 35 }],
      updatedAt: 0,
    };
    const start = dayStartMs("2026-06-14");
    const weather = {
      intervalMinutes: 15,
      startMs: [] as number[],
      ghiWm2: [] as number[],
      dniWm2: [] as number[],
      dhiWm2: [] as number[],
      airTempC: [] as number[],
    };
    for (let q = 0; q < 6 * 96; q++) {
      const h = new Date(start + q * 900_000).getUTCHours();
      weather.startMs.push(start + q * 900_000);
      weather.ghiWm2.push(h >= 8 && h < 16 ? 400 : 0);
      weather.dniWm2.push(0);
      weather.dhiWm2.push(h >= 8 && h < 16 ? 400 : 0);
      weather.airTempC.push(20);
    }
    // Diffuse only, 400 W/m² on 35° (A = 0: Hay–Davies is isotropic): POA = 400·(1 + cos35)/2
    // + 400·0.2·(1 − cos35)/2 = 363.830 + 7.234 = 371.064 W/m²; T_cell = 20 + 371.064·0.0342 =
    // 32.690 °C; P = 4000·0.371064·(1 − 0.004·7.690)·0.86 = 1237.2 W → 0.3093 kWh per quarter,
    // the same in each sun quarter; measured 0.08 → ratio 0.2587 in every sun hour.
    const s = siteForecast(setup, weather, pv, DAYS);
    expect(s.correction.daysUsed).toBe(5);
    const q = 10 * 4; // 08:00 UTC on the 14th (the forecast starts 22:00 UTC on the 13th)
    expect(s.forecast.totalKWh[q]).toBeCloseTo(0.3093, 4);
    expect(s.correction.hours[10].p50).toBeCloseTo(0.08 / s.forecast.totalKWh[q], 9);
    expect(s.banded.p50KWh[q]).toBeCloseTo(0.08, 9);
  });
});
