/**
 * A simulated SunSpec PV inverter for tests and `--simulate`, served as Modbus TCP by
 * `serveModbusTcp` (as the other simulators are), written from the published SunSpec documents,
 * not from our driver:
 *
 * - SunSpec Information Model Specification (the SunSpec Modbus map): the marker "SunS"
 *   (0x53756E53) in the two registers at the map's base (40000, 50000 or 0), then models as
 *   (ID, L, L registers), ended by ID 0xFFFF with L 0; two ASCII characters a register, NUL-padded;
 *   values not implemented read int16/sunssf 0x8000, uint16/enum16 0xFFFF, acc32 0, uint32 and
 *   bitfield32 0xFFFFFFFF, uint64 all ones, float32 NaN (0x7FC00000), strings all NUL.
 * - The point lists, transcribed below in their order and sizes, from sunspec/models
 *   json/model_1.json (common), json/model_101.json / model_103.json (inverter, integer + scale
 *   factors; 101 and 103 share the layout), json/model_111.json (inverter, float32),
 *   json/model_160.json (multiple MPPT: 8 fixed points, then N repeating "module" groups of 20),
 *   json/model_701.json (DER AC measurement).
 * - Modbus Application Protocol v1.1b3 §6.3 (read holding registers, 1–125 registers) and §7
 *   (exceptions): an address outside the map is exception 2, a quantity out of 1…125 exception 3,
 *   another function exception 1.
 *
 * Production is a bell (half a sine) from 07:00 to 19:00 Brussels time, from the clock passed in;
 * the lifetime counter is the bell's integral from the simulator's start plus what the inverter
 * made before, so it only grows and is a function of the clock alone (a test moves the clock).
 */
import { dayStartMs, localDayOf } from "../../lib/energy/calendar.ts";
import type { ServedDevice } from "./sim_me3000sp.ts";
import {
  exception,
  ILLEGAL_DATA_ADDRESS,
  ILLEGAL_DATA_VALUE,
  ILLEGAL_FUNCTION,
} from "./sim_charger.ts";

type PointType =
  | "uint16"
  | "int16"
  | "sunssf"
  | "enum16"
  | "count"
  | "acc32"
  | "uint32"
  | "bitfield32"
  | "uint64"
  | "float32"
  | "string"
  | "pad";
/** A point as the JSON model lists it: name, type, size in registers. */
type Point = [string, PointType, number];

const COMMON: Point[] = [
  ["ID", "uint16", 1],
  ["L", "uint16", 1],
  ["Mn", "string", 16],
  ["Md", "string", 16],
  ["Opt", "string", 8],
  ["Vr", "string", 8],
  ["SN", "string", 16],
  ["DA", "uint16", 1],
  ["Pad", "pad", 1],
];

/** Models 101/102/103: the same points (json/model_101.json, model_103.json). */
const INVERTER_INT: Point[] = [
  ["ID", "uint16", 1],
  ["L", "uint16", 1],
  ["A", "uint16", 1],
  ["AphA", "uint16", 1],
  ["AphB", "uint16", 1],
  ["AphC", "uint16", 1],
  ["A_SF", "sunssf", 1],
  ["PPVphAB", "uint16", 1],
  ["PPVphBC", "uint16", 1],
  ["PPVphCA", "uint16", 1],
  ["PhVphA", "uint16", 1],
  ["PhVphB", "uint16", 1],
  ["PhVphC", "uint16", 1],
  ["V_SF", "sunssf", 1],
  ["W", "int16", 1],
  ["W_SF", "sunssf", 1],
  ["Hz", "uint16", 1],
  ["Hz_SF", "sunssf", 1],
  ["VA", "int16", 1],
  ["VA_SF", "sunssf", 1],
  ["VAr", "int16", 1],
  ["VAr_SF", "sunssf", 1],
  ["PF", "int16", 1],
  ["PF_SF", "sunssf", 1],
  ["WH", "acc32", 2],
  ["WH_SF", "sunssf", 1],
  ["DCA", "uint16", 1],
  ["DCA_SF", "sunssf", 1],
  ["DCV", "uint16", 1],
  ["DCV_SF", "sunssf", 1],
  ["DCW", "int16", 1],
  ["DCW_SF", "sunssf", 1],
  ["TmpCab", "int16", 1],
  ["TmpSnk", "int16", 1],
  ["TmpTrns", "int16", 1],
  ["TmpOt", "int16", 1],
  ["Tmp_SF", "sunssf", 1],
  ["St", "enum16", 1],
  ["StVnd", "enum16", 1],
  ["Evt1", "bitfield32", 2],
  ["Evt2", "bitfield32", 2],
  ["EvtVnd1", "bitfield32", 2],
  ["EvtVnd2", "bitfield32", 2],
  ["EvtVnd3", "bitfield32", 2],
  ["EvtVnd4", "bitfield32", 2],
];

