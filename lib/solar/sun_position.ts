/**
 * Where the sun stands, seen from a site: elevation above the horizon (refraction-corrected) and
 * azimuth in degrees clockwise from north (0 = N, 90 = E, 180 = S, 270 = W — the project's
 * convention, see solar_setup.ts).
 *
 * Package evaluation (issue 14): `suncalc@2.0.2` computes the sun by Meeus, *Astronomical
 * Algorithms* ch. 25 (apparent longitude with nutation and aberration, ΔT by the Espenak–Meeus
 * fit, Meeus 16.4 refraction), in degrees, azimuth clockwise from north. Against the NREL SPA
 * worked example (Reda & Andreas 2004, Golden CO, 2003-10-17 19:30:30 UTC: topocentric zenith
 * 50.11162°, azimuth 194.34024°) it gives elevation 39.8925° (SPA 39.8884°: Δ 0.004°, SPA adds
 * parallax and refraction at 820 mbar) and azimuth 194.3391° (Δ 0.001°), and Brussels' solar
 * noon elevations on the 2026 solstices within 0.01° of 90° − φ ± δ: it meets the 0.1° goal, so
 * it is used rather than our own NOAA code. `solar-calculator@0.3.0` (NOAA) only gives
 * declination, equation of time and rise/set, not the position: not needed next to suncalc.
 * The tests in test/lib/solar/sun_position.test.ts hold the published values.
 */
import { getPosition } from "suncalc";
import type { SolarLocation } from "./solar_setup.ts";

export interface SunPosition {
  /** Apparent elevation above the horizon, degrees (negative below it). */
  elevationDeg: number;
  /** Degrees clockwise from north. */
  azimuthDeg: number;
}

export function sunPosition(location: SolarLocation, instantMs: number): SunPosition {
  const p = getPosition(new Date(instantMs), location.latitudeDeg, location.longitudeDeg);
  return { elevationDeg: p.altitude, azimuthDeg: p.azimuth };
}

/** Sun positions for `count` instants `startMs + i·stepMs`, as typed arrays (radians, cos). */
export interface SunSeries {
  /** cos of the apparent zenith angle (= sin elevation); ≤ 0 below the horizon. */
  cosZenith: Float64Array;
  /** Azimuth, radians clockwise from north. */
  azimuthRad: Float64Array;
}

export function sunSeries(
  location: SolarLocation,
  startMs: number,
  count: number,
  stepMs: number,
): SunSeries {
  const cosZenith = new Float64Array(count);
  const azimuthRad = new Float64Array(count);
  const date = new Date(startMs);
  for (let i = 0; i < count; i++) {
    date.setTime(startMs + i * stepMs);
    const p = getPosition(date, location.latitudeDeg, location.longitudeDeg);
    cosZenith[i] = Math.sin(p.altitude * DEG);
    azimuthRad[i] = p.azimuth * DEG;
  }
  return { cosZenith, azimuthRad };
}

const DEG = Math.PI / 180;
