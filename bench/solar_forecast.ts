/** A 48-hour quarter-hour forecast for 4 panel groups from a provider's 15-minute irradiance. */
import { forecastProduction } from "../lib/solar/forecast.ts";
import type { IrradianceSeries } from "../lib/solar/irradiance.ts";
import type { SolarSetup } from "../lib/solar/solar_setup.ts";
import { haurwitzGhiWm2 } from "../lib/solar/clear_sky.ts";
import { sunSeries } from "../lib/solar/sun_position.ts";

export function benchSolarForecast(
  runs = 201,
): { slots: number; groups: number; medianMs: number; kWh: number } {
  const location = { latitudeDeg: 50.8503, longitudeDeg: 4.3517, source: "entered" as const };
  const setup: SolarSetup = {
    id: "bench|solar",
    siteId: "bench",
    location,
    updatedAt: 0,
    groups: [
      { id: "s", name: "South", panelCount: 10, panelWp: 400, azimuthDeg: 180, tiltDeg: 35 },
      { id: "e", name: "East", panelCount: 6, panelWp: 410, azimuthDeg: 95, tiltDeg: 30 },
      { id: "w", name: "West", panelCount: 6, panelWp: 410, azimuthDeg: 275, tiltDeg: 30 },
      {
        id: "f",
        name: "Flat",
        panelCount: 8,
        panelWp: 380,
        azimuthDeg: 180,
        tiltDeg: 10,
        inverterAcLimitW: 2000,
      },
    ],
  };
  // 192 quarters from 2026-06-21 00:00 UTC, cloudy-ish: 70 % of clear sky, a third diffuse.
  const startMs = Date.parse("2026-06-21T00:00:00Z");
  const slots = 192;
  const sun = sunSeries(location, startMs + 450_000, slots, 900_000);
  const series: IrradianceSeries = {
    intervalMinutes: 15,
    startMs: [],
    ghiWm2: [],
    dniWm2: [],
    dhiWm2: [],
    airTempC: [],
  };
  for (let i = 0; i < slots; i++) {
    const cz = sun.cosZenith[i];
    const ghi = 0.7 * haurwitzGhiWm2(cz);
    series.startMs.push(startMs + i * 900_000);
    series.ghiWm2.push(ghi);
    series.dhiWm2.push(ghi / 3);
    series.dniWm2.push(cz > 0.05 ? (ghi * 2 / 3) / cz : 0);
    series.airTempC.push(18 + 6 * Math.max(cz, 0));
  }
  const times: number[] = [];
  let kWh = 0;
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    const f = forecastProduction(setup, series);
    times.push(performance.now() - t0);
    kWh = f.totalKWh.reduce((a, b) => a + b, 0);
  }
  times.sort((a, b) => a - b);
  return { slots, groups: setup.groups.length, medianMs: times[Math.floor(runs / 2)], kWh };
}
