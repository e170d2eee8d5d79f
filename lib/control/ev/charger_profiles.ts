/**
 * Modbus charger profiles: what a charger lets us read (address, type, word order, scale, unit)
 * and the FEW writes it allows — the current limit and, where the charger switches phases, the
 * number of phases. A driver builds every write with `encodeWrite`, which knows nothing but the
 * profile's writes: there is no "write any register".
 *
 * - **Alfen Eve / NG9xx** — "Implementation of Modbus Slave TCP/IP for Alfen NG9xx platform"
 *   (Alfen ICU, T. Nederlof, v2.3, 30-10-2020): §1 big-endian, port 502, socket registers on
 *   slave address 1 (2 for a double station's right socket); §1.3 a value spanning registers is
 *   written whole in one request; §1.3.1 and §2.2 the maximum current falls back to the safe
 *   current once the validity time (default 60 s) passes without a rewrite; §3.4 the socket
 *   table: voltages 306 (FLOAT32), currents 320, real power sum 344, real energy delivered sum
 *   374 (FLOAT64, Wh), availability 1200, Mode 3 state 1201–1205 (STRING), actual applied max
 *   current 1206, remaining valid time 1208 (UNSIGNED32), Modbus slave max current 1210 (R/W
 *   FLOAT32), safe current 1212, setpoint accounted for 1214, charge using 1 or 3 phases 1215
 *   (R/W UNSIGNED16); §3.4.1 the Mode 3 states A, B1…D2, E, F. Cross-checked against evcc
 *   (charger/alfen.go: the same addresses, big-endian floats, a rewrite every 25 s).
 * - **ABB Terra AC** — "ABB Terra AC wallbox Modbus communication protocol" (TACWB Modbus
 *   Communication, v1.7/v1.11; firmware ≥ 1.6.5): RTU or TCP, function codes 0x03 (read), 0x06
 *   and 0x10 (write); every value big-endian; §4 the register table from 4000h: error code
 *   4008h, socket lock state 400Ah, charging state 400Ch (UNSIGNED32: the state in bits 14–8,
 *   0 A, 1 B1, 2 B2, 3 C1, 4 C2, 5 other), current charging current limit 400Eh (mA), charging
 *   current L1–L3 4010h (mA), voltage L1–L3 4016h (0.1 V), active power 401Ch (W), energy of
 *   the session 401Eh (Wh); set charging current limit 4100h (UNSIGNED32 mA, write only; below
 *   6 A the session pauses); set charging phase 4102h is not supported. Cross-checked against
 *   evcc (charger/abb.go).
 */
import type { ChargerStatus } from "./charger.ts";

export type RegisterType = "uint16" | "uint32" | "float32" | "float64" | "string";

/** Registers each type spans. */
export const REGISTERS_OF: Record<Exclude<RegisterType, "string">, number> = {
  uint16: 1,
  uint32: 2,
  float32: 2,
  float64: 4,
};

/** Where a value spanning registers starts: the high word first (big) or the low word (little). */
export type WordOrder = "big" | "little";

export type ReadName =
  | "voltageL1V"
  | "voltageL2V"
  | "voltageL3V"
  | "currentL1A"
  | "currentL2A"
  | "currentL3A"
  | "powerW"
  | "meterKWh"
  | "sessionKWh"
  | "availability"
  | "mode3State"
  | "appliedMaxA"
  | "validRemainingS"
  | "setpointA"
  | "safeCurrentA"
  | "phases"
  | "errorCode"
  | "socketLock"
  | "chargingState"
  | "offeredA";

export interface ReadSpec {
  name: ReadName;
  address: number;
  type: RegisterType;
  /** Registers of a string. */
  count?: number;
  /** The value in the unit of the name = raw × scale. */
  scale: number;
  unit: "V" | "A" | "W" | "kWh" | "s" | "phases" | "";
}

export type WriteName = "currentLimit" | "phases";

export interface WriteSpec {
  address: number;
  type: "uint16" | "uint32" | "float32";
  /** 0x06 (one register) or 0x10 (several, written whole in one request). */
  functionCode: 0x06 | 0x10;
  /** The register holds the value × scale (ABB: mA per A). */
  scale: number;
  /** The values allowed (in A, or a number of phases); `0` = pause where listed. */
  allowed: { min: number; max: number; also?: number[] } | { only: number[] };
}

