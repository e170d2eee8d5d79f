/**
 * Weather for the solar model: irradiance on the horizontal plane and the air temperature, per
 * interval, as a provider delivers it for one site. One request per site; the model transposes it
 * onto every panel group locally.
 */
import type { SolarLocation } from "./solar_setup.ts";

/** Values at interval starts `startMs[i]` (UTC epoch ms), each `intervalMinutes` long. */
export interface IrradianceSeries {
  intervalMinutes: number;
  startMs: number[];
  /** Global horizontal irradiance, W/m², mean over the interval. */
  ghiWm2: number[];
  /** Direct normal irradiance, W/m². */
  dniWm2: number[];
  /** Diffuse horizontal irradiance, W/m². */
  dhiWm2: number[];
  /** Air temperature at 2 m, °C. */
  airTempC: number[];
}

export interface IrradianceProvider {
  /** A name for messages ("Open-Meteo"). */
  name: string;
  fetchIrradiance(
    location: SolarLocation,
    fromMs: number,
    toMs: number,
    signal?: AbortSignal,
  ): Promise<IrradianceSeries>;
}
