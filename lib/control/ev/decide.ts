/**
 * What every charger should do now: one pure call per P1 telegram (~1 s) for all chargers at
 * once, from the meter's figures, the home battery, each charger's setup, reading and settings, and
 * a small memory this call hands back for the next.
 *
 * Per charger, in priority order (lower number first):
 * 1. the mode's wish — fast: the charger's most; solar: the surplus, starting once it reaches
 *    `startSurplusW` and stopping `stopDelayS` after it fell under the car's minimum; minSolar: the
 *    minimum always, the surplus when more; eco x %: the surplus, topped up from the grid to the
 *    minimum only while the session's solar share stays ≥ x %. Surplus = export + what the chargers
 *    draw now (shared in priority order), less a discharging home battery unless `allowBattery`
 *    (a charging battery keeps what it stores; its surplus reaches the car once it exports);
 * 2. a departure goal raises the wish to the plan's power while the plan charges in this slot;
 * 3. anti-flapping on the wish: no start within 60 s of a stop and no stop within 60 s of a start,
 *    no phase switch within 5 min of the last;
 * 4. every mode but fast, unless `allowHigherPeak`, is cut to the capacity budget (budget.ts),
 *    shared in priority order, counting on the house (while it imports) taking at least the most of
 *    its present load, its average so far in the quarter and its expected load; in a quarter's last
 *    minute also the next quarter's room (a car answers seconds late). The budget and the fuse are
 *    limits, so they may stop a car within its first minute (a start still waits 60 s after any
 *    stop, and needs the budget for the minimum plus `START_MARGIN_W`, which keeps that rare);
 * 5. the per-phase balancing (balance.ts) cuts to the fuse on every phase and to the total limit.
 * A charger that switches phases goes to 3 only for a wish `PHASE_UP_MARGIN_W` above what 1 phase
 * gives at its most (and at least the 3-phase minimum), and back to 1 once 3 phases no longer fit.
 * Powers and currents are converted at the nominal 230 V per phase.
 */
import { projectQuarter, QUARTER_SECONDS } from "../../capacity/quarter.ts";
import type { PhaseReading } from "../../p1/reading.ts";
import type { PricePoint } from "../../tariff/prices.ts";
import {
  balanceChargers,
  type BalanceRequest,
  NOMINAL_V,
  signedPhaseCurrentsA,
  type SiteFuse,
} from "./balance.ts";
import { evHeadroomW, houseLoadEstimateW, MIN_HORIZON_S, quarterBudget } from "./budget.ts";
import type { ChargerLimit, ChargerReading, ChargerSetup } from "./charger.ts";
import {
  type ChargePlan,
  departureMs,
  goalEnergyKWh,
  planCharge,
  planSlots,
  type PowerRange,
  type SolarForecastPoint,
} from "./plan.ts";
import type { ChargeSettings } from "./settings.ts";

/** No start or stop within this long of the last (s). */
export const MIN_ON_OFF_S = 60;
/** No phase switch within this long of the last (s). */
export const MIN_PHASE_SWITCH_S = 300;
/** A car starts on the budget only with this much (W) over its minimum to spare. */
export const START_MARGIN_W = 300;
/** A switch from 1 to 3 phases needs this much (W) over what 1 phase gives at its most. */
export const PHASE_UP_MARGIN_W = 500;
/** The house's own average in the quarter counts once the quarter is this old (s). */
export const HOUSE_AVERAGE_AFTER_S = 60;
/** A gap between readings longer than this (s) is not counted into the session's energy split. */
const MAX_STEP_S = 60;

/** Why a charger got its limit: a short code the app words. */
export type ChargeReason =
  | "noCar"
  | "fast"
  | "solar"
  | "solarWaiting"
  | "minSolar"
  | "eco"
  | "ecoShare"
  | "goal"
  | "hold"
  | "budget"
  | "fuse"
  | "total";

/** The session as this controller has followed it. */
export interface SessionMemory {
  startedAtMs: number;
  /** The charger's register at the start; `null` when it has none (then the split is summed). */
  startMeterKWh: number | null;
  solarKWh: number;
  gridKWh: number;
  /** The car's phases as seen from its currents (a 1-phase car on a 3-phase charger). */
  carPhases: 1 | 3;
}