/** Model 111/112/113 (json/model_111.json): the same quantities as float32, no scale factors. */
const INVERTER_FLOAT: Point[] = [
  ["ID", "uint16", 1],
  ["L", "uint16", 1],
  ...(
    [
      "A",
      "AphA",
      "AphB",
      "AphC",
      "PPVphAB",
      "PPVphBC",
      "PPVphCA",
      "PhVphA",
      "PhVphB",
      "PhVphC",
      "W",
      "Hz",
      "VA",
      "VAr",
      "PF",
      "WH",
      "DCA",
      "DCV",
      "DCW",
      "TmpCab",
      "TmpSnk",
      "TmpTrns",
      "TmpOt",
    ].map((name): Point => [name, "float32", 2])
  ),
  ["St", "enum16", 1],
  ["StVnd", "enum16", 1],
  ["Evt1", "bitfield32", 2],
  ["Evt2", "bitfield32", 2],
  ["EvtVnd1", "bitfield32", 2],
  ["EvtVnd2", "bitfield32", 2],
  ["EvtVnd3", "bitfield32", 2],
  ["EvtVnd4", "bitfield32", 2],
];

const MPPT_FIXED: Point[] = [
  ["ID", "uint16", 1],
  ["L", "uint16", 1],
  ["DCA_SF", "sunssf", 1],
  ["DCV_SF", "sunssf", 1],
  ["DCW_SF", "sunssf", 1],
  ["DCWH_SF", "sunssf", 1],
  ["Evt", "bitfield32", 2],
  ["N", "count", 1],
  ["TmsPer", "uint16", 1],
];
const MPPT_MODULE: Point[] = [
  ["ID", "uint16", 1],
  ["IDStr", "string", 8],
  ["DCA", "uint16", 1],
  ["DCV", "uint16", 1],
  ["DCW", "uint16", 1],
  ["DCWH", "acc32", 2],
  ["Tms", "uint32", 2],
  ["Tmp", "int16", 1],
  ["DCSt", "enum16", 1],
  ["DCEvt", "bitfield32", 2],
];

