/**
 * The gateway's control loop closed around a battery that answers late: a model whose power
 * ramps towards what it was told (so many W per telegram) and only from the telegram after the
 * command, behind a meter that sees the house plus the battery. The controller gets what the
 * gateway gets — each telegram, and a device read — and is polled every other telegram as the
 * gateway does for the app. A house above the desired peak must settle at the peak within a few
 * telegrams and stay there with one steady command; a house with surplus must store it without
 * the command flipping between full power and almost nothing.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Controller, type Device } from "../../../app/gateway/controller.ts";
import { type Command, DEADBAND_W } from "../../../lib/control/decide.ts";
import type { CommandAnswer, DeviceReading } from "../../../lib/control/profiles.ts";
import { P1Decoder } from "../../../lib/p1/decoder.ts";
import type { Reading } from "../../../lib/p1/reading.ts";
import { HouseholdSimulator } from "../../../lib/p1/simulator.ts";

const ACCEPTED: CommandAnswer = {
  status: "accepted",
  chargeEnabled: true,
  dischargeEnabled: true,
  full: false,
  flat: false,
};

/** A battery that moves `rampW` per telegram towards the command given `delay` telegrams ago. */
class LateBattery implements Device {
  actualW = 0; // charging positive
  readonly given: Command[] = [];
  #issued: Command[] = [];

  constructor(readonly rampW: number, readonly delay: number, readonly socPct = 40) {}

  read(): Promise<DeviceReading> {
    return Promise.resolve({
      runningState: this.actualW > 0 ? 2 : this.actualW < 0 ? 4 : 0,
      status: this.actualW > 0 ? "charging" : this.actualW < 0 ? "discharging" : "standby",
      batteryW: this.actualW,
      socPct: this.socPct,
      gridW: 0,
      loadW: 0,
      pvW: 0,
      chargedTodayKWh: 0,
      dischargedTodayKWh: 0,
    });
  }

  command(command: Command): Promise<CommandAnswer> {
    this.given.push(command);
    return Promise.resolve(ACCEPTED);
  }

  heartbeat(): Promise<boolean> {
    return Promise.resolve(true);
  }

  /** One telegram later: the command in force (given `delay` telegrams ago) pulls the power. */
  advance(): void {
    this.#issued.push(this.given.at(-1) ?? { kind: "auto" });
    const inForce = this.#issued[this.#issued.length - 1 - this.delay] ?? { kind: "auto" };
    const target = inForce.kind === "charge"
      ? inForce.w
      : inForce.kind === "discharge"
      ? -inForce.w
      : 0;
    const step = Math.max(-this.rampW, Math.min(this.rampW, target - this.actualW));
    this.actualW += step;
  }
}

let base: Reading | null = null;
function readingOf(gridW: number): Reading {
  if (!base) {
    new P1Decoder((r) => (base = r)).push(
      new TextEncoder().encode(
        new HouseholdSimulator({ startMs: Date.UTC(2024, 5, 12, 18) }).next(),
      ),
    );
  }
  return {
    ...base!,
    powerKW: { import: Math.max(gridW, 0) / 1000, export: Math.max(-gridW, 0) / 1000 },
  };
}

const LIMITS = {
  battery: { capacityKWh: 10, maxChargeW: 3000, maxDischargeW: 3000 },
  site: { mainFuseA: 40, phases: 1 as const, inverterMaxW: 3000 },
};

/** Runs the loop for `telegrams`; the meter's grid power and the command after each one. */
async function run(
  settings: ConstructorParameters<typeof Controller>[0]["settings"],
  houseW: (k: number) => number,
  battery: LateBattery,
  telegrams: number,
): Promise<{ gridW: number[]; commands: (Command | null)[] }> {
  const controller = new Controller({ device: battery, settings, ...LIMITS });
  await controller.start(0);
  const gridW: number[] = [];
  const commands: (Command | null)[] = [];
  for (let k = 0; k < telegrams; k++) {
    const grid = houseW(k) + battery.actualW;
    gridW.push(grid);
    await controller.onReading(readingOf(grid), 1000 * (k + 1));
    if (k % 2 === 1) await controller.poll(1000 * (k + 1));
    commands.push(controller.state.command);
    battery.advance();
  }
  return { gridW, commands };
}

/** Noise of at most `amplitudeW` around zero, the same for the same seed. */
function noise(seed: number, amplitudeW: number) {
  let x = seed || 1;
  return () => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return ((x / 2 ** 31) * 2 - 1) * amplitudeW;
  };
}

const same = (a: Command | null, b: Command | null) => JSON.stringify(a) === JSON.stringify(b);

describe("the control loop with a battery that answers late", () => {
  it("settles a house above the peak at the peak within a few telegrams, and stays", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1500, max: 5000 }), // desired peak
        fc.integer({ min: 200, max: 2800 }), // the house's excess over it
        fc.integer({ min: 300, max: 3000 }), // ramp per telegram
        fc.integer({ min: 0, max: 1 }), // telegrams before a command takes effect
        fc.integer({ min: 0, max: 20 }), // meter noise amplitude
        fc.integer({ min: 1, max: 1000 }),
        async (peakW, overW, rampW, delay, noiseW, seed) => {
          const jitter = noise(seed, noiseW);
          const house = Array.from({ length: 80 }, () => peakW + overW + jitter());
          // 40 % is inside the buffer (10 % + 40 %): the battery only shaves what is over the peak.
          const battery = new LateBattery(rampW, delay, 40);
          const { gridW, commands } = await run(
            { mode: "peakShaving", desiredPeakW: peakW, minSocPct: 10, bufferPct: 40 },
            (k) => house[k],
            battery,
            80,
          );
          const settled = Math.ceil(overW / rampW) + delay + 3;
          for (let k = settled; k < 80; k++) {
            expect(gridW[k]).toBeLessThanOrEqual(peakW + DEADBAND_W + noiseW * 2);
            expect(gridW[k]).toBeGreaterThan(peakW - DEADBAND_W - noiseW * 2);
          }
          // One steady command once settled: no alternating between discharging and standby.
          const after = commands.slice(settled);
          expect(after.every((c) => same(c, after[0]))).toBe(true);
          expect(after[0]?.kind).toBe("discharge");
        },
      ),
      { numRuns: 60 },
    );
  });

  it("stores a surplus without flipping between full power and almost nothing", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 300, max: 2900 }), // the surplus
        fc.integer({ min: 300, max: 3000 }),
        fc.integer({ min: 0, max: 1 }),
        async (surplusW, rampW, delay) => {
          const battery = new LateBattery(rampW, delay);
          const { gridW, commands } = await run(
            { mode: "balancing", minSocPct: 10 },
            () => -surplusW,
            battery,
            60,
          );
          const settled = Math.ceil(surplusW / rampW) + delay + 3;
          for (let k = settled; k < 60; k++) expect(Math.abs(gridW[k])).toBeLessThan(DEADBAND_W);
          const after = commands.slice(settled);
          expect(after.every((c) => same(c, after[0]))).toBe(true);
          expect(after[0]).toEqual({ kind: "charge", w: surplusW });
        },
      ),
      { numRuns: 60 },
    );
  });
});
