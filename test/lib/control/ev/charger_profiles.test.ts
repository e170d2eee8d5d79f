/**
 * The Modbus charger profiles against the vendors' documents: values worked out by hand (IEEE 754
 * floats high word first for the Alfen, milliamps as UNSIGNED32 for the ABB), the exact request
 * frames of the few writes, the refusal of anything else, and the states in the app's words.
 */
import { describe, expect, it } from "vitest";
import {
  ABB_TERRA_AC,
  abbChargingState,
  ALFEN_NG9XX,
  checkWriteAnswer,
  decodeReads,
  decodeString,
  decodeValue,
  encodeString,
  encodeValue,
  encodeWrite,
  type WriteName,
  WriteNotAllowed,
} from "../../../../lib/control/ev/charger_profiles.ts";

const hex = (words: number[]) => words.map((w) => w.toString(16).padStart(4, "0")).join(" ");
const bytes = (pdu: number[]) => pdu.map((b) => b.toString(16).padStart(2, "0")).join(" ");

describe("register values", () => {
  it("encodes FLOAT32 high word first (Alfen: big-endian) and low word first when asked", () => {
    // 16 = 1.0 × 2^4: exponent 127 + 4 = 0x83 → 0 10000011 000… = 0x41800000.
    expect(hex(encodeValue("float32", 16, "big"))).toBe("4180 0000");
    expect(hex(encodeValue("float32", 16, "little"))).toBe("0000 4180");
    // 6 = 1.5 × 2^2 → 0x40C00000; 32 = 2^5 → 0x42000000.
    expect(hex(encodeValue("float32", 6, "big"))).toBe("40c0 0000");
    expect(hex(encodeValue("float32", 32, "big"))).toBe("4200 0000");
    // 230.5 = 1.80078125 × 2^7: exponent 0x86, mantissa .11001101 → 0x43668000.
    expect(decodeValue("float32", [0x4366, 0x8000], "big")).toBe(230.5);
    expect(decodeValue("float32", [0x8000, 0x4366], "little")).toBe(230.5);
  });

  it("reads FLOAT64 (Alfen's energy in Wh) and UNSIGNED32 milliamps (ABB)", () => {
    // 1000 = 1.953125 × 2^9: exponent 1023 + 9 = 0x408, mantissa .111101 → 0x408F400000000000.
    expect(decodeValue("float64", [0x408f, 0x4000, 0, 0], "big")).toBe(1000);
    expect(hex(encodeValue("float64", 1000, "big"))).toBe("408f 4000 0000 0000");
    // 16 A = 16,000 mA = 0x00003E80; 70,000 mA = 0x00011170 spans both words.
    expect(hex(encodeValue("uint32", 16_000, "big"))).toBe("0000 3e80");
    expect(decodeValue("uint32", [0x0001, 0x1170], "big")).toBe(70_000);
    expect(decodeValue("uint16", [0x0003], "big")).toBe(3);
  });

  it("reads ASCII strings two characters a register, ended by a zero", () => {
    expect(hex(encodeString("C2", 5))).toBe("4332 0000 0000 0000 0000");
    expect(decodeString([0x4232, 0x0000, 0x4141, 0, 0])).toBe("B2");
    expect(decodeString(encodeString("A", 5))).toBe("A");
  });
});

describe("the Alfen NG9xx profile", () => {
  it("writes the current as FLOAT32 at 1210 in one 0x10 request, phases at 1215 with 0x06", () => {
    const limit = encodeWrite(ALFEN_NG9XX, "currentLimit", 16);
    // 1210 = 0x04BA, 2 registers, 4 bytes, 0x41800000.
    expect(bytes(limit.pdu)).toBe("10 04 ba 00 02 04 41 80 00 00");
    expect(bytes(encodeWrite(ALFEN_NG9XX, "currentLimit", 0).pdu)).toBe(
      "10 04 ba 00 02 04 00 00 00 00",
    );
    // 1215 = 0x04BF.
    expect(bytes(encodeWrite(ALFEN_NG9XX, "phases", 1).pdu)).toBe("06 04 bf 00 01");
    expect(bytes(encodeWrite(ALFEN_NG9XX, "phases", 3).pdu)).toBe("06 04 bf 00 03");
    expect(ALFEN_NG9XX.rewriteEveryMs).toBe(25_000);
    expect([ALFEN_NG9XX.port, ALFEN_NG9XX.unitId]).toEqual([502, 1]);
  });

  it("refuses currents outside 6–32 A (0 pauses), phases other than 1 or 3, and any other register", () => {
    for (const value of [3, 5.9, 32.5, 40, -1, Number.NaN]) {
      expect(() => encodeWrite(ALFEN_NG9XX, "currentLimit", value)).toThrow(WriteNotAllowed);
    }
    expect(() => encodeWrite(ALFEN_NG9XX, "phases", 2)).toThrow(/phases 2 is not allowed.*1 or 3/);
    for (const name of ["validityTime", "safeCurrent", "toString", "__proto__"]) {
      expect(() => encodeWrite(ALFEN_NG9XX, name as WriteName, 60)).toThrow(WriteNotAllowed);
    }
  });

  it("decodes the socket registers and words the Mode 3 states", () => {
    const energy = new Array(72).fill(0);
    const put = (address: number, words: number[]) =>
      words.forEach((w, i) => (energy[address - 306 + i] = w));
    put(306, encodeValue("float32", 230.5, "big"));
    put(308, [0xffff, 0xffff]); // not available: NaN
    put(320, encodeValue("float32", 16, "big"));
    put(344, encodeValue("float32", 3680, "big"));
    put(374, encodeValue("float64", 1_234_500, "big"));
    const state = new Array(16).fill(0);
    state[0] = 1;
    encodeString("C2", 5).forEach((w, i) => (state[1 + i] = w));
    encodeValue("float32", 16, "big").forEach((w, i) => (state[6 + i] = w));
    state[15] = 3;
    const values = decodeReads(ALFEN_NG9XX, new Map([[306, energy], [1200, state]]));
    expect(values).toMatchObject({
      voltageL1V: 230.5,
      voltageL2V: null,
      currentL1A: 16,
      powerW: 3680,
      meterKWh: 1234.5,
      availability: 1,
      mode3State: "C2",
      offeredA: 16,
      phases: 3,
    });
    const word = (mode3State: string, availability = 1) =>
      ALFEN_NG9XX.status({ mode3State, availability });
    expect(["A", "B1", "B2", "C1", "C2", "D2", "E", "F"].map((s) => word(s))).toEqual([
      "standby",
      "carConnected",
      "sleeping",
      "sleeping",
      "charging",
      "charging",
      "fault",
      "fault",
    ]);
    expect(word("C2", 0)).toBe("fault"); // inoperative
    expect(word("")).toBe("starting");
  });
});

