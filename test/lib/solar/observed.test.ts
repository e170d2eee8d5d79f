import { describe, expect, it } from "vitest";
import { haurwitzGhiWm2 } from "../../../lib/solar/clear_sky.ts";
import { forecastProduction } from "../../../lib/solar/forecast.ts";
import type { IrradianceSeries } from "../../../lib/solar/irradiance.ts";
import { observedExpectation } from "../../../lib/solar/observed.ts";
import type { SolarSetup } from "../../../lib/solar/solar_setup.ts";
import { sunPosition } from "../../../lib/solar/sun_position.ts";

const SETUP: SolarSetup = {
  id: "site|solar",
  siteId: "site",
  location: { latitudeDeg: 50.8503, longitudeDeg: 4.3517, source: "entered" },
  groups: [
    { id: "s", name: "Zuid", panelCount: 10, panelWp: 400, azimuthDeg: 180, tiltDeg: 35 },
    {
      id: "w",
      name: "West",
      panelCount: 6,
      panelWp: 400,
      azimuthDeg: 270,
      tiltDeg: 35,
      inverterAcLimitW: 2000,
    },
  ],
  updatedAt: 1,
};

/** Four quarters of 21 June from 11:00 UTC: clear, clear, a cloud (GHI 150), clear. */
function weather(): IrradianceSeries {
  const start = Date.UTC(2026, 5, 21, 11, 0);
  const startMs = [0, 1, 2, 3].map((i) => start + i * 900_000);
  const clearGhi = startMs.map((t) => {
    const sun = sunPosition(SETUP.location!, t + 450_000);
    return haurwitzGhiWm2(Math.sin((sun.elevationDeg * Math.PI) / 180));
  });
  return {
    intervalMinutes: 15,
    startMs,
    ghiWm2: [clearGhi[0], clearGhi[1], 150, clearGhi[3]],
    dniWm2: [800, 800, 0, 800],
    dhiWm2: [120, 120, 150, 120],
    airTempC: [22, 22, 21, 22],
  };
}

describe("the expectation under observed weather", () => {
  it("expects the model's production under that weather and marks only clear quarters", () => {
    const w = weather();
    const expectation = observedExpectation(SETUP, w);
    const forecast = forecastProduction(SETUP, w);
    const at = (i: number) => w.startMs[i] + 450_000;
    for (let i = 0; i < 4; i++) {
      expect(expectation.expectedW(at(i))).toBeCloseTo(forecast.totalKWh[i] * 4000, 9);
    }
    // A quarter whose GHI is the clear sky's has index 1; the cloudy one 150 ÷ clear sky.
    expect(expectation.clearIndex(at(0))).toBeCloseTo(1, 9);
    expect(expectation.clearIndex(at(2))).toBeLessThan(0.8);
    // Outside the weather's span nothing is expected and nothing is clear.
    expect(expectation.expectedW(w.startMs[0] - 1)).toBe(0);
    expect(expectation.clearIndex(w.startMs[3] + 900_000)).toBe(0);
    // Only one group states an AC limit: the site's is unknown.
    expect(expectation.acLimitW).toBeUndefined();
    const limited = observedExpectation(
      { ...SETUP, groups: SETUP.groups.map((g) => ({ ...g, inverterAcLimitW: 2000 })) },
      w,
    );
    expect(limited.acLimitW).toBe(4000);
  });
});
