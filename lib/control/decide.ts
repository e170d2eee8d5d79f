/**
 * What a home battery should do now, as a pure function of the measured state, the settings,
 * the prices and a little memory (the recharge hysteresis). The same code decides on the gateway
 * (live, every telegram) and in the browser's simulation over stored quarter-hours.
 *
 * Power signs: grid import positive (W), battery charging positive, discharging negative. The
 * household's own demand is what the grid would carry without the battery:
 * `householdW = gridW − batteryW`.
 */

export type Command =
  | { kind: "auto" }
  | { kind: "standby" }
  | { kind: "charge"; w: number }
  | { kind: "discharge"; w: number };

export interface BatteryLimits {
  capacityKWh: number;
  maxChargeW: number;
  maxDischargeW: number;
}

export interface SiteLimits {
  /** Main fuse per phase (A) and the number of phases: the most the grid connection carries. */
  mainFuseA: number;
  phases: 1 | 3;
  /** The inverter's own rating (W), both ways. */
  inverterMaxW: number;
}

export interface ChargeTimer {
  /** Local Brussels wall time `HH:MM`; a window may cross midnight. */
  start: string;
  end: string;
  w: number;
}

export type ControlSettings =
  | { mode: "auto" }
  | { mode: "balancing"; minSocPct: number }
  | {
    mode: "peakShaving";
    /** The grid import (W) the household should not exceed. */
    desiredPeakW: number;
    minSocPct: number;
    /** Share of the capacity (%) above the minimum kept for shaving peaks. */
    bufferPct: number;
  }
  | { mode: "timers"; timers: ChargeTimer[]; minSocPct: number }
  | {
    mode: "cheapest";
    /** How many of the day's cheapest slots to charge in. */
    slots: number;
    desiredPeakW: number;
    minSocPct: number;
    /** What a kWh through the battery costs in wear: price ÷ (cycles × capacity × depth). */
    batteryCostEurPerKWh: number;
  };

export interface ControlState {
  /** Net grid power now, import positive (W). */
  gridW: number;
  /** Battery power now, charging positive (W). */
  batteryW: number;
  socPct: number;
  /** Local Brussels wall time `HH:MM` (timers). */
  localTime: string;
  /** For `cheapest`: the spot price of the slot now and of every slot of the day (€/MWh). */
  priceNow?: number | null;
  dayPrices?: (number | null)[];
  /**
   * For `cheapest`: what the sun is expected to put into the battery before the day's dearest
   * slot still to come (kWh, `solar_fill.ts`); `null` or absent without a forecast.
   */
  solarBeforeDearestKWh?: number | null;
  /** The battery has not been full for the set number of days: charge it to 100 %. */
  maintenanceDue?: boolean;
}

export interface ControlMemory {
  /** Peak shaving: refilling the buffer after it ran low (left only when it is full again). */
  recharging: boolean;
}

/** Why a decision was made: a code the app words in the user's language. */
export type DecisionReason =
  | "auto"
  | "selfConsumption"
  | "shavingPeak"
  | "refillingBuffer"
  | "keepingBuffer"
  | "timer"
  | "storingSurplus"
  | "cheapSlot"
  | "solarWillFill"
  | "coveringImport"
  | "maintenance";

export interface Decision {
  command: Command;
  memory: ControlMemory;
  reason: DecisionReason;
}

const VOLTS = 230;

export function gridLimitW(site: SiteLimits): number {
  return site.mainFuseA * VOLTS * site.phases;
}

/**
 * Charge at most `w`, within the battery, the inverter and what the main fuse still allows.
 * Whole watts, rounded down (a hair of float error, 1014.9999 from 1.015 kW, is not a watt).
 */
function charge(
  w: number,
  householdW: number,
  battery: BatteryLimits,
  site: SiteLimits,
  socPct: number,
): Command {
  if (socPct >= 100) return { kind: "standby" };
  const room = gridLimitW(site) - householdW;
  const allowed = Math.min(w, battery.maxChargeW, site.inverterMaxW, room);
  return allowed >= 1 ? { kind: "charge", w: Math.floor(allowed + 1e-6) } : { kind: "standby" };
}

/** Discharge at most `w`, within the battery and the inverter, never below `minSocPct`. */
function discharge(
  w: number,
  battery: BatteryLimits,
  site: SiteLimits,
  socPct: number,
  minSocPct: number,
): Command {
  if (socPct <= minSocPct) return { kind: "standby" };
  const allowed = Math.min(w, battery.maxDischargeW, site.inverterMaxW);
  return allowed >= 1 ? { kind: "discharge", w: Math.floor(allowed + 1e-6) } : { kind: "standby" };
}

/** Self-consumption: store surplus, cover import. */
function balance(
  householdW: number,
  battery: BatteryLimits,
  site: SiteLimits,
  socPct: number,
  minSocPct: number,
) {
  return householdW < 0
    ? charge(-householdW, householdW, battery, site, socPct)
    : discharge(householdW, battery, site, socPct, minSocPct);
}

