/**
 * The ME3000SP profile driven through our Modbus link against the simulated ME3000SP (written from
 * Sofar's protocol document) served as Modbus TCP on loopback: registers with their scale and
 * sign, passive-mode commands with the status word read, heartbeats, one request at a time,
 * timeouts, and reconnecting to a device that went away or was not there at start.
 */
import { afterEach, describe, expect, it } from "vitest";
import { DeviceRefused, ModbusDevice } from "../../../app/gateway/modbus_device.ts";
import { serveModbusTcp, SimulatedMe3000sp } from "../../../app/gateway/sim_me3000sp.ts";
import { ME3000SP } from "../../../lib/control/profiles.ts";
import { until } from "../../until.ts";

let cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const done of cleanup.reverse()) await done();
  cleanup = [];
});

function connected(sim = new SimulatedMe3000sp(), options: { busyPauseMs?: number } = {}) {
  const server = serveModbusTcp(sim);
  const log: Record<string, unknown>[] = [];
  const device = ModbusDevice.tcp(ME3000SP, "127.0.0.1", server.port, {
    timeoutMs: 500,
    retries: 1,
    busyPauseMs: options.busyPauseMs ?? 50,
    log: (e) => log.push(e),
  });
  cleanup.push(() => server.close(), () => device.close());
  return { sim, server, device, log };
}

