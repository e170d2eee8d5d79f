/**
 * Device profiles: what a device lets us read (registers, scale, sign) and the few commands it
 * allows. A driver can only send what its profile lists — there is no "write any register".
 */
import type { Command } from "./decide.ts";

export interface RegisterSpec {
  name:
    | "runningState"
    | "batteryW"
    | "socPct"
    | "gridW"
    | "loadW"
    | "pvW"
    | "chargedTodayKWh"
    | "dischargedTodayKWh"
    | PvRegisterName;
  address: number;
  signed: boolean;
  /** 2 for an unsigned 32-bit value in two registers, the high word first (default 1). */
  words?: 1 | 2;
  /** Multiply the raw register by this to get the unit in the name. */
  scale: number;
  /** −1 where the device counts the other way round than the app (charging +, import +). */
  sign: 1 | -1;
}

/** The PV registers a battery inverter may have (what its CTpv meter of a PV inverter counts). */
export type PvRegisterName = "pvTodayKWh" | "pvTotalKWh";

export interface CommandSpec {
  functionCode: number;
  address: number;
  /** A fixed value, or `"watts"` for the command's power. */
  value: number | "watts";
  maxW?: number;
}

/** A frame the device needs now and then to stay under remote control. */
export interface KeepAliveSpec {
  functionCode: number;
  address: number;
  value: number;
  /** Sent at least this often (and once at start). */
  everyMs: number;
}

export interface DeviceProfile {
  id: string;
  name: string;
  unitId: number;
  /** One contiguous block of holding registers (function 0x03) holding every read. */
  block: { start: number; count: number };
  reads: RegisterSpec[];
  commands: Record<Command["kind"], CommandSpec>;
  keepAlive?: KeepAliveSpec;
  /** Running-state values and what they mean. */
  states: Record<number, DeviceStatus>;
}

export type DeviceStatus = "standby" | "charging" | "discharging" | "fault" | "other";

/**
 * Sofar ME3000SP in passive mode (reference §6): reads from 0x0200, commands through the
 * proprietary function 0x42. Signs are the app's: battery charging positive, grid import
 * positive; the profile says where the device counts the other way.
 */
export const ME3000SP: DeviceProfile = {
  id: "sofar-me3000sp",
  name: "Sofar ME3000SP",
  unitId: 1,
  block: { start: 0x0200, count: 0x26 },
  reads: [
    { name: "runningState", address: 0x0200, signed: false, scale: 1, sign: 1 },
    { name: "batteryW", address: 0x020d, signed: true, scale: 10, sign: 1 },
    { name: "socPct", address: 0x0210, signed: false, scale: 1, sign: 1 },
    // The inverter reports export as positive grid power.
    { name: "gridW", address: 0x0212, signed: true, scale: 10, sign: -1 },
    { name: "loadW", address: 0x0213, signed: false, scale: 10, sign: 1 },
    { name: "pvW", address: 0x0215, signed: false, scale: 10, sign: 1 },
    { name: "chargedTodayKWh", address: 0x0224, signed: false, scale: 0.01, sign: 1 },
    { name: "dischargedTodayKWh", address: 0x0225, signed: false, scale: 0.01, sign: 1 },
    // PV: today's production (×10 Wh, back to 0 at the inverter's midnight) and the lifetime
    // total (U32 kWh, high word first): the daily one is the quarter-hours' counter, the
    // lifetime one a coarse check (reference §6). Read only, like everything here.
    { name: "pvTodayKWh", address: 0x0218, signed: false, scale: 0.01, sign: 1 },
    { name: "pvTotalKWh", address: 0x021c, signed: false, scale: 1, sign: 1, words: 2 },
  ],
  commands: {
    standby: { functionCode: 0x42, address: 0x0100, value: 0x5555 },
    discharge: { functionCode: 0x42, address: 0x0101, value: "watts", maxW: 3000 },
    charge: { functionCode: 0x42, address: 0x0102, value: "watts", maxW: 3000 },
    auto: { functionCode: 0x42, address: 0x0103, value: 0 },
  },
  // The passive-mode heartbeat: "1 beat/second quickest and 1 beat/min at least".
  keepAlive: { functionCode: 0x49, address: 0x2201, value: 0x2202, everyMs: 20_000 },
  states: {
    0: "standby",
    1: "other",
    2: "charging",
    3: "other",
    4: "discharging",
    5: "other",
    6: "fault",
    7: "fault",
  },
};

