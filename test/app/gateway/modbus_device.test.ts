/**
 * The ME3000SP profile driven through modbus-serial against a simulated ME3000SP served as
 * Modbus TCP on loopback: registers read with their scale and sign, passive-mode commands
 * through function 0x42, limits from the profile, rate limiting, and a device that went away.
 */
import { afterEach, describe, expect, it } from "vitest";
import { ModbusDevice } from "../../../app/gateway/modbus_device.ts";
import { serveModbusTcp, SimulatedMe3000sp } from "../../../app/gateway/sim_me3000sp.ts";
import { ME3000SP } from "../../../lib/control/profiles.ts";

let cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const done of cleanup.reverse()) await done();
  cleanup = [];
});

async function connected(sim = new SimulatedMe3000sp()) {
  const server = serveModbusTcp(sim);
  const log: Record<string, unknown>[] = [];
  const device = await ModbusDevice.tcp(ME3000SP, "127.0.0.1", server.port, {
    timeoutMs: 500,
    retries: 1,
    log: (e) => log.push(e),
  });
  cleanup.push(() => server.close(), () => device.close());
  return { sim, server, device, log };
}

describe("Sofar ME3000SP over Modbus TCP", () => {
  it("reads state of charge, battery, grid, load and PV with the profile's scale and sign", async () => {
    const { device } = await connected(
      new SimulatedMe3000sp({ socPct: 63, loadW: 1840, pvW: 300 }),
    );
    const reading = await device.read();
    // Auto mode: the battery covers the 1,540 W deficit, so the grid carries nothing.
    expect(reading).toEqual({
      runningState: 4,
      status: "discharging",
      batteryW: -1540,
      socPct: 63,
      gridW: 0,
      loadW: 1840,
      pvW: 300,
      chargedTodayKWh: 0,
      dischargedTodayKWh: 0,
    });
  });

  it("sends passive-mode commands through function 0x42, capped by the profile", async () => {
    const { sim, device, log } = await connected(new SimulatedMe3000sp({ loadW: 500, pvW: 0 }));
    expect(await device.command({ kind: "charge", w: 1500 })).toBe(true);
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
    expect(log.map((e) => e.result)).toEqual(["ok", "ok", "ok", "ok"]);
  });

  it("does not repeat an unchanged command within the interval", async () => {
    const { sim, device } = await connected();
    expect(await device.command({ kind: "charge", w: 1000 }, 0)).toBe(true);
    expect(await device.command({ kind: "charge", w: 1000 }, 1000)).toBe(false);
    expect(await device.command({ kind: "charge", w: 1200 }, 1500)).toBe(true);
    expect(await device.command({ kind: "charge", w: 1200 }, 7000)).toBe(true);
    expect(sim.commands.length).toBe(3);
  });

  it("moves energy: charging at 2 kW for 15 minutes adds 0.5 kWh", async () => {
    const { sim, device } = await connected(new SimulatedMe3000sp({ socPct: 40, capacityKWh: 5 }));
    await device.command({ kind: "charge", w: 2000 });
    sim.step(900);
    const reading = await device.read();
    expect(reading.socPct).toBe(50); // 0.5 kWh of 5 kWh
    expect(reading.chargedTodayKWh).toBe(0.5);
  });

  it("reports a device that went away after its retries", async () => {
    const { server, device, log } = await connected();
    server.close();
    await expect(device.command({ kind: "standby" })).rejects.toThrow(/^command failed/);
    expect(log.at(-1)).toMatchObject({ msg: "command", result: "failed" });
  });
});