export interface ChargerProfile {
  id: string;
  name: string;
  /** Modbus TCP port the charger listens on. */
  port: number;
  /** Slave address (unit id) of the socket. */
  unitId: number;
  wordOrder: WordOrder;
  /** Contiguous blocks read with function 0x03, each at most 125 registers. */
  blocks: { start: number; count: number }[];
  reads: ReadSpec[];
  writes: Partial<Record<WriteName, WriteSpec>>;
  /** The current limit must be written again at least this often (Alfen: validity time). */
  rewriteEveryMs: number | null;
  /** The lowest current a car charges at and the most the charger takes (A). */
  minA: number;
  maxA: number;
  /** The status in the app's words from the decoded values. */
  status(values: DecodedValues): ChargerStatus;
}

export type DecodedValues = Partial<Record<ReadName, number | string | null>>;

/**
 * Alfen Mode 3 states (IEC 61851, document §3.4.1) in the app's words: B1/C1 — a car plugged in
 * and no PWM offered (not yet authorised, or paused by the station); B2 — offered, the car does
 * not take it (full, or its own timer); C2/D2 — charging; E (0 V) and F (−12 V, "an error
 * state") — a fault.
 */
const MODE3: Record<string, ChargerStatus> = {
  A: "standby",
  B1: "carConnected",
  B2: "sleeping",
  C1: "sleeping",
  C2: "charging",
  D1: "sleeping",
  D2: "charging",
  E: "fault",
  F: "fault",
};

export const ALFEN_NG9XX: ChargerProfile = {
  id: "alfen-ng9xx",
  name: "Alfen Eve (NG9xx)",
  port: 502,
  unitId: 1,
  wordOrder: "big",
  blocks: [
    { start: 306, count: 72 }, // 306–377: voltages, currents, power, energy
    { start: 1200, count: 16 }, // 1200–1215: state, applied current, validity, setpoint, phases
  ],
  reads: [
    { name: "voltageL1V", address: 306, type: "float32", scale: 1, unit: "V" },
    { name: "voltageL2V", address: 308, type: "float32", scale: 1, unit: "V" },
    { name: "voltageL3V", address: 310, type: "float32", scale: 1, unit: "V" },
    { name: "currentL1A", address: 320, type: "float32", scale: 1, unit: "A" },
    { name: "currentL2A", address: 322, type: "float32", scale: 1, unit: "A" },
    { name: "currentL3A", address: 324, type: "float32", scale: 1, unit: "A" },
    { name: "powerW", address: 344, type: "float32", scale: 1, unit: "W" },
    // Real energy delivered, sum (Wh as FLOAT64).
    { name: "meterKWh", address: 374, type: "float64", scale: 0.001, unit: "kWh" },
    { name: "availability", address: 1200, type: "uint16", scale: 1, unit: "" },
    { name: "mode3State", address: 1201, type: "string", count: 5, scale: 1, unit: "" },
    { name: "offeredA", address: 1206, type: "float32", scale: 1, unit: "A" },
    { name: "validRemainingS", address: 1208, type: "uint32", scale: 1, unit: "s" },
    { name: "setpointA", address: 1210, type: "float32", scale: 1, unit: "A" },
    { name: "safeCurrentA", address: 1212, type: "float32", scale: 1, unit: "A" },
    { name: "phases", address: 1215, type: "uint16", scale: 1, unit: "phases" },
  ],
  writes: {
    currentLimit: {
      address: 1210,
      type: "float32",
      functionCode: 0x10,
      scale: 1,
      allowed: { min: 6, max: 32, also: [0] },
    },
    phases: {
      address: 1215,
      type: "uint16",
      functionCode: 0x06,
      scale: 1,
      allowed: { only: [1, 3] },
    },
  },
  // Well within the station's validity time (60 s by default, §1.1), as evcc does.
  rewriteEveryMs: 25_000,
  minA: 6,
  maxA: 32,
  status(values) {
    if (values.availability === 0) return "fault"; // 0: inoperative
    const state = typeof values.mode3State === "string" ? values.mode3State : "";
    return MODE3[state] ?? "starting";
  },
};

/** ABB charging state (400Ch, bits 14–8) in the app's words; 5 "other": the session stopped. */
const ABB_STATES: Record<number, ChargerStatus> = {
  0: "standby", // A: idle
  1: "carConnected", // B1: plugged in, pending authorisation
  2: "sleeping", // B2: ready for charging (PWM), the car does not take it
  3: "sleeping", // C1: the car is ready, no PWM (paused)
  4: "charging", // C2: contact closed, energy delivering
};

/** Socket lock state bit: the cable is plugged into the car. */
const ABB_CABLE_IN_CAR = 0x0100;

