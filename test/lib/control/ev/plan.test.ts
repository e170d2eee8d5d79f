import { describe, expect, it } from "vitest";
import {
  bestPowerW,
  departureMs,
  goalEnergyKWh,
  PLAN_RESERVE,
  planCharge,
  type PlanSlot,
  planSlots,
} from "../../../../lib/control/ev/plan.ts";

const at = (iso: string) => Date.parse(iso);
/** A car on a switching 6–16 A charger: 1,380–3,680 W on 1 phase, 4,140–11,040 W on 3. */
const RANGES = [{ minW: 1380, maxW: 3680 }, { minW: 4140, maxW: 11040 }];

function quarters(prices: (number | null)[], solarKW: number[] = []): PlanSlot[] {
  const start = at("2026-12-01T22:00:00Z");
  return prices.map((eurPerKWh, i) => ({
    startMs: start + i * 900_000,
    endMs: start + (i + 1) * 900_000,
    eurPerKWh,
    solarKW: solarKW[i] ?? 0,
    houseKW: 0.3,
  }));
}

describe("goalEnergyKWh and departureMs", () => {
  it("turns each kind of goal into kWh", () => {
    const departure = "2026-12-02T07:30";
    expect(goalEnergyKWh({ departure, target: { kind: "energy", kWh: 10 } })).toBe(10);
    expect(goalEnergyKWh({
      departure,
      target: { kind: "soc", pct: 80, nowPct: 30, batteryKWh: 60 },
    })).toBeCloseTo(30, 9);
    expect(goalEnergyKWh({
      departure,
      target: { kind: "range", km: 150, consumptionKWhPer100km: 18 },
    })).toBeCloseTo(27, 9);
  });

  it("reads the departure as Brussels wall time", () => {
    const target = { kind: "energy" as const, kWh: 1 };
    expect(departureMs({ departure: "2026-12-02T07:30", target })).toBe(
      at("2026-12-02T06:30:00Z"),
    );
    expect(departureMs({ departure: "2026-07-02T07:30", target })).toBe(
      at("2026-07-02T05:30:00Z"),
    );
    expect(departureMs({ departure: "2026-03-29T02:30", target })).toBeNull();
  });
});

describe("planSlots", () => {
  it("cuts the fixed quarters to now and departure, with price and forecast", () => {
    const slots = planSlots(
      at("2026-12-01T22:05:00Z"),
      at("2026-12-01T23:10:00Z"),
      [{ startMs: at("2026-12-01T22:00:00Z"), minutes: 60, eurPerMWh: 120 }],
      [{ startMs: at("2026-12-01T22:30:00Z"), minutes: 15, kW: 1.5 }],
      (startMs) => (startMs === at("2026-12-01T23:00:00Z") ? 0.8 : 0.3),
    );
    expect(slots).toEqual([
      ["22:05", "22:15", 0.12, 0, 0.3],
      ["22:15", "22:30", 0.12, 0, 0.3],
      ["22:30", "22:45", 0.12, 1.5, 0.3],
      ["22:45", "23:00", 0.12, 0, 0.3],
      ["23:00", "23:10", null, 0, 0.8],
    ].map(([from, to, eurPerKWh, solarKW, houseKW]) => ({
      startMs: at(`2026-12-01T${from}:00Z`),
      endMs: at(`2026-12-01T${to}:00Z`),
      eurPerKWh,
      solarKW,
      houseKW,
    })));
  });
});

describe("bestPowerW", () => {
  it("takes the most a range allows under the budget, nothing under every minimum", () => {
    expect(bestPowerW(2000, RANGES)).toBe(2000);
    expect(bestPowerW(4000, RANGES)).toBe(3680);
    expect(bestPowerW(5000, RANGES)).toBe(5000);
    expect(bestPowerW(20_000, RANGES)).toBe(11040);
    expect(bestPowerW(1000, RANGES)).toBe(0);
  });
});

