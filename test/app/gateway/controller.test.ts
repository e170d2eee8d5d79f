/**
 * The gateway loop end to end on loopback: telegrams from a TCP P1 stream, decisions from
 * `lib/control`, commands over Modbus TCP to a simulated ME3000SP — and the fail-safe when the
 * P1 stream dies or the inverter goes away.
 */
import { afterEach, describe, expect, it } from "vitest";
import { Controller } from "../../../app/gateway/controller.ts";
import { ModbusDevice } from "../../../app/gateway/modbus_device.ts";
import { tcpSource } from "../../../app/gateway/p1_source.ts";
import { serveModbusTcp, SimulatedMe3000sp } from "../../../app/gateway/sim_me3000sp.ts";
import { ME3000SP } from "../../../lib/control/profiles.ts";
import type { Reading } from "../../../lib/p1/reading.ts";
import { HouseholdSimulator } from "../../../lib/p1/simulator.ts";
import { until } from "../../until.ts";

let cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const done of cleanup.reverse()) await done();
  cleanup = [];
});

/** A TCP telegram stream the test writes to, as a ser2net dongle would send. */
function p1Server() {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const clients: Deno.Conn[] = [];
  void (async () => {
    for await (const conn of listener) clients.push(conn);
  })().catch(() => {});
  return {
    port: (listener.addr as Deno.NetAddr).port,
    async send(text: string) {
      const bytes = new TextEncoder().encode(text);
      for (const c of clients) await c.write(bytes).catch(() => {});
    },
    connected: () => clients.length > 0,
    close() {
      for (const c of clients) {
        try {
          c.close();
        } catch { /* gone */ }
      }
      listener.close();
    },
  };
}

/**
 * A controller on a simulated ME3000SP over Modbus TCP, started as the gateway starts it (the
 * safe command first, the watchdog counting) at `startMs`; the inverter as `inverter` says.
 */
async function setup(
  watchdogMs: number,
  startMs = 0,
  inverter: ConstructorParameters<typeof SimulatedMe3000sp>[0] = {},
) {
  const sim = new SimulatedMe3000sp({ socPct: 60, loadW: 0, pvW: 0, ...inverter });
  const modbus = serveModbusTcp(sim);
  const device = ModbusDevice.tcp(ME3000SP, "127.0.0.1", modbus.port, {
    timeoutMs: 300,
    retries: 0,
    repeatAfterMs: 0,
  });
  const controller = new Controller({
    device,
    settings: { mode: "balancing", minSocPct: 10 },
    battery: { capacityKWh: 5, maxChargeW: 3000, maxDischargeW: 3000 },
    site: { mainFuseA: 40, phases: 1, inverterMaxW: 3000 },
    watchdogMs,
  });
  await controller.start(startMs);
  cleanup.push(() => modbus.close(), () => device.close());
  return { sim, modbus, device, controller };
}

