/**
 * A simulated ABB Terra AC wallbox as a Modbus secondary device, for tests and `--simulate`,
 * written from ABB's "Terra AC wallbox Modbus communication protocol" (TACWB Modbus
 * Communication, v1.7; for firmware ≥ 1.6.5), not from our driver:
 *
 * - §2: Modbus RTU on RS485 or Modbus TCP; function codes 0x03 (read holding registers), 0x06
 *   (write single register) and 0x10 (write multiple registers); values big-endian, 32-bit ones
 *   high word first.
 * - §4 register table (read, from 4000h): serial number 4000h, firmware 4004h, max rated/settable
 *   current 4006h (mA), error code 4008h (bits, e.g. 0x0002 residual current, 0x4000 Modbus
 *   communication lost), socket lock state 400Ah (0x0001 cable in the station, 0x0010 locked,
 *   0x0100 cable in the car), charging state 400Ch (UNSIGNED32: the state in bits 14–8 — 0 A
 *   idle, 1 B1 plugged in pending authorisation, 2 B2 ready (PWM), 3 C1 car ready without PWM,
 *   4 C2 charging, 5 other — and in bit 15 a flag, clear only while charging at the rated
 *   current), current charging current limit 400Eh (mA), charging current L1–L3 4010h–4015h
 *   (mA), voltage L1–L3 4016h–401Bh (0.1 V), active power 401Ch (W), energy delivered in the
 *   session 401Eh (Wh), communication timeout 4020h (s).
 * - §4 register table (write, from 4100h; write-only, a read is refused): set charging current
 *   limit 4100h (UNSIGNED32 mA, both registers in one request; under 6 A the session pauses, as
 *   IEC 61851-1 has it), set charging phase 4102h (not supported: refused), lock/unlock socket
 *   cable 4103h, start/stop charging session 4105h, set communication timeout 4106h (s).
 * - §3: the charger judges the line healthy by being polled (any read) within the communication
 *   timeout (60 s by default); otherwise it stops the session and reports "Modbus communication
 *   lost" until a new current limit is written.
 *
 * Refusals follow the Modbus standard (Modbus Application Protocol v1.1b3 §7), the document
 * naming no other codes: 1 illegal function, 2 illegal data address (outside the table, a read
 * of a write-only or a write of a read-only register, the unsupported 4102h), 3 illegal data
 * value (a half-written 32-bit value, a limit above the rated current).
 */
import { encodeValue } from "../../lib/control/ev/charger_profiles.ts";
import type { ServedDevice } from "./sim_me3000sp.ts";
import {
  exception,
  ILLEGAL_DATA_ADDRESS,
  ILLEGAL_DATA_VALUE,
  ILLEGAL_FUNCTION,
  parseRequest,
  readAnswer,
  type SimCar,
  writeAnswer,
} from "./sim_charger.ts";

const READ_FIRST = 0x4000;
const READ_LAST = 0x4021;
const MAX_READ = 125;
export const ABB_COMMUNICATION_LOST = 0x4000;

export interface AbbOptions {
  now?: () => number;
  unitId?: number;
  ratedMaxA?: number;
  /** Phases the wallbox is wired with. */
  wiredPhases?: 1 | 3;
  communicationTimeoutS?: number;
  voltageV?: number;
  car?: Partial<SimCar>;
}

export class SimulatedAbbTerra implements ServedDevice {
  readonly now: () => number;
  readonly unitId: number;
  readonly ratedMaxA: number;
  readonly wiredPhases: 1 | 3;
  communicationTimeoutS: number;
  voltageV: number;
  car: SimCar;
  /** 4100h as last written (mA); the rated current until then. */
  limitMa: number;
  errorCode = 0;
  /** The session stopped: the line went quiet, or 4105h said stop. */
  stopped = false;
  sessionWh = 0;
  readonly writes: { address: number; words: number[]; atMs: number }[] = [];
  readonly requests: { fc: number; address: number; exception: number }[] = [];
  #settledAtMs: number;
  #lastRequestAtMs: number;

  constructor(options: AbbOptions = {}) {
    this.now = options.now ?? Date.now;
    this.unitId = options.unitId ?? 1;
    this.ratedMaxA = options.ratedMaxA ?? 32;
    this.wiredPhases = options.wiredPhases ?? 3;
    this.communicationTimeoutS = options.communicationTimeoutS ?? 60;
    this.voltageV = options.voltageV ?? 230;
    this.car = { plugged: true, maxA: 16, phases: 3, full: false, ...options.car };
    this.limitMa = this.ratedMaxA * 1000;
    this.#settledAtMs = this.now();
    this.#lastRequestAtMs = this.now();
  }

  /** 400Eh: the limit applied now (A). */
  offeredA(): number {
    if (this.stopped) return 0;
    return Math.min(this.limitMa / 1000, this.ratedMaxA);
  }

  draw(): { a: number; phases: 1 | 3 } {
    const phases = this.car.phases === 1 || this.wiredPhases === 1 ? 1 : 3;
    const offered = this.offeredA();
    if (!this.car.plugged || this.car.full || offered < 6) return { a: 0, phases };
    return { a: Math.min(offered, this.car.maxA), phases };
  }

  /** 400Ch's state code. */
  state(): number {
    if (!this.car.plugged) return 0;
    if (this.stopped) return 5;
    if (this.offeredA() < 6) return this.car.full ? 1 : 3;
    return this.car.full ? 2 : 4;
  }