export interface ChargerMemory {
  charging: boolean;
  /** The last start or stop (ms); `null`: never. */
  switchedAtMs: number | null;
  phases: 1 | 3;
  phasesAtMs: number | null;
  /** The last time the surplus reached the car's minimum (solar mode's stop delay). */
  surplusAtMs: number | null;
  session: SessionMemory | null;
}

export interface EvMemory {
  atMs: number | null;
  /** The house-load estimate the budget is planned against (W, without the chargers). */
  houseW: number | null;
  /** The running quarter's start (ms) and the chargers' energy in it so far (kWh). */
  quarterStartMs: number | null;
  quarterEvKWh: number;
  chargers: Record<string, ChargerMemory>;
}

export const EMPTY_EV_MEMORY: EvMemory = {
  atMs: null,
  houseW: null,
  quarterStartMs: null,
  quarterEvKWh: 0,
  chargers: {},
};

/** The meter's figures a decision needs. */
export interface MeterFigures {
  phases: PhaseReading[];
  importW: number;
  exportW: number;
  /** 1-0:1.4.0 (kW), or the same counted from the registers. */
  quarterAverageKW: number;
  /** 1-0:1.6.0 (kW); 0 when the month has no peak yet. */
  monthPeakKW: number;
}

export interface ChargerInput {
  setup: ChargerSetup;
  reading: ChargerReading | null;
  settings: ChargeSettings;
}

export interface DecideInput {
  nowMs: number;
  meter: MeterFigures;
  /** Home battery power (W), charging positive; `null` without a battery. */
  batteryW: number | null;
  fuse: SiteFuse;
  chargers: ChargerInput[];
  /** Day-ahead prices and a solar forecast for the goals' plans, when known. */
  prices: PricePoint[];
  solar: SolarForecastPoint[];
  /**
   * The house's expected net import without the chargers (kW, solar included) in the quarter
   * starting at `startMs` — its usual load then; `null`: only the present load is known. Plans
   * count on it, and the budget on at least it for the running quarter.
   */
  expectedHouseKW: ((startMs: number) => number) | null;
}

export interface ChargerDecision {
  id: string;
  limit: ChargerLimit;
  reason: ChargeReason;
  /** The departure goal's plan, when there is a goal. */
  plan: ChargePlan | null;
}

export interface DecideOutput {
  decisions: ChargerDecision[];
  memory: EvMemory;
}

const PLUGGED = new Set(["carConnected", "charging", "sleeping"]);

function chargerPowerW(reading: ChargerReading): number {
  if (reading.powerW !== null) return Math.max(reading.powerW, 0);
  return reading.currentA.reduce<number>((sum, a) => sum + Math.max(a ?? 0, 0), 0) * NOMINAL_V;
}

/** A car that draws on L1 only while the charger was told 3 phases is a 1-phase car. */
function carPhasesSeen(
  setup: ChargerSetup,
  reading: ChargerReading,
  mem: ChargerMemory,
  known: 1 | 3,
): 1 | 3 {
  if (setup.phases === 1) return 1;
  if (!mem.charging || mem.phases !== 3) return known;
  const [l1, l2, l3] = reading.currentA;
  if (reading.status !== "charging" || l1 === null || l1 < 2) return known;
  if ((l2 ?? 0) > 2 || (l3 ?? 0) > 2) return 3;
  return l2 !== null && l3 !== null && l2 < 1 && l3 < 1 ? 1 : known;
}

/** The power ranges a car on this charger can draw: 1 phase, 3 phases, or both when it switches. */
export function powerRanges(setup: ChargerSetup, carPhases: 1 | 3): PowerRange[] {
  const range = (n: number) => ({
    minW: setup.minA * NOMINAL_V * n,
    maxW: setup.maxA * NOMINAL_V * n,
  });
  if (setup.phases === 1 || carPhases === 1) return [range(1)];
  return setup.canSwitchPhases ? [range(1), range(3)] : [range(3)];
}

