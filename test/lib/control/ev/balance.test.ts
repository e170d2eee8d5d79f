import { describe, expect, it } from "vitest";
import {
  balanceChargers,
  type BalanceRequest,
  signedPhaseCurrentsA,
} from "../../../../lib/control/ev/balance.ts";
import type { ChargerSetup, GridPhase } from "../../../../lib/control/ev/charger.ts";

function setup(
  id: string,
  over: Partial<ChargerSetup> = {},
): ChargerSetup {
  return {
    id,
    name: id,
    minA: 6,
    maxA: 32,
    phases: 3,
    canSwitchPhases: false,
    phaseRotation: [0, 1, 2],
    priority: 1,
    ...over,
  };
}

function request(s: ChargerSetup, over: Partial<BalanceRequest> = {}): BalanceRequest {
  return {
    setup: s,
    wantA: 16,
    wantPhases: s.phases,
    carPhases: 3,
    ownA: [null, null, null],
    mayGoSinglePhase: true,
    ...over,
  };
}

const FUSE = { mainFuseA: 25, marginA: 1, totalChargersA: 96 };

describe("signedPhaseCurrentsA", () => {
  it("takes direction from the phase's powers and fills missing currents from power", () => {
    expect(signedPhaseCurrentsA([
      { phase: 1, importKW: 1.6, exportKW: 0, voltageV: 230, currentA: 7 },
      { phase: 2, importKW: 0, exportKW: 1.2, voltageV: 231, currentA: 5 },
      { phase: 3, importKW: 0.46, exportKW: 0, voltageV: null, currentA: null },
    ])).toEqual([7, -5, 2]);
  });
});

describe("balanceChargers", () => {
  it("gives a 3-phase charger the room of its tightest phase, its own current added back", () => {
    // Room: 25 − 1 − 10 + 8 = 22; 24 − 5 + 8 = 27; 24 + 3 + 8 = 35 → 22 A.
    const s = setup("a");
    const own: [number, number, number] = [8, 8, 8];
    expect(balanceChargers([10, 5, -3], FUSE, [request(s, { ownA: own })])).toEqual([
      { id: "a", currentA: 16, phases: 3, limitedBy: null },
    ]);
    expect(balanceChargers([10, 5, -3], FUSE, [request(s, { ownA: own, wantA: 32 })])).toEqual([
      { id: "a", currentA: 22, phases: 3, limitedBy: "fuse" },
    ]);
  });

  it("puts a 1-phase charger on its rotated grid phase", () => {
    // The charger's L1 sits on grid L3, which exports: 24 + 3 = 27 A of room.
    const s = setup("b", { phases: 1, phaseRotation: [2, 0, 1] });
    expect(balanceChargers([23, 23, -3], FUSE, [request(s, { wantA: 32 })])).toEqual([
      { id: "b", currentA: 27, phases: 1, limitedBy: "fuse" },
    ]);
  });

  it("counts a 1-phase car on a 3-phase charger on the charger's L1 only", () => {
    // Grid L2 carries the car's 10 A: room 24 − 20 + 10 = 14 A; L1 and L3 are full.
    const s = setup("c", { phaseRotation: [1, 2, 0] });
    const r = request(s, { carPhases: 1, ownA: [10, 0, 0], wantA: 16 });
    expect(balanceChargers([24, 20, 24], FUSE, [r])).toEqual([
      { id: "c", currentA: 14, phases: 3, limitedBy: "fuse" },
    ]);
  });

  it("switches 3 → 1 phase when only its L1's phase has room, if it may", () => {
    // Room [4, 2, 16]: 3 phases get 2 A < 6 A; on its L1 (grid L3) 16 A fit.
    const s = setup("d", { canSwitchPhases: true, phaseRotation: [2, 0, 1] });
    expect(balanceChargers([20, 22, 8], FUSE, [request(s)])).toEqual([
      { id: "d", currentA: 16, phases: 1, limitedBy: null },
    ]);
    expect(balanceChargers([20, 22, 8], FUSE, [request(s, { mayGoSinglePhase: false })]))
      .toEqual([{ id: "d", currentA: 0, phases: 3, limitedBy: "fuse" }]);
  });

  it("serves in priority order and pauses what does not reach its minimum", () => {
    const phase0: [GridPhase, GridPhase, GridPhase] = [0, 1, 2];
    const first = setup("first", { phases: 1, priority: 1, phaseRotation: phase0 });
    const second = setup("second", { phases: 1, priority: 2, phaseRotation: phase0 });
    // Room on L1: 24 − 4 = 20 A; the first takes 16, 4 A left < 6 A.
    expect(balanceChargers([4, 0, 0], FUSE, [request(second), request(first)])).toEqual([
      { id: "second", currentA: 0, phases: 1, limitedBy: "fuse" },
      { id: "first", currentA: 16, phases: 1, limitedBy: null },
    ]);
  });

  it("keeps the chargers' sum within the total-chargers limit", () => {
    const fuse = { mainFuseA: 63, marginA: 2, totalChargersA: 28 };
    const a = setup("a", { priority: 1 });
    const b = setup("b", { priority: 2 });
    const c = setup("c", { priority: 3, phases: 1, phaseRotation: [2, 0, 1] });
    expect(balanceChargers([0, 0, 0], fuse, [request(a), request(b), request(c)])).toEqual([
      { id: "a", currentA: 16, phases: 3, limitedBy: null },
      { id: "b", currentA: 12, phases: 3, limitedBy: "total" },
      { id: "c", currentA: 0, phases: 1, limitedBy: "total" },
    ]);
  });

  it("gives nothing to a charger that wants less than its minimum", () => {
    expect(balanceChargers([0, 0, 0], FUSE, [request(setup("e"), { wantA: 4 })])).toEqual([
      { id: "e", currentA: 0, phases: 3, limitedBy: null },
    ]);
  });
});
