/**
 * Open-Meteo as the first weather provider (https://open-meteo.com/en/docs): one request per
 * site for global, direct normal and diffuse irradiance and the air temperature, in 15-minute
 * steps (`minutely_15`, interpolated from hourly models outside Central Europe) and hourly as a
 * fallback, in GMT.
 *
 * Time convention: Open-Meteo's radiation values are the mean of the PRECEDING interval (the
 * value at 12:00 is the mean of 11:00–12:00 hourly, of 11:45–12:00 for `minutely_15`); the
 * temperature is the instant value at the time stamp. `IrradianceSeries` holds interval-start
 * means, so a radiation value stamped T goes to the interval starting T − Δ, and the interval's
 * temperature is the mean of the instants at its start and its end. Negative irradiance, which
 * Open-Meteo sometimes sends (open-meteo/open-meteo#1355), is clamped at 0.
 */
import { z } from "zod";
import type { IrradianceProvider, IrradianceSeries } from "./irradiance.ts";
import type { SolarLocation } from "./solar_setup.ts";

export const OPEN_METEO_BASE_URL = "https://api.open-meteo.com/v1/forecast";
export const OPEN_METEO_VARIABLES =
  "shortwave_radiation,direct_normal_irradiance,diffuse_radiation,temperature_2m";

export interface OpenMeteoQuery {
  forecastDays: number;
  pastDays: number;
  /** Defaults to OPEN_METEO_BASE_URL; tests and self-hosted instances give their own. */
  baseUrl?: string;
}

/** The request URL for one site. Coordinates rounded to 4 decimals (≈ 10 m). */
export function openMeteoUrl(location: SolarLocation, query: OpenMeteoQuery): string {
  const params = new URLSearchParams({
    latitude: location.latitudeDeg.toFixed(4),
    longitude: location.longitudeDeg.toFixed(4),
    minutely_15: OPEN_METEO_VARIABLES,
    hourly: OPEN_METEO_VARIABLES,
    timezone: "GMT",
    forecast_days: String(Math.min(16, Math.max(1, Math.round(query.forecastDays)))),
    past_days: String(Math.min(92, Math.max(0, Math.round(query.pastDays)))),
  });
  return `${query.baseUrl ?? OPEN_METEO_BASE_URL}?${params}`;
}

const values = z.array(z.number().nullable());
const Block = z.object({
  time: z.array(
    z.string().regex(/^\d{4}-\d\d-\d\dT\d\d:\d\d$/, "not a GMT time like 2026-06-21T12:00"),
  ),
  shortwave_radiation: values,
  direct_normal_irradiance: values,
  diffuse_radiation: values,
  temperature_2m: values,
});
const Response = z.object({
  latitude: z.number(),
  longitude: z.number(),
  utc_offset_seconds: z.literal(0, { message: "expected timezone=GMT (utc_offset_seconds 0)" }),
  minutely_15: Block.optional(),
  hourly: Block.optional(),
});

export class OpenMeteoFormatError extends Error {
  override name = "OpenMeteoFormatError";
}

