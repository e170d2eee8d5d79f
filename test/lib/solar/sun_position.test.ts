/**
 * Sun position against published values, within 0.1°.
 *
 * Sources:
 * - NREL SPA worked example: Reda & Andreas, "Solar Position Algorithm for Solar Radiation
 *   Applications", NREL/TP-560-34302 (2004), Table A5.1: Golden CO (39.742476 N, 105.1786 W),
 *   2003-10-17 12:30:30 local = 19:30:30 UTC → topocentric zenith 50.11162° (elevation
 *   39.88838°), azimuth 194.34024° (pvlib-python uses the same values in
 *   pvlib/tests/test_solarposition.py `expected_solpos`).
 * - Brussels (50.8503 N, 4.3517 E) solar-noon elevation = 90° − φ + δ, with δ from the USNO
 *   "Approximate Solar Coordinates" algorithm (aa.usno.navy.mil/faq/sun_approx, stated accurate
 *   to about 1′ within two centuries of 2000; quoted in full at
 *   fer3.com/arc "Equation of Time", A. Ruiz, 2003-08-21), written out below independently of
 *   the code under test, plus Bennett's refraction R = 1′/tan(h + 7.31/(h + 4.4)) (Meeus 16.4's
 *   companion; the code uses Saemundsson's form) because the app reports apparent elevation.
 * - Season instants 2026 (USNO "Earth's Seasons"): March equinox 03-20 14:46 UTC, June solstice
 *   06-21 08:24 UTC, December solstice 12-21 20:50 UTC. At a solstice δ = ±ε (≈ 23.44°); the
 *   USNO formula gives δ = 23.436° at the June noon, |Δδ| from the solstice instant < 0.001°.
 */
import { describe, expect, it } from "vitest";
import { sunPosition, sunSeries } from "../../../lib/solar/sun_position.ts";
import { localTimeOf } from "../../../lib/energy/calendar.ts";

const BRUSSELS = { latitudeDeg: 50.8503, longitudeDeg: 4.3517, source: "entered" as const };
const DEG = Math.PI / 180;

/** USNO approximate solar declination, degrees, at a UTC instant. */
function usnoDeclinationDeg(ms: number): number {
  const d = ms / 86_400_000 + 2440587.5 - 2451545.0; // days from J2000.0
  const g = (357.529 + 0.98560028 * d) * DEG;
  const q = 280.459 + 0.98564736 * d;
  const l = (q + 1.915 * Math.sin(g) + 0.02 * Math.sin(2 * g)) * DEG;
  const e = (23.439 - 0.00000036 * d) * DEG;
  return Math.asin(Math.sin(e) * Math.sin(l)) / DEG;
}

/** Bennett's refraction, degrees, for a geometric elevation h in degrees. */
function bennettDeg(h: number): number {
  return 1 / Math.tan((h + 7.31 / (h + 4.4)) * DEG) / 60;
}

/** Highest apparent elevation of a day and its instant, by a 20-s scan from 10:30 to 13:30 UTC. */
function noon(day: string): { ms: number; elevationDeg: number } {
  const from = Date.parse(`${day}T10:30:00Z`);
  let best = { ms: from, elevationDeg: -90 };
  for (let ms = from; ms <= from + 3 * 3_600_000; ms += 20_000) {
    const e = sunPosition(BRUSSELS, ms).elevationDeg;
    if (e > best.elevationDeg) best = { ms, elevationDeg: e };
  }
  return best;
}

function expectedNoonDeg(ms: number): number {
  const geometric = 90 - BRUSSELS.latitudeDeg + usnoDeclinationDeg(ms);
  return geometric + bennettDeg(geometric);
}

