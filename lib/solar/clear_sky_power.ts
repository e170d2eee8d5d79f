/**
 * Clear-sky expected AC power of a panel group: sun position (suncalc), Haurwitz clear-sky GHI,
 * Erbs split into DNI/DHI, Hay–Davies transposition onto the group's plane, temperature derating
 * and system losses with the group's AC limit (pv_power.ts). Without weather data the air is
 * taken at a mild 20 °C. Fault detection and the what-ifs code against `clearSkyGroupW`.
 */
import type { PanelGroup, SolarLocation } from "./solar_setup.ts";
import { sunPosition, sunSeries } from "./sun_position.ts";
import { erbsDecompose, extraterrestrialWm2, haurwitzGhiWm2 } from "./clear_sky.ts";
import { plane, poaHayDaviesWm2 } from "./transposition.ts";
import { groupAcPowerW } from "./pv_power.ts";

export const CLEAR_SKY_AIR_TEMP_C = 20;
const DEG = Math.PI / 180;

/** Clear-sky plane-of-array irradiance (Hay–Davies), W/m², at an instant. */
export function clearSkyPoaWm2(
  location: SolarLocation,
  tiltDeg: number,
  azimuthDeg: number,
  instantMs: number,
): number {
  const sun = sunPosition(location, instantMs);
  const cosZ = Math.sin(sun.elevationDeg * DEG);
  return clearSkyPoaForSunWm2(plane(tiltDeg, azimuthDeg), cosZ, sun.azimuthDeg * DEG, instantMs);
}

/** Clear-sky plane-of-array irradiance (Hay–Davies), W/m², for a sun position already known. */
export function clearSkyPoaForSunWm2(
  p: ReturnType<typeof plane>,
  cosZ: number,
  sunAzRad: number,
  instantMs: number,
): number {
  if (cosZ <= 0) return 0;
  const i0 = extraterrestrialWm2(instantMs);
  const ghiWm2 = haurwitzGhiWm2(cosZ);
  const { dniWm2, dhiWm2 } = erbsDecompose(ghiWm2, cosZ, i0);
  return poaHayDaviesWm2(p, cosZ, sunAzRad, { ghiWm2, dniWm2, dhiWm2 }, i0);
}

/** Clear-sky AC power of one group at an instant, W. */
export function clearSkyGroupW(
  location: SolarLocation,
  group: PanelGroup,
  instantMs: number,
): number {
  const poa = clearSkyPoaWm2(location, group.tiltDeg, group.azimuthDeg, instantMs);
  return groupAcPowerW(group, poa, CLEAR_SKY_AIR_TEMP_C);
}

/**
 * Clear-sky AC power of one group for `count` quarter-hours from `startMs` (a quarter's start),
 * each the power at the quarter's middle, W.
 */
export function clearSkyGroupSeriesW(
  location: SolarLocation,
  group: PanelGroup,
  startMs: number,
  count: number,
): Float64Array {
  const stepMs = 15 * 60_000;
  const sun = sunSeries(location, startMs + stepMs / 2, count, stepMs);
  const p = plane(group.tiltDeg, group.azimuthDeg);
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const poa = clearSkyPoaForSunWm2(p, sun.cosZenith[i], sun.azimuthRad[i], startMs + i * stepMs);
    out[i] = groupAcPowerW(group, poa, CLEAR_SKY_AIR_TEMP_C);
  }
  return out;
}