const DER_AC: Point[] = [
  ["ID", "uint16", 1],
  ["L", "uint16", 1],
  ["ACType", "enum16", 1],
  ["St", "enum16", 1],
  ["InvSt", "enum16", 1],
  ["ConnSt", "enum16", 1],
  ["Alrm", "bitfield32", 2],
  ["DERMode", "bitfield32", 2],
  ["W", "int16", 1],
  ["VA", "int16", 1],
  ["Var", "int16", 1],
  ["PF", "int16", 1],
  ["A", "int16", 1],
  ["LLV", "uint16", 1],
  ["LNV", "uint16", 1],
  ["Hz", "uint32", 2],
  ["TotWhInj", "uint64", 4],
  ["TotWhAbs", "uint64", 4],
  ["TotVarhInj", "uint64", 4],
  ["TotVarhAbs", "uint64", 4],
  ["TmpAmb", "int16", 1],
  ["TmpCab", "int16", 1],
  ["TmpSnk", "int16", 1],
  ["TmpTrns", "int16", 1],
  ["TmpSw", "int16", 1],
  ["TmpOt", "int16", 1],
  ...["L1", "L2", "L3"].flatMap((p): Point[] => [
    [`W${p}`, "int16", 1],
    [`VA${p}`, "int16", 1],
    [`Var${p}`, "int16", 1],
    [`PF${p}`, "int16", 1],
    [`A${p}`, "int16", 1],
    [p === "L1" ? "VL1L2" : p === "L2" ? "VL2L3" : "VL3L1", "uint16", 1],
    [`V${p}`, "uint16", 1],
    [`TotWhInj${p}`, "uint64", 4],
    [`TotWhAbs${p}`, "uint64", 4],
    [`TotVarhInj${p}`, "uint64", 4],
    [`TotVarhAbs${p}`, "uint64", 4],
  ]),
  ["ThrotPct", "uint16", 1],
  ["ThrotSrc", "bitfield32", 2],
  ["A_SF", "sunssf", 1],
  ["V_SF", "sunssf", 1],
  ["Hz_SF", "sunssf", 1],
  ["W_SF", "sunssf", 1],
  ["PF_SF", "sunssf", 1],
  ["VA_SF", "sunssf", 1],
  ["Var_SF", "sunssf", 1],
  ["TotWh_SF", "sunssf", 1],
  ["TotVarh_SF", "sunssf", 1],
  ["Tmp_SF", "sunssf", 1],
  ["MnAlrmInfo", "string", 32],
];

/** The words of "not implemented" for each type (Information Model Specification). */
function unimplemented(type: PointType, size: number): number[] {
  switch (type) {
    case "int16":
    case "sunssf":
      return [0x8000];
    case "acc32":
      return [0, 0];
    case "float32":
      return [0x7fc0, 0x0000];
    case "string":
    case "pad":
      return new Array(size).fill(0);
    default:
      return new Array(size).fill(0xffff);
  }
}

function encode(type: PointType, size: number, value: number | string): number[] {
  if (typeof value === "string") {
    const words = new Array(size).fill(0);
    for (let i = 0; i < Math.min(value.length, size * 2); i++) {
      const code = value.charCodeAt(i) & 0xff;
      words[i >> 1] |= i % 2 === 0 ? code << 8 : code;
    }
    return words;
  }
  if (type === "float32") {
    const view = new DataView(new ArrayBuffer(4));
    view.setFloat32(0, value);
    return [view.getUint16(0), view.getUint16(2)];
  }
  if (type === "int16" || type === "sunssf") return [(Math.round(value) + 0x10000) % 0x10000];
  let v = BigInt(Math.round(value));
  const words: number[] = [];
  for (let i = 0; i < size; i++) {
    words.unshift(Number(v & 0xffffn));
    v >>= 16n;
  }
  return words;
}

/** Lays a model out from its point list, each value by name (missing: not implemented). */
function layout(
  points: Point[],
  values: Record<string, number | string>,
  unimplementedNames: ReadonlySet<string>,
): number[] {
  return points.flatMap(([name, type, size]) =>
    name in values && !unimplementedNames.has(name)
      ? encode(type, size, values[name])
      : unimplemented(type, size)
  );
}

export interface SunSpecSimOptions {
  /** Where the map starts: 40000, 50000 or 0. */
  base?: number;
  unitId?: number;
  /** The inverter model: 101 (single phase), 103 (three phase), or the float 111/113. */
  inverterModel?: 101 | 102 | 103 | 111 | 112 | 113;
  mppt?: boolean;
  derAc?: boolean;
  /** The bell's top (W AC). */
  peakW?: number;
  /** The lifetime counter when the clock reads `startMs` (Wh). */
  initialWh?: number;
  now?: () => number;
  /** Points (by name, in any model) the inverter does not implement. */
  unimplemented?: string[];
  manufacturer?: string;
  model?: string;
  serial?: string;
  /**
   * Against the Modbus standard, stays silent to a read outside its map instead of answering
   * exception 2 — as some inverters' Modbus TCP servers do.
   */
  silentOutsideMap?: boolean;
}

