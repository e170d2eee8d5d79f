/**
 * From plane-of-array irradiance to a panel group's AC power, PVWatts/evcc style:
 *
 *   T_cell = T_air + POA·k,                 k = 0.0342 K·m²/W (evcc's "not so well cooled"
 *                                            roof default, Ross coefficient; reference §B)
 *   P_dc   = P_peak · POA/1000 · (1 + α·(T_cell − 25)),  α = −0.004 /K (evcc default)
 *   P_ac   = min(P_dc · (1 − losses), AC limit),  losses = 14 % (PVWatts v5 default system
 *            losses: soiling, wiring, mismatch, inverter, … lumped)
 */
import { groupPeakW, type PanelGroup } from "./solar_setup.ts";

export const TEMP_COEFF_PER_K = -0.004;
export const ROSS_K_M2_PER_W = 0.0342;
export const SYSTEM_LOSSES = 0.14;

export function cellTempC(airTempC: number, poaWm2: number): number {
  return airTempC + poaWm2 * ROSS_K_M2_PER_W;
}

/** AC power of a group with peak `peakW` and AC limit `acLimitW` (Infinity when none). */
export function acPowerW(
  peakW: number,
  acLimitW: number,
  poaWm2: number,
  airTempC: number,
): number {
  if (poaWm2 <= 0) return 0;
  const derate = 1 + TEMP_COEFF_PER_K * (cellTempC(airTempC, poaWm2) - 25);
  const w = peakW * (poaWm2 / 1000) * Math.max(derate, 0) * (1 - SYSTEM_LOSSES);
  return Math.min(w, acLimitW);
}

export function groupAcLimitW(group: PanelGroup): number {
  return group.inverterAcLimitW ?? Infinity;
}

export function groupAcPowerW(group: PanelGroup, poaWm2: number, airTempC: number): number {
  return acPowerW(groupPeakW(group), groupAcLimitW(group), poaWm2, airTempC);
}
