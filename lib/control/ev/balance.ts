/**
 * Per-phase load balancing of the chargers behind one main fuse. On every call (every telegram),
 * for all running sessions, not only new ones:
 *
 *   room on grid phase p = main fuse − measured grid current on p + the chargers' own current on p
 *                          − margin
 *
 * and the chargers are served in priority order (lower number first), each on the grid phases it
 * really loads (its phase rotation; a 1-phase car on a 3-phase charger loads only the charger's
 * L1): a charger gets its wish, cut to the room of its phases and to what the total-chargers limit
 * leaves, or 0 A when that is under its minimum. A charger that can switch phases and finds room
 * for its minimum on its L1's phase only is moved to 1 phase rather than paused.
 *
 * The meter's per-phase currents (1-0:31.7.0, 51.7.0, 71.7.0) may be unsigned integers, so their
 * direction is taken from the per-phase import and export powers.
 */
import type { PhaseReading } from "../../p1/reading.ts";
import type { ChargerSetup, GridPhase } from "./charger.ts";

/** Nominal phase voltage: what the meter's powers are turned into currents with when it sends none. */
export const NOMINAL_V = 230;

export interface SiteFuse {
  mainFuseA: number;
  /** Kept free on every phase (A). */
  marginA: number;
  /** The most all chargers may take together: the sum of their limits (A), e.g. 96 A. */
  totalChargersA: number;
}

export interface BalanceRequest {
  setup: ChargerSetup;
  /** What the mode wants (A per phase; 0 for nothing) and on how many phases. */
  wantA: number;
  wantPhases: 1 | 3;
  /** The car's own phases: a 1-phase car on a 3-phase charger draws on the charger's L1 only. */
  carPhases: 1 | 3;
  /** The charger's measured current on its L1–L3 (A), as its reading gives it (`null`: 0). */
  ownA: [number | null, number | null, number | null];
  /** Whether a 3 → 1 phase switch may happen now (the anti-flapping timer allows it). */
  mayGoSinglePhase: boolean;
}

export interface BalanceResult {
  id: string;
  currentA: number;
  phases: 1 | 3;
  /** What cut the wish: the fuse of a phase, the total-chargers limit, or nothing. */
  limitedBy: "fuse" | "total" | null;
}

/**
 * The grid current per phase (A), import positive: the meter's current with the direction of the
 * phase's power, or the power over the voltage where the meter sends no current. Phases the meter
 * does not report count as 0 A (a 1-phase connection).
 */
export function signedPhaseCurrentsA(phases: PhaseReading[]): [number, number, number] {
  const out: [number, number, number] = [0, 0, 0];
  for (const phase of phases) {
    const netKW = (phase.importKW ?? 0) - (phase.exportKW ?? 0);
    const volts = phase.voltageV ?? NOMINAL_V;
    out[phase.phase - 1] = phase.currentA === null
      ? (netKW * 1000) / volts
      : Math.abs(phase.currentA) * (netKW < 0 ? -1 : 1);
  }
  return out;
}

/** The grid phases a charger loads at `phases` phases. */
export function gridPhasesOf(setup: ChargerSetup, phases: 1 | 3): GridPhase[] {
  return phases === 1 ? [setup.phaseRotation[0]] : [...setup.phaseRotation];
}

/** Shares the room of each phase among the chargers, in priority order; see the module comment. */
export function balanceChargers(
  gridA: [number, number, number],
  fuse: SiteFuse,
  requests: BalanceRequest[],
): BalanceResult[] {
  const room: [number, number, number] = [
    fuse.mainFuseA - fuse.marginA - gridA[0],
    fuse.mainFuseA - fuse.marginA - gridA[1],
    fuse.mainFuseA - fuse.marginA - gridA[2],
  ];
  for (const request of requests) {
    request.setup.phaseRotation.forEach((grid, own) => {
      room[grid] += Math.max(request.ownA[own] ?? 0, 0);
    });
  }
  let totalLeftA = fuse.totalChargersA;
  const order = [...requests].sort((a, b) => a.setup.priority - b.setup.priority);
  const results = new Map<string, BalanceResult>();
  for (const request of order) {
    const { setup } = request;
    // What the charger is told vs. what it loads: a 1-phase car on a 3-phase charger is told
    // 3 phases (no switch) but draws on the charger's L1 only.
    const commandPhases: 1 | 3 = setup.phases === 1 ? 1 : request.wantPhases;
    const loadPhases: 1 | 3 = request.carPhases === 1 ? 1 : commandPhases;
    const wantA = Math.min(request.wantA, setup.maxA);
    let result: BalanceResult = {
      id: setup.id,
      currentA: 0,
      phases: commandPhases,
      limitedBy: null,
    };
    if (wantA >= setup.minA) {
      const fits = (phases: 1 | 3) => {
        const roomA = Math.min(...gridPhasesOf(setup, phases).map((p) => room[p]));
        return { phases, currentA: Math.min(wantA, roomA, totalLeftA), roomA };
      };
      let choice = fits(loadPhases);
      let phases = commandPhases;
      if (
        choice.currentA < setup.minA && loadPhases === 3 && setup.canSwitchPhases &&
        request.mayGoSinglePhase
      ) {
        choice = fits(1);
        phases = 1;
      }
      const limitedBy = choice.currentA >= wantA
        ? null
        : choice.roomA <= totalLeftA
        ? "fuse"
        : "total";
      if (choice.currentA >= setup.minA) {
        result = { id: setup.id, currentA: choice.currentA, phases, limitedBy };
        for (const p of gridPhasesOf(setup, choice.phases)) room[p] -= choice.currentA;
        totalLeftA -= choice.currentA;
      } else {
        result = { ...result, limitedBy };
      }
    }
    results.set(setup.id, result);
  }
  return requests.map((r) => results.get(r.setup.id)!);
}
