import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { forecastProduction } from "../../../lib/solar/forecast.ts";
import { parseOpenMeteo } from "../../../lib/solar/open_meteo.ts";
import type { SolarSetup } from "../../../lib/solar/solar_setup.ts";
import { haurwitzGhiWm2 } from "../../../lib/solar/clear_sky.ts";
import { sunPosition } from "../../../lib/solar/sun_position.ts";

const BRUSSELS = { latitudeDeg: 50.8503, longitudeDeg: 4.3517, source: "entered" as const };
const setup = (groups: SolarSetup["groups"], location = BRUSSELS): SolarSetup => ({
  id: "s|solar",
  siteId: "s",
  location,
  groups,
  updatedAt: 0,
});
const south = { id: "s", name: "S", panelCount: 10, panelWp: 400, azimuthDeg: 180, tiltDeg: 35 };

describe("weather-based forecast", () => {
  it("transposes a quarter's irradiance onto each group (hand-worked)", () => {
    // Quarter 11:36:30–11:51:30 UTC on 21 June 2026, middle 11:44:00: sun el 62.5964°,
    // az 179.7854° (sun_position.test.ts). With GHI 912.11, DNI 855.63, DHI 152.50, 20 °C the
    // south group's POA is 1023.74 W/m² (clear_sky_power.test.ts chain), T_cell 55.01 °C,
    // P = 4000·1.02374·(1 − 0.004·30.01)·0.86 = 3098.9 W → 0.77472 kWh in the quarter.
    // The AC-limited copy clips at 2000 W → 0.5 kWh.
    const start = Date.parse("2026-06-21T11:36:30Z");
    const f = forecastProduction(
      setup([south, { ...south, id: "clip", inverterAcLimitW: 2000 }]),
      {
        intervalMinutes: 15,
        startMs: [start],
        ghiWm2: [912.11],
        dniWm2: [855.63],
        dhiWm2: [152.5],
        airTempC: [20],
      },
    );
    expect(f.slotCount).toBe(1);
    expect(f.groupIds).toEqual(["s", "clip"]);
    expect(f.groupW[0][0]).toBeCloseTo(3098.9, -1);
    expect(f.groupW[1][0]).toBe(2000);
    expect(f.totalKWh[0]).toBeCloseTo(0.77472 + 0.5, 2);
  });

  it("splits hourly input by the clear-sky shape, keeping the hour's energy", () => {
    const s = parseOpenMeteo(
      JSON.parse(
        readFileSync(
          new URL("../../fixtures/open_meteo/berlin_2023-01-01_hourly.json", import.meta.url),
          "utf8",
        ),
      ),
    );
    const berlin = { latitudeDeg: 52.52, longitudeDeg: 13.42, source: "entered" as const };
    const flat = { ...south, id: "flat", tiltDeg: 0 };
    const f = forecastProduction(setup([flat], berlin), s);
    expect(f.startMs).toBe(Date.parse("2023-01-01T00:00:00Z"));
    expect(f.slotCount).toBe(47 * 4);
    // The hour 07:00–08:00 (GHI 6 W/m², sunrise 07:17 UTC): its first quarter (middle 07:07:30)
    // has the sun below the horizon and gets nothing.
    const q7 = 7 * 4;
    expect(sunPosition(berlin, Date.parse("2023-01-01T07:07:30Z")).elevationDeg).toBeLessThan(0);
    expect(f.groupW[0][q7]).toBe(0);
    expect(f.groupW[0][q7 + 3]).toBeGreaterThan(0);
    // Hour 11:00–12:00 (stamped 12:00: GHI 111, DNI 48.7, DHI 99; (15.2 + 15.8)/2 = 15.5 °C).
    // Quarter k gets the hour's values × 4·cs_k/Σcs (cs = Haurwitz GHI at its middle). On flat
    // panels Hay–Davies reduces to POA = DNI·cos z + DHI (R_b = 1), so quarter k's power is
    // 4000·POA/1000·(1 − 0.004·(15.5 + 0.0342·POA − 25))·0.86, written out here.
    const mids = [0, 1, 2, 3].map((k) => Date.parse("2023-01-01T11:07:30Z") + k * 900_000);
    const cosZ = mids.map((ms) => Math.sin((sunPosition(berlin, ms).elevationDeg * Math.PI) / 180));
    const cs = cosZ.map(haurwitzGhiWm2);
    const sumCs = cs.reduce((a, b) => a + b, 0);
    const w = (k: number) => f.groupW[0][44 + k];
    const poa = (k: number) => ((4 * cs[k]) / sumCs) * (48.7 * cosZ[k] + 99);
    const p = (k: number) =>
      4000 * poa(k) / 1000 * (1 - 0.004 * (15.5 + poa(k) * 0.0342 - 25)) * 0.86;
    // The weights keep the hour's energy: their mean is 1; the quarters rise towards solar noon
    // (≈ 11:09 UTC in Berlin on 1 January) and fall after it.
    expect(cs.reduce((a, c) => a + (4 * c) / sumCs, 0) / 4).toBeCloseTo(1, 12);
    expect(w(0)).toBeGreaterThan(w(3));
    for (const k of [0, 1, 2, 3]) expect(w(k)).toBeCloseTo(p(k), 6);
    const hourKWh = (p(0) + p(1) + p(2) + p(3)) / 4000; // W × ¼ h each
    // The hour's four quarters in the total: 11:00–12:00 UTC.
    const q0 = (Date.parse("2023-01-01T11:00Z") - f.startMs) / 900_000;
    const totalKWh = f.totalKWh.slice(q0, q0 + 4).reduce((a, b) => a + b, 0);
    expect(totalKWh).toBeCloseTo(hourKWh, 9);
  });

  it("gives nothing without a location and nothing at night", () => {
    expect(() =>
      forecastProduction({ ...setup([south]), location: undefined }, {
        intervalMinutes: 15,
        startMs: [],
        ghiWm2: [],
        dniWm2: [],
        dhiWm2: [],
        airTempC: [],
      })
    ).toThrow("no location");
    const night = forecastProduction(setup([south]), {
      intervalMinutes: 15,
      startMs: [Date.parse("2026-06-21T23:00Z")],
      ghiWm2: [0],
      dniWm2: [5],
      dhiWm2: [0],
      airTempC: [12],
    });
    expect(night.totalKWh[0]).toBe(0);
  });
});