const SUNRISE_H = 7;
const SUNSET_H = 19;
const DAYLIGHT_MS = (SUNSET_H - SUNRISE_H) * 3_600_000;

export class SimulatedSunSpec implements ServedDevice {
  readonly base: number;
  readonly unitId: number;
  readonly inverterModel: number;
  readonly peakW: number;
  readonly now: () => number;
  readonly startMs: number;
  readonly initialWh: number;
  readonly unimplemented: Set<string>;
  readonly withMppt: boolean;
  readonly withDerAc: boolean;
  readonly identity: { manufacturer: string; model: string; serial: string };
  /** Every read asked for: [address, count]. */
  readonly reads: [number, number][] = [];
  /** Switched off: answers nothing. */
  silent = false;
  readonly silentOutsideMap: boolean;

  constructor(options: SunSpecSimOptions = {}) {
    this.base = options.base ?? 40000;
    this.unitId = options.unitId ?? 1;
    this.inverterModel = options.inverterModel ?? 103;
    this.peakW = options.peakW ?? 4000;
    this.now = options.now ?? Date.now;
    this.startMs = this.now();
    this.initialWh = options.initialWh ?? 1_234_000;
    this.unimplemented = new Set(options.unimplemented ?? []);
    this.withMppt = options.mppt ?? true;
    this.withDerAc = options.derAc ?? true;
    this.silentOutsideMap = options.silentOutsideMap ?? false;
    this.identity = {
      manufacturer: options.manufacturer ?? "Thuisenergie Sim",
      model: options.model ?? `Sim PV ${this.inverterModel}`,
      serial: options.serial ?? "SIM-0001",
    };
  }

  /** AC power now (W): half a sine from 07:00 to 19:00 Brussels time, 0 at night. */
  powerW(atMs = this.now()): number {
    const x = (atMs - dayStartMs(localDayOf(atMs)) - SUNRISE_H * 3_600_000) / DAYLIGHT_MS;
    return x <= 0 || x >= 1 ? 0 : this.peakW * Math.sin(Math.PI * x);
  }