export const ABB_TERRA_AC: ChargerProfile = {
  id: "abb-terra-ac",
  name: "ABB Terra AC",
  port: 502,
  unitId: 1,
  wordOrder: "big",
  blocks: [{ start: 0x4008, count: 0x18 }], // 4008h–401Fh
  reads: [
    { name: "errorCode", address: 0x4008, type: "uint32", scale: 1, unit: "" },
    { name: "socketLock", address: 0x400a, type: "uint32", scale: 1, unit: "" },
    { name: "chargingState", address: 0x400c, type: "uint32", scale: 1, unit: "" },
    { name: "offeredA", address: 0x400e, type: "uint32", scale: 0.001, unit: "A" },
    { name: "currentL1A", address: 0x4010, type: "uint32", scale: 0.001, unit: "A" },
    { name: "currentL2A", address: 0x4012, type: "uint32", scale: 0.001, unit: "A" },
    { name: "currentL3A", address: 0x4014, type: "uint32", scale: 0.001, unit: "A" },
    { name: "voltageL1V", address: 0x4016, type: "uint32", scale: 0.1, unit: "V" },
    { name: "voltageL2V", address: 0x4018, type: "uint32", scale: 0.1, unit: "V" },
    { name: "voltageL3V", address: 0x401a, type: "uint32", scale: 0.1, unit: "V" },
    { name: "powerW", address: 0x401c, type: "uint32", scale: 1, unit: "W" },
    { name: "sessionKWh", address: 0x401e, type: "uint32", scale: 0.001, unit: "kWh" },
  ],
  writes: {
    // mA; 0 (or anything under 6 A) pauses the session. Not 4105h (start/stop): "stop" also
    // withdraws the authorisation the owner gave in ABB's app.
    currentLimit: {
      address: 0x4100,
      type: "uint32",
      functionCode: 0x10,
      scale: 1000,
      allowed: { min: 6, max: 32, also: [0] },
    },
  },
  rewriteEveryMs: null,
  minA: 6,
  maxA: 32,
  status(values) {
    if (typeof values.errorCode === "number" && values.errorCode !== 0) return "fault";
    const raw = typeof values.chargingState === "number" ? values.chargingState : -1;
    if (raw < 0) return "starting";
    const state = abbChargingState(raw);
    if (state === 5) {
      const lock = typeof values.socketLock === "number" ? values.socketLock : 0;
      return (lock & ABB_CABLE_IN_CAR) !== 0 ? "sleeping" : "standby";
    }
    return ABB_STATES[state] ?? "fault";
  },
};

/** The state code of ABB's 400Ch (bits 14–8; bit 15 is a flag, the rest spare). */
export function abbChargingState(raw: number): number {
  return (raw >>> 8) & 0x7f;
}

export const CHARGER_PROFILES: Record<string, ChargerProfile> = {
  [ALFEN_NG9XX.id]: ALFEN_NG9XX,
  [ABB_TERRA_AC.id]: ABB_TERRA_AC,
};

/** The words of a value (16-bit registers) in the profile's word order. */
export function encodeValue(
  type: Exclude<RegisterType, "string">,
  value: number,
  wordOrder: WordOrder,
): number[] {
  const count = REGISTERS_OF[type];
  const view = new DataView(new ArrayBuffer(count * 2));
  if (type === "uint16") view.setUint16(0, value);
  else if (type === "uint32") view.setUint32(0, value);
  else if (type === "float32") view.setFloat32(0, value);
  else view.setFloat64(0, value);
  const words = Array.from({ length: count }, (_, i) => view.getUint16(i * 2));
  return wordOrder === "big" ? words : words.reverse();
}

/** A value from its words (16-bit registers) in the profile's word order. */
export function decodeValue(
  type: Exclude<RegisterType, "string">,
  words: number[],
  wordOrder: WordOrder,
): number {
  const count = REGISTERS_OF[type];
  if (words.length !== count) throw new Error(`${type} needs ${count} registers`);
  const ordered = wordOrder === "big" ? words : [...words].reverse();
  const view = new DataView(new ArrayBuffer(count * 2));
  ordered.forEach((w, i) => view.setUint16(i * 2, w));
  if (type === "uint16") return view.getUint16(0);
  if (type === "uint32") return view.getUint32(0);
  if (type === "float32") return view.getFloat32(0);
  return view.getFloat64(0);
}

/** ASCII, two characters a register (high byte first), ended by a zero (Alfen §1.2). */
export function decodeString(words: number[]): string {
  let out = "";
  for (const w of words) {
    for (const byte of [w >> 8, w & 0xff]) {
      if (byte === 0) return out;
      out += String.fromCharCode(byte);
    }
  }
  return out;
}

export function encodeString(text: string, count: number): number[] {
  const bytes = [...text].map((c) => c.charCodeAt(0) & 0x7f).slice(0, count * 2 - 1);
  while (bytes.length < count * 2) bytes.push(0);
  return Array.from({ length: count }, (_, i) => (bytes[2 * i] << 8) | bytes[2 * i + 1]);
}