describe("sun position", () => {
  it("matches the NREL SPA worked example within 0.1°", () => {
    const golden = { latitudeDeg: 39.742476, longitudeDeg: -105.1786, source: "entered" as const };
    const p = sunPosition(golden, Date.UTC(2003, 9, 17, 19, 30, 30));
    expect(Math.abs(p.elevationDeg - (90 - 50.11162))).toBeLessThan(0.1);
    expect(Math.abs(p.azimuthDeg - 194.34024)).toBeLessThan(0.1);
  });

  it("puts Brussels' June-solstice noon sun at 90 − φ + δ (≈ 62.60°), due south", () => {
    const n = noon("2026-06-21");
    // 90 − 50.8503 + 23.436 = 62.586 geometric; + 0.009 refraction = 62.595
    expect(expectedNoonDeg(n.ms)).toBeCloseTo(62.595, 2);
    expect(Math.abs(n.elevationDeg - expectedNoonDeg(n.ms))).toBeLessThan(0.1);
    expect(Math.abs(sunPosition(BRUSSELS, n.ms).azimuthDeg - 180)).toBeLessThan(0.5);
    // Solar noon: 12:00 UTC − 4.3517°·4 min/° (17.4 min) − EoT (−1.7 min) ≈ 11:44 UTC = 13:44 CEST
    expect(localTimeOf(n.ms).slice(0, 4)).toBe("13:4");
  });

  it("puts Brussels' December-solstice noon sun at 90 − φ − δ (≈ 15.77°)", () => {
    const n = noon("2026-12-21");
    // 90 − 50.8503 − 23.436 = 15.714 geometric; + 0.058 refraction (low sun) = 15.772
    expect(expectedNoonDeg(n.ms)).toBeCloseTo(15.77, 1);
    expect(Math.abs(n.elevationDeg - expectedNoonDeg(n.ms))).toBeLessThan(0.1);
  });

  it("has the declination near 0 at the 2026 March equinox: noon sun ≈ 90 − φ", () => {
    // Equinox 14:46 UTC; noon (~11:53 UTC) is ~3 h earlier: δ ≈ −0.05° (0.39°/day).
    const n = noon("2026-03-20");
    expect(Math.abs(usnoDeclinationDeg(Date.UTC(2026, 2, 20, 14, 46)))).toBeLessThan(0.02);
    expect(Math.abs(n.elevationDeg - expectedNoonDeg(n.ms))).toBeLessThan(0.1);
    expect(Math.abs(n.elevationDeg - (90 - 50.8503))).toBeLessThan(0.15);
  });

  it("keeps solar noon on the same UTC instant across the spring DST change (2026-03-29)", () => {
    const before = noon("2026-03-28");
    const after = noon("2026-03-29");
    // Same UTC time of day within a few seconds (EoT moves ~18 s/day in late March) …
    expect(Math.abs(
      (after.ms - Date.parse("2026-03-29T00:00Z")) -
        (before.ms - Date.parse("2026-03-28T00:00Z")),
    )).toBeLessThan(60_000);
    // … which the Brussels clock shows an hour later. 12:00 UTC − 17.4 min (longitude) + 5.0 min
    // (EoT ≈ −5 min in late March) ≈ 11:47.6 UTC: 12:4x CET on the 28th, 13:4x CEST on the 29th.
    expect(localTimeOf(before.ms).slice(0, 4)).toBe("12:4");
    expect(localTimeOf(after.ms).slice(0, 4)).toBe("13:4");
    expect(Math.abs(after.elevationDeg - expectedNoonDeg(after.ms))).toBeLessThan(0.1);
    // At 01:30 UTC (03:30 CEST, just after the change) the sun is far below the horizon.
    expect(sunPosition(BRUSSELS, Date.parse("2026-03-29T01:30Z")).elevationDeg).toBeLessThan(-20);
  });

  it("keeps solar noon on the same UTC instant across the autumn DST change (2026-10-25)", () => {
    const before = noon("2026-10-24");
    const after = noon("2026-10-25");
    expect(localTimeOf(before.ms).slice(0, 4)).toBe("13:2"); // 12:00 − 17.4 − 16 (EoT +16 min) ≈ 11:27 UTC
    expect(localTimeOf(after.ms).slice(0, 4)).toBe("12:2"); // same UTC, CET
    expect(Math.abs(after.elevationDeg - expectedNoonDeg(after.ms))).toBeLessThan(0.1);
    // 08:00 UTC (09:00 CET): morning sun, in the south-east.
    const morning = sunPosition(BRUSSELS, Date.parse("2026-10-25T08:00Z"));
    expect(morning.azimuthDeg).toBeGreaterThan(110);
    expect(morning.azimuthDeg).toBeLessThan(150);
  });

  it("gives the same values as a series", () => {
    const start = Date.parse("2026-06-21T00:00Z");
    const s = sunSeries(BRUSSELS, start, 96, 900_000);
    for (const i of [0, 40, 47, 70]) {
      const p = sunPosition(BRUSSELS, start + i * 900_000);
      expect(s.cosZenith[i]).toBeCloseTo(Math.sin(p.elevationDeg * DEG), 12);
      expect(s.azimuthRad[i]).toBeCloseTo(p.azimuthDeg * DEG, 12);
    }
  });
});