  powerW(): number {
    const { a, phases } = this.draw();
    return a * this.voltageV * phases;
  }

  #settle(): void {
    const now = this.now();
    this.sessionWh += (this.powerW() * Math.max(0, now - this.#settledAtMs)) / 3_600_000;
    this.#settledAtMs = now;
  }

  /**
   * Lets the clock's time pass: energy counted with the power before any change, and a line
   * quiet for longer than the communication timeout stops the session. Call after moving a
   * manual clock; every request does it first too.
   */
  tick(): void {
    this.#settle();
    if (this.now() - this.#lastRequestAtMs > this.communicationTimeoutS * 1000) {
      this.stopped = true;
      this.errorCode |= ABB_COMMUNICATION_LOST;
    }
  }

  /** Changes the car; plugging one in starts a new session (its energy from 0). */
  setCar(car: Partial<SimCar>): void {
    this.#settle();
    const plugging = car.plugged === true && !this.car.plugged;
    this.car = { ...this.car, ...car };
    if (plugging) this.sessionWh = 0;
  }

  #registers(): Map<number, number> {
    const r = new Map<number, number>();
    const u32 = (address: number, value: number) =>
      encodeValue("uint32", Math.round(value), "big").forEach((w, i) => r.set(address + i, w));
    const { a, phases } = this.draw();
    const state = this.state();
    const atRated = state === 4 && a >= this.ratedMaxA;
    u32(0x4000, 0x5431_1000); // serial number (connector T, 11 kW), four registers
    u32(0x4002, 0x0000_0001);
    u32(0x4004, 0x0106_0500); // firmware 1.6.5
    u32(0x4006, this.ratedMaxA * 1000);
    u32(0x4008, this.errorCode);
    u32(0x400a, this.car.plugged ? 0x0111 : 0x0000);
    u32(0x400c, ((atRated ? 0 : 0x80) | state) << 8);
    u32(0x400e, this.offeredA() * 1000);
    const currents = [a, phases === 3 ? a : 0, phases === 3 ? a : 0];
    currents.forEach((c, i) => u32(0x4010 + 2 * i, c * 1000));
    for (let i = 0; i < 3; i++) u32(0x4016 + 2 * i, this.voltageV * 10);
    u32(0x401c, this.powerW());
    u32(0x401e, this.sessionWh);
    r.set(0x4020, this.communicationTimeoutS);
    r.set(0x4021, 0);
    return r;
  }

  answer(pdu: Uint8Array, unitId: number): Promise<Uint8Array | null> {
    // RS485 and TCP alike: another unit's request is not for this wallbox.
    if (unitId !== this.unitId) return Promise.resolve(null);
    return Promise.resolve(this.handle(pdu));
  }

  handle(pdu: Uint8Array): Uint8Array {
    this.tick();
    this.#lastRequestAtMs = this.now();
    const request = parseRequest(pdu);
    const answer = this.#handle(request, pdu);
    this.requests.push({
      fc: pdu[0],
      address: "address" in request ? request.address : -1,
      exception: answer[0] & 0x80 ? answer[1] : 0,
    });
    return answer;
  }

  #handle(request: ReturnType<typeof parseRequest>, pdu: Uint8Array): Uint8Array {
    const fc = request.fc;
    if (fc !== 0x03 && fc !== 0x06 && fc !== 0x10) return exception(fc, ILLEGAL_FUNCTION);
    if ("malformed" in request) return exception(fc, ILLEGAL_DATA_VALUE);
    const { address } = request;
    if (request.fc === 0x03) {
      const { count } = request;
      if (count < 1 || count > MAX_READ) return exception(fc, ILLEGAL_DATA_VALUE);
      if (address < READ_FIRST || address + count - 1 > READ_LAST) {
        return exception(fc, ILLEGAL_DATA_ADDRESS);
      }
      const registers = this.#registers();
      return readAnswer(Array.from({ length: count }, (_, i) => registers.get(address + i) ?? 0));
    }
    const words = request.words;
    if (address === 0x4100 && words.length === 2) {
      const ma = ((words[0] << 16) | words[1]) >>> 0;
      if (ma > this.ratedMaxA * 1000) return exception(fc, ILLEGAL_DATA_VALUE);
      this.limitMa = ma;
      // A new limit is communication again: the session may go on.
      this.errorCode &= ~ABB_COMMUNICATION_LOST;
      this.stopped = false;
    } else if (address === 0x4100 || address === 0x4101) {
      return exception(fc, ILLEGAL_DATA_VALUE); // half of the UNSIGNED32
    } else if (address === 0x4103 && words.length === 1 && words[0] <= 1) {
      // lock/unlock: accepted, the lock is not simulated
    } else if (address === 0x4105 && words.length === 1 && words[0] <= 1) {
      this.stopped = words[0] === 1; // 0 start, 1 stop
    } else if (address === 0x4106 && words.length === 1 && words[0] >= 1) {
      this.communicationTimeoutS = words[0];
    } else if ([0x4103, 0x4105, 0x4106].includes(address) && words.length === 1) {
      return exception(fc, ILLEGAL_DATA_VALUE);
    } else {
      return exception(fc, ILLEGAL_DATA_ADDRESS); // 4102h (phases) included: not supported
    }
    this.writes.push({ address, words, atMs: this.now() });
    return writeAnswer(pdu);
  }
}
