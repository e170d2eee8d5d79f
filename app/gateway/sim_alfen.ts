/**
 * A simulated Alfen Eve (NG9xx platform) for tests and `--simulate`, written from Alfen's
 * "Implementation of Modbus Slave TCP/IP for Alfen NG9xx platform" (Alfen ICU, T. Nederlof,
 * version 2.3, 30-10-2020), not from our driver:
 *
 * - §1: Modbus TCP on port 502; station registers on slave address 200, socket registers on 1
 *   (2 for a double station's right socket); everything big-endian; the connection of a master
 *   that sends nothing for 60 s is closed.
 * - §1.1: supported functions 0x03, 0x06 and 0x10; "Allow writing maximum currents"; the
 *   validity time (default 60 s) after which the station falls back to the safe current.
 * - §1.2: reading several contiguous registers at once; a reserved or unavailable register reads
 *   0xFFFF (NaN); strings hold two ASCII characters a register and end with a zero.
 * - §1.3: a value that spans registers must be written whole in one request, otherwise the
 *   write "will be denied, and a Modbus error will be returned".
 * - §1.3.1: writing the maximum current resets its remaining valid time to the validity time;
 *   a maximum current not rewritten in time gives way to the safe current.
 * - §3.1–3.2 (table "Product identification registers", "Station status registers", slave 200)
 *   and §3.4 (table "Socket measurement registers", slave 1): voltages 306–311, currents
 *   320–325, real power 338–345, real energy delivered 362–377 (FLOAT64 Wh), availability
 *   1200, Mode 3 state 1201–1205, actual applied max current 1206, remaining valid time 1208,
 *   Modbus slave max current 1210 (R/W), safe current 1212, setpoint accounted for 1214,
 *   charge using 1 or 3 phases 1215 (R/W, 1 or 3; "Allow 1- and 3-phased charging", §2.1);
 *   §3.4.1 the Mode 3 states.
 *
 * Where the document is silent the simulator follows the Modbus standard (Modbus Application
 * Protocol v1.1b3 §7): an address outside the tables, or a write to a read-only register, is
 * answered with exception 2 (illegal data address); a partial write of a 32-bit value and a
 * value out of range with 3 (illegal data value); a function it does not support, or a write
 * while writing is not allowed, with 1 (illegal function); an unknown slave address with 0x0B.
 *
 * The car draws min(applied max current, its own maximum) on 1 or 3 phases; energy follows the
 * clock, which a test moves by hand (`ManualClock`). Registers of the tables the simulator does
 * not model (the SCN table, a second socket) read as unavailable, 0xFFFF, as §1.2 allows.
 */
import { encodeString, encodeValue } from "../../lib/control/ev/charger_profiles.ts";
import type { ServedDevice } from "./sim_me3000sp.ts";
import {
  exception,
  GATEWAY_TARGET_FAILED,
  ILLEGAL_DATA_ADDRESS,
  ILLEGAL_DATA_VALUE,
  ILLEGAL_FUNCTION,
  parseRequest,
  readAnswer,
  type SimCar,
  writeAnswer,
} from "./sim_charger.ts";

const STATION = 200;
/** The document's tables, per slave address: first and last register. */
const STATION_TABLES: [number, number][] = [[100, 178], [1100, 1105], [1400, 1431]];
const SOCKET_TABLES: [number, number][] = [[300, 425], [1200, 1215]];
const MAX_READ = 125;
/** §1: a master's connection is closed after this long without a read or write. */
const KEEP_ALIVE_MS = 60_000;

export interface AlfenOptions {
  now?: () => number;
  validityTimeS?: number;
  safeCurrentA?: number;
  /** The station's own most (1100, "Station Active Max Current"). */
  stationMaxA?: number;
  allowWriting?: boolean;
  /** "Allow 1- and 3-phased charging" (§2.1). */
  allow1p3p?: boolean;
  sockets?: 1 | 2;
  voltageV?: number;
  car?: Partial<SimCar>;
}

export class SimulatedAlfen implements ServedDevice {
  readonly now: () => number;
  readonly validityTimeS: number;
  safeCurrentA: number;
  stationMaxA: number;
  allowWriting: boolean;
  allow1p3p: boolean;
  readonly sockets: 1 | 2;
  voltageV: number;
  car: SimCar;
  /** 1210–1211: the last maximum current written, and when (`null` until written). */
  setpoint: { a: number; atMs: number } | null = null;
  /** 1215: charge using 1 or 3 phases. */
  phases: 1 | 3 = 3;
  availability: 0 | 1 = 1;
  /** Real energy delivered (Wh). */
  energyWh = 0;
  /** Every write accepted, in order. */
  readonly writes: { unitId: number; address: number; words: number[]; atMs: number }[] = [];
  /** Every request's function code, address and the exception it got (0: none). */
  readonly requests: { unitId: number; fc: number; address: number; exception: number }[] = [];
  #settledAtMs: number;
  #lastRequestAtMs: number;
  #drop: () => void = () => {};

