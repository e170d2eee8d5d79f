/**
 * Properties over random houses and three cars — a 1-phase charger on a rotated phase, a 3-phase
 * charger that switches phases and one that does not, with random priorities, maxima, modes and
 * present currents: after the limits are applied (each car drawing what it was allowed), no grid
 * phase carries more than the main fuse less the margin (unless the house alone already does:
 * then the chargers add nothing there), the chargers together stay within the total limit, each
 * charger is at 0 A or within [minA, maxA], and the chargers in a mode other than fast take no
 * more than the quarter's budget leaves. And a departure plan never puts a slot above its budget.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  evHeadroomW,
  houseLoadEstimateW,
  quarterBudget,
} from "../../../../lib/control/ev/budget.ts";
import type { ChargerSetup, GridPhase } from "../../../../lib/control/ev/charger.ts";
import {
  type ChargerInput,
  decideChargers,
  EMPTY_EV_MEMORY,
} from "../../../../lib/control/ev/decide.ts";
import { planCharge, type PlanSlot } from "../../../../lib/control/ev/plan.ts";
import { type ChargeMode, ChargeSettingsModel } from "../../../../lib/control/ev/settings.ts";
import { MINIMUM_MONTH_PEAK_KW } from "../../../../lib/capacity/quarter.ts";

const V = 230;
const FUSE = { mainFuseA: 40, marginA: 2, totalChargersA: 48 };
const T0 = Date.parse("2026-12-01T20:00:00Z");

const rotation = fc.constantFrom<[GridPhase, GridPhase, GridPhase]>(
  [0, 1, 2],
  [1, 2, 0],
  [2, 0, 1],
);
const mode = fc.constantFrom<ChargeMode>(
  { mode: "fast" },
  { mode: "minSolar" },
  { mode: "solar", startSurplusW: 1400, stopDelayS: 180 },
  { mode: "eco", ecoPct: 0 },
);
const car = (phases: 1 | 3, canSwitchPhases: boolean) =>
  fc.record({
    rotation,
    priority: fc.integer({ min: 0, max: 5 }),
    maxA: fc.integer({ min: 6, max: 32 }),
    drawFraction: fc.double({ min: 0, max: 1, noNaN: true }),
    mode,
    allowHigherPeak: fc.boolean(),
  }).map((c) => ({ ...c, phases, canSwitchPhases }));

const scenario = fc.record({
  houseA: fc.tuple(
    fc.double({ min: -25, max: 45, noNaN: true }),
    fc.double({ min: -25, max: 45, noNaN: true }),
    fc.double({ min: -25, max: 45, noNaN: true }),
  ),
  cars: fc.tuple(car(1, false), car(3, true), car(3, false)),
  quarterAverageKW: fc.double({ min: 0, max: 6, noNaN: true }),
  elapsedS: fc.integer({ min: 0, max: 899 }),
  monthPeakKW: fc.double({ min: 0, max: 9, noNaN: true }),
});

describe("EV limits, over random houses and three cars", () => {
  it("keep every phase within the fuse, the total limit, each car's range and the budget", () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const setups: ChargerSetup[] = s.cars.map((c, i) => ({
          id: `c${i}`,
          name: `c${i}`,
          minA: 6,
          maxA: c.maxA,
          phases: c.phases,
          canSwitchPhases: c.canSwitchPhases,
          phaseRotation: c.rotation,
          priority: c.priority,
        }));
        // What each charger draws now, on its own phases L1–L3.
        const ownA = s.cars.map((c): [number, number, number] => {
          const a = c.drawFraction < 0.3 ? 0 : 6 + (c.maxA - 6) * c.drawFraction;
          return c.phases === 1 ? [a, 0, 0] : [a, a, a];
        });
        const gridA = [...s.houseA];
        ownA.forEach((own, i) => own.forEach((a, l) => (gridA[setups[i].phaseRotation[l]] += a)));
        const netW = gridA.reduce((sum, a) => sum + a * V, 0);
        const chargers: ChargerInput[] = s.cars.map((c, i) => ({
          setup: setups[i],
          reading: {
            atMs: T0,
            status: "charging",
            currentA: ownA[i],
            powerW: ownA[i].reduce((sum, a) => sum + a, 0) * V,
            meterKWh: null,
            offeredA: null,
            socPct: null,
            idTag: null,
          },
          settings: ChargeSettingsModel.parse({
            chargeMode: c.mode,
            allowHigherPeak: c.allowHigherPeak,
          }),
        }));
        const nowMs = T0 + s.elapsedS * 1000;
        const out = decideChargers({
          nowMs,
          meter: {
            phases: gridA.map((a, p) => ({
              phase: (p + 1) as 1 | 2 | 3,
              importKW: Math.max(a, 0) * V / 1000,
              exportKW: Math.max(-a, 0) * V / 1000,
              voltageV: V,
              currentA: Math.abs(a),
            })),
            importW: Math.max(netW, 0),
            exportW: Math.max(-netW, 0),
            quarterAverageKW: s.quarterAverageKW,
            monthPeakKW: s.monthPeakKW,
          },
          batteryW: null,
          fuse: FUSE,
          chargers,
          prices: [],
          solar: [],
          expectedHouseKW: null,
        }, EMPTY_EV_MEMORY);

        const after = [...s.houseA];
        let sumA = 0;
        let budgetedW = 0;
        out.decisions.forEach((d, i) => {
          const setup = setups[i];
          const { currentA, phases } = d.limit;
          expect(currentA === 0 || (currentA >= setup.minA && currentA <= setup.maxA)).toBe(true);
          const loads = phases === 1 ? [setup.phaseRotation[0]] : setup.phaseRotation;
          for (const p of loads) after[p] += currentA;
          sumA += currentA;
          const c = s.cars[i];
          if (c.mode.mode !== "fast" && !c.allowHigherPeak) {
            budgetedW += currentA * V * loads.length;
          }
        });
        for (let p = 0; p < 3; p++) {
          expect(after[p]).toBeLessThanOrEqual(
            Math.max(FUSE.mainFuseA - FUSE.marginA, s.houseA[p]) + 1e-9,
          );
        }
        expect(sumA).toBeLessThanOrEqual(FUSE.totalChargersA + 1e-9);
        // The budget: what the house (without the chargers) leaves under the quarter's target.
        const houseW = houseLoadEstimateW(null, s.houseA.reduce((sum, a) => sum + a * V, 0), 0);
        const headroomW = evHeadroomW(
          quarterBudget(s.quarterAverageKW, s.elapsedS, s.monthPeakKW, 200),
          houseW,
        );
        expect(budgetedW).toBeLessThanOrEqual(Math.max(headroomW, 0) + 1e-6);
      }),
      { numRuns: 500 },
    );
  });

  it("plan no slot above its budget and no more than the goal", () => {
    const slot = fc.record({
      eurPerKWh: fc.option(fc.double({ min: -0.1, max: 0.6, noNaN: true })),
      solarKW: fc.double({ min: 0, max: 8, noNaN: true }),
      houseKW: fc.double({ min: 0, max: 6, noNaN: true }),
      minutes: fc.integer({ min: 1, max: 15 }),
    });
    fc.assert(
      fc.property(
        fc.array(slot, { minLength: 1, maxLength: 60 }),
        fc.double({ min: 0, max: 80, noNaN: true }),
        fc.double({ min: 0, max: 9, noNaN: true }),
        (raw, neededKWh, monthPeakKW) => {
          let t = T0;
          const slots: PlanSlot[] = raw.map((r) => {
            const startMs = t;
            t += r.minutes * 60_000;
            return {
              startMs,
              endMs: t,
              eurPerKWh: r.eurPerKWh,
              solarKW: r.solarKW,
              houseKW: r.houseKW,
            };
          });
          const plan = planCharge({
            slots,
            neededKWh,
            monthPeakKW,
            marginW: 200,
            ranges: [{ minW: 1380, maxW: 3680 }, { minW: 4140, maxW: 11040 }],
            allowHigherPeak: false,
          });
          const targetW = Math.max(monthPeakKW, MINIMUM_MONTH_PEAK_KW) * 1000 - 200;
          for (const p of plan.slots) {
            const s = slots.find((x) => x.startMs === p.startMs)!;
            expect(p.powerW).toBeLessThanOrEqual(
              targetW - s.houseKW * 1000 + s.solarKW * 1000 + 1e-6,
            );
            expect(p.kWh).toBeLessThanOrEqual((p.powerW * (s.endMs - s.startMs)) / 3.6e6 + 1e-9);
          }
          const total = plan.slots.reduce((sum, p) => sum + p.kWh, 0);
          expect(total).toBeCloseTo(plan.expectedKWh, 6);
          expect(total).toBeLessThanOrEqual(neededKWh + 1e-9);
          expect(plan.feasible).toBe(plan.shortfallKWh === 0);
          expect(plan.expectedKWh + plan.shortfallKWh).toBeCloseTo(neededKWh, 6);
        },
      ),
      { numRuns: 300 },
    );
  });
});
