/**
 * The solar model for the insights and what-if pages: the site's solar setup and stored `pv`
 * quarters from the local database, the weather last fetched for its forecast
 * (`solar_forecast.ts`, which also holds Open-Meteo's past days), and the pure functions of
 * `lib/solar/` that turn them into the pages' inputs.
 */
import type { SolarExpectation } from "../../lib/views/insights_page.ts";
import type { YieldKWhPerKWp } from "../../lib/views/what_if.ts";
import type { DayBucket } from "../../lib/energy/day_bucket.ts";
import type { SolarSetup } from "../../lib/solar/solar_setup.ts";
import { loadSolarSetup } from "../../lib/db/solar_setup_store.ts";
import { observedExpectation } from "../../lib/solar/observed.ts";
import { whatIfYieldModel } from "../../lib/solar/what_if_yield.ts";
import { loadEnergyDb } from "./data_version.ts";
import { refreshSolarForecast, storedWeather } from "./solar_forecast.ts";

async function solarSetup(siteId: string): Promise<SolarSetup | null> {
  const { database } = await loadEnergyDb();
  return loadSolarSetup(await database(), siteId);
}

/**
 * kWh one added kWp makes per quarter: clear sky at the site, scaled to the yield its panels
 * measured in `pv` (the year the what-if replays, already loaded by the page).
 */
export async function whatIfYield(siteId: string, pv: DayBucket[]): Promise<YieldKWhPerKWp> {
  const setup = await solarSetup(siteId);
  return whatIfYieldModel(setup?.location ?? null, setup?.groups ?? [], pv).yieldKWhPerKWp;
}

/** What the panels should have made under the observed weather, or `null` without a setup. */
export async function faultExpectation(siteId: string): Promise<SolarExpectation | null> {
  const setup = await solarSetup(siteId);
  if (!setup?.location || setup.groups.length === 0) return null;
  await refreshSolarForecast(siteId);
  const weather = storedWeather(siteId, setup);
  return weather ? observedExpectation(setup, weather) : null;
}