  constructor(options: AlfenOptions = {}) {
    this.now = options.now ?? Date.now;
    this.validityTimeS = options.validityTimeS ?? 60;
    this.safeCurrentA = options.safeCurrentA ?? 6;
    this.stationMaxA = options.stationMaxA ?? 32;
    this.allowWriting = options.allowWriting ?? true;
    this.allow1p3p = options.allow1p3p ?? true;
    this.sockets = options.sockets ?? 1;
    this.voltageV = options.voltageV ?? 230;
    this.car = { plugged: true, maxA: 16, phases: 3, full: false, ...options.car };
    this.#settledAtMs = this.now();
    this.#lastRequestAtMs = this.now();
  }

  attach(dropConnections: () => void): void {
    this.#drop = dropConnections;
  }

  /** Whether the written maximum current is still valid (§1.3.1). */
  setpointValid(): boolean {
    return this.setpoint !== null &&
      this.now() - this.setpoint.atMs < this.validityTimeS * 1000;
  }

  /** 1208: seconds left before the fall back to the safe current. */
  validRemainingS(): number {
    if (!this.setpoint || !this.setpointValid()) return 0;
    return Math.ceil(this.validityTimeS - (this.now() - this.setpoint.atMs) / 1000);
  }

  /** 1206: the actual applied max current — the valid setpoint, else the safe current. */
  appliedMaxA(): number {
    const wanted = this.setpointValid() ? this.setpoint!.a : this.safeCurrentA;
    return this.availability === 0 ? 0 : Math.min(this.stationMaxA, wanted);
  }

  /** What the car draws per phase now (A) and on how many phases. */
  draw(): { a: number; phases: 1 | 3 } {
    const offered = this.appliedMaxA();
    const phases = this.car.phases === 1 || this.phases === 1 ? 1 : 3;
    if (!this.car.plugged || this.car.full || offered < 6) return { a: 0, phases };
    return { a: Math.min(offered, this.car.maxA), phases };
  }

  /** §3.4.1: A unplugged; B1/C1 no PWM (under 6 A offered); B2 offered, not taken; C2 charging. */
  mode3State(): string {
    if (!this.car.plugged) return "A";
    if (this.availability === 0) return "F";
    if (this.appliedMaxA() < 6) return this.car.full ? "B1" : "C1";
    return this.car.full ? "B2" : "C2";
  }

  powerW(): number {
    const { a, phases } = this.draw();
    return a * this.voltageV * phases;
  }

  /** Energy follows the power since the clock last moved. */
  #settle(): void {
    const now = this.now();
    this.energyWh += (this.powerW() * Math.max(0, now - this.#settledAtMs)) / 3_600_000;
    this.#settledAtMs = now;
  }

  /**
   * Lets the clock's time pass: energy counted with the power before any change, and a master
   * silent for 60 s has its connection closed (§1). Call after moving a manual clock.
   */
  tick(): void {
    this.#settle();
    if (this.now() - this.#lastRequestAtMs >= KEEP_ALIVE_MS) {
      this.#lastRequestAtMs = this.now();
      this.#drop();
    }
  }

  /** Changes the car (plugs it in, fills it…) after counting the energy so far. */
  setCar(car: Partial<SimCar>): void {
    this.#settle();
    this.car = { ...this.car, ...car };
  }

  #socketRegisters(): Map<number, number> {
    const r = new Map<number, number>();
    const put = (address: number, words: number[]) =>
      words.forEach((w, i) => r.set(address + i, w));
    const f32 = (v: number) => encodeValue("float32", v, "big");
    const { a, phases } = this.draw();
    const currents = [a, phases === 3 ? a : 0, phases === 3 ? a : 0];
    put(300, [0x03]); // meter state: initialised and updated
    put(305, [0]); // meter type: RTU
    for (let i = 0; i < 3; i++) {
      put(306 + 2 * i, f32(this.voltageV));
      put(320 + 2 * i, f32(currents[i]));
      put(338 + 2 * i, f32(currents[i] * this.voltageV));
      put(
        362 + 4 * i,
        encodeValue("float64", (this.energyWh * currents[i]) / (a * phases || 1), "big"),
      );
    }
    put(326, f32(currents[0] + currents[1] + currents[2]));
    put(344, f32(this.powerW()));
    put(374, encodeValue("float64", this.energyWh, "big"));
    put(1200, [this.availability]);
    put(1201, encodeString(this.mode3State(), 5));
    put(1206, f32(this.appliedMaxA()));
    put(1208, encodeValue("uint32", this.validRemainingS(), "big"));
    put(1210, f32(this.setpoint ? this.setpoint.a : Number.NaN));
    put(1212, f32(this.safeCurrentA));
    put(1214, [this.setpointValid() ? 1 : 0]);
    put(1215, [this.phases]);
    return r;
  }

