/**
 * Clear-sky plane-of-array irradiance and power. Expected values hand-worked from the formulas
 * (reference §B; lib/solar/transposition.ts header), arithmetic in the comments, with a calculator.
 */
import { describe, expect, it } from "vitest";
import {
  clearSkyGroupSeriesW,
  clearSkyGroupW,
  clearSkyPoaWm2,
} from "../../../lib/solar/clear_sky_power.ts";
import {
  erbsDecompose,
  extraterrestrialWm2,
  haurwitzGhiWm2,
} from "../../../lib/solar/clear_sky.ts";
import { plane, poaHayDaviesWm2, poaIsotropicWm2 } from "../../../lib/solar/transposition.ts";
import { acPowerW } from "../../../lib/solar/pv_power.ts";
import { sunPosition } from "../../../lib/solar/sun_position.ts";
import type { PanelGroup } from "../../../lib/solar/solar_setup.ts";

const BRUSSELS = { latitudeDeg: 50.8503, longitudeDeg: 4.3517, source: "entered" as const };
const DEG = Math.PI / 180;
const group = (azimuthDeg: number, extra: Partial<PanelGroup> = {}): PanelGroup => ({
  id: `g${azimuthDeg}`,
  name: "roof",
  panelCount: 10,
  panelWp: 400,
  azimuthDeg,
  tiltDeg: 35,
  ...extra,
});

describe("transposition (hand-worked, given sun and irradiance)", () => {
  it("south 35°, sun 30° from zenith due south", () => {
    // cos θ = cos30·cos35 + sin30·sin35·cos0 = 0.866025·0.819152 + 0.5·0.573576 = 0.996195
    // beam 750·0.996195 = 747.146; iso sky 150·(1 + 0.819152)/2 = 136.436;
    // ground 800·0.2·(1 − 0.819152)/2 = 14.468 → 898.050
    // Hay–Davies (I0 1400): A = 750/1400 = 0.535714, Rb = 0.996195/0.866025 = 1.150307,
    // sky 150·(0.535714·1.150307 + 0.464286·0.909576) = 155.781 → 917.395
    const p = plane(35, 180);
    const h = { ghiWm2: 800, dniWm2: 750, dhiWm2: 150 };
    expect(poaIsotropicWm2(p, Math.cos(30 * DEG), 180 * DEG, h)).toBeCloseTo(898.05, 1);
    expect(poaHayDaviesWm2(p, Math.cos(30 * DEG), 180 * DEG, h, 1400)).toBeCloseTo(917.395, 1);
  });

  it("east and west 35°, morning sun 60° from zenith at azimuth 100°", () => {
    // east: cos θ = 0.5·0.819152 + 0.866025·0.573576·cos(10°) = 0.898761
    //   iso: 600·0.898761 + 200·0.909576 + 500·0.2·0.090424 = 539.257 + 181.915 + 9.042 = 730.214
    //   HD: A = 0.428571, Rb = 1.797523, sky 200·(0.428571·1.797523 + 0.571429·0.909576) = 258.025
    //       → 806.324
    // west: cos θ = 0.409576 − 0.489186 = −0.079609 → no beam, Rb = 0
    //   iso 181.915 + 9.042 = 190.958; HD sky 200·0.571429·0.909576 = 103.952 → 112.994
    const h = { ghiWm2: 500, dniWm2: 600, dhiWm2: 200 };
    const cz = Math.cos(60 * DEG);
    expect(poaIsotropicWm2(plane(35, 90), cz, 100 * DEG, h)).toBeCloseTo(730.214, 1);
    expect(poaHayDaviesWm2(plane(35, 90), cz, 100 * DEG, h, 1400)).toBeCloseTo(806.324, 1);
    expect(poaIsotropicWm2(plane(35, 270), cz, 100 * DEG, h)).toBeCloseTo(190.958, 1);
    expect(poaHayDaviesWm2(plane(35, 270), cz, 100 * DEG, h, 1400)).toBeCloseTo(112.994, 1);
  });

  it("gives no beam with the sun below the horizon", () => {
    const h = { ghiWm2: 0, dniWm2: 0, dhiWm2: 0 };
    expect(poaHayDaviesWm2(plane(35, 180), -0.1, 0, h, 1400)).toBe(0);
  });
});

