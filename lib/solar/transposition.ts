/**
 * Irradiance on a tilted panel group from the sun's position and the horizontal components
 * (reference §B, formulas as in pvlib `irradiance.isotropic` / `irradiance.haydavies`):
 *
 *   cos θ   = cos z·cos β + sin z·sin β·cos(γ_sun − γ_panel)          (angle of incidence)
 *   beam    = DNI·max(cos θ, 0)
 *   ground  = GHI·ρ·(1 − cos β)/2,  ρ = 0.2
 *   isotropic sky diffuse = DHI·(1 + cos β)/2
 *   Hay–Davies sky diffuse = DHI·[A·R_b + (1 − A)·(1 + cos β)/2],  A = DNI/I0,
 *                            R_b = max(cos θ, 0)/max(cos z, 0.01745)  (cos 89°: clipped near
 *                            the horizon as pvlib does)
 *
 * β = tilt from horizontal, γ = azimuth clockwise from north; both in radians here.
 */

export const GROUND_ALBEDO = 0.2;
const MIN_COS_ZENITH_RB = 0.01745;

/** A group's plane as the fast loops need it. */
export interface Plane {
  cosTilt: number;
  sinTilt: number;
  azimuthRad: number;
}

export function plane(tiltDeg: number, azimuthDeg: number): Plane {
  const beta = (tiltDeg * Math.PI) / 180;
  return {
    cosTilt: Math.cos(beta),
    sinTilt: Math.sin(beta),
    azimuthRad: (azimuthDeg * Math.PI) / 180,
  };
}

/** cos of the angle of incidence of the sun's rays on the plane (may be negative: behind). */
export function cosIncidence(p: Plane, cosZenith: number, sunAzimuthRad: number): number {
  const sinZenith = Math.sqrt(Math.max(0, 1 - cosZenith * cosZenith));
  return cosZenith * p.cosTilt + sinZenith * p.sinTilt * Math.cos(sunAzimuthRad - p.azimuthRad);
}

export interface Horizontal {
  ghiWm2: number;
  dniWm2: number;
  dhiWm2: number;
}

/** Plane-of-array irradiance, W/m², isotropic sky. */
export function poaIsotropicWm2(
  p: Plane,
  cosZenith: number,
  sunAzimuthRad: number,
  h: Horizontal,
): number {
  const cosT = cosZenith > 0 ? Math.max(cosIncidence(p, cosZenith, sunAzimuthRad), 0) : 0;
  return h.dniWm2 * cosT + h.dhiWm2 * (1 + p.cosTilt) / 2 +
    h.ghiWm2 * GROUND_ALBEDO * (1 - p.cosTilt) / 2;
}

/** Plane-of-array irradiance, W/m², Hay–Davies sky; `extraterrestrial` = I0 in W/m². */
export function poaHayDaviesWm2(
  p: Plane,
  cosZenith: number,
  sunAzimuthRad: number,
  h: Horizontal,
  extraterrestrial: number,
): number {
  return hayDavies(p, cosZenith, sunAzimuthRad, h.ghiWm2, h.dniWm2, h.dhiWm2, extraterrestrial);
}

/** `poaHayDaviesWm2` on plain numbers, for loops that must not allocate. */
export function hayDavies(
  p: Plane,
  cosZenith: number,
  sunAzimuthRad: number,
  ghiWm2: number,
  dniWm2: number,
  dhiWm2: number,
  extraterrestrial: number,
): number {
  const up = cosZenith > 0;
  const cosT = up ? Math.max(cosIncidence(p, cosZenith, sunAzimuthRad), 0) : 0;
  const a = up ? Math.min(dniWm2 / extraterrestrial, 1) : 0;
  const rb = cosT / Math.max(cosZenith, MIN_COS_ZENITH_RB);
  const sky = dhiWm2 * (a * rb + (1 - a) * (1 + p.cosTilt) / 2);
  return dniWm2 * cosT + sky + ghiWm2 * GROUND_ALBEDO * (1 - p.cosTilt) / 2;
}