describe("the gateway loop", () => {
  it("turns each telegram into a command for the inverter", async () => {
    const { sim, controller } = await setup(10_000);
    const p1 = p1Server();
    const readings: Reading[] = [];
    const source = tcpSource("127.0.0.1", p1.port, (r) => {
      readings.push(r);
      void controller.onReading(r);
    });
    cleanup.push(() => source.stop(), () => p1.close());
    await until(p1.connected);
    // Evening: the simulated household imports; balancing discharges that much.
    const household = new HouseholdSimulator({ startMs: Date.UTC(2024, 5, 12, 17, 30), seed: 2 });
    await p1.send(household.next());
    await until(() => sim.commands.length > 1);
    const importW = Math.round((readings[0].powerKW.import ?? 0) * 1000);
    expect(importW).toBeGreaterThan(0);
    // After the safe command of the start, the decision.
    expect(sim.commands[0]).toMatchObject({ address: 0x0103, value: 0 });
    expect(sim.commands[1]).toMatchObject({ address: 0x0101, value: Math.min(importW, 3000) });
    expect(controller.state.reason).toBe("selfConsumption");
  });

  it("puts the inverter in auto once telegrams have stopped for the watchdog's time", async () => {
    const { sim, controller } = await setup(10_000);
    const household = new HouseholdSimulator({ startMs: Date.UTC(2024, 5, 12, 17, 30), seed: 2 });
    const decoder = new (await import("../../../lib/p1/decoder.ts")).P1Decoder((r) =>
      void controller.onReading(r, 1_000)
    );
    decoder.push(new TextEncoder().encode(household.next()));
    await until(() => sim.commands.length === 2);
    // It acts half a second before its 10 s, so the command is at the inverter by then.
    await controller.tick(1_000 + 9_499);
    expect(sim.commands.length).toBe(2);
    await controller.tick(1_000 + 9_500);
    expect(sim.commands.map((c) => c.address)).toEqual([0x0103, 0x0101, 0x0103]);
    expect(controller.state.failsafe).toEqual({ kind: "noTelegram", seconds: 10 });
    // New telegrams end the fail-safe.
    decoder.push(new TextEncoder().encode(household.next()));
    await until(() => controller.state.failsafe === null);
  });

  it("sends the safe command first on every start, before any telegram", async () => {
    // Left discharging at 2 kW by a gateway that crashed.
    const { sim, controller } = await setup(10_000, 5_000, { mode: "discharge", setW: 2000 });
    expect(sim.commands.map((c) => [c.address, c.value])).toEqual([[0x0103, 0]]);
    expect(sim.state.mode).toBe("auto");
    expect(controller.state.reason).toBe("starting");
  });

  it("runs the watchdog from start-up: no telegram ever is a fail-safe after its time", async () => {
    const { controller } = await setup(10_000, 5_000);
    await controller.tick(5_000 + 9_499);
    expect(controller.state.failsafe).toBeNull();
    expect(controller.watchdogDueMs()).toBe(14_500);
    await controller.tick(14_500);
    expect(controller.state.failsafe).toEqual({ kind: "noTelegram", seconds: 10 });
  });

  it("says the inverter is not in passive mode, and controls it once it is", async () => {
    const { sim, controller } = await setup(10_000);
    sim.state.passive = false;
    const household = new HouseholdSimulator({ startMs: Date.UTC(2024, 5, 12, 17, 30), seed: 2 });
    const readings: Reading[] = [];
    new (await import("../../../lib/p1/decoder.ts")).P1Decoder((r) => readings.push(r)).push(
      new TextEncoder().encode(household.next() + household.next()),
    );
    await controller.onReading(readings[0], 1_000);
    expect(controller.state.problem).toBe("notPassive");
    expect(controller.state.failsafe).toBeNull(); // it answers: not lost
    sim.state.passive = true;
    await controller.onReading(readings[1], 2_000);
    expect(controller.state.problem).toBeNull();
    expect(sim.commands.map((c) => c.address)).toEqual([0x0103, 0x0101]);
  });

  it("falls back to auto when the P1 stream dies mid-run", async () => {
    const { sim, controller } = await setup(300);
    const p1 = p1Server();
    const source = tcpSource("127.0.0.1", p1.port, (r) => void controller.onReading(r));
    const watchdog = setInterval(() => void controller.tick(), 50);
    cleanup.push(() => clearInterval(watchdog), () => source.stop());
    await until(p1.connected);
    const household = new HouseholdSimulator({ startMs: Date.UTC(2024, 5, 12, 17, 30), seed: 2 });
    for (let i = 0; i < 3; i++) {
      await p1.send(household.next());
      await new Promise((r) => setTimeout(r, 50));
    }
    await until(() => sim.commands.length > 1);
    p1.close(); // the dongle is unplugged
    await until(() => sim.state.mode === "auto" && sim.commands.at(-1)?.address === 0x0103);
    expect(controller.state.failsafe?.kind).toBe("noTelegram");
  });

  it("charges in the day's cheapest slot with the prices it is given", async () => {
    const { sim, controller } = await setup(10_000);
    controller.options.settings = {
      mode: "cheapest",
      slots: 2,
      desiredPeakW: 3000,
      minSocPct: 10,
      batteryCostEurPerKWh: 0.02,
    };
    controller.options.prices = () => ({ priceNow: 15, dayPrices: [90, 15, 20, 160, 80] });
    const household = new HouseholdSimulator({ startMs: Date.UTC(2024, 5, 12, 1, 0), seed: 2 });
    const readings: Reading[] = [];
    new (await import("../../../lib/p1/decoder.ts")).P1Decoder((r) => readings.push(r)).push(
      new TextEncoder().encode(household.next()),
    );
    await controller.onReading(readings[0]);
    const importW = Math.round((readings[0].powerKW.import ?? 0) * 1000);
    // 15 €/MWh is among the two cheapest; the 160 €/MWh peak saves more than the wear: charge up
    // to the desired peak above what the house takes.
    expect(sim.commands.at(-1)).toMatchObject({
      address: 0x0102,
      value: Math.min(3000 - importW, 3000),
    });
    expect(controller.state.reason).toBe("cheapSlot");
  });

  it("says it lost the inverter when it stops answering", async () => {
    const { modbus, controller } = await setup(10_000);
    modbus.close();
    await controller.poll();
    expect(controller.state.failsafe?.kind).toBe("deviceLost");
  });
});