describe("the ABB Terra AC profile", () => {
  it("writes the limit in mA as UNSIGNED32 at 4100h with 0x10, and nothing else", () => {
    // 4100h, 2 registers, 4 bytes, 16,000 mA = 0x00003E80.
    expect(bytes(encodeWrite(ABB_TERRA_AC, "currentLimit", 16).pdu)).toBe(
      "10 41 00 00 02 04 00 00 3e 80",
    );
    // 6.5 A = 6,500 mA = 0x1964; 32 A = 0x7D00.
    expect(bytes(encodeWrite(ABB_TERRA_AC, "currentLimit", 6.5).pdu)).toBe(
      "10 41 00 00 02 04 00 00 19 64",
    );
    expect(hex(encodeWrite(ABB_TERRA_AC, "currentLimit", 32).words)).toBe("0000 7d00");
    // Phase switching (4102h) is not supported by the charger: not in the profile.
    expect(() => encodeWrite(ABB_TERRA_AC, "phases", 1)).toThrow(/has no "phases" write/);
    expect(() => encodeWrite(ABB_TERRA_AC, "currentLimit", 33)).toThrow(WriteNotAllowed);
  });

  it("reads the state from bits 14–8 of 400Ch and words it", () => {
    expect(abbChargingState(0x0000_8400)).toBe(4); // C2, bit 15 set
    expect(abbChargingState(0x0000_0400)).toBe(4);
    expect(abbChargingState(0x0000_8000)).toBe(0);
    const word = (state: number, socketLock = 0, errorCode = 0) =>
      ABB_TERRA_AC.status({ chargingState: state << 8, socketLock, errorCode });
    expect([0, 1, 2, 3, 4].map((s) => word(s))).toEqual([
      "standby",
      "carConnected",
      "sleeping",
      "sleeping",
      "charging",
    ]);
    expect(word(5, 0x0111)).toBe("sleeping"); // stopped, the cable still in the car
    expect(word(5, 0x0001)).toBe("standby");
    expect(word(4, 0x0111, 0x0002)).toBe("fault"); // residual current
  });

  it("decodes its block: mA, 0.1 V, W and the session's Wh", () => {
    const block = new Array(0x18).fill(0);
    const put = (address: number, value: number) =>
      encodeValue("uint32", value, "big").forEach((w, i) => (block[address - 0x4008 + i] = w));
    put(0x400c, 0x0400);
    put(0x400e, 16_000);
    put(0x4010, 15_870);
    put(0x4016, 2_301);
    put(0x401c, 3_650);
    put(0x401e, 12_345);
    expect(decodeReads(ABB_TERRA_AC, new Map([[0x4008, block]]))).toMatchObject({
      chargingState: 0x0400,
      offeredA: 16,
      currentL1A: 15.87,
      voltageL1V: 230.1,
      powerW: 3650,
      sessionKWh: 12.345,
    });
  });
});

describe("write answers", () => {
  it("accepts the five-byte echo of 0x10 and 0x06, nothing longer, shorter or different", () => {
    const frame = encodeWrite(ALFEN_NG9XX, "currentLimit", 16);
    expect(() => checkWriteAnswer(frame, [0x10, 0x04, 0xba, 0x00, 0x02])).not.toThrow();
    expect(() => checkWriteAnswer(frame, [0x10, 0x04, 0xba, 0x00, 0x02, 0x00])).toThrow();
    expect(() => checkWriteAnswer(frame, [0x10, 0x04, 0xba, 0x00])).toThrow();
    expect(() => checkWriteAnswer(frame, [0x10, 0x04, 0xbf, 0x00, 0x02])).toThrow();
    const phases = encodeWrite(ALFEN_NG9XX, "phases", 1);
    expect(() => checkWriteAnswer(phases, [0x06, 0x04, 0xbf, 0x00, 0x01])).not.toThrow();
  });
});
