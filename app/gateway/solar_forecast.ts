/**
 * The gateway's solar forecast, for control: the site's panel groups (as synced from the app, or
 * from the gateway's configuration) and Open-Meteo's weather, fetched when asked (the caller
 * refreshes it every hour), turned into the production quarter-hours the battery's cheapest mode
 * plans with. Cautious: the P10 of the default band (`lib/solar/correction.ts`), since the
 * gateway does not keep the history a learned correction needs.
 */
import { applyCorrection, learnCorrection } from "../../lib/solar/correction.ts";
import { forecastProduction } from "../../lib/solar/forecast.ts";
import type { IrradianceProvider } from "../../lib/solar/irradiance.ts";
import type { SolarSetup } from "../../lib/solar/solar_setup.ts";
import type { QuarterSeries } from "../../lib/control/solar_fill.ts";

const HOUR_MS = 3_600_000;
/** Ahead: the rest of today and tomorrow, whatever the hour. */
const AHEAD_MS = 48 * HOUR_MS;

export interface SolarForecastOptions {
  setup: () => Promise<SolarSetup | null>;
  provider: IrradianceProvider;
  now?: () => number;
  log?: (entry: Record<string, unknown>) => void;
}

export class GatewaySolarForecast {
  #p10: QuarterSeries | null = null;
  readonly #options: SolarForecastOptions;
  readonly #now: () => number;

  constructor(options: SolarForecastOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  /** Production per quarter, W, that nine days in ten exceed; `null` before a first forecast. */
  get p10(): QuarterSeries | null {
    return this.#p10;
  }

  /**
   * Fetches the weather and recomputes. A failure keeps the last forecast (stale beats none for
   * a cautious P10) and is logged; without a setup with a location and groups there is none.
   */
  async refresh(signal?: AbortSignal): Promise<void> {
    const setup = await this.#options.setup();
    if (!setup?.location || setup.groups.length === 0) {
      this.#p10 = null;
      return;
    }
    const nowMs = this.#now();
    const fromMs = Math.floor(nowMs / HOUR_MS) * HOUR_MS;
    try {
      const weather = await this.#options.provider.fetchIrradiance(
        setup.location,
        fromMs,
        fromMs + AHEAD_MS,
        signal,
      );
      const forecast = forecastProduction(setup, weather);
      const banded = applyCorrection(forecast.startMs, forecast.totalKWh, learnCorrection([]));
      this.#p10 = {
        startMs: Array.from({ length: banded.slotCount }, (_, q) => banded.startMs + q * 900_000),
        w: Array.from(banded.p10KWh, (kWh) => kWh * 4000),
      };
    } catch (error) {
      this.#options.log?.({ msg: "solar forecast", error: String(error) });
    }
  }
}
