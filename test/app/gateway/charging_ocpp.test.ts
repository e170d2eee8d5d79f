/**
 * Three simulated OCPP charge points over real WebSockets, driven by the charging service through
 * the gateway's central system, under random house loads per phase (a property test): after the
 * cars have followed their profiles, no phase of the main fuse carries more than fuse − margin,
 * no car draws above its limit, and the chargers together stay within their total limit. The cars
 * are in Fast, so the fuse — not the capacity budget — is what holds them.
 *
 * The chargers: a 3-phase one (priority 0), a 1-phase one whose L1 is the house's L2 (priority 1),
 * and a 3-phase one that switches to one phase (priority 2). Their clocks and the service's move
 * only when the test steps them.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChargingService } from "../../../app/gateway/charging.ts";
import {
  type CentralSystem,
  type OcppChargerLink,
  startCentralSystem,
} from "../../../app/gateway/ocpp_central.ts";
import { ManualClock } from "../../../app/gateway/sim_charger.ts";
import { SimChargePoint } from "../../../app/gateway/sim_charge_point.ts";
import type { ChargerSetup, GridPhase } from "../../../lib/control/ev/charger.ts";
import { parseTelegram } from "../../../lib/p1/parser.ts";
import type { Reading } from "../../../lib/p1/reading.ts";
import { p1FixtureText } from "../../fixtures/p1.ts";

const FUSE = { mainFuseA: 40, marginA: 2, totalChargersA: 96 };
const V = 230;
const TAG = "PROPERTY-TAG";
const base = parseTelegram(p1FixtureText("fluvius-e-mucs-1.7.1-three-phase-gas-water.txt"));

const CHARGERS: (Partial<ChargerSetup> & { id: string; phases: 1 | 3 })[] = [
  { id: "cp-a", phases: 3, priority: 0, maxA: 16 },
  { id: "cp-b", phases: 1, priority: 1, maxA: 32, phaseRotation: [1, 2, 0] },
  { id: "cp-c", phases: 3, priority: 2, maxA: 16, canSwitchPhases: true },
];

let central: CentralSystem;
let service: ChargingService;
const clock = new ManualClock(Date.UTC(2026, 11, 1, 9));
const sims: { sim: SimChargePoint; link: OcppChargerLink; rotation: GridPhase[] }[] = [];

function telegram(gridA: number[]): Reading {
  return {
    ...base,
    powerKW: { import: gridA.reduce((a, b) => a + b, 0) * V / 1000, export: 0 },
    phases: gridA.map((a, i) => ({
      phase: (i + 1) as 1 | 2 | 3,
      importKW: a * V / 1000,
      exportKW: 0,
      voltageV: V,
      currentA: a,
    })),
    // No capacity objects: the fuse is the only limit.
    demand: null,
  };
}

/** The grid's current per phase: the house's plus every car's, through its charger's rotation. */
function gridCurrents(houseA: number[]): number[] {
  const grid = [...houseA];
  for (const { sim, rotation } of sims) {
    sim.currentA.forEach((a, i) => (grid[rotation[i]] += a));
  }
  return grid;
}

beforeAll(async () => {
  const dir = await Deno.makeTempDir();
  central = await startCentralSystem({
    port: 0,
    hostname: "127.0.0.1",
    stateFile: `${dir}/ocpp.json`,
    idTags: [TAG],
    bootWaitMs: 120_000,
  });
  service = new ChargingService({
    fuse: FUSE,
    loadSettings: () => ({
      chargeMode: { mode: "fast" },
      goal: null,
      allowHigherPeak: false,
      allowBattery: false,
      peakMarginW: 200,
      reimbursement: null,
    }),
    saveSettings: () => {},
    now: clock.now,
  });
  central.onLink((link) => service.add({ link, online: () => link.online, problem: () => null }));
  for (const setup of CHARGERS) {
    const sim = new SimChargePoint({
      endpoint: central.url,
      identity: setup.id,
      password: `password-of-${setup.id}`,
      phases: setup.phases,
      maxA: setup.maxA,
      startMs: clock.nowMs,
      reconnectDelayMs: 50,
    });
    sim.plug({ batteryKWh: 200, socPct: 10, phases: setup.phases, maxA: setup.maxA! });
    const linked = new Promise<OcppChargerLink>((resolve) =>
      central.onLink((l) => l.setup.id === setup.id && resolve(l))
    );
    await sim.connect();
    while (!central.pending().some((p) => p.identity === setup.id)) {
      await new Promise((r) => central.onPending(() => r(null)));
    }
    central.accept(setup.id, { ...setup, minA: 6 });
    const link = await linked;
    while (sim.registration !== "Accepted") await new Promise((r) => sim.onChange(() => r(null)));
    expect(await sim.presentTag(TAG)).toBe(true);
    sims.push({ sim, link, rotation: setup.phaseRotation ?? [0, 1, 2] });
  }
});

afterAll(async () => {
  service?.close();
  for (const { sim } of sims) await sim.close();
  await central?.close();
});

/** One round: a telegram decided on, the limits taken, 10 s for the cars to follow and report. */
async function round(houseA: number[]): Promise<void> {
  clock.advance(10_000);
  await service.onMeter(telegram(gridCurrents(houseA)));
  await Promise.all(sims.map(async ({ sim, link }) => {
    const before = link.reading().atMs;
    await sim.step(10_000);
    // The meter values the step sent, once the gateway has them.
    while (link.reading().atMs === before) {
      await new Promise((r) => link.onReading(() => r(null)));
    }
  }));
}

describe("three OCPP chargers behind one fuse", () => {
  it("never load a phase beyond fuse − margin, whatever the house draws", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.tuple(
          fc.integer({ min: 0, max: 30 }),
          fc.integer({ min: 0, max: 30 }),
          fc.integer({ min: 0, max: 30 }),
        ),
        async (houseA) => {
          // Three rounds: the cars settle on what the meter and their own readings say.
          for (let i = 0; i < 3; i++) await round(houseA);
          const limitA = FUSE.mainFuseA - FUSE.marginA;
          const grid = gridCurrents(houseA);
          for (let p = 0; p < 3; p++) {
            // A phase the house alone fills has no car on it; any other stays within the fuse.
            const bound = Math.max(limitA, houseA[p]);
            expect(grid[p]).toBeLessThanOrEqual(bound + 0.5);
          }
          let total = 0;
          for (const { sim, link } of sims) {
            const limit = service.views().find((v) => v.id === link.setup.id)!.limit;
            const most = Math.max(...sim.currentA);
            total += sim.currentA.reduce((a, b) => a + b, 0) > 0 ? most : 0;
            expect(most).toBeLessThanOrEqual((limit?.currentA ?? 0) + 0.5);
          }
          expect(total).toBeLessThanOrEqual(FUSE.totalChargersA);
        },
      ),
      { numRuns: 12 },
    );
    // With an idle house every car charges: the fuse has room for all three (the third on one
    // phase, once five minutes have passed since its last phase switch).
    for (let i = 0; i < 32; i++) await round([1, 1, 1]);
    expect(sims.map(({ sim }) => Math.max(...sim.currentA) > 6)).toEqual([true, true, true]);
  });
});
