import { describe, expect, it } from "vitest";
import type { ChargerReading, ChargerSetup } from "../../../../lib/control/ev/charger.ts";
import {
  type ChargerInput,
  decideChargers,
  type DecideInput,
  type DecideOutput,
  EMPTY_EV_MEMORY,
  type EvMemory,
  type MeterFigures,
} from "../../../../lib/control/ev/decide.ts";
import {
  type ChargeMode,
  type ChargeSettings,
  ChargeSettingsModel,
  type DepartureGoal,
} from "../../../../lib/control/ev/settings.ts";

/** 5 minutes into a winter quarter (Brussels 21:00 local). */
const T0 = Date.parse("2026-12-01T20:05:00Z");

const SETUP: ChargerSetup = {
  id: "car",
  name: "Oprit",
  minA: 6,
  maxA: 16,
  phases: 3,
  canSwitchPhases: true,
  phaseRotation: [0, 1, 2],
  priority: 1,
};

function settings(chargeMode: ChargeMode, more: Partial<ChargeSettings> = {}): ChargeSettings {
  return { ...ChargeSettingsModel.parse({ chargeMode }), ...more };
}

/** The car draws `carW` on its L1 (1 phase) or spread over three. */
function reading(carW: number, onePhase = true, meterKWh: number | null = null): ChargerReading {
  const a = carW / 230;
  return {
    atMs: 0,
    status: carW > 0 ? "charging" : "carConnected",
    currentA: onePhase ? [a, 0, 0] : [a / 3, a / 3, a / 3],
    powerW: carW,
    meterKWh,
    offeredA: null,
    socPct: null,
    idTag: null,
  };
}

/** The meter: net import (negative = export) on L1, the other phases idle. */
function meter(netW: number, more: Partial<MeterFigures> = {}): MeterFigures {
  const l1A = Math.abs(netW) / 230;
  return {
    phases: [
      {
        phase: 1,
        importKW: Math.max(netW, 0) / 1000,
        exportKW: Math.max(-netW, 0) / 1000,
        voltageV: 230,
        currentA: l1A,
      },
      { phase: 2, importKW: 0, exportKW: 0, voltageV: 230, currentA: 0 },
      { phase: 3, importKW: 0, exportKW: 0, voltageV: 230, currentA: 0 },
    ],
    importW: Math.max(netW, 0),
    exportW: Math.max(-netW, 0),
    quarterAverageKW: 0.5,
    monthPeakKW: 4,
    ...more,
  };
}

function input(
  nowMs: number,
  m: MeterFigures,
  chargers: ChargerInput[],
  batteryW: number | null = null,
): DecideInput {
  return {
    nowMs,
    meter: m,
    batteryW,
    fuse: { mainFuseA: 25, marginA: 1, totalChargersA: 96 },
    chargers,
    prices: [],
    solar: [],
    expectedHouseKW: null,
  };
}

function one(out: DecideOutput) {
  const d = out.decisions[0];
  return { currentA: d.limit.currentA, phases: d.limit.phases, reason: d.reason };
}

