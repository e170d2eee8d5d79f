/**
 * What the simulated Modbus chargers (`sim_alfen.ts`, `sim_abb_terra.ts`) share: a clock a test
 * moves by hand (no real waiting), the car at the socket, and the Modbus framing of answers and
 * exceptions (Modbus Application Protocol Specification v1.1b3: §6.3 read holding registers,
 * §6.6 write single register, §6.12 write multiple registers, §7 exception responses).
 */

/** A clock for simulators: real time by default, or moved by hand in tests. */
export class ManualClock {
  constructor(public nowMs = 0) {}
  now = (): number => this.nowMs;
  advance(ms: number): void {
    this.nowMs += ms;
  }
}

/** The car at the socket: it draws min(offered, its own maximum) on its 1 or 3 phases. */
export interface SimCar {
  plugged: boolean;
  /** The most its onboard charger takes per phase (A). */
  maxA: number;
  /** Phases of its onboard charger. */
  phases: 1 | 3;
  /** Full (or its own timer): it takes nothing although current is offered. */
  full: boolean;
}

export const ILLEGAL_FUNCTION = 0x01;
export const ILLEGAL_DATA_ADDRESS = 0x02;
export const ILLEGAL_DATA_VALUE = 0x03;
export const GATEWAY_TARGET_FAILED = 0x0b;

/** The exception answer: the function code with its high bit set, then the code (§7). */
export function exception(functionCode: number, code: number): Uint8Array {
  return new Uint8Array([functionCode | 0x80, code]);
}

/** The answer to 0x03: byte count, then each register high byte first (§6.3). */
export function readAnswer(words: number[]): Uint8Array {
  const out = new Uint8Array(2 + words.length * 2);
  out[0] = 0x03;
  out[1] = words.length * 2;
  words.forEach((w, i) => {
    out[2 + 2 * i] = (w >> 8) & 0xff;
    out[3 + 2 * i] = w & 0xff;
  });
  return out;
}

/** A request PDU taken apart: what a Modbus server needs of 0x03, 0x06 and 0x10. */
export type Request =
  | { fc: 0x03; address: number; count: number }
  | { fc: 0x06; address: number; words: [number] }
  | { fc: 0x10; address: number; count: number; words: number[] }
  | { fc: number; malformed: true };

export function parseRequest(pdu: Uint8Array): Request {
  const fc = pdu[0];
  const word = (at: number) => (pdu[at] << 8) | pdu[at + 1];
  if (fc === 0x03 && pdu.length === 5) return { fc, address: word(1), count: word(3) };
  if (fc === 0x06 && pdu.length === 5) return { fc, address: word(1), words: [word(3)] };
  if (fc === 0x10 && pdu.length >= 6) {
    const count = word(3);
    const byteCount = pdu[5];
    if (byteCount !== count * 2 || pdu.length !== 6 + byteCount) return { fc, malformed: true };
    const words = Array.from({ length: count }, (_, i) => word(6 + 2 * i));
    return { fc, address: word(1), count, words };
  }
  return { fc, malformed: true };
}

/** The normal answer to a write: 0x06 echoes address and value, 0x10 address and quantity. */
export function writeAnswer(pdu: Uint8Array): Uint8Array {
  return pdu.slice(0, 5);
}