describe("planCharge", () => {
  const base = { monthPeakKW: 2.5, marginW: 200, ranges: RANGES, allowHigherPeak: false };

  it("without prices charges just before departure, the last slot trimmed", () => {
    // 2.3 kW − 0.3 kW house = 2 kW per slot = 0.5 kWh, counted at 80 %: 0.4 kWh. 1.0 kWh: the
    // last two and 0.2 kWh in the one before — at 0.2 / (0.25 h × 0.8) = 1,000 W, so at the
    // 1-phase minimum of 1,380 W; the others at 0.4 / 0.2 = 2,000 W.
    expect(PLAN_RESERVE).toBe(0.8);
    const plan = planCharge({ ...base, slots: quarters([null, null, null, null]), neededKWh: 1 });
    expect(plan.slots.map((s) => [s.startMs, s.powerW, s.kWh])).toEqual([
      [at("2026-12-01T22:15:00Z"), 1380, expect.closeTo(0.2, 9)],
      [at("2026-12-01T22:30:00Z"), expect.closeTo(2000, 6), expect.closeTo(0.4, 9)],
      [at("2026-12-01T22:45:00Z"), expect.closeTo(2000, 6), expect.closeTo(0.4, 9)],
    ]);
    expect(plan.expectedKWh).toBeCloseTo(1, 9);
    expect(plan.feasible).toBe(true);
    expect(plan.shortfallKWh).toBe(0);
    expect(plan.nowPowerW).toBe(0);
  });

  it("takes the cheapest slots, ties to the later", () => {
    const plan = planCharge({ ...base, slots: quarters([0.3, 0.1, 0.2, 0.1]), neededKWh: 1 });
    expect(plan.slots.map((s) => [s.startMs, s.kWh])).toEqual([
      [at("2026-12-01T22:15:00Z"), expect.closeTo(0.4, 9)],
      [at("2026-12-01T22:30:00Z"), expect.closeTo(0.2, 9)],
      [at("2026-12-01T22:45:00Z"), expect.closeTo(0.4, 9)],
    ]);
  });

  it("takes solar first and then says to charge now", () => {
    // Slot 0 has 3 kW of sun: 2 + 3 = 5 kW allowed (3 phases), 1.25 kWh, counted 1.0 kWh at
    // 1.0 / 0.2 = 5,000 W; the last 0.2 kWh in the latest slot, at the minimum.
    const plan = planCharge({
      ...base,
      slots: quarters([0.1, 0.1, 0.1, 0.1], [3]),
      neededKWh: 1.2,
    });
    expect(plan.slots.map((s) => [s.startMs, s.powerW, s.kWh, s.solar])).toEqual([
      [at("2026-12-01T22:00:00Z"), expect.closeTo(5000, 6), expect.closeTo(1, 9), false],
      [at("2026-12-01T22:45:00Z"), 1380, expect.closeTo(0.2, 9), false],
    ]);
    expect(plan.nowPowerW).toBeCloseTo(5000, 6);
  });

  it("says at once when the goal cannot be met, and by how much", () => {
    const plan = planCharge({ ...base, slots: quarters([null, null, null, null]), neededKWh: 5 });
    expect(plan.feasible).toBe(false);
    expect(plan.expectedKWh).toBeCloseTo(2, 9);
    expect(plan.shortfallKWh).toBeCloseTo(3, 9);
    expect(plan.nowPowerW).toBe(2000);
    // A higher peak allowed: 11.04 kW per slot, 2.76 kWh each.
    const higher = planCharge({
      ...base,
      allowHigherPeak: true,
      slots: quarters([null, null, null, null]),
      neededKWh: 5,
    });
    expect(higher.feasible).toBe(true);
    // 80 % of 2.76 = 2.208 kWh from the last two, 0.584 kWh from the one before.
    expect(higher.slots.map((s) => s.kWh)).toEqual([
      expect.closeTo(0.584, 9),
      expect.closeTo(2.208, 9),
      expect.closeTo(2.208, 9),
    ]);
  });

  it("needs nothing when the goal is reached", () => {
    const plan = planCharge({ ...base, slots: quarters([null, null]), neededKWh: 0 });
    expect(plan).toEqual({
      neededKWh: 0,
      slots: [],
      expectedKWh: 0,
      feasible: true,
      shortfallKWh: 0,
      nowPowerW: 0,
    });
  });
});
