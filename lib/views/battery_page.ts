/**
 * The battery page's figures that are not the gateway's own: what today's battery moves saved
 * at the tariff in force, and the state-of-charge line of today.
 */
import type { LocalDay } from "../energy/calendar.ts";
import { sortVersions, type TariffVersion } from "../tariff/contract.ts";
import { tariffOn } from "../tariff/cost.ts";

export interface BatteryPrices {
  offtakeEurPerKWh: number;
  injectionEurPerKWh: number;
}

/**
 * The day rates of the tariff in force: what a kWh from the battery saves (offtake) and what a
 * kWh stored instead of given to the grid forgoes (injection). `null` for a dynamic contract,
 * whose price changes every quarter.
 */
export function batteryPrices(versions: TariffVersion[], today: LocalDay): BatteryPrices | null {
  const energy = tariffOn(sortVersions(versions), today)?.energy;
  if (energy?.kind === "single") {
    return {
      offtakeEurPerKWh: energy.offtakeEurPerKWh,
      injectionEurPerKWh: energy.injectionEurPerKWh,
    };
  }
  if (energy?.kind === "dayNight") {
    return {
      offtakeEurPerKWh: energy.offtakeDayEurPerKWh,
      injectionEurPerKWh: energy.injectionDayEurPerKWh,
    };
  }
  return null;
}

/** Today's saving: discharged kWh at the offtake price, less charged kWh at the injection price. */
export function batteryDaySavingsEur(
  today: { chargedTodayKWh: number | null; dischargedTodayKWh: number | null },
  prices: BatteryPrices | null,
): number | null {
  if (prices === null || today.chargedTodayKWh === null || today.dischargedTodayKWh === null) {
    return null;
  }
  return today.dischargedTodayKWh * prices.offtakeEurPerKWh -
    today.chargedTodayKWh * prices.injectionEurPerKWh;
}

/**
 * The SoC samples (`[epoch ms, %]`) as SVG polyline points in a 300 × 100 box: time across,
 * 100 % at the top. `null` with fewer than two samples.
 */
export function socChartPoints(samples: [number, number][]): string | null {
  if (samples.length < 2) return null;
  const first = samples[0][0];
  const span = Math.max(samples[samples.length - 1][0] - first, 1);
  return samples.map(([ms, soc]) => `${((ms - first) / span) * 300},${100 - soc}`).join(" ");
}
