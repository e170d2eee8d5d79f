/**
 * The charger page's figures from what the gateway says of a charger: its power and on how many
 * phases, the range that power adds per hour, the running session's energy, range and solar
 * share, and what allowing a higher monthly peak would cost.
 */
import type { ChargerView } from "../control/protocol.ts";
import {
  type ChargeMode,
  type ChargeSettings,
  DEFAULT_CONSUMPTION_KWH_PER_100KM,
} from "../control/ev/settings.ts";
import { addDays, localDayOf, localTimeOf } from "../energy/calendar.ts";

/** A phase counts as in use above this current (A): chargers report a few tenths when idle. */
const PHASE_IN_USE_A = 0.5;

export interface ChargerFigures {
  powerKW: number | null;
  /** Phases that carry current now; `null` when the charger does not say. */
  phasesInUse: 1 | 2 | 3 | null;
  /** Range the present power adds per hour, at the car's consumption. */
  kmPerHour: number | null;
  session: { energyKWh: number; kmAdded: number; solarPct: number | null } | null;
}

/** The car's consumption (kWh per 100 km): the range goal's, else the usual 18. */
export function consumptionOf(settings: ChargeSettings): number {
  const target = settings.goal?.target;
  return target?.kind === "range"
    ? target.consumptionKWhPer100km
    : DEFAULT_CONSUMPTION_KWH_PER_100KM;
}

export function chargerFigures(view: ChargerView): ChargerFigures {
  const reading = view.reading;
  const powerKW = reading?.powerW == null ? null : Math.max(reading.powerW, 0) / 1000;
  const measured = reading?.currentA.filter((a): a is number => a !== null) ?? [];
  const inUse = measured.filter((a) => a > PHASE_IN_USE_A).length;
  const session = view.session;
  return {
    powerKW,
    phasesInUse: measured.length === 0 || inUse === 0 ? null : inUse as 1 | 2 | 3,
    kmPerHour: powerKW === null ? null : powerKW / consumptionOf(view.settings) * 100,
    session: session && {
      energyKWh: session.energyKWh,
      kmAdded: session.kmAdded,
      solarPct: session.energyKWh > 0 ? session.solarKWh / session.energyKWh * 100 : null,
    },
  };
}

/**
 * What raising one month's peak by `extraKW` costs: the billed capacity is the mean of twelve
 * monthly peaks, so one month's extra kW is paid for a twelfth, at the annual rate.
 */
export function higherPeakCostEur(extraKW: number, capacityEurPerKWYear: number): number {
  return Math.max(extraKW, 0) * capacityEurPerKWYear / 12;
}

/** The next `time` (Brussels wall time, `HH:MM`) after now, as a departure: `YYYY-MM-DDTHH:MM`. */
export function nextDeparture(nowMs: number, time = "07:30"): string {
  const today = localDayOf(nowMs);
  const day = localTimeOf(nowMs) < time ? today : addDays(today, 1);
  return `${day}T${time}`;
}

/** The solar mode's thresholds as the help text says them: kW to start, minutes to stop. */
export function solarModeFigures(
  mode: Extract<ChargeMode, { mode: "solar" }>,
): { startKW: number; stopMinutes: number } {
  return { startKW: mode.startSurplusW / 1000, stopMinutes: mode.stopDelayS / 60 };
}
