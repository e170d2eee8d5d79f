/**
 * The SunSpec device profile of a PV inverter: what the gateway may read (it writes nothing). The
 * register layouts are those of the SunSpec Information Model Specification as published in
 * sunspec/models (json/model_1.json, model_101.json–model_103.json, model_111.json–model_113.json,
 * model_160.json, model_701.json); offsets below count from a model's ID register (ID = 0, L = 1).
 *
 * - **Discovery.** The map starts with the marker `SunS` (0x5375 0x6E53) in two holding registers,
 *   at 40000, 50000 or 0; the models follow as a chain of (ID, L, L registers) to ID 0xFFFF.
 * - **Unimplemented values** read as `null`, never as numbers: int16 and sunssf 0x8000, uint16 and
 *   enum16 0xFFFF, acc32 0 ("not accumulated"), uint64 all ones, float32 NaN, a string of NULs.
 * - **Scale factors**: a value is `raw × 10^SF`; a value whose scale factor is unimplemented is
 *   unknown too.
 */

export const SUNSPEC_MARKER = [0x5375, 0x6e53] as const;
/** Where the map may start, tried in this order. */
export const SUNSPEC_BASES = [40000, 50000, 0] as const;
export const END_OF_MODELS = 0xffff;
/** The most registers one read (function 0x03) may ask for (Modbus Application Protocol §6.3). */
export const MAX_READ_REGISTERS = 125;

export interface ModelEntry {
  id: number;
  /** The address of the model's ID register. */
  address: number;
  /** L: the registers after ID and L. */
  length: number;
}

export function isMarker(words: ArrayLike<number>): boolean {
  return words.length >= 2 && words[0] === SUNSPEC_MARKER[0] && words[1] === SUNSPEC_MARKER[1];
}

export function uint16(w: number): number | null {
  return w === 0xffff ? null : w;
}
export function int16(w: number): number | null {
  return w === 0x8000 ? null : w >= 0x8000 ? w - 0x10000 : w;
}
/** A scale factor: int16, 0x8000 unimplemented; the specification allows −10…10. */
export function sunssf(w: number): number | null {
  const sf = int16(w);
  return sf === null || sf < -10 || sf > 10 ? null : sf;
}
/** An acc32 (high word first); 0 means not accumulated. */
export function acc32(hi: number, lo: number): number | null {
  const v = hi * 0x10000 + lo;
  return v === 0 ? null : v;
}
/** A uint64 (four words, high first); all ones is unimplemented. */
export function uint64(words: ArrayLike<number>): number | null {
  if (Array.from(words).every((w) => w === 0xffff)) return null;
  let v = 0;
  for (let i = 0; i < 4; i++) v = v * 0x10000 + words[i];
  return v;
}
export function float32(hi: number, lo: number): number | null {
  const view = new DataView(new ArrayBuffer(4));
  view.setUint16(0, hi);
  view.setUint16(2, lo);
  const v = view.getFloat32(0);
  return Number.isFinite(v) ? v : null;
}
/** Two characters a register, high byte first, ended by NULs; all NULs is unimplemented. */
export function sunspecString(words: ArrayLike<number>): string | null {
  let text = "";
  for (const w of Array.from(words)) {
    for (const byte of [w >> 8, w & 0xff]) {
      if (byte === 0) return text.trim() || null;
      text += String.fromCharCode(byte);
    }
  }
  return text.trim() || null;
}
/** `raw × 10^sf`, to the precision the scale gives; unknown when either is. */
export function scaled(raw: number | null, sf: number | null): number | null {
  if (raw === null || sf === null) return null;
  const v = sf >= 0 ? raw * 10 ** sf : raw / 10 ** -sf;
  return Math.round(v * 1e6) / 1e6 + 0;
}

export interface SunSpecIdentity {
  manufacturer: string | null;
  model: string | null;
  version: string | null;
  serial: string | null;
}

/** Model 1 (common): `words` from its ID register on. */
export function decodeCommon(words: ArrayLike<number>): SunSpecIdentity {
  const slice = (from: number, count: number) => Array.from(words).slice(from, from + count);
  return {
    manufacturer: sunspecString(slice(2, 16)),
    model: sunspecString(slice(18, 16)),
    version: sunspecString(slice(42, 8)),
    serial: sunspecString(slice(50, 16)),
  };
}

/** The inverter's operating state (St, enum16, models 101–103 and 111–113). */
export const INVERTER_STATES = {
  1: "off",
  2: "sleeping",
  3: "starting",
  4: "mppt",
  5: "throttled",
  6: "shuttingDown",
  7: "fault",
  8: "standby",
} as const;
export type InverterState = (typeof INVERTER_STATES)[keyof typeof INVERTER_STATES];