describe("clear sky", () => {
  it("has Haurwitz GHI, the I0 of 21 June and the Erbs split (hand-worked)", () => {
    // doy 172: I0 = 1367·(1 + 0.033·cos(2π·172/365)) = 1367·(1 − 0.032617) = 1322.62
    expect(extraterrestrialWm2(Date.parse("2026-06-21T12:00Z"))).toBeCloseTo(1322.62, 1);
    // cos z = 0.88779: GHI = 1098·0.88779·exp(−0.059/0.88779) = 974.79·0.935703 = 912.11
    expect(haurwitzGhiWm2(0.88779)).toBeCloseTo(912.11, 1);
    // kt = 912.11/(1322.62·0.88779) = 0.7768 → fd = 0.9511 − 0.1604·kt + 4.388·kt² − 16.638·kt³
    //   + 12.336·kt⁴ = 0.1672; DHI = 152.50, DNI = (912.11 − 152.50)/0.88779 = 855.63
    const s = erbsDecompose(912.11, 0.88779, 1322.62);
    expect(s.dhiWm2).toBeCloseTo(152.5, 0);
    expect(s.dniWm2).toBeCloseTo(855.63, 0);
    expect(erbsDecompose(100, 0.9, 1300).dhiWm2).toBeCloseTo(100 * (1 - 0.09 * (100 / 1170)), 6);
    expect(erbsDecompose(300, 0.03, 1300)).toEqual({ dniWm2: 0, dhiWm2: 300 });
  });

  // Brussels, 21 June 2026, 35° tilt. Sun positions (checked against almanac values in
  // sun_position.test.ts) and the hand-worked chain Haurwitz → Erbs → Hay–Davies:
  //  11:44 UTC el 62.5964 az 179.7854: GHI 912.11 DHI 152.50 DNI 855.63 A 0.6469
  //    S: cos θ 0.99122 Rb 1.1165 beam 848.12 sky 159.12 ground 16.50 → 1023.74
  //    E: cos θ 0.72822 beam 623.09 sky 129.90 ground 16.50 → 769.48
  //    W: cos θ 0.72624 beam 621.40 sky 129.68 ground 16.50 → 767.57
  //  06:00 UTC el 20.4045 az 77.5159: GHI 323.22 DHI 78.40 DNI 702.20 A 0.5309
  //    S: cos θ 0.16938 → 118.94 + 53.67 + 5.85 = 178.46
  //    E: cos θ 0.81047 Rb 2.3246 → 569.11 + 130.20 + 5.85 = 705.16
  //    W: cos θ −0.23928 → 0 + 33.45 + 5.85 = 39.29
  //  16:00 UTC el 34.3196 az 265.6894: GHI 557.55 DHI 103.18 DNI 805.89 A 0.6093
  //    S: 400.89 + 92.14 + 10.08 = 503.12;  E: 0 + 36.67 + 10.08 = 46.75;
  //    W: cos θ 0.93422 → 752.89 + 140.85 + 10.08 = 903.81
  const cases = [
    { at: "2026-06-21T11:44:00Z", el: 62.5964, az: 179.7854, s: 1023.74, e: 769.48, w: 767.57 },
    { at: "2026-06-21T06:00:00Z", el: 20.4045, az: 77.5159, s: 178.46, e: 705.16, w: 39.29 },
    { at: "2026-06-21T16:00:00Z", el: 34.3196, az: 265.6894, s: 503.12, e: 46.75, w: 903.81 },
  ];
  for (const c of cases) {
    it(`has the hand-worked plane-of-array irradiance for S, E and W at ${c.at}`, () => {
      const ms = Date.parse(c.at);
      const sun = sunPosition(BRUSSELS, ms);
      expect(sun.elevationDeg).toBeCloseTo(c.el, 3);
      expect(sun.azimuthDeg).toBeCloseTo(c.az, 3);
      expect(clearSkyPoaWm2(BRUSSELS, 35, 180, ms)).toBeCloseTo(c.s, 0);
      expect(clearSkyPoaWm2(BRUSSELS, 35, 90, ms)).toBeCloseTo(c.e, 0);
      expect(clearSkyPoaWm2(BRUSSELS, 35, 270, ms)).toBeCloseTo(c.w, 0);
    });
  }

  it("turns irradiance into AC power with derating, losses and the AC limit", () => {
    // South at noon: POA 1023.74, T_cell = 20 + 1023.74·0.0342 = 55.01 °C,
    // P = 4000·1.02374·(1 − 0.004·30.01)·0.86 = 3098.9 W
    const ms = Date.parse("2026-06-21T11:44:00Z");
    expect(clearSkyGroupW(BRUSSELS, group(180), ms)).toBeCloseTo(3098.9, -1);
    expect(clearSkyGroupW(BRUSSELS, group(180, { inverterAcLimitW: 2500 }), ms)).toBe(2500);
    // 25 °C cell, 1000 W/m²: exactly peak × (1 − 14 %)
    expect(acPowerW(4000, Infinity, 1000, 25 - 1000 * 0.0342)).toBeCloseTo(3440, 6);
    expect(clearSkyGroupW(BRUSSELS, group(180), Date.parse("2026-06-21T23:00:00Z"))).toBe(0);
  });
});

/**
 * An independent coarse model for the daily energy: USNO approximate solar coordinates for the
 * sun (declination, equation of time, hour angle), then the same published formulas written out
 * again, integrated in 10-minute steps.
 */