function minutesOf(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

export function inWindow(time: string, start: string, end: string): boolean {
  const [t, s, e] = [minutesOf(time), minutesOf(start), minutesOf(end)];
  return s <= e ? t >= s && t < e : t >= s || t < e;
}

export function decide(
  settings: ControlSettings,
  state: ControlState,
  memory: ControlMemory,
  battery: BatteryLimits,
  site: SiteLimits,
): Decision {
  const householdW = state.gridW - state.batteryW;
  const soc = state.socPct;
  const keep = (command: Command, reason: DecisionReason): Decision => ({
    command,
    memory,
    reason,
  });
  // A battery that has not been full for too long (winter) is charged to 100 % to recalibrate.
  if (state.maintenanceDue && settings.mode !== "auto") {
    const peak = "desiredPeakW" in settings ? settings.desiredPeakW : gridLimitW(site);
    return keep(
      charge(Math.max(-householdW, peak - householdW), householdW, battery, site, soc),
      "maintenance",
    );
  }
  switch (settings.mode) {
    case "auto":
      return keep({ kind: "auto" }, "auto");
    case "balancing":
      return keep(balance(householdW, battery, site, soc, settings.minSocPct), "selfConsumption");
    case "timers": {
      const timer = settings.timers.find((t) => inWindow(state.localTime, t.start, t.end));
      return timer
        ? keep(charge(timer.w, householdW, battery, site, soc), "timer")
        : keep(balance(householdW, battery, site, soc, settings.minSocPct), "selfConsumption");
    }
    case "peakShaving": {
      const { desiredPeakW: peak, minSocPct: min, bufferPct } = settings;
      const full = min + bufferPct;
      // Hysteresis: start refilling below half the buffer, stop only when it is full again.
      const recharging = soc < min
        ? true
        : memory.recharging
        ? soc < full
        : soc < min + bufferPct / 2;
      const next = { recharging };
      // Above the buffer the battery balances (which covers any peak too). Exactly at its top
      // it shaves: balancing may not go below the buffer, so it would do nothing at all.
      if (!recharging && soc > full) {
        return {
          command: balance(householdW, battery, site, soc, full),
          memory: next,
          reason: "selfConsumption",
        };
      }
      const over = householdW - peak;
      if (over > 0 && soc > min) {
        return {
          command: discharge(over, battery, site, soc, min),
          memory: next,
          reason: "shavingPeak",
        };
      }
      if (recharging) {
        // Refill, but never so fast that the household goes over its desired peak.
        const w = Math.max(-householdW, peak - householdW);
        return {
          command: charge(w, householdW, battery, site, soc),
          memory: next,
          reason: "refillingBuffer",
        };
      }
      // Inside the buffer: keep it for peaks; only surplus goes in.
      return {
        command: householdW < 0
          ? charge(-householdW, householdW, battery, site, soc)
          : { kind: "standby" },
        memory: next,
        reason: "keepingBuffer",
      };
    }
    case "cheapest": {
      const prices = (state.dayPrices ?? []).filter((p): p is number => p !== null);
      const now = state.priceNow ?? null;
      if (householdW < 0) {
        return keep(charge(-householdW, householdW, battery, site, soc), "storingSurplus");
      }
      if (now !== null && prices.length > 0) {
        const sorted = [...prices].sort((a, b) => a - b);
        const threshold = sorted[Math.min(settings.slots, sorted.length) - 1];
        const best = sorted[sorted.length - 1];
        // A cycle pays when the dearest hour saves more than the charge and the wear cost.
        const pays = (best - now) / 1000 > settings.batteryCostEurPerKWh;
        if (settings.slots > 0 && now <= threshold && pays) {
          // The sun fills the room left before the dear slot: the grid's kWh would only
          // displace it. Hold, so the battery is not emptied in the cheap slot either.
          const roomKWh = battery.capacityKWh * (100 - soc) / 100;
          const solarKWh = state.solarBeforeDearestKWh ?? null;
          // A full battery is left to `charge` (standby for being full, not for the sun).
          if (solarKWh !== null && roomKWh > 0 && solarKWh >= roomKWh) {
            return keep({ kind: "standby" }, "solarWillFill");
          }
          const w = settings.desiredPeakW - householdW;
          return keep(charge(w, householdW, battery, site, soc), "cheapSlot");
        }
      }
      return keep(discharge(householdW, battery, site, soc, settings.minSocPct), "coveringImport");
    }
  }
}

/** Days since the battery was last full; `due` once a maintenance charge should run. */
export function maintenanceDue(
  lastFullMs: number | null,
  nowMs: number,
  everyDays: number,
): boolean {
  return lastFullMs === null || nowMs - lastFullMs >= everyDays * 86_400_000;
}

/**
 * Power changes smaller than this are not worth a new command: the meter's and the inverter's
 * own noise, and the inverter's settling. Starting to charge or discharge needs more than it.
 */
export const DEADBAND_W = 50;

/**
 * The command to send, given the one sent last and the new decision: a change of power within
 * the deadband (50 W, or 5 % of a large power) keeps the last command — a battery told to move
 * by a few watts every second hunts around its set-point — and leaving standby needs more than
 * the deadband. Less charging is sent at once (it may be the main fuse's limit), and so is any
 * other change of mode: stopping never waits.
 */
export function stabilise(previous: Command | null, next: Command): Command {
  if (previous === null || (next.kind !== "charge" && next.kind !== "discharge")) return next;
  if (previous.kind === next.kind) {
    if (next.kind === "charge" && next.w < previous.w) return next;
    const band = Math.max(DEADBAND_W, 0.05 * previous.w);
    return Math.abs(next.w - previous.w) < band ? previous : next;
  }
  return previous.kind === "standby" && next.w < DEADBAND_W ? previous : next;
}
