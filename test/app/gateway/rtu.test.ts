/**
 * The ME3000SP profile over Modbus RTU through a socat pseudo-terminal pair: the driver on one
 * end, the simulated inverter on the other, 9600 8N1 as on the real serial line.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ModbusDevice } from "../../../app/gateway/modbus_device.ts";
import { modbusCrc, serveModbusRtu } from "../../../app/gateway/rtu.ts";
import { SimulatedMe3000sp } from "../../../app/gateway/sim_me3000sp.ts";
import { ME3000SP } from "../../../lib/control/profiles.ts";

let socat: Deno.ChildProcess;
let dir = "";
const sim = new SimulatedMe3000sp({ socPct: 71, loadW: 900, pvW: 0 });
let inverter: { close(): void };
let device: ModbusDevice;

beforeAll(async () => {
  dir = await Deno.makeTempDir();
  socat = new Deno.Command("socat", {
    args: ["-d", "-d", `pty,raw,echo=0,link=${dir}/gateway`, `pty,raw,echo=0,link=${dir}/inverter`],
    stdout: "null",
    stderr: "piped",
  }).spawn();
  for (let i = 0; i < 100; i++) {
    try {
      await Deno.stat(`${dir}/inverter`);
      await Deno.stat(`${dir}/gateway`);
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  inverter = await serveModbusRtu(sim, `${dir}/inverter`);
  device = await ModbusDevice.rtu(ME3000SP, `${dir}/gateway`, { timeoutMs: 1000, retries: 1 });
});
afterAll(async () => {
  await device?.close();
  inverter?.close();
  socat?.kill("SIGTERM");
  await socat?.stderr.cancel();
  await socat?.status;
});

describe("Sofar ME3000SP over Modbus RTU (socat pseudo-terminals)", () => {
  it("computes Modbus CRCs as the standard's example does", () => {
    // "01 03 00 00 00 01" → CRC 0x0A84, sent as 84 0A.
    expect(modbusCrc(new Uint8Array([0x01, 0x03, 0x00, 0x00, 0x00, 0x01]))).toBe(0x0a84);
    // "01 03 00 00 00 0A" (read ten registers) → C5 CD, the other common example.
    const crc = modbusCrc(new Uint8Array([0x01, 0x03, 0x00, 0x00, 0x00, 0x0a]));
    expect([crc & 0xff, crc >> 8]).toEqual([0xc5, 0xcd]);
  });

  it("reads the register block and sends passive-mode commands", async () => {
    const reading = await device.read();
    expect(reading).toMatchObject({
      socPct: 71,
      loadW: 900,
      batteryW: -900,
      gridW: 0,
      status: "discharging",
    });
    await device.command({ kind: "charge", w: 2200 });
    await device.command({ kind: "standby" });
    expect(sim.commands.map((c) => [c.address, c.value])).toEqual([[0x0102, 2200], [
      0x0100,
      0x5555,
    ]]);
    expect((await device.read()).status).toBe("standby");
  });
});