describe("decideChargers", () => {
  it("fast: the charger's most, whatever the budget", () => {
    const out = decideChargers(
      input(T0, meter(500, { quarterAverageKW: 3.9 }), [{
        setup: SETUP,
        reading: reading(0),
        settings: settings({ mode: "fast" }),
      }]),
      EMPTY_EV_MEMORY,
    );
    expect(one(out)).toEqual({ currentA: 16, phases: 3, reason: "fast" });
  });

  it("nothing without a car", () => {
    const out = decideChargers(
      input(T0, meter(500), [{
        setup: SETUP,
        reading: null,
        settings: settings({ mode: "fast" }),
      }]),
      EMPTY_EV_MEMORY,
    );
    expect(one(out)).toEqual({ currentA: 0, phases: 3, reason: "noCar" });
  });

  it("minSolar: the minimum on one phase, the surplus when more", () => {
    const min = decideChargers(
      input(T0, meter(500), [{
        setup: SETUP,
        reading: reading(0),
        settings: settings({ mode: "minSolar" }),
      }]),
      EMPTY_EV_MEMORY,
    );
    expect(one(min)).toEqual({ currentA: 6, phases: 1, reason: "minSolar" });
    // Exporting 3,000 W with the car off: 3,000 / 230 = 13.04 A on one phase.
    const sun = decideChargers(
      input(T0, meter(-3000), [{
        setup: SETUP,
        reading: reading(0),
        settings: settings({ mode: "minSolar" }),
      }]),
      EMPTY_EV_MEMORY,
    );
    expect(one(sun).currentA).toBeCloseTo(3000 / 230, 9);
    expect(one(sun).phases).toBe(1);
  });

  it("keeps under the quarter's budget: pauses when it has less than the minimum", () => {
    // Peak 2.5 kW floor − 0.2 = 2.3 kW; 2.0 kW so far after 10 min: 0.075 kWh over 300 s = 900 W;
    // the house takes 500 W: 400 W < 1,380 W.
    const out = decideChargers(
      input(T0 + 300_000, meter(500, { quarterAverageKW: 2.0, monthPeakKW: 1.8 }), [{
        setup: SETUP,
        reading: reading(0),
        settings: settings({ mode: "minSolar" }),
      }]),
      EMPTY_EV_MEMORY,
    );
    expect(one(out)).toEqual({ currentA: 0, phases: 3, reason: "budget" });
    // The same with a higher peak allowed: the minimum.
    const allowed = decideChargers(
      input(T0 + 300_000, meter(500, { quarterAverageKW: 2.0, monthPeakKW: 1.8 }), [{
        setup: SETUP,
        reading: reading(0),
        settings: settings({ mode: "minSolar" }, { allowHigherPeak: true }),
      }]),
      EMPTY_EV_MEMORY,
    );
    expect(one(allowed)).toEqual({ currentA: 6, phases: 1, reason: "minSolar" });
  });

  it("the budget is a ceiling, and the surplus adds to it", () => {
    // 500 W for the first 5 minutes: 1.4.0 = 0.1667 kW. Peak 3 kW: 0.7 − 0.0417 kWh over 600 s
    // = 3,950 W allowed, 3,450 W for the car; minSolar still wants its minimum only.
    const out = decideChargers(
      input(T0, meter(500, { quarterAverageKW: 0.5 / 3, monthPeakKW: 3.0 }), [{
        setup: SETUP,
        reading: reading(0),
        settings: settings({ mode: "minSolar" }),
      }]),
      EMPTY_EV_MEMORY,
    );
    expect(one(out)).toEqual({ currentA: 6, phases: 1, reason: "minSolar" });
    // Exporting 4,000 W with the car at 1,380 W: 5,380 W of surplus ≥ 4,140 W, within the
    // budget's 4,200 W − (−5,380 W): 3 phases at 5,380 / 690 = 7.80 A.
    const sun = decideChargers(
      input(T0, meter(-4000, { quarterAverageKW: 0, monthPeakKW: 3.0 }), [{
        setup: SETUP,
        reading: reading(1380, false),
        settings: settings({ mode: "minSolar" }),
      }]),
      EMPTY_EV_MEMORY,
    );
    expect(one(sun).phases).toBe(3);
    expect(one(sun).currentA).toBeCloseTo(5380 / 690, 9);
    expect(one(sun).reason).toBe("minSolar");
  });

  it("does not stop the car for a kettle while the quarter has room (evcc#24122)", () => {
    // The car at 1,380 W and the house at 300 W for 5 minutes (1.4.0 = 0.56 kW), peak 4 kW:
    // 0.95 − 0.14 kWh over 600 s = 4,860 W. A 2.3 kW kettle: the house at 2,600 W leaves 2,260 W
    // for the car, where a 3.8 kW power cap would leave 1,200 W < 1,380 W and stop it.
    const s = settings({ mode: "minSolar" });
    let out = decideChargers(
      input(T0 - 1000, meter(1680, { quarterAverageKW: 0.56 - 1.68 / 900 }), [{
        setup: SETUP,
        reading: reading(1380),
        settings: s,
      }]),
      EMPTY_EV_MEMORY,
    );
    expect(one(out)).toEqual({ currentA: 6, phases: 1, reason: "minSolar" });
    out = decideChargers(
      input(T0, meter(3980, { quarterAverageKW: 0.56 }), [{
        setup: SETUP,
        reading: reading(1380),
        settings: s,
      }]),
      out.memory,
    );
    expect(one(out)).toEqual({ currentA: 6, phases: 1, reason: "minSolar" });
  });

  it("counts on the house taking what it took so far in the quarter", () => {
    // 4 kW for 5 minutes (1.4.0 = 1.333 kW), 300 W now; peak 3 kW: 0.7 − 0.333 kWh over 600 s
    // = 2,200 W allowed, less the 4 kW the house averaged: nothing for the car.
    const out = decideChargers(
      input(T0, meter(300, { quarterAverageKW: 4 / 3, monthPeakKW: 3.0 }), [{
        setup: SETUP,
        reading: reading(0),
        settings: settings({ mode: "minSolar" }),
      }]),
      EMPTY_EV_MEMORY,
    );
    expect(one(out)).toEqual({ currentA: 0, phases: 3, reason: "budget" });
  });

  it("does not count a discharging home battery as surplus unless allowed", () => {
    // The battery gives 3,000 W, the house takes 500 W: 2,500 W export.
    const chargers = (allowBattery: boolean): ChargerInput[] => [{
      setup: SETUP,
      reading: reading(0),
      settings: settings({ mode: "solar", startSurplusW: 1400, stopDelayS: 180 }, { allowBattery }),
    }];
    expect(one(decideChargers(input(T0, meter(-2500), chargers(false), -3000), EMPTY_EV_MEMORY)))
      .toEqual({ currentA: 0, phases: 3, reason: "solarWaiting" });
    const allowed = one(
      decideChargers(input(T0, meter(-2500), chargers(true), -3000), EMPTY_EV_MEMORY),
    );
    expect(allowed.currentA).toBeCloseTo(2500 / 230, 9);
    expect(allowed.reason).toBe("solar");
  });

  it("solar: starts above the threshold, holds the minimum through the delay, waits a minute to restart", () => {
    const s = settings({ mode: "solar", startSurplusW: 1400, stopDelayS: 180 });
    const step = (ms: number, netW: number, carW: number, memory: EvMemory) =>
      decideChargers(
        input(ms, meter(netW), [{ setup: SETUP, reading: reading(carW), settings: s }]),
        memory,
      );
    // 1,300 W export: under the start threshold.
    let out = step(T0, -1300, 0, EMPTY_EV_MEMORY);
    expect(one(out)).toEqual({ currentA: 0, phases: 3, reason: "solarWaiting" });
    out = step(T0 + 1000, -1500, 0, out.memory);
    expect(one(out).currentA).toBeCloseTo(1500 / 230, 9);
    // The car takes it; a cloud: 1,000 W import with the car at 1,500 W = 500 W surplus.
    out = step(T0 + 30_000, 0, 1500, out.memory);
    expect(one(out).currentA).toBeCloseTo(1500 / 230, 9);
    out = step(T0 + 40_000, 1000, 1500, out.memory);
    expect(one(out)).toEqual({ currentA: 6, phases: 1, reason: "solar" });
    // 180 s after the last surplus (at +30 s): stop.
    out = step(T0 + 209_000, 1000, 1380, out.memory);
    expect(one(out)).toEqual({ currentA: 6, phases: 1, reason: "solar" });
    out = step(T0 + 211_000, 1000, 1380, out.memory);
    expect(one(out)).toEqual({ currentA: 0, phases: 1, reason: "solarWaiting" });
    // The sun is back 9 s later: no restart within 60 s of the stop.
    out = step(T0 + 220_000, -2000, 0, out.memory);
    expect(one(out)).toEqual({ currentA: 0, phases: 1, reason: "hold" });
    out = step(T0 + 271_000, -2000, 0, out.memory);
    expect(one(out).currentA).toBeCloseTo(2000 / 230, 9);
  });

  it("minSolar holds the phases for 5 minutes", () => {
    const s = settings({ mode: "minSolar" });
    const step = (ms: number, netW: number, carW: number, memory: EvMemory) =>
      decideChargers(
        input(ms, meter(netW, { monthPeakKW: 8 }), [{
          setup: SETUP,
          reading: reading(carW),
          settings: s,
        }]),
        memory,
      );
    let out = step(T0, 300, 0, EMPTY_EV_MEMORY);
    expect(one(out)).toEqual({ currentA: 6, phases: 1, reason: "minSolar" });
    // 5,000 W of sun beside the car's 1,380 W: 6,380 W wanted, but 1 phase for now: 16 A.
    out = step(T0 + 60_000, -5000, 1380, out.memory);
    expect(one(out)).toEqual({ currentA: 16, phases: 1, reason: "minSolar" });
    out = step(T0 + 300_000, -2700, 3680, out.memory);
    expect(one(out).phases).toBe(3);
    expect(one(out).currentA).toBeCloseTo(6380 / 690, 9);
  });

  it("eco 50 %: tops up from the grid only while half the session came from the sun", () => {
    const s = settings({ mode: "eco", ecoPct: 50 });
    const step = (ms: number, netW: number, carW: number, memory: EvMemory) =>
      decideChargers(
        input(ms, meter(netW), [{ setup: SETUP, reading: reading(carW), settings: s }]),
        memory,
      );
    // No sun yet, no solar energy in the session: wait.
    let out = step(T0, 200, 0, EMPTY_EV_MEMORY);
    expect(one(out)).toEqual({ currentA: 0, phases: 3, reason: "ecoShare" });
    out = step(T0 + 61_000, -2000, 0, out.memory);
    expect(one(out).currentA).toBeCloseTo(2000 / 230, 9);
    // 60 s of 2,000 W from the sun: 33.3 Wh solar.
    out = step(T0 + 121_000, 0, 2000, out.memory);
    expect(out.memory.chargers.car.session?.solarKWh).toBeCloseTo(2000 / 60_000, 9);
    // A cloud: half of the car's 2,000 W from the grid for a minute: 50 Wh solar, 16.7 Wh grid;
    // 1,000 W of surplus is under the minimum, but the share allows the grid: the minimum.
    out = step(T0 + 181_000, 1000, 2000, out.memory);
    expect(one(out)).toEqual({ currentA: 6, phases: 1, reason: "eco" });
    expect(out.memory.chargers.car.session?.solarKWh).toBeCloseTo(3000 / 60_000, 9);
    expect(out.memory.chargers.car.session?.gridKWh).toBeCloseTo(1000 / 60_000, 9);
    // A minute at 1,380 W from the grid: 39.7 Wh < 50 Wh, still allowed.
    out = step(T0 + 241_000, 1380, 1380, out.memory);
    expect(one(out)).toEqual({ currentA: 6, phases: 1, reason: "eco" });
    // Another: 62.7 Wh > 50 Wh: the share would fall under 50 %, pause.
    out = step(T0 + 301_000, 1380, 1380, out.memory);
    expect(out.memory.chargers.car.session?.gridKWh).toBeCloseTo(3760 / 60_000, 9);
    expect(one(out)).toEqual({ currentA: 0, phases: 1, reason: "ecoShare" });
  });

  it("a departure goal raises the current to the plan's, and says early that it falls short", () => {
    // 05:00 Brussels, leaving at 07:30: 10 quarters of 2.3 − 0.3 = 2 kW = 5 kWh of 20 kWh.
    const now = Date.parse("2026-12-02T04:00:00Z");
    const goal: DepartureGoal = {
      departure: "2026-12-02T07:30",
      target: { kind: "energy", kWh: 20 },
    };
    const out = decideChargers(
      input(now, meter(300, { quarterAverageKW: 0, monthPeakKW: 2.5 }), [{
        setup: SETUP,
        reading: reading(0, true, 1000),
        settings: settings({ mode: "minSolar" }, { goal }),
      }]),
      EMPTY_EV_MEMORY,
    );
    expect(one(out).reason).toBe("goal");
    expect(one(out).currentA).toBeCloseTo(2000 / 230, 9);
    const plan = out.decisions[0].plan!;
    expect(plan.feasible).toBe(false);
    expect(plan.shortfallKWh).toBeCloseTo(15, 9);
    expect(plan.slots).toHaveLength(10);
  });

  it("starts on the budget only with room to spare", () => {
    // 500 W so far and now after 5 min, peak 2.5 kW, margin 1,180 W: 2.5 − 1.18 = 1.32 kW
    // → 0.33 − 0.0417 kWh over 600 s = 1,730 W, 1,230 W for the car: under 1,380 W, pause.
    const run = (marginW: number, carW: number, memory = EMPTY_EV_MEMORY) =>
      decideChargers(
        input(T0, meter(500 + carW, { quarterAverageKW: 0.5 / 3, monthPeakKW: 2.5 }), [{
          setup: SETUP,
          reading: reading(carW),
          settings: settings({ mode: "minSolar" }, { peakMarginW: marginW }),
        }]),
        memory,
      );
    expect(one(run(1180, 0))).toEqual({ currentA: 0, phases: 3, reason: "budget" });
    // Margin 900 W: 1.6 kW → 0.4 − 0.0417 kWh over 600 s = 2,150 W, 1,650 W for the car: enough
    // to go on at the minimum, not enough to start (1,380 + 300 W).
    expect(one(run(900, 0))).toEqual({ currentA: 0, phases: 3, reason: "budget" });
    const charging = run(0, 0).memory;
    expect(one(run(900, 1380, charging))).toEqual({ currentA: 6, phases: 1, reason: "minSolar" });
  });

  it("stops in a quarter's last minute when the next quarter has no room for the car", () => {
    // 50 s left; the house usually takes 2.5 kW in the next quarter: 2.3 − 2.5 kW leaves nothing.
    const nowMs = T0 + 550_000;
    const withExpected = (nextKW: number): DecideInput => ({
      ...input(nowMs, meter(300, { quarterAverageKW: 0.3 * 850 / 900, monthPeakKW: 2.5 }), [{
        setup: SETUP,
        reading: reading(0),
        settings: settings({ mode: "minSolar" }),
      }]),
      expectedHouseKW: (startMs) => startMs === Date.parse("2026-12-01T20:15:00Z") ? nextKW : 0.3,
    });
    expect(one(decideChargers(withExpected(2.5), EMPTY_EV_MEMORY))).toEqual({
      currentA: 0,
      phases: 3,
      reason: "budget",
    });
    expect(one(decideChargers(withExpected(0.3), EMPTY_EV_MEMORY))).toEqual({
      currentA: 6,
      phases: 1,
      reason: "minSolar",
    });
  });

  it("cuts the goal's wish to the budget", () => {
    // 1 kW for 5 minutes (1.4.0 = 0.333 kW) under 2.5 − 0.2 kW: 0.575 − 0.0833 kWh over 600 s
    // = 2,950 W, less the 1,000 W the house averaged: 1,950 W (≥ 1,380 + 300 W to start), under
    // the plan's 2,000 W.
    const now = Date.parse("2026-12-02T04:05:00Z");
    const goal: DepartureGoal = {
      departure: "2026-12-02T07:30",
      target: { kind: "energy", kWh: 20 },
    };
    const out = decideChargers(
      input(now, meter(300, { quarterAverageKW: 1 / 3, monthPeakKW: 2.5 }), [{
        setup: SETUP,
        reading: reading(0, true, 1000),
        settings: settings({ mode: "minSolar" }, { goal }),
      }]),
      EMPTY_EV_MEMORY,
    );
    expect(one(out).reason).toBe("budget");
    expect(one(out).currentA).toBeCloseTo(1950 / 230, 9);
  });

  it("a goal reached: no more than the mode", () => {
    const now = Date.parse("2026-12-02T04:00:00Z");
    const goal: DepartureGoal = {
      departure: "2026-12-02T07:30",
      target: { kind: "energy", kWh: 2 },
    };
    const c = (meterKWh: number): ChargerInput[] => [{
      setup: SETUP,
      reading: reading(1380, true, meterKWh),
      settings: settings({ mode: "minSolar" }, { goal }),
    }];
    let out = decideChargers(
      input(now, meter(1680, { quarterAverageKW: 0 }), c(100)),
      EMPTY_EV_MEMORY,
    );
    out = decideChargers(
      input(now + 1000, meter(1680, { quarterAverageKW: 0 }), c(102)),
      out.memory,
    );
    expect(out.decisions[0].plan?.neededKWh).toBe(0);
    expect(one(out)).toEqual({ currentA: 6, phases: 1, reason: "minSolar" });
  });

  it("the fuse pauses a 3-phase car without phase switching", () => {
    // 20 A of house on L1: 25 − 1 − 20 = 4 A < 6 A.
    const out = decideChargers(
      input(T0, meter(4600), [{
        setup: { ...SETUP, canSwitchPhases: false },
        reading: reading(0),
        settings: settings({ mode: "fast" }),
      }]),
      EMPTY_EV_MEMORY,
    );
    expect(one(out)).toEqual({ currentA: 0, phases: 3, reason: "fuse" });
  });

  it("shares the budget in priority order", () => {
    // 500 W so far and now, peak 2.5 kW: 0.575 − 0.0417 kWh over 600 s = 3,200 W, 2,700 W for the
    // cars; the first takes 1,380 W, 1,320 W is too little to start the second.
    const second = { ...SETUP, id: "second", priority: 2 };
    const out = decideChargers(
      input(T0, meter(500, { quarterAverageKW: 0.5 / 3, monthPeakKW: 2.5 }), [
        { setup: second, reading: reading(0), settings: settings({ mode: "minSolar" }) },
        { setup: SETUP, reading: reading(0), settings: settings({ mode: "minSolar" }) },
      ]),
      EMPTY_EV_MEMORY,
    );
    expect(out.decisions.map((d) => [d.id, d.limit.currentA, d.reason])).toEqual([
      ["second", 0, "budget"],
      ["car", 6, "minSolar"],
    ]);
  });
});
