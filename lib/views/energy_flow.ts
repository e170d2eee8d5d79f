/**
 * The home screen's energy-flow picture: grid, solar, battery and home as nodes, and the flows
 * between them, from whatever sources exist — the P1 meter alone (home = grid), the meter with a
 * paired gateway (battery power and SoC, solar from the inverter's PV register), or the gateway
 * alone (its own meter reading). The house's use is what balances the rest:
 * home = grid import − export + solar − battery charge + battery discharge.
 *
 * Flows are shared out as Home Assistant's energy card does: solar goes to the home first, then
 * into the battery, the rest to the grid; the battery's discharge to the home first, the rest to
 * the grid; the grid covers what the home still needs, then the battery's charge.
 */

import type { BatteryStatus, PvStatus } from "../control/protocol.ts";
import { netPowerKW, type Reading } from "../p1/reading.ts";

/** Below this a flow is drawn as idle: the registers' and the inverter's noise. */
const IDLE_KW = 0.005;
/** A flow of this much is drawn at full width: a typical Belgian household's range. */
const FULL_WIDTH_KW = 10;

export interface FlowSources {
  /** Net grid power, import positive (P1 or the gateway's meter); `null` when unknown. */
  gridKW: number | null;
  /** Solar production (≥ 0), `null` without a source for it. */
  solarKW: number | null;
  /** Battery power, charging positive, `null` without a battery. */
  batteryKW: number | null;
  batterySocPct: number | null;
}

export type FlowEnd = "grid" | "solar" | "battery" | "home";

export interface Flow {
  from: FlowEnd;
  to: FlowEnd;
  kW: number;
}

export interface EnergyFlow {
  /** The nodes there are a source for; home always. */
  nodes: {
    grid: { importKW: number; exportKW: number } | null;
    solar: { kW: number } | null;
    battery: { chargeKW: number; dischargeKW: number; socPct: number | null } | null;
    home: { kW: number };
  };
  /** Flows above idle, largest first; `width` 0…1, full at 10 kW. */
  flows: (Flow & { width: number })[];
  /**
   * The figures do not balance (the home would use less than nothing: meters read at different
   * moments); the home is shown as 0.
   */
  unbalanced: boolean;
}

export function energyFlow(sources: FlowSources): EnergyFlow {
  const grid = sources.gridKW;
  const importKW = grid === null ? 0 : Math.max(grid, 0);
  const exportKW = grid === null ? 0 : Math.max(-grid, 0);
  const solarKW = Math.max(sources.solarKW ?? 0, 0);
  const battery = sources.batteryKW ?? 0;
  const chargeKW = Math.max(battery, 0);
  const dischargeKW = Math.max(-battery, 0);
  const balance = importKW - exportKW + solarKW - chargeKW + dischargeKW;
  const homeKW = Math.max(balance, 0);

  let homeLeft = homeKW;
  const solarToHome = Math.min(solarKW, homeLeft);
  homeLeft -= solarToHome;
  const batteryToHome = Math.min(dischargeKW, homeLeft);
  homeLeft -= batteryToHome;
  const gridToHome = Math.min(importKW, homeLeft);
  const solarToBattery = Math.min(solarKW - solarToHome, chargeKW);
  const solarToGrid = solarKW - solarToHome - solarToBattery;
  const gridToBattery = Math.max(chargeKW - solarToBattery, 0);
  const batteryToGrid = dischargeKW - batteryToHome;

  const all: Flow[] = [
    { from: "solar", to: "home", kW: solarToHome },
    { from: "solar", to: "battery", kW: solarToBattery },
    { from: "solar", to: "grid", kW: solarToGrid },
    { from: "battery", to: "home", kW: batteryToHome },
    { from: "battery", to: "grid", kW: batteryToGrid },
    { from: "grid", to: "home", kW: gridToHome },
    { from: "grid", to: "battery", kW: gridToBattery },
  ];
  const flows = all.filter((f) => f.kW >= IDLE_KW).sort((a, b) => b.kW - a.kW);
  return {
    nodes: {
      grid: grid === null ? null : { importKW, exportKW },
      solar: sources.solarKW === null ? null : { kW: solarKW },
      battery: sources.batteryKW === null
        ? null
        : { chargeKW, dischargeKW, socPct: sources.batterySocPct },
      home: { kW: homeKW },
    },
    flows: flows.map((f) => ({ ...f, width: Math.min(f.kW / FULL_WIDTH_KW, 1) })),
    unbalanced: balance < -IDLE_KW,
  };
}

/**
 * The sources the app has now: the meter's reading (P1, or the gateway's meter) for the grid, a
 * paired gateway's battery, and solar production from the gateway's PV source when it has one
 * that answers (a SunSpec inverter's own AC power), otherwise from the battery inverter's PV
 * register.
 */
export function flowSourcesOf(
  reading: Reading | null,
  battery: BatteryStatus | null,
  pv: PvStatus | null = null,
): FlowSources {
  const pvW = pv?.online && pv.powerW !== null ? pv.powerW : battery?.pvW ?? null;
  return {
    gridKW: reading === null ? null : netPowerKW(reading),
    solarKW: pvW === null ? null : pvW / 1000,
    batteryKW: battery?.batteryW == null ? null : battery.batteryW / 1000,
    batterySocPct: battery?.socPct ?? null,
  };
}