function coarseDayKWh(day: string, azimuthDeg: number): number {
  const phi = BRUSSELS.latitudeDeg * DEG;
  const beta = 35 * DEG;
  let wh = 0;
  const start = Date.parse(`${day}T00:05:00Z`);
  for (let k = 0; k < 144; k++) {
    const ms = start + k * 600_000;
    const d = ms / 86_400_000 + 2440587.5 - 2451545.0;
    const g = (357.529 + 0.98560028 * d) * DEG;
    const q = 280.459 + 0.98564736 * d;
    const l = (q + 1.915 * Math.sin(g) + 0.02 * Math.sin(2 * g)) * DEG;
    const e = (23.439 - 0.00000036 * d) * DEG;
    const ra = Math.atan2(Math.cos(e) * Math.sin(l), Math.cos(l)) / DEG; // degrees
    const dec = Math.asin(Math.sin(e) * Math.sin(l));
    const gmst = 280.46061837 + 360.98564736629 * d; // degrees
    const h = (gmst + BRUSSELS.longitudeDeg - ra) * DEG; // local hour angle
    const cz = Math.sin(phi) * Math.sin(dec) + Math.cos(phi) * Math.cos(dec) * Math.cos(h);
    if (cz <= 0) continue;
    const az =
      Math.atan2(Math.sin(h), Math.cos(h) * Math.sin(phi) - Math.tan(dec) * Math.cos(phi)) +
      Math.PI; // from north, clockwise
    const i0 = 1367 * (1 + 0.033 * Math.cos((2 * Math.PI * Number(dayOfYearOf(day))) / 365));
    const ghi = 1098 * cz * Math.exp(-0.059 / cz);
    const kt = Math.min(ghi / (i0 * cz), 1);
    const fd = kt <= 0.22
      ? 1 - 0.09 * kt
      : kt <= 0.8
      ? 0.9511 - 0.1604 * kt + 4.388 * kt ** 2 - 16.638 * kt ** 3 + 12.336 * kt ** 4
      : 0.165;
    const dhi = cz < 0.0523 ? ghi : ghi * fd;
    const dni = (ghi - dhi) / cz;
    const sz = Math.sqrt(1 - cz * cz);
    const ct = Math.max(
      cz * Math.cos(beta) + sz * Math.sin(beta) * Math.cos(az - azimuthDeg * DEG),
      0,
    );
    const a = dni / i0;
    const poa = dni * ct +
      dhi * (a * ct / Math.max(cz, 0.01745) + (1 - a) * (1 + Math.cos(beta)) / 2) +
      ghi * 0.2 * (1 - Math.cos(beta)) / 2;
    const w = 4000 * poa / 1000 * (1 - 0.004 * (20 + poa * 0.0342 - 25)) * 0.86;
    wh += w / 6;
  }
  return wh / 1000;
}
function dayOfYearOf(day: string): number {
  const ms = Date.parse(`${day}T12:00Z`);
  return Math.floor((ms - Date.UTC(new Date(ms).getUTCFullYear(), 0, 1)) / 86_400_000) + 1;
}

describe("daily clear-sky energy, 10 × 400 Wp south at 35°, Brussels", () => {
  const dayKWh = (day: string) => {
    const w = clearSkyGroupSeriesW(BRUSSELS, group(180), Date.parse(`${day}T00:00Z`), 96);
    return w.reduce((sum, x) => sum + x * 0.25, 0) / 1000;
  };

  it("on 21 June agrees with the independent coarse integration and is plausible", () => {
    const kWh = dayKWh("2026-06-21");
    expect(Math.abs(kWh / coarseDayKWh("2026-06-21", 180) - 1)).toBeLessThan(0.02);
    // Plausibility: a clear June day in Belgium yields ~6–8 kWh per kWp (4 kWp → 24–32 kWh);
    // the extraterrestrial bound on a 35° south plane is ~11 kWh/m²/day at 50.85 N.
    expect(kWh).toBeGreaterThan(24);
    expect(kWh).toBeLessThan(32);
  });

  it("on 21 December agrees with the coarse integration and is plausible", () => {
    const kWh = dayKWh("2026-12-21");
    expect(Math.abs(kWh / coarseDayKWh("2026-12-21", 180) - 1)).toBeLessThan(0.03);
    // A clear December day at 50.85 N: sun ≤ 15.8°, ~8 h above the horizon: 1.5–3.5 kWh/kWp.
    expect(kWh).toBeGreaterThan(6);
    expect(kWh).toBeLessThan(14);
  });

  it("is the instant function at each quarter's middle", () => {
    const start = Date.parse("2026-06-21T00:00Z");
    const w = clearSkyGroupSeriesW(BRUSSELS, group(90), start, 96);
    for (const i of [24, 40, 60]) {
      expect(w[i]).toBeCloseTo(
        clearSkyGroupW(BRUSSELS, group(90), start + i * 900_000 + 450_000),
        6,
      );
    }
  });
});
