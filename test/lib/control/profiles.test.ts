/**
 * The ME3000SP profile's frames against Sofar's "ME3000SP Passive mode protocol": the worked
 * example requests of the PDF (their CRCs included), and its status word.
 */
import { describe, expect, it } from "vitest";
import { modbusCrc } from "../../../app/gateway/rtu.ts";
import {
  decodeCommandAnswer,
  encodeCommand,
  encodeKeepAlive,
  ME3000SP,
} from "../../../lib/control/profiles.ts";

/** The whole RTU request: slave, function, the body, CRC low byte first. */
function rtu(functionCode: number, bytes: number[]): string {
  const frame = [ME3000SP.unitId, functionCode, ...bytes];
  const crc = modbusCrc(new Uint8Array(frame));
  return [...frame, crc & 0xff, crc >> 8].map((b) => b.toString(16).padStart(2, "0")).join(" ");
}

describe("the ME3000SP profile", () => {
  it("builds the PDF's example frames", () => {
    const frame = (command: Parameters<typeof encodeCommand>[1]) => {
      const { functionCode, bytes } = encodeCommand(ME3000SP, command);
      return rtu(functionCode, bytes);
    };
    expect(frame({ kind: "standby" })).toBe("01 42 01 00 55 55 87 56");
    expect(frame({ kind: "discharge", w: 500 })).toBe("01 42 01 01 01 f4 29 ee");
    expect(frame({ kind: "discharge", w: 3000 })).toBe("01 42 01 01 0b b8 2e bb");
    expect(frame({ kind: "charge", w: 1000 })).toBe("01 42 01 02 03 e8 d9 47");
    expect(frame({ kind: "charge", w: 2000 })).toBe("01 42 01 02 07 d0 da 55");
    const heartbeat = encodeKeepAlive(ME3000SP)!;
    expect(rtu(heartbeat.functionCode, heartbeat.bytes)).toBe("01 49 22 01 22 02 1e dd");
    expect(ME3000SP.keepAlive!.everyMs).toBeLessThanOrEqual(30_000);
  });

  it("reads the status word: the low byte's code and the high byte's flags", () => {
    // Byte count 2, then Hi (charge + discharge enabled), Lo 0: accepted.
    expect(decodeCommandAnswer([0x02, 0b0011, 0x00])).toEqual({
      status: "accepted",
      chargeEnabled: true,
      dischargeEnabled: true,
      full: false,
      flat: false,
    });
    expect(decodeCommandAnswer([0x02, 0b0110, 0x01]).status).toBe("notPassive");
    expect(decodeCommandAnswer([0x02, 0, 0x02]).status).toBe("crcFailed");
    const busy = decodeCommandAnswer([0x02, 0b0110, 0x03]);
    expect(busy).toMatchObject({ status: "busy", full: true, chargeEnabled: false });
    expect(decodeCommandAnswer([0x02, 0b1001, 0x04])).toMatchObject({
      status: "invalidData",
      flat: true,
    });
  });

  it("refuses an answer of any other shape, such as the echo a plain write would give", () => {
    // An echo of "01 42 01 02 03 E8" reads as address, value: never as "accepted".
    expect(() => decodeCommandAnswer([0x01, 0x02, 0x03, 0xe8])).toThrow(/unexpected answer/);
    expect(() => decodeCommandAnswer([0x02, 0x00, 0x09])).toThrow(/unknown passive-mode status 9/);
  });
});