  /**
   * The day's energy from sunrise to `atMs` (Wh): ∫ peak·sin(πx) over the daylight hours is
   * peak · (daylight h) · (1 − cos πx) / π.
   */
  #dayWhTo(atMs: number): number {
    const x = (atMs - dayStartMs(localDayOf(atMs)) - SUNRISE_H * 3_600_000) / DAYLIGHT_MS;
    const clipped = Math.min(Math.max(x, 0), 1);
    return (this.peakW * (DAYLIGHT_MS / 3_600_000) * (1 - Math.cos(Math.PI * clipped))) / Math.PI;
  }

  /** The lifetime counter now (Wh): what was there at the start plus the bell's energy since. */
  energyWh(atMs = this.now()): number {
    const fullDayWh = (this.peakW * (DAYLIGHT_MS / 3_600_000) * 2) / Math.PI;
    let daysWh = 0;
    let day = localDayOf(this.startMs);
    const today = localDayOf(atMs);
    while (day < today) {
      daysWh += fullDayWh;
      day = localDayOf(dayStartMs(day) + 36 * 3_600_000);
    }
    // Grouped so that the same instant as the start gives exactly the initial counter.
    return this.initialWh + (daysWh + this.#dayWhTo(atMs) - this.#dayWhTo(this.startMs));
  }

  /** The whole register map now, from the base: address → word. */
  registers(): Map<number, number> {
    const atMs = this.now();
    const w = this.powerW(atMs);
    const wh = this.energyWh(atMs);
    const producing = w > 0;
    const un = this.unimplemented;
    const models: number[][] = [];
    const common = layout(COMMON, {
      ID: 1,
      L: 66,
      Mn: this.identity.manufacturer,
      Md: this.identity.model,
      Vr: "1.0.0",
      SN: this.identity.serial,
      DA: this.unitId,
    }, un);
    models.push(common);
    const st = producing ? 4 : 2; // MPPT by day, SLEEPING at night
    if (this.inverterModel >= 111) {
      models.push(layout(INVERTER_FLOAT, {
        ID: this.inverterModel,
        L: 60,
        W: Math.round(w),
        WH: Math.floor(wh),
        Hz: 50,
        St: st,
        Evt1: 0,
        Evt2: 0,
      }, un));
    } else {
      // W in 1 W (W_SF 0); WH in 10 Wh steps (WH_SF 1): a counter as coarse as many inverters'.
      models.push(layout(INVERTER_INT, {
        ID: this.inverterModel,
        L: 50,
        W: Math.round(w),
        W_SF: 0,
        WH: Math.floor(wh / 10),
        WH_SF: 1,
        Hz: 5000,
        Hz_SF: -2,
        St: st,
        Evt1: 0,
        Evt2: 0,
      }, un));
    }
    if (this.withMppt) {
      // Two strings sharing the DC power 60/40, DCW in 1 W, DCWH in 1 Wh.
      const shares = [0.6, 0.4];
      const fixed = layout(MPPT_FIXED, {
        ID: 160,
        L: 8 + 20 * shares.length,
        DCA_SF: -2,
        DCV_SF: -1,
        DCW_SF: 0,
        DCWH_SF: 0,
        Evt: 0,
        N: shares.length,
        TmsPer: 0,
      }, un);
      const modules = shares.flatMap((share, i) =>
        layout(MPPT_MODULE, {
          ID: i + 1,
          IDStr: `String ${i + 1}`,
          DCW: Math.round(w * share),
          DCWH: Math.floor(wh * share),
          DCSt: st,
          DCEvt: 0,
        }, un)
      );
      models.push([...fixed, ...modules]);
    }
    if (this.withDerAc) {
      models.push(layout(DER_AC, {
        ID: 701,
        L: 153,
        ACType: 2,
        W: Math.round(w),
        W_SF: 0,
        TotWhInj: Math.floor(wh),
        TotWhAbs: 0,
        TotWh_SF: 0,
      }, un));
    }
    const words = [0x5375, 0x6e53, ...models.flat(), 0xffff, 0];
    const map = new Map<number, number>();
    words.forEach((word, i) => map.set(this.base + i, word));
    return map;
  }

  /** Answers a request PDU: 0x03 only (a PV inverter's SunSpec map is read here, never written). */
  handle(pdu: Uint8Array): Uint8Array {
    const fc = pdu[0];
    if (fc !== 0x03 || pdu.length !== 5) return exception(fc, ILLEGAL_FUNCTION);
    const address = (pdu[1] << 8) | pdu[2];
    const count = (pdu[3] << 8) | pdu[4];
    if (count < 1 || count > 125) return exception(fc, ILLEGAL_DATA_VALUE);
    this.reads.push([address, count]);
    const map = this.registers();
    const out = new Uint8Array(2 + count * 2);
    out[0] = 0x03;
    out[1] = count * 2;
    for (let i = 0; i < count; i++) {
      const word = map.get(address + i);
      if (word === undefined) return exception(fc, ILLEGAL_DATA_ADDRESS);
      out[2 + 2 * i] = word >> 8;
      out[3 + 2 * i] = word & 0xff;
    }
    return out;
  }

  answer(pdu: Uint8Array, unitId: number): Promise<Uint8Array | null> {
    if (this.silent) return Promise.resolve(null);
    // Modbus TCP: a unit id the device is not is answered "gateway target failed" (0x0B).
    if (unitId !== this.unitId && unitId !== 0xff) return Promise.resolve(exception(pdu[0], 0x0b));
    const answer = this.handle(pdu);
    const outside = answer[0] === (0x03 | 0x80) && answer[1] === ILLEGAL_DATA_ADDRESS;
    return Promise.resolve(outside && this.silentOutsideMap ? null : answer);
  }
}