function freshMemory(setup: ChargerSetup): ChargerMemory {
  return {
    charging: false,
    switchedAtMs: null,
    phases: setup.phases,
    phasesAtMs: null,
    surplusAtMs: null,
    session: null,
  };
}

const since = (nowMs: number, atMs: number | null) =>
  atMs === null ? Infinity : (nowMs - atMs) / 1000;

/** The decision for every charger; see the module comment. */
export function decideChargers(input: DecideInput, memory: EvMemory): DecideOutput {
  const { nowMs, meter } = input;
  const dtS = memory.atMs === null
    ? 0
    : Math.min(Math.max((nowMs - memory.atMs) / 1000, 0), MAX_STEP_S);
  const evW = input.chargers.reduce(
    (sum, c) => sum + (c.reading === null ? 0 : chargerPowerW(c.reading)),
    0,
  );
  const gridNetW = meter.importW - meter.exportW;
  const houseW = houseLoadEstimateW(memory.houseW, gridNetW - evW, dtS);
  const { elapsedS } = projectQuarter(nowMs, meter.quarterAverageKW, meter.importW / 1000);
  const dischargeW = Math.max(-(input.batteryW ?? 0), 0);
  // The chargers' energy in this quarter, so the house's own average in it is known.
  const quarterStartMs = nowMs - elapsedS * 1000 - (nowMs % 1000);
  const quarterEvKWh = memory.quarterStartMs === quarterStartMs
    ? memory.quarterEvKWh + (evW * dtS) / 3.6e6
    : 0;
  const houseSoFarW = elapsedS >= HOUSE_AVERAGE_AFTER_S
    ? ((meter.quarterAverageKW * QUARTER_SECONDS / 3600 - quarterEvKWh) * 3.6e6) / elapsedS
    : -Infinity;
  // While the house imports, the budget counts on it taking, for the rest of the quarter, at
  // least what it took so far in it and what it usually takes then: a car does not spend in a
  // lull what a busy kitchen takes back a minute later. (While it exports, the surplus is there.)
  const budgetHouseW = houseW <= 0 ? houseW : Math.max(
    houseW,
    houseSoFarW,
    input.expectedHouseKW === null ? -Infinity : input.expectedHouseKW(quarterStartMs) * 1000,
  );
  const order = [...input.chargers].sort((a, b) => a.setup.priority - b.setup.priority);
  // The quarter-hours up to the latest departure, made once and cut to each goal's departure.
  let latestLeaveMs = nowMs;
  for (const c of input.chargers) {
    const leave = c.settings.goal === null ? null : departureMs(c.settings.goal);
    if (leave !== null) latestLeaveMs = Math.max(latestLeaveMs, leave);
  }
  const houseKW = input.expectedHouseKW ?? (() => Math.max(houseW, 0) / 1000);
  const allSlots = planSlots(nowMs, latestLeaveMs, input.prices, input.solar, houseKW);
  const slotsUntil = (leaveMs: number) =>
    allSlots.filter((slot) => slot.startMs < leaveMs).map((slot) =>
      slot.endMs <= leaveMs ? slot : { ...slot, endMs: leaveMs }
    );

  // What the chargers drew now counts as surplus as far as the grid exported it.
  const surplusBaseW = evW - gridNetW;
  let attributedW = 0;
  let wishedSurplusW = 0;
  let budgetUsedW = 0;
  const nextChargers: Record<string, ChargerMemory> = {};
  const staged = new Map<string, {
    request: BalanceRequest;
    reason: ChargeReason;
    plan: ChargePlan | null;
    mem: ChargerMemory;
  }>();

  for (const charger of order) {
    const { setup, reading, settings } = charger;
    const mem: ChargerMemory = { ...(memory.chargers[setup.id] ?? freshMemory(setup)) };
    const ownA: BalanceRequest["ownA"] = reading?.currentA ?? [null, null, null];
    if (reading === null || !PLUGGED.has(reading.status)) {
      mem.session = null;
      staged.set(setup.id, {
        request: {
          setup,
          wantA: 0,
          wantPhases: mem.phases,
          carPhases: setup.phases,
          ownA,
          mayGoSinglePhase: false,
        },
        reason: "noCar",
        plan: null,
        mem,
      });
      continue;
    }

    // The session: its solar/grid split, counted from what the car drew since the last call.
    const carW = chargerPowerW(reading);
    const baseW = surplusBaseW - (settings.allowBattery ? 0 : dischargeW);
    const carSolarW = Math.min(carW, Math.max(baseW - attributedW, 0));
    attributedW += carSolarW;
    const surplusW = baseW - wishedSurplusW;
    const session: SessionMemory = mem.session === null
      ? {
        startedAtMs: nowMs,
        startMeterKWh: reading.meterKWh,
        solarKWh: 0,
        gridKWh: 0,
        carPhases: setup.phases,
      }
      : {
        ...mem.session,
        solarKWh: mem.session.solarKWh + (carSolarW * dtS) / 3.6e6,
        gridKWh: mem.session.gridKWh + ((carW - carSolarW) * dtS) / 3.6e6,
      };
    session.carPhases = carPhasesSeen(setup, reading, mem, session.carPhases);
    mem.session = session;
    const deliveredKWh = session.startMeterKWh !== null && reading.meterKWh !== null
      ? reading.meterKWh - session.startMeterKWh
      : session.solarKWh + session.gridKWh;

    const ranges = powerRanges(setup, session.carPhases);
    const smallest = Math.min(...ranges.map((r) => r.minW));
    const mode = settings.chargeMode;
    if (surplusW >= smallest) mem.surplusAtMs = nowMs;

    // 1. The mode's wish (W).
    let wantW = 0;
    let reason: ChargeReason;
    let discretionaryStop = false;
    const maxW = Math.max(...ranges.map((r) => r.maxW));
    switch (mode.mode) {
      case "fast":
        wantW = maxW;
        reason = "fast";
        break;
      case "solar": {
        const enough = mem.charging ? surplusW >= smallest : surplusW >= mode.startSurplusW;
        if (enough) {
          wantW = surplusW;
          reason = "solar";
        } else if (mem.charging && since(nowMs, mem.surplusAtMs) < mode.stopDelayS) {
          wantW = smallest;
          reason = "solar";
        } else {
          reason = "solarWaiting";
          discretionaryStop = true;
        }
        break;
      }
      case "minSolar":
        wantW = Math.max(surplusW, smallest);
        reason = "minSolar";
        break;
      case "eco": {
        const allowedGridKWh = mode.ecoPct >= 100
          ? 0
          : mode.ecoPct <= 0
          ? Infinity
          : (session.solarKWh * (100 - mode.ecoPct)) / mode.ecoPct;
        if (surplusW >= smallest) {
          wantW = surplusW;
          reason = "eco";
        } else if (session.gridKWh < allowedGridKWh) {
          wantW = smallest;
          reason = "eco";
        } else {
          reason = "ecoShare";
          discretionaryStop = true;
        }
        break;
      }
    }

    wishedSurplusW += Math.min(Math.max(wantW, 0), Math.max(surplusW, 0));

    // 2. The departure goal.
    let plan: ChargePlan | null = null;
    const goal = settings.goal;
    const leaveMs = goal === null ? null : departureMs(goal);
    if (goal !== null && leaveMs !== null && leaveMs > nowMs && mode.mode !== "fast") {
      const target = goal.target;
      const neededKWh = target.kind === "soc" && reading.socPct !== null
        ? (Math.max(target.pct - reading.socPct, 0) / 100) * target.batteryKWh
        : goalEnergyKWh(goal) - deliveredKWh;
      plan = planCharge({
        slots: slotsUntil(leaveMs),
        neededKWh: Math.max(neededKWh, 0),
        monthPeakKW: meter.monthPeakKW,
        marginW: settings.peakMarginW,
        ranges,
        allowHigherPeak: settings.allowHigherPeak,
      });
      if (plan.nowPowerW > wantW) {
        wantW = plan.nowPowerW;
        reason = "goal";
        discretionaryStop = false;
      }
    }

    // 3. Anti-flapping on the wish.
    const wantsOn = wantW >= smallest;
    if (wantsOn !== mem.charging && since(nowMs, mem.switchedAtMs) < MIN_ON_OFF_S) {
      if (mem.charging && discretionaryStop) {
        wantW = smallest;
        reason = "hold";
      } else if (!mem.charging) {
        wantW = 0;
        reason = "hold";
      }
    }

    // 4. The capacity budget, shared in priority order.
    if (mode.mode !== "fast" && !settings.allowHigherPeak) {
      const budget = quarterBudget(
        meter.quarterAverageKW,
        elapsedS,
        meter.monthPeakKW,
        settings.peakMarginW,
      );
      let budgetW = evHeadroomW(budget, budgetHouseW) - budgetUsedW;
      // In the quarter's last minute, a car the next quarter has no room for stops already: it
      // answers a limit seconds late, and those seconds would land in the next quarter.
      if (budget.remainingS <= MIN_HORIZON_S && input.expectedHouseKW !== null) {
        const nextW = budget.targetKW * 1000 -
          Math.max(houseW, input.expectedHouseKW(quarterStartMs + QUARTER_SECONDS * 1000) * 1000) -
          budgetUsedW;
        budgetW = Math.min(budgetW, nextW);
      }
      const startW = mem.charging ? smallest : smallest + START_MARGIN_W;
      if (wantW > 0 && (wantW > budgetW || budgetW < startW)) {
        wantW = budgetW >= startW ? Math.min(wantW, budgetW) : 0;
        reason = "budget";
      }
    }

    // The phases: 3 when the power fits on 3, else 1 when the charger switches; none within 5 min.
    const threeMinW = setup.minA * NOMINAL_V * 3;
    let phases: 1 | 3 = setup.phases;
    if (setup.phases === 3 && setup.canSwitchPhases) {
      // Up to 3 phases only with a clear gain over 1 phase at its most; down once 3 do not fit.
      const upW = Math.max(threeMinW, setup.maxA * NOMINAL_V) + PHASE_UP_MARGIN_W;
      phases = session.carPhases === 1
        ? mem.phases
        : wantW >= (mem.phases === 3 && mem.charging ? threeMinW : upW)
        ? 3
        : 1;
    }
    const maySwitch = since(nowMs, mem.phasesAtMs) >= MIN_PHASE_SWITCH_S;
    if (phases !== mem.phases && !maySwitch) phases = mem.phases;
    const loadPhases = session.carPhases === 1 ? 1 : phases;
    const wantA = Math.min(wantW / (NOMINAL_V * loadPhases), setup.maxA);
    budgetUsedW += wantA >= setup.minA ? wantA * NOMINAL_V * loadPhases : 0;

    staged.set(setup.id, {
      request: {
        setup,
        wantA: wantA >= setup.minA ? wantA : 0,
        wantPhases: phases,
        carPhases: session.carPhases,
        ownA,
        mayGoSinglePhase: maySwitch,
      },
      reason,
      plan,
      mem,
    });
  }

  // 5. The fuse on every phase and the total limit.
  const requests = input.chargers.map((c) => staged.get(c.setup.id)!.request);
  const balanced = balanceChargers(signedPhaseCurrentsA(meter.phases), input.fuse, requests);
  const decisions = balanced.map((result, i): ChargerDecision => {
    const { reason, plan, mem, request } = staged.get(requests[i].setup.id)!;
    const on = result.currentA > 0;
    const next: ChargerMemory = { ...mem };
    if (on !== mem.charging) {
      next.charging = on;
      next.switchedAtMs = nowMs;
    }
    if (on && result.phases !== mem.phases) {
      next.phases = result.phases;
      next.phasesAtMs = nowMs;
    }
    nextChargers[result.id] = next;
    const cut = result.limitedBy !== null && request.wantA > 0;
    return {
      id: result.id,
      limit: { currentA: result.currentA, phases: on ? result.phases : next.phases },
      reason: cut ? result.limitedBy! : reason,
      plan,
    };
  });
  return {
    decisions,
    memory: { atMs: nowMs, houseW, quarterStartMs, quarterEvKWh, chargers: nextChargers },
  };
}