describe("Sofar ME3000SP over Modbus TCP", () => {
  it("reads state of charge, battery, grid, load and PV with the profile's scale and sign", async () => {
    const { device } = connected(new SimulatedMe3000sp({ socPct: 63, loadW: 1840, pvW: 300 }));
    // Auto mode: the battery covers the 1,540 W deficit, so the grid carries nothing.
    expect(await device.read()).toEqual({
      runningState: 4,
      status: "discharging",
      batteryW: -1540,
      socPct: 63,
      gridW: 0,
      loadW: 1840,
      pvW: 300,
      chargedTodayKWh: 0,
      dischargedTodayKWh: 0,
      pvTodayKWh: 0,
      pvTotalKWh: 0,
    });
  });

  it("reads the PV counters: today's in 10 Wh, the lifetime one as a U32 of kWh", async () => {
    const noon = Date.UTC(2024, 5, 12, 10, 0, 0);
    const sim = new SimulatedMe3000sp({ pvW: 2400, loadW: 0, pvTotalKWh: 70_000.4 });
    const { device } = connected(sim);
    // 2 400 W for 900 s = 0.6 kWh today (register 60 × 10 Wh); lifetime 70 000.4 + 0.6 =
    // 70 001 kWh, above 65 535: high word 1, low word 70 001 − 65 536 = 4 465.
    sim.step(900, noon);
    let reading = await device.read();
    expect([reading.pvTodayKWh, reading.pvTotalKWh]).toEqual([0.6, 70_001]);
    // The next day on the inverter's clock, today's counter starts again; the lifetime stays.
    sim.state.pvW = 0;
    sim.step(1, noon + 86_400_000);
    reading = await device.read();
    expect([reading.pvTodayKWh, reading.pvTotalKWh]).toEqual([0, 70_001]);
  });

  it("sends passive-mode commands and reads the status word of each answer", async () => {
    const { sim, device, log } = connected(
      new SimulatedMe3000sp({ loadW: 500, pvW: 0, socPct: 60 }),
    );
    expect(await device.command({ kind: "charge", w: 1500 })).toEqual({
      status: "accepted",
      chargeEnabled: true,
      dischargeEnabled: true,
      full: false,
      flat: false,
    });
    let reading = await device.read();
    expect(reading.batteryW).toBe(1500);
    expect(reading.gridW).toBe(2000); // 500 W house + 1,500 W charging, imported
    expect(reading.status).toBe("charging");
    await device.command({ kind: "discharge", w: 9000 }); // the profile allows 3,000 W
    await device.command({ kind: "standby" });
    await device.command({ kind: "auto" });
    expect(sim.commands.map((c) => [c.address, c.value])).toEqual([
      [0x0102, 1500],
      [0x0101, 3000],
      [0x0100, 0x5555],
      [0x0103, 0],
    ]);
    reading = await device.read();
    expect(reading.status).toBe("discharging"); // auto: the battery covers the house
    expect(log.filter((e) => e.msg === "command").map((e) => e.result)).toEqual([
      "ok",
      "ok",
      "ok",
      "ok",
    ]);
  });

  it("reports an inverter not in passive mode, or refusing the data, as refusals", async () => {
    const { sim, device, log } = connected(new SimulatedMe3000sp({ passive: false, maxW: 2000 }));
    const notPassive = await device.command({ kind: "charge", w: 1500 }).catch((e) => e);
    expect(notPassive).toBeInstanceOf(DeviceRefused);
    expect(notPassive.status).toBe("notPassive");
    sim.state.passive = true; // set on the display
    const invalid = await device.command({ kind: "charge", w: 2500 }).catch((e) => e);
    expect(invalid.status).toBe("invalidData"); // this inverter takes at most 2,000 W
    expect(sim.commands).toEqual([]);
    expect(log.filter((e) => e.msg === "command").map((e) => e.result)).toEqual([
      "notPassive",
      "invalidData",
    ]);
    // Sent once each: a refusal is not a reason to send again.
    expect(sim.answers.map((a) => a.status)).toEqual([1, 4]);
  });

  it("tries a command again after a pause while the inverter is busy, a bounded number of times", async () => {
    const { sim, device } = connected(new SimulatedMe3000sp({ busyFor: 2 }));
    expect((await device.command({ kind: "standby" }))?.status).toBe("accepted");
    expect(sim.answers.map((a) => a.status)).toEqual([3, 3, 0]);
    sim.state.busyFor = 10;
    const busy = await device.command({ kind: "charge", w: 800 }).catch((e) => e);
    expect(busy).toBeInstanceOf(DeviceRefused);
    expect(busy.status).toBe("busy");
    expect(sim.answers.slice(3).map((a) => a.status)).toEqual([3, 3, 3]);
  });

  it("does not send a command again that timed out", async () => {
    const { sim, device, log } = connected(new SimulatedMe3000sp());
    sim.state.silent = true;
    await expect(device.command({ kind: "discharge", w: 1000 })).rejects.toThrow(
      /no answer from .* within 500 ms/,
    );
    expect(sim.answers).toEqual([]); // silent: it did not even note it
    expect(log.filter((e) => e.msg === "command").map((e) => e.result)).toEqual(["failed"]);
  });

  it("sends the heartbeat the profile declares", async () => {
    const { sim, device } = connected();
    expect(await device.heartbeat()).toBe(true);
    expect(sim.heartbeats).toHaveLength(1);
    expect(sim.answers.at(-1)).toMatchObject({ fc: 0x49, address: 0x2201, value: 0x2202 });
  });

  it("puts one request at a time on the line, however many are asked for together", async () => {
    const { sim, device } = connected(new SimulatedMe3000sp());
    sim.state.answerDelayMs = 30; // as slow as a 9600-baud line
    await Promise.all([
      device.read(),
      device.command({ kind: "charge", w: 1000 }),
      device.heartbeat(),
      device.read(),
      device.command({ kind: "standby" }),
    ]);
    expect(sim.overlaps).toBe(0);
    expect(sim.answers.map((a) => a.fc)).toEqual([0x42, 0x49, 0x42]);
  });

  it("does not repeat an unchanged command within the interval", async () => {
    const { sim, device } = connected();
    expect(await device.command({ kind: "charge", w: 1000 }, 0)).not.toBeNull();
    expect(await device.command({ kind: "charge", w: 1000 }, 1000)).toBeNull();
    expect(await device.command({ kind: "charge", w: 1200 }, 1500)).not.toBeNull();
    expect(await device.command({ kind: "charge", w: 1200 }, 7000)).not.toBeNull();
    expect(sim.commands.length).toBe(3);
  });

  it("moves energy: charging at 2 kW for 15 minutes adds 0.5 kWh", async () => {
    const { sim, device } = connected(new SimulatedMe3000sp({ socPct: 40, capacityKWh: 5 }));
    await device.command({ kind: "charge", w: 2000 });
    sim.step(900);
    const reading = await device.read();
    expect(reading.socPct).toBe(50); // 0.5 kWh of 5 kWh
    expect(reading.chargedTodayKWh).toBe(0.5);
  });

  it("reconnects to an inverter that went away and came back", async () => {
    const sim = new SimulatedMe3000sp({ socPct: 55 });
    const { server, device, log } = connected(sim);
    expect((await device.read()).socPct).toBe(55);
    server.close(); // the converter restarts
    await expect(device.command({ kind: "standby" })).rejects.toThrow();
    await expect(device.read()).rejects.toThrow(/reading failed/);
    const again = serveModbusTcp(sim, server.port);
    cleanup.push(() => again.close());
    let socPct = 0;
    await until(
      async () => {
        socPct = (await device.read().catch(() => null))?.socPct ?? 0;
        return socPct === 55;
      },
      15_000,
      200,
    );
    expect(await device.command({ kind: "standby" })).not.toBeNull();
    expect(log.filter((e) => e.msg === "inverter connected").length).toBe(2);
  });

  it("finds an inverter that was not there when the gateway started", async () => {
    const sim = new SimulatedMe3000sp({ socPct: 81 });
    const probe = serveModbusTcp(sim);
    const port = probe.port;
    probe.close();
    const device = ModbusDevice.tcp(ME3000SP, "127.0.0.1", port, { timeoutMs: 300, retries: 0 });
    cleanup.push(() => device.close());
    await expect(device.read()).rejects.toThrow(/cannot reach the inverter|not reachable/);
    const server = serveModbusTcp(sim, port);
    cleanup.push(() => server.close());
    await until(async () => (await device.read().catch(() => null))?.socPct === 81, 15_000, 200);
  });
});