/** The values read; the PV ones only from a profile that has them. */
export type DeviceReading =
  & Record<Exclude<RegisterSpec["name"], PvRegisterName>, number>
  & Partial<Record<PvRegisterName, number>>
  & { status: DeviceStatus };

/** The profile's values from a block of raw registers. */
export function decodeBlock(profile: DeviceProfile, registers: number[]): DeviceReading {
  const reading = {} as DeviceReading;
  for (const spec of profile.reads) {
    const at = spec.address - profile.block.start;
    let raw = spec.words === 2 ? registers[at] * 0x10000 + registers[at + 1] : registers[at];
    if (spec.signed && spec.words !== 2 && raw >= 0x8000) raw -= 0x10000;
    // `+ 0` turns a negated zero into a plain one.
    reading[spec.name] = Math.round(raw * spec.scale * spec.sign * 1000) / 1000 + 0;
  }
  reading.status = profile.states[reading.runningState] ?? "other";
  return reading;
}

/** The frame body of a command: function code, address and value, within the profile's limits. */
export function encodeCommand(
  profile: DeviceProfile,
  command: Command,
): { functionCode: number; bytes: number[] } {
  const spec = profile.commands[command.kind];
  const watts = "w" in command ? Math.max(0, Math.min(Math.round(command.w), spec.maxW ?? 0)) : 0;
  const value = spec.value === "watts" ? watts : spec.value;
  return {
    functionCode: spec.functionCode,
    bytes: [spec.address >> 8, spec.address & 0xff, value >> 8, value & 0xff],
  };
}

/** What the ME3000SP says of a passive-mode command or heartbeat (the low byte of its status). */
export type CommandStatus = "accepted" | "notPassive" | "crcFailed" | "busy" | "invalidData";

export interface CommandAnswer {
  status: CommandStatus;
  /** The high byte: what the battery allows now. */
  chargeEnabled: boolean;
  dischargeEnabled: boolean;
  full: boolean;
  flat: boolean;
}

const STATUSES: Record<number, CommandStatus> = {
  0: "accepted",
  1: "notPassive",
  2: "crcFailed",
  3: "busy",
  4: "invalidData",
};

/**
 * Reads the answer to function 0x42 or 0x49 (Sofar "ME3000SP Passive mode protocol"): after the
 * slave address and function code come a byte count (2) and the status word, high byte first.
 * `data` starts at the byte count. An answer of another shape is an error, never "accepted".
 */
export function decodeCommandAnswer(data: ArrayLike<number>): CommandAnswer {
  if (data.length !== 3 || data[0] !== 2) {
    throw new Error(
      `unexpected answer to a passive-mode command: ${
        Array.from(data, (b) => b.toString(16)).join(" ")
      }`,
    );
  }
  const [hi, lo] = [data[1], data[2]];
  const status = STATUSES[lo];
  if (!status) throw new Error(`unknown passive-mode status ${lo}`);
  return {
    status,
    chargeEnabled: (hi & 0b0001) !== 0,
    dischargeEnabled: (hi & 0b0010) !== 0,
    full: (hi & 0b0100) !== 0,
    flat: (hi & 0b1000) !== 0,
  };
}

/** The frame body of the profile's keep-alive, if it has one. */
export function encodeKeepAlive(
  profile: DeviceProfile,
): { functionCode: number; bytes: number[] } | null {
  const k = profile.keepAlive;
  if (!k) return null;
  return {
    functionCode: k.functionCode,
    bytes: [k.address >> 8, k.address & 0xff, k.value >> 8, k.value & 0xff],
  };
}
