/**
 * Irradiance without clouds, and the split of a global horizontal value into its direct and
 * diffuse parts, for sites that have no better data (clear-sky expected production, and a
 * provider that only gives GHI).
 *
 * - Extraterrestrial normal irradiance: I0 = 1367·(1 + 0.033·cos(2π·doy/365)) W/m² (the simple
 *   form, reference §B; pvlib `get_extra_radiation` offers it among others).
 * - Clear-sky GHI by Haurwitz (1945): 1098·cos z·exp(−0.059 / cos z), 0 with the sun down
 *   (pvlib `clearsky.haurwitz`). It needs no turbidity data; it tends to overestimate slightly
 *   in hazy air.
 * - Decomposition by the Erbs et al. (1982) correlation of the diffuse fraction on the
 *   clearness index kt = GHI / (I0·cos z) (pvlib `irradiance.erbs`): DHI = GHI·fd,
 *   DNI = (GHI − DHI) / cos z.
 */

/** Solar constant used by the simple I0 form, W/m². */
export const SOLAR_CONSTANT_WM2 = 1367;

/** Day of the year, 1–366, of a UTC instant. */
export function dayOfYear(instantMs: number): number {
  const d = new Date(instantMs);
  return Math.floor((instantMs - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86_400_000) + 1;
}

/** Extraterrestrial irradiance on a plane normal to the sun, W/m². */
export function extraterrestrialWm2(instantMs: number): number {
  return SOLAR_CONSTANT_WM2 * (1 + 0.033 * Math.cos((2 * Math.PI * dayOfYear(instantMs)) / 365));
}

/** Haurwitz clear-sky GHI, W/m², from cos of the zenith angle. */
export function haurwitzGhiWm2(cosZenith: number): number {
  if (cosZenith <= 0) return 0;
  return 1098 * cosZenith * Math.exp(-0.059 / cosZenith);
}

/** Below this cos z (≈ 87°) the clearness index is meaningless; all is diffuse. */
const MIN_COS_ZENITH = 0.0523;

/** Diffuse fraction of GHI by Erbs et al. (1982), from the clearness index. */
export function erbsDiffuseFraction(kt: number): number {
  if (kt <= 0.22) return 1 - 0.09 * kt;
  if (kt <= 0.8) {
    return 0.9511 - 0.1604 * kt + 4.388 * kt ** 2 - 16.638 * kt ** 3 + 12.336 * kt ** 4;
  }
  return 0.165;
}

export interface BeamDiffuse {
  dniWm2: number;
  dhiWm2: number;
}

/** Splits GHI into DNI and DHI (Erbs), given cos z and I0. */
export function erbsDecompose(
  ghiWm2: number,
  cosZenith: number,
  extraterrestrial: number,
): BeamDiffuse {
  if (ghiWm2 <= 0) return { dniWm2: 0, dhiWm2: 0 };
  if (cosZenith < MIN_COS_ZENITH) return { dniWm2: 0, dhiWm2: ghiWm2 };
  const kt = Math.min(ghiWm2 / (extraterrestrial * cosZenith), 1);
  const dhiWm2 = ghiWm2 * erbsDiffuseFraction(kt);
  return { dniWm2: (ghiWm2 - dhiWm2) / cosZenith, dhiWm2 };
}