/** A register that reads as NaN / unavailable (Alfen §1.2: 0xFFFF in every register). */
function unavailable(words: number[]): boolean {
  return words.every((w) => w === 0xffff);
}

/**
 * The profile's values from the registers of its blocks (`registers[start]` = the words read
 * from that block). Unavailable values (all 0xFFFF, a float NaN) are `null`.
 */
export function decodeReads(
  profile: ChargerProfile,
  blocks: Map<number, number[]>,
): DecodedValues {
  const values: DecodedValues = {};
  for (const spec of profile.reads) {
    const count = spec.type === "string" ? spec.count ?? 1 : REGISTERS_OF[spec.type];
    const block = profile.blocks.find((b) =>
      spec.address >= b.start && spec.address + count <= b.start + b.count
    );
    const words = block && blocks.get(block.start)?.slice(
      spec.address - block.start,
      spec.address - block.start + count,
    );
    if (!words || words.length !== count) {
      values[spec.name] = null;
      continue;
    }
    if (spec.type === "string") {
      values[spec.name] = unavailable(words) ? null : decodeString(words);
      continue;
    }
    const raw = decodeValue(spec.type, words, profile.wordOrder);
    // A float NaN, or an integer of all ones: not available.
    if (Number.isNaN(raw) || unavailable(words)) {
      values[spec.name] = null;
      continue;
    }
    // Rounded so that float noise (0.1 × 3) does not reach the app.
    values[spec.name] = spec.scale === 1 ? raw : Math.round(raw * spec.scale * 1e6) / 1e6;
  }
  return values;
}

/** The request PDU of one of the profile's writes. */
export interface WriteFrame {
  functionCode: 0x06 | 0x10;
  address: number;
  words: number[];
  /** Function code first: what goes on the line. */
  pdu: number[];
}

/** The profile refuses a write: it is not one of its writes, or the value is not allowed. */
export class WriteNotAllowed extends Error {}

function allowedText(allowed: WriteSpec["allowed"]): string {
  return "only" in allowed
    ? allowed.only.join(" or ")
    : `${allowed.min}–${allowed.max}${
      allowed.also?.length ? ` or ${allowed.also.join(", ")}` : ""
    }`;
}

/**
 * The one way to build a write: one of the profile's writes with an allowed value. Throws
 * `WriteNotAllowed` for any other register or value.
 */
export function encodeWrite(profile: ChargerProfile, name: WriteName, value: number): WriteFrame {
  const spec = Object.hasOwn(profile.writes, name) ? profile.writes[name] : undefined;
  if (!spec) throw new WriteNotAllowed(`${profile.name} has no "${name}" write`);
  const ok = Number.isFinite(value) &&
    ("only" in spec.allowed
      ? spec.allowed.only.includes(value)
      : (value >= spec.allowed.min && value <= spec.allowed.max) ||
        (spec.allowed.also ?? []).includes(value));
  if (!ok) {
    throw new WriteNotAllowed(
      `${name} ${value} is not allowed on ${profile.name} (${allowedText(spec.allowed)})`,
    );
  }
  const raw = spec.type === "float32" ? value * spec.scale : Math.round(value * spec.scale);
  const words = encodeValue(spec.type, raw, profile.wordOrder);
  const { address } = spec;
  const pdu = spec.functionCode === 0x06
    ? [0x06, address >> 8, address & 0xff, words[0] >> 8, words[0] & 0xff]
    : [
      0x10,
      address >> 8,
      address & 0xff,
      0,
      words.length,
      words.length * 2,
      ...words.flatMap((w) => [w >> 8, w & 0xff]),
    ];
  return { functionCode: spec.functionCode, address, words, pdu };
}

/**
 * Checks the answer PDU to a write (Modbus Application Protocol v1.1b3 §6.6 and §6.12): 0x06
 * echoes address and value, 0x10 answers address and quantity — five bytes either way.
 */
export function checkWriteAnswer(frame: WriteFrame, answer: ArrayLike<number>): void {
  const expected = frame.pdu.slice(0, 5);
  const got = Array.from(answer);
  if (got.length !== 5 || got.some((b, i) => b !== expected[i])) {
    throw new Error(
      `unexpected answer to a write at ${frame.address}: ${
        got.map((b) => b.toString(16).padStart(2, "0")).join(" ")
      }`,
    );
  }
}

/** Modbus exception codes (Modbus Application Protocol v1.1b3 §7) in words. */
export const EXCEPTION_WORDS: Record<number, string> = {
  1: "illegal function",
  2: "illegal data address",
  3: "illegal data value",
  4: "server device failure",
  5: "acknowledge",
  6: "server device busy",
  0x0a: "gateway path unavailable",
  0x0b: "gateway target device failed to respond",
};
