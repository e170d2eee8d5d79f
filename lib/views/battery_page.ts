/**
 * The battery page's figures that are not the gateway's own: what today's battery moves saved
 * under the tariff in force, and its power in words (the day chart is in `battery_chart.ts`).
 */
import type { ControlSettings } from "../control/decide.ts";
import type { LocalDay } from "../energy/calendar.ts";
import type { TariffVersion } from "../tariff/contract.ts";
import { tariffInForce } from "../tariff/cost.ts";

export interface BatteryPrices {
  /**
   * What a kWh taken from the grid costs in all, as `dayCost` charges it: energy, distribution
   * and transmission, levies, with VAT (the day rates of a day/night contract).
   */
  offtakeEurPerKWh: number;
  /** What a kWh given to the grid earns. */
  injectionEurPerKWh: number;
}

/**
 * The rates of the tariff in force: a kWh from the battery saves the whole offtake price, a kWh
 * stored instead of given to the grid forgoes the injection price. `null` for a dynamic
 * contract, whose price changes every quarter.
 */
export function batteryPrices(versions: TariffVersion[], today: LocalDay): BatteryPrices | null {
  const tariff = tariffInForce(versions, today);
  if (tariff === null) return null;
  const { energy, distribution } = tariff;
  const offtake = (energyEurPerKWh: number) =>
    (energyEurPerKWh + distribution.offtakeDayEurPerKWh + distribution.transmissionEurPerKWh +
      tariff.leviesEurPerKWh) * (1 + tariff.vatRate);
  if (energy.kind === "single") {
    return {
      offtakeEurPerKWh: offtake(energy.offtakeEurPerKWh),
      injectionEurPerKWh: energy.injectionEurPerKWh,
    };
  }
  if (energy.kind === "dayNight") {
    return {
      offtakeEurPerKWh: offtake(energy.offtakeDayEurPerKWh),
      injectionEurPerKWh: energy.injectionDayEurPerKWh,
    };
  }
  return null;
}

/** The modes that charge from the household's surplus only, never from the grid. */
const SURPLUS_ONLY: readonly ControlSettings["mode"][] = ["auto", "balancing"];

/**
 * Today's saving in a mode that charges from the household's own surplus only: discharged kWh
 * at the offtake price, less charged kWh at the injection price. `null` in a mode that may charge
 * from the grid (timers, cheapest hours, peak shaving's refill), where where each kWh came from,
 * and at what hour's price, is not known here.
 */
export function batteryDaySavingsEur(
  today: { chargedTodayKWh: number | null; dischargedTodayKWh: number | null },
  prices: BatteryPrices | null,
  mode: ControlSettings["mode"] | null,
): number | null {
  if (
    prices === null || today.chargedTodayKWh === null || today.dischargedTodayKWh === null ||
    mode === null || !SURPLUS_ONLY.includes(mode)
  ) {
    return null;
  }
  return today.dischargedTodayKWh * prices.offtakeEurPerKWh -
    today.chargedTodayKWh * prices.injectionEurPerKWh;
}

/** What the battery does now, as the page words it: "ontladen 0,26 kW", never a minus sign. */
export function batteryPower(batteryW: number | null): {
  direction: "charging" | "discharging" | "idle";
  kW: number;
} | null {
  if (batteryW === null) return null;
  // Below 5 W the inverter is standing by: its reading is noise.
  const direction = batteryW >= 5 ? "charging" : batteryW <= -5 ? "discharging" : "idle";
  return { direction, kW: direction === "idle" ? 0 : Math.abs(batteryW) / 1000 };
}