  #stationRegisters(): Map<number, number> {
    const r = new Map<number, number>();
    const put = (address: number, words: number[]) =>
      words.forEach((w, i) => r.set(address + i, w));
    put(100, encodeString("ALF_1000", 17));
    put(117, encodeString("Alfen NV", 5));
    put(122, [1]);
    put(140, encodeString("NG910", 17));
    put(1100, encodeValue("float32", this.stationMaxA, "big"));
    put(1105, [this.sockets]);
    return r;
  }

  answer(pdu: Uint8Array, unitId: number): Promise<Uint8Array | null> {
    return Promise.resolve(this.handle(pdu, unitId));
  }

  /** Answers one request PDU for a slave address. */
  handle(pdu: Uint8Array, unitId: number): Uint8Array {
    this.#settle();
    this.#lastRequestAtMs = this.now();
    const request = parseRequest(pdu);
    const address = "address" in request ? request.address : -1;
    const answer = this.#handle(request, unitId, pdu);
    const code = answer[0] & 0x80 ? answer[1] : 0;
    this.requests.push({ unitId, fc: pdu[0], address, exception: code });
    return answer;
  }

  #handle(request: ReturnType<typeof parseRequest>, unitId: number, pdu: Uint8Array): Uint8Array {
    const fc = request.fc;
    if (fc !== 0x03 && fc !== 0x06 && fc !== 0x10) return exception(fc, ILLEGAL_FUNCTION);
    if ("malformed" in request) return exception(fc, ILLEGAL_DATA_VALUE);
    const socket = unitId >= 1 && unitId <= this.sockets;
    if (!socket && unitId !== STATION) return exception(fc, GATEWAY_TARGET_FAILED);
    const tables = socket ? SOCKET_TABLES : STATION_TABLES;
    const count = request.fc === 0x06 ? 1 : request.count;
    const inTables = tables.some(([first, last]) =>
      request.address >= first && request.address + count - 1 <= last
    );
    if (request.fc === 0x03) {
      if (count < 1 || count > MAX_READ) return exception(fc, ILLEGAL_DATA_VALUE);
      if (!inTables) return exception(fc, ILLEGAL_DATA_ADDRESS);
      // Only socket 1 is simulated; a second socket reads as unavailable.
      const registers = unitId === 1
        ? this.#socketRegisters()
        : socket
        ? new Map<number, number>()
        : this.#stationRegisters();
      const words = Array.from(
        { length: count },
        (_, i) => registers.get(request.address + i) ?? 0xffff,
      );
      return readAnswer(words);
    }
    return this.#write(fc, unitId, request.address, request.words, pdu);
  }

  #write(fc: number, unitId: number, address: number, words: number[], pdu: Uint8Array) {
    const end = address + words.length - 1;
    if (unitId !== 1) return exception(fc, ILLEGAL_DATA_ADDRESS);
    const setpoint = address === 1210 && words.length === 2;
    const phases = address === 1215 && words.length === 1;
    if (!setpoint && !phases) {
      // Part of the FLOAT32 (or more than it) is denied (§1.3); the rest is read-only.
      return exception(
        fc,
        address <= 1211 && end >= 1210 ? ILLEGAL_DATA_VALUE : ILLEGAL_DATA_ADDRESS,
      );
    }
    if (!this.allowWriting) return exception(fc, ILLEGAL_FUNCTION);
    if (setpoint) {
      const view = new DataView(new ArrayBuffer(4));
      view.setUint16(0, words[0]);
      view.setUint16(2, words[1]);
      const a = view.getFloat32(0);
      if (!Number.isFinite(a) || a < 0) return exception(fc, ILLEGAL_DATA_VALUE);
      this.setpoint = { a, atMs: this.now() };
    } else {
      const value = words[words.length - 1];
      if ((value !== 1 && value !== 3) || !this.allow1p3p) {
        return exception(fc, ILLEGAL_DATA_VALUE);
      }
      this.phases = value;
    }
    this.writes.push({ unitId, address, words, atMs: this.now() });
    return writeAnswer(pdu);
  }
}
