/**
 * The ME3000SP profile over Modbus RTU through a socat pseudo-terminal pair: the driver on one
 * end, the simulated inverter on the other, 9600 8N1 as on the real serial line.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ModbusDevice } from "../../../app/gateway/modbus_device.ts";
import { answerLength, modbusCrc, serveModbusRtu } from "../../../app/gateway/rtu.ts";
import { SimulatedMe3000sp } from "../../../app/gateway/sim_me3000sp.ts";
import { ME3000SP } from "../../../lib/control/profiles.ts";
import { type PtyPair, ptyPair } from "./pty_pair.ts";

let line: PtyPair;
const sim = new SimulatedMe3000sp({ socPct: 71, loadW: 900, pvW: 0 });
let inverter: { close(): void };
let device: ModbusDevice;

beforeAll(async () => {
  line = await ptyPair(await Deno.makeTempDir());
  inverter = await serveModbusRtu(sim, line.inverter);
  device = ModbusDevice.rtu(ME3000SP, line.gateway, { timeoutMs: 1000, retries: 1 });
});
afterAll(async () => {
  await device?.close();
  inverter?.close();
  await line?.close();
});

describe("Sofar ME3000SP over Modbus RTU (socat pseudo-terminals)", () => {
  it("computes Modbus CRCs as the standard's example does", () => {
    // "01 03 00 00 00 01" → CRC 0x0A84, sent as 84 0A.
    expect(modbusCrc(new Uint8Array([0x01, 0x03, 0x00, 0x00, 0x00, 0x01]))).toBe(0x0a84);
    // "01 03 00 00 00 0A" (read ten registers) → C5 CD, the other common example.
    const crc = modbusCrc(new Uint8Array([0x01, 0x03, 0x00, 0x00, 0x00, 0x0a]));
    expect([crc & 0xff, crc >> 8]).toEqual([0xc5, 0xcd]);
  });

  it("cuts answers by their length: a read by its byte count, 0x42 and 0x49 as 7 bytes", () => {
    // 38 registers: 3 + 76 + 2 bytes, known once the third byte has come.
    expect(answerLength(new Uint8Array([1, 0x03]), 8)).toBe(0);
    expect(answerLength(new Uint8Array([1, 0x03, 76]), 8)).toBe(81);
    // The passive-mode answer is a byte count (2) and the status word, not an echo of 8 bytes.
    expect(answerLength(new Uint8Array([1, 0x42, 2]), 8)).toBe(7);
    expect(answerLength(new Uint8Array([1, 0x49, 2]), 8)).toBe(7);
    expect(answerLength(new Uint8Array([1, 0xc2]), 8)).toBe(5); // an exception
    expect(answerLength(new Uint8Array([1, 0x06]), 8)).toBe(8); // a write's echo
    // Write multiple (0x10) of 2 registers: a 13-byte request, an 8-byte answer (address and
    // quantity, no data): never the request's length.
    expect(answerLength(new Uint8Array([1, 0x10]), 13)).toBe(8);
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
    expect((await device.command({ kind: "charge", w: 2200 }))?.status).toBe("accepted");
    expect((await device.command({ kind: "standby" }))?.status).toBe("accepted");
    expect(sim.commands.map((c) => [c.address, c.value])).toEqual([[0x0102, 2200], [
      0x0100,
      0x5555,
    ]]);
    expect((await device.read()).status).toBe("standby");
  });

  it("sends the heartbeat and reads a refusal's status word over the serial line", async () => {
    expect(await device.heartbeat()).toBe(true);
    expect(sim.heartbeats).toHaveLength(1);
    sim.state.passive = false;
    const refused = await device.command({ kind: "discharge", w: 1000 }).catch((e) => e);
    expect(refused.status).toBe("notPassive");
    sim.state.passive = true;
    // Everything the simulated inverter answered on this line, in order.
    expect(sim.answers.map((a) => [a.fc, a.status])).toEqual([
      [0x42, 0],
      [0x42, 0],
      [0x49, 0],
      [0x42, 1],
    ]);
  });
});