export interface InverterValues {
  /** AC power (W). */
  powerW: number | null;
  /** The lifetime energy counter (Wh). */
  energyWh: number | null;
  /** Where that counter wraps (Wh): an acc32 at 2³² × 10^WH_SF; `null` for a float. */
  energyWrapWh: number | null;
  state: InverterState | null;
}

/** Models 101, 102, 103 (integer + scale factor) and 111, 112, 113 (float32). */
export const INVERTER_MODELS = [101, 102, 103, 111, 112, 113] as const;

export function decodeInverter(id: number, words: ArrayLike<number>): InverterValues {
  const w = (i: number) => words[i];
  const stateOf = (raw: number) => INVERTER_STATES[raw as keyof typeof INVERTER_STATES] ?? null;
  if (id >= 111) {
    return {
      powerW: float32(w(22), w(23)),
      energyWh: float32(w(32), w(33)),
      energyWrapWh: null,
      state: stateOf(w(48)),
    };
  }
  const whSf = sunssf(w(26));
  return {
    powerW: scaled(int16(w(14)), sunssf(w(15))),
    energyWh: scaled(acc32(w(24), w(25)), whSf),
    energyWrapWh: whSf === null ? null : scaled(2 ** 32, whSf),
    state: stateOf(w(38)),
  };
}

export interface MpptModule {
  id: number | null;
  label: string | null;
  dcW: number | null;
  dcWh: number | null;
}

/** Model 160 (multiple MPPT): N modules of 20 registers after the 10 fixed ones. */
export function decodeMppt(words: ArrayLike<number>): MpptModule[] {
  const w = (i: number) => words[i];
  const [dcwSf, dcwhSf] = [sunssf(w(4)), sunssf(w(5))];
  const n = uint16(w(8)) ?? 0;
  const modules: MpptModule[] = [];
  for (let k = 0; k < n; k++) {
    const at = 10 + 20 * k;
    if (at + 20 > words.length) break;
    modules.push({
      id: uint16(w(at)),
      label: sunspecString(Array.from(words).slice(at + 1, at + 9)),
      dcW: scaled(uint16(w(at + 11)), dcwSf),
      dcWh: scaled(acc32(w(at + 12), w(at + 13)), dcwhSf),
    });
  }
  return modules;
}

export interface DerAcValues {
  powerW: number | null;
  /** Energy delivered to the grid, lifetime (Wh). */
  injectedWh: number | null;
  absorbedWh: number | null;
}

/** Model 701 (DER AC measurement). */
export function decodeDerAc(words: ArrayLike<number>): DerAcValues {
  const w = (i: number) => words[i];
  const slice = (from: number) => Array.from(words).slice(from, from + 4);
  const whSf = sunssf(w(120));
  return {
    powerW: scaled(int16(w(10)), sunssf(w(116))),
    injectedWh: scaled(uint64(slice(19)), whSf),
    absorbedWh: scaled(uint64(slice(23)), whSf),
  };
}

/** What the gateway knows of a PV inverter after one read. */
export interface PvReading {
  atMs: number;
  /** AC production (W, ≥ 0), or `null` when the inverter does not say. */
  powerW: number | null;
  /** Its lifetime production counter (Wh). */
  energyWh: number | null;
  /** Where that counter wraps (Wh), when it does. */
  energyWrapWh: number | null;
  state: InverterState | null;
  /** Per MPPT input (model 160), when the inverter has it. */
  mppt: MpptModule[];
}

/**
 * One reading from the models read: power and counter from the inverter model (101–103/111–113),
 * otherwise from 701; a negative AC power (the inverter's own use at night) counts as 0.
 * `counter` names the counter to take once the caller has settled on one: two counters of one
 * inverter do not agree, so a reading whose inverter counter is momentarily unknown must not
 * take 701's (the quarters would see a jump) — it is unknown.
 */
export function pvReadingOf(
  atMs: number,
  inverter: InverterValues | null,
  derAc: DerAcValues | null,
  mppt: MpptModule[],
  counter: "inverter" | "derAc" = inverter?.energyWh != null ? "inverter" : "derAc",
): PvReading {
  const powerW = inverter?.powerW ?? derAc?.powerW ?? null;
  const fromInverter = counter === "inverter";
  return {
    atMs,
    powerW: powerW === null ? null : Math.max(powerW, 0),
    energyWh: fromInverter ? inverter?.energyWh ?? null : derAc?.injectedWh ?? null,
    energyWrapWh: fromInverter ? inverter?.energyWrapWh ?? null : null,
    state: inverter?.state ?? null,
    mppt,
  };
}
