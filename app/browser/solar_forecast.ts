/**
 * The site's solar forecast on this device: the weather for its solar setup fetched from
 * Open-Meteo at most once an hour (one request: the last PAST_DAYS days, for learning, and the
 * next FORECAST_DAYS), kept in localStorage so the last forecast still shows offline, turned
 * into the banded forecast with the correction learned from the stored `pv` quarter-hours, and
 * handed to islands through `solarForecast`.
 *
 * The provider's base URL is the setting `openMeteoBaseUrl` when set: a server on the app's own
 * origin (the content security policy lets the page reach nothing else but api.open-meteo.com);
 * tests may also intercept https://api.open-meteo.com/** instead.
 */
import { signal } from "@preact/signals";
import { addDays, dayStartMs, type LocalDay, localDayOf } from "../../lib/energy/calendar.ts";
import type { IrradianceSeries } from "../../lib/solar/irradiance.ts";
import type { SolarSetup } from "../../lib/solar/solar_setup.ts";
import type { BandedForecast } from "../../lib/solar/correction.ts";
import { hasEnergyDb, loadEnergyDb } from "./data_version.ts";
import { loadSetting, saveSetting } from "./storage.ts";

/**
 * The correction learns from these days and fault detection judges on them: Open-Meteo's longest
 * past (92 days) less the one day a Brussels day start before UTC midnight adds to the request.
 */
export const PAST_DAYS = 91;
export const FORECAST_DAYS = 3;
export const REFRESH_MS = 60 * 60_000;
export const BASE_URL_KEY = "openMeteoBaseUrl";
const CACHE_PREFIX = "solarWeather|";

export type SolarForecastState =
  /** No solar setup with a location and at least one group: nothing to forecast. */
  | { kind: "none" }
  | { kind: "loading" }
  | {
    kind: "ready";
    siteId: string;
    banded: BandedForecast;
    fetchedAtMs: number;
    /** Days the correction was learned from (0: the default band). */
    daysLearned: number;
    /** Why the last refresh failed while an older forecast is shown; `null` when it is fresh. */
    refreshFailed: string | null;
  }
  | { kind: "failed"; reason: string };

export const solarForecast = signal<SolarForecastState>({ kind: "none" });

interface CachedWeather {
  fetchedAtMs: number;
  latitudeDeg: number;
  longitudeDeg: number;
  series: IrradianceSeries;
}

function readCache(siteId: string, setup: SolarSetup): CachedWeather | null {
  try {
    const cached = JSON.parse(loadSetting(CACHE_PREFIX + siteId) ?? "null") as CachedWeather | null;
    if (
      !cached || cached.latitudeDeg !== setup.location?.latitudeDeg ||
      cached.longitudeDeg !== setup.location?.longitudeDeg || !Array.isArray(cached.series?.startMs)
    ) return null;
    return cached;
  } catch {
    return null;
  }
}

/** The weather last fetched for a site's setup (past days and forecast), or `null`. */
export function storedWeather(siteId: string, setup: SolarSetup): IrradianceSeries | null {
  return readCache(siteId, setup)?.series ?? null;
}

/** The site asked for last: a slower refresh of the site before never overwrites its forecast. */
let latestSite: string | null = null;

function publish(siteId: string, state: SolarForecastState): void {
  if (siteId === latestSite) solarForecast.value = state;
}

/** The refresh under way, per site: a site switched to mid-refresh gets its own. */
const running = new Map<string, Promise<void>>();

/** Brings `solarForecast` up to date for a site; cheap when the cached weather is fresh. */
export function refreshSolarForecast(siteId: string, nowMs = Date.now()): Promise<void> {
  latestSite = siteId;
  let refreshing = running.get(siteId);
  if (!refreshing) {
    refreshing = refresh(siteId, nowMs).finally(() => running.delete(siteId));
    running.set(siteId, refreshing);
  }
  return refreshing;
}

async function refresh(siteId: string, nowMs: number): Promise<void> {
  // A first visit has no database, so no solar setup: RxDB stays unloaded (and uncreated).
  if (!(await hasEnergyDb())) {
    publish(siteId, { kind: "none" });
    return;
  }
  // The model, zod and suncalc load with the forecast, not with the first screen.
  const [{ database, loadBuckets }, { OPEN_METEO_BASE_URL, openMeteoProvider }, { siteForecast }, {
    loadSolarSetup,
  }] = await Promise.all([
    loadEnergyDb(),
    import("../../lib/solar/open_meteo.ts"),
    import("../../lib/solar/site_forecast.ts"),
    import("../../lib/db/solar_setup_store.ts"),
  ]);
  const db = await database();
  const setup = await loadSolarSetup(db, siteId);
  if (!setup?.location || setup.groups.length === 0) {
    publish(siteId, { kind: "none" });
    return;
  }
  let cached = readCache(siteId, setup);
  let refreshFailed: string | null = null;
  if (!cached || nowMs - cached.fetchedAtMs >= REFRESH_MS || cached.fetchedAtMs > nowMs) {
    const current = solarForecast.peek();
    if (current.kind !== "ready" || current.siteId !== siteId) {
      publish(siteId, { kind: "loading" });
    }
    const today = localDayOf(nowMs);
    try {
      const provider = openMeteoProvider({
        fetch: (url, init) => fetch(url, init),
        baseUrl: loadSetting(BASE_URL_KEY) || OPEN_METEO_BASE_URL,
        now: () => nowMs,
      });
      const series = await provider.fetchIrradiance(
        setup.location,
        dayStartMs(addDays(today, -PAST_DAYS)),
        dayStartMs(addDays(today, FORECAST_DAYS)),
      );
      cached = {
        fetchedAtMs: nowMs,
        latitudeDeg: setup.location.latitudeDeg,
        longitudeDeg: setup.location.longitudeDeg,
        series,
      };
      saveSetting(CACHE_PREFIX + siteId, JSON.stringify(cached));
    } catch (e) {
      refreshFailed = e instanceof Error ? e.message : String(e);
      if (!cached) {
        publish(siteId, { kind: "failed", reason: refreshFailed });
        return;
      }
    }
  }
  const today = localDayOf(nowMs);
  const pastDays: LocalDay[] = [];
  for (let d = PAST_DAYS; d >= 1; d--) pastDays.push(addDays(today, -d));
  const pv = await loadBuckets(db, siteId, "pv", pastDays[0], addDays(today, -1));
  const site = siteForecast(setup, cached.series, pv, pastDays);
  publish(siteId, {
    kind: "ready",
    siteId,
    banded: site.banded,
    fetchedAtMs: cached.fetchedAtMs,
    daysLearned: site.correction.daysUsed,
    refreshFailed,
  });
}