/** Parses an Open-Meteo response into interval-start means; throws OpenMeteoFormatError. */
export function parseOpenMeteo(json: unknown): IrradianceSeries {
  const parsed = Response.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new OpenMeteoFormatError(
      `Open-Meteo response: ${issue.message} at ${issue.path.join(".") || "the top level"}`,
    );
  }
  const r = parsed.data;
  const usable = (b: z.infer<typeof Block> | undefined) =>
    b && b.time.length > 1 && b.shortwave_radiation.some((v) => v !== null) ? b : undefined;
  const block = usable(r.minutely_15) ?? usable(r.hourly);
  const name = block === usable(r.minutely_15) ? "minutely_15" : "hourly";
  if (!block) {
    throw new OpenMeteoFormatError(
      "Open-Meteo response: neither minutely_15 nor hourly holds radiation values",
    );
  }
  for (const key of OPEN_METEO_VARIABLES.split(",") as (keyof typeof block)[]) {
    if (block[key].length !== block.time.length) {
      throw new OpenMeteoFormatError(
        `Open-Meteo response: ${name}.${key} has ${
          block[key].length
        } values for ${block.time.length} times`,
      );
    }
  }
  const stampsMs = block.time.map((t) => Date.parse(`${t}:00Z`));
  const stepMs = stampsMs[1] - stampsMs[0];
  for (let i = 1; i < stampsMs.length; i++) {
    if (stampsMs[i] - stampsMs[i - 1] !== stepMs) {
      throw new OpenMeteoFormatError(
        `Open-Meteo response: ${name}.time is not evenly spaced at index ${i} (${block.time[i]})`,
      );
    }
  }
  const intervalMinutes = stepMs / 60_000;
  if (intervalMinutes !== 15 && intervalMinutes !== 60) {
    throw new OpenMeteoFormatError(
      `Open-Meteo response: ${name} steps of ${intervalMinutes} min (expected 15 or 60)`,
    );
  }
  // A radiation value stamped T is the mean of [T − Δ, T): interval i starts at stamp i − 1.
  const out: IrradianceSeries = {
    intervalMinutes,
    startMs: [],
    ghiWm2: [],
    dniWm2: [],
    dhiWm2: [],
    airTempC: [],
  };
  const pos = (v: number | null) => (v === null ? null : Math.max(0, v));
  for (let i = 1; i < stampsMs.length; i++) {
    const ghi = pos(block.shortwave_radiation[i]);
    const dni = pos(block.direct_normal_irradiance[i]);
    const dhi = pos(block.diffuse_radiation[i]);
    const t0 = block.temperature_2m[i - 1];
    const t1 = block.temperature_2m[i];
    if (ghi === null || dni === null || dhi === null || (t0 === null && t1 === null)) continue;
    out.startMs.push(stampsMs[i - 1]);
    out.ghiWm2.push(ghi);
    out.dniWm2.push(dni);
    out.dhiWm2.push(dhi);
    out.airTempC.push(t0 === null ? t1! : t1 === null ? t0 : (t0 + t1) / 2);
  }
  return out;
}

export type FetchFn = (url: string, init?: { signal?: AbortSignal }) => Promise<Response>;

export class OpenMeteoRequestError extends Error {
  override name = "OpenMeteoRequestError";
}

/** An IrradianceProvider over Open-Meteo through the given `fetch`. */
export function openMeteoProvider(options: {
  fetch: FetchFn;
  baseUrl?: string;
  now?: () => number;
}): IrradianceProvider {
  const now = options.now ?? Date.now;
  return {
    name: "Open-Meteo",
    async fetchIrradiance(location, fromMs, toMs, signal) {
      const dayMs = 86_400_000;
      const today = Math.floor(now() / dayMs) * dayMs;
      const pastDays = Math.max(0, Math.ceil((today - fromMs) / dayMs));
      const forecastDays = Math.max(1, Math.ceil((toMs - today) / dayMs));
      const url = openMeteoUrl(location, { forecastDays, pastDays, baseUrl: options.baseUrl });
      const response = await options.fetch(url, { signal });
      if (!response.ok) {
        let reason = "";
        try {
          const body = await response.json() as { reason?: unknown };
          if (typeof body.reason === "string") reason = `: ${body.reason}`;
        } catch { /* not JSON */ }
        throw new OpenMeteoRequestError(`Open-Meteo answered HTTP ${response.status}${reason}`);
      }
      const series = parseOpenMeteo(await response.json());
      return sliceSeries(series, fromMs, toMs);
    },
  };
}

/** The intervals of a series that start in [fromMs, toMs). */
export function sliceSeries(s: IrradianceSeries, fromMs: number, toMs: number): IrradianceSeries {
  const keep = s.startMs.map((t) => t >= fromMs && t < toMs);
  const pick = (a: number[]) => a.filter((_, i) => keep[i]);
  return {
    intervalMinutes: s.intervalMinutes,
    startMs: pick(s.startMs),
    ghiWm2: pick(s.ghiWm2),
    dniWm2: pick(s.dniWm2),
    dhiWm2: pick(s.dhiWm2),
    airTempC: pick(s.airTempC),
  };
}
