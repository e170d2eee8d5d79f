/**
 * Parses one P1 telegram's text into a `Reading`. Never throws: what it cannot read is listed with
 * its line number — in `errors` when it makes the reading untrustworthy (the time, an energy
 * register, the frame's end), in `warnings` when it is an optional object, whose value is then
 * `null` — and lines it does not know are kept in `other`.
 *
 * Written for a hot path (bulk replay of months of telegrams): one pass over the lines, the OBIS
 * code folded into a number and looked up in a table, numbers read digit by digit in place, and
 * substrings made only for values kept as text. No regular expressions.
 */
import type {
  BreakerState,
  DemandReading,
  MBusDevice,
  MBusKind,
  MonthPeakHistoryEntry,
  PhaseReading,
  Reading,
} from "./reading.ts";
import { monthClosedBy, parseP1TimestampAt } from "./timestamp.ts";

const BREAKER_STATES: readonly BreakerState[] = ["disconnected", "connected", "ready"];

/** Unit suffixes a meter may use, with what divides them into the unit the reading stores. */
const UNIT_DIVISORS: Record<string, Record<string, number>> = {
  kWh: { kwh: 1, wh: 1000 },
  kW: { kw: 1, w: 1000 },
  V: { v: 1 },
  A: { a: 1 },
};

// What each known OBIS line sets. Registers, phases and M-Bus channels are ranges of ids.
const VERSION_BE = 1;
const VERSION_NL = 2;
const TIME = 3;
const EQUIPMENT_ID = 4;
const EAN = 5;
const TARIFF = 6;
const POWER_IMPORT = 7;
const POWER_EXPORT = 8;
const DEMAND_AVERAGE = 9;
const MONTH_PEAK = 10;
const PEAK_HISTORY = 11;
const BREAKER = 12;
const LIMITER = 13;
const FUSE = 14;
const MESSAGE = 15;
const IMPORT_REGISTER = 20; // + tariff 1–9, or 0 for the total (1.8.0)
const EXPORT_REGISTER = 30; // + tariff 1–9, or 0 for the total (2.8.0)
const PHASE_IMPORT = 40; // + phase index 0–2
const PHASE_EXPORT = 43;
const PHASE_VOLTAGE = 46;
const PHASE_CURRENT = 49;
const MBUS = 100; // + channel × 10 + one of:
const MBUS_TYPE = 0;
const MBUS_ID = 1;
const MBUS_EAN = 2;
const MBUS_VALVE = 3;
const MBUS_VALUE = 4;
const FIELD_COUNT = MBUS + 50;

/** Lines whose failure makes the reading untrustworthy: its time and energy registers. */
const SEVERE = new Uint8Array(FIELD_COUNT);
SEVERE[TIME] = 1;
for (let t = 0; t <= 9; t++) SEVERE[IMPORT_REGISTER + t] = SEVERE[EXPORT_REGISTER + t] = 1;

/** Where the last `obisKey` scan stopped: the line's `(`, or `to` when it has none. */
let obisEnd = 0;

/**
 * Packs an OBIS code `A-B:C.D.E` into one small integer (A, B < 16; C, D < 128; E < 256), so the
 * lookup hashes a small integer instead of a string; scans from `from` to the first `(` (left in
 * `obisEnd`). An F group of 255 ("not used", `1-0:31.7.0.255`, DSMR 4.2.2 §6.12's example) is
 * the code without it. Returns -1 for any other shape.
 */
function obisKey(text: string, from: number, to: number): number {
  let key = 0;
  let part = 0;
  let digits = 0;
  let separators = 0;
  let groupE = -1;
  let valid = true;
  let i = from;
  for (; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      part = part * 10 + (c - 48);
      if (++digits > 3) valid = false;
      continue;
    }
    if (c === 40) break; // `(`
    if (separators === 4 && c === 46 && digits > 0) { // `.F`
      groupE = part;
      separators++;
      part = 0;
      digits = 0;
      continue;
    }
    const expected = separators === 0 ? 45 : separators === 1 ? 58 : 46; // - : .
    if (c !== expected || digits === 0 || separators > 3) valid = false;
    if (part >= (separators < 2 ? 16 : 128)) valid = false;
    key = key * (separators < 2 ? 16 : 128) + part;
    separators++;
    part = 0;
    digits = 0;
  }
  obisEnd = i;
  if (!valid || digits === 0) return -1;
  if (separators === 5) return part === 255 && groupE <= 255 ? key * 256 + groupE : -1;
  if (separators !== 4 || part > 255) return -1;
  return key * 256 + part;
}

const FIELDS = new Map<number, number>();
/** The electricity objects again on B-field 1 (`1-1:1.8.1`, a Sagemcom XT211): used where no `1-0:` line sent them. */
const FIELDS_B1 = new Map<number, number>();
function field(obis: string, id: number): void {
  FIELDS.set(obisKey(obis, 0, obis.length), id);
  if (obis.startsWith("1-0:")) {
    const b1 = `1-1:${obis.slice(4)}`;
    FIELDS_B1.set(obisKey(b1, 0, b1.length), id);
  }
}
field("0-0:96.1.4", VERSION_BE);
field("1-3:0.2.8", VERSION_NL);
field("0-0:1.0.0", TIME);
field("0-0:96.1.1", EQUIPMENT_ID);
field("0-0:96.1.2", EAN);
field("0-0:96.14.0", TARIFF);
field("1-0:1.7.0", POWER_IMPORT);
field("1-0:2.7.0", POWER_EXPORT);
field("1-0:1.4.0", DEMAND_AVERAGE);
field("1-0:1.6.0", MONTH_PEAK);
field("0-0:98.1.0", PEAK_HISTORY);
field("0-0:96.3.10", BREAKER);
field("0-0:17.0.0", LIMITER);
field("1-0:31.4.0", FUSE);
field("0-0:96.13.0", MESSAGE);
for (let tariff = 0; tariff <= 9; tariff++) {
  field(`1-0:1.8.${tariff}`, IMPORT_REGISTER + tariff);
  field(`1-0:2.8.${tariff}`, EXPORT_REGISTER + tariff);
}
for (let phase = 0; phase < 3; phase++) {
  field(`1-0:${21 + phase * 20}.7.0`, PHASE_IMPORT + phase);
  field(`1-0:${22 + phase * 20}.7.0`, PHASE_EXPORT + phase);
  field(`1-0:${32 + phase * 20}.7.0`, PHASE_VOLTAGE + phase);
  field(`1-0:${31 + phase * 20}.7.0`, PHASE_CURRENT + phase);
}
for (let channel = 1; channel <= 4; channel++) {
  const base = MBUS + channel * 10;
  field(`0-${channel}:24.1.0`, base + MBUS_TYPE);
  field(`0-${channel}:96.1.0`, base + MBUS_ID);
  field(`0-${channel}:96.1.1`, base + MBUS_ID);
  field(`0-${channel}:96.1.2`, base + MBUS_EAN);
  field(`0-${channel}:24.4.0`, base + MBUS_VALVE);
  field(`0-${channel}:24.2.1`, base + MBUS_VALUE);
  field(`0-${channel}:24.2.3`, base + MBUS_VALUE);
  field(`0-${channel}:24.3.0`, base + MBUS_VALUE);
}

const TARIFF_KEYS = ["total", "t1", "t2", "t3", "t4", "t5", "t6", "t7", "t8", "t9"];

/**
 * State of one parse: where this line's problems go (the reading's errors or its warnings), the
 * line being read, and the last number read (its end, digits and power of ten).
 */
interface Cursor {
  text: string;
  problems: string[];
  line: number;
  lineStart: number;
  open: number;
  numberEnd: number;
  whole: number;
  scale: number;
}

function obisOf(cursor: Cursor): string {
  return cursor.text.slice(cursor.lineStart, cursor.open);
}

/**
 * Reads a decimal in place (`000750.826`), ending at `to`, a `*` or a `)`. Exact: the digits are summed as an
 * integer and divided once by a power of ten, which rounds as `Number("750.826")` does.
 */
function readDecimal(cursor: Cursor, from: number, to: number): number {
  const text = cursor.text;
  let whole = 0;
  let scale = 1;
  let digits = 0;
  let dot = false;
  let i = from;
  const negative = i < to && text.charCodeAt(i) === 45;
  if (negative) i++;
  for (; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      whole = whole * 10 + (c - 48);
      digits++;
      if (dot) scale *= 10;
    } else if (c === 46 && !dot) {
      dot = true;
    } else {
      break;
    }
  }
  cursor.numberEnd = i;
  cursor.whole = negative ? -whole : whole;
  cursor.scale = scale;
  if (digits === 0 || digits > 15) return NaN;
  if (i < to) {
    const stop = text.charCodeAt(i);
    if (stop !== 42 && stop !== 41) return NaN; // `*` or `)`
  }
  const value = scale === 1 ? whole : whole / scale;
  return negative ? -value : value;
}

function sameText(text: string, from: number, to: number, expected: string): boolean {
  if (to - from !== expected.length) return false;
  for (let i = 0; i < expected.length; i++) {
    if (text.charCodeAt(from + i) !== expected.charCodeAt(i)) return false;
  }
  return true;
}

/**
 * The value of `(000750.826*kWh)` from `from` (after the parenthesis) up to its `)` or `to`, in
 * `unit`; `null` plus an error if it is not one.
 */
function quantity(cursor: Cursor, from: number, to: number, unit: string): number | null {
  const text = cursor.text;
  const value = readDecimal(cursor, from, to);
  if (value !== value) {
    cursor.problems.push(
      `line ${cursor.line}: ${obisOf(cursor)} value '${
        text.slice(from, closeOf(text, from, to))
      }' is not a number`,
    );
    return null;
  }
  const star = cursor.numberEnd;
  if (text.charCodeAt(star) === 41) return value;
  // A value without its `)` was cut short: `(0123` of `(012345.678*kWh)` is not 123 kWh.
  if (star >= to) return unclosed(cursor);
  const unitEnd = star + 1 + unit.length;
  if (text.charCodeAt(unitEnd) === 41 && sameText(text, star + 1, unitEnd, unit)) return value;
  const close = closeOf(text, star, to);
  if (text.charCodeAt(close) !== 41) return unclosed(cursor);
  const sent = text.slice(star + 1, close);
  const divisor = UNIT_DIVISORS[unit]?.[sent.toLowerCase()];
  if (divisor === undefined) {
    cursor.problems.push(
      `line ${cursor.line}: ${obisOf(cursor)} unit '${sent}', expected '${unit}'`,
    );
    return null;
  }
  // One division of the digits, so `286*W` is 0.286 kW, not 286 × 0.001 = 0.28600000000000003.
  return divisor === 1 ? value : cursor.whole / (cursor.scale * divisor);
}

function unclosed(cursor: Cursor): null {
  cursor.problems.push(`line ${cursor.line}: ${obisOf(cursor)} value has no closing ')'`);
  return null;
}

/** The unit a `(value*unit)` states, lower-cased, or `""` when it states none. */
function unitSent(text: string, from: number, to: number): string {
  const close = closeOf(text, from, to);
  const star = text.indexOf("*", from);
  return star < 0 || star > close ? "" : text.slice(star + 1, close).toLowerCase();
}

/** A whole number closed by its `)`, or `null` for an empty, malformed or cut one. */
function integer(cursor: Cursor, from: number, to: number): number | null {
  const value = readDecimal(cursor, from, to);
  return value === value && Number.isInteger(value) &&
      cursor.text.charCodeAt(cursor.numberEnd) === 41
    ? value
    : null;
}

/** Where the value starting at `from` ends: its `)`, or `to` when the line lacks one. */
function closeOf(text: string, from: number, to: number): number {
  let close = from;
  while (close < to && text.charCodeAt(close) !== 41) close++;
  return close;
}

/**
 * Finds the `(…)` groups of a line from `from` (an opening parenthesis) up to `to`, writing the
 * inner bounds as start, end pairs into `out`. Line breaks between groups are skipped: a DSMR
 * 2.2/3.0 value continues on the next line.
 */
function groupBounds(text: string, from: number, to: number, out: number[]): number {
  let count = 0;
  let at = from;
  while (at < to) {
    const code = text.charCodeAt(at);
    if (code === 13 || code === 10) {
      at++;
      continue;
    }
    if (code !== 40) break;
    let close = text.indexOf(")", at + 1);
    if (close < 0 || close > to) close = to;
    out[count * 2] = at + 1;
    out[count * 2 + 1] = close;
    count++;
    at = close + 1;
  }
  return count;
}

function isHexDigit(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 70) || (code >= 97 && code <= 102);
}

function hexDigit(code: number): number {
  return code <= 57 ? code - 48 : (code | 32) - 87;
}

const hexCodes: number[] = [];

/**
 * Decodes an octet string sent as hex (`3153414733…` → `1SAG3…`); IDs contain A–F, so every hex
 * digit counts. Text that is not hex (a message of 0xFF bytes) comes back as `null`.
 */
function decodeHexAt(text: string, from: number, to: number): string | null {
  const length = to - from;
  if (length === 0 || length % 2 !== 0) return null;
  hexCodes.length = length / 2;
  for (let i = 0; i < length; i += 2) {
    const high = text.charCodeAt(from + i);
    const low = text.charCodeAt(from + i + 1);
    if (!isHexDigit(high) || !isHexDigit(low)) return null;
    hexCodes[i / 2] = hexDigit(high) * 16 + hexDigit(low);
  }
  return String.fromCharCode.apply(null, hexCodes);
}

/** Decodes an octet string sent as hex; see `decodeHexAt`. */
export function decodeHexString(hex: string): string | null {
  return decodeHexAt(hex, 0, hex.length);
}

const recentIdentifiers = new Map<string, string>();

/** Whether a decoded identifier is text: an all-zero ID decodes to NUL characters. */
function printable(decoded: string): boolean {
  for (let i = 0; i < decoded.length; i++) {
    const code = decoded.charCodeAt(i);
    if (code < 32 || code === 127) return false;
  }
  return true;
}

/**
 * An identifier: hex-decoded when it is hex of printable text, as sent otherwise (an all-zero
 * `3030…` is text, `0000…` is not), `null` when empty.
 */
function identifier(text: string, from: number, to: number): string | null {
  if (from === to) return null;
  // The same few IDs come in every telegram: decode each once.
  const raw = text.slice(from, to);
  let id = recentIdentifiers.get(raw);
  if (id === undefined) {
    const decoded = decodeHexAt(raw, 0, raw.length);
    id = decoded !== null && printable(decoded) ? decoded : raw;
    if (recentIdentifiers.size >= 32) recentIdentifiers.clear();
    recentIdentifiers.set(raw, id);
  }
  return id;
}

function mbusKind(type: number | null): MBusKind {
  switch (type) {
    case 3:
      return "gas";
    case 7:
      return "water";
    case 4:
    case 12:
      return "heat";
    case 2:
      return "electricity";
    case null:
      return "unknown";
    default:
      return "other";
  }
}

function newPhase(index: number): PhaseReading {
  return {
    phase: (index + 1) as 1 | 2 | 3,
    importKW: null,
    exportKW: null,
    voltageV: null,
    currentA: null,
  };
}

function newDevice(channel: number): MBusDevice {
  return {
    channel,
    kind: "unknown",
    id: null,
    at: null,
    value: null,
    unit: null,
    type: null,
    valve: null,
    ean: null,
  };
}

function newDemand(): DemandReading {
  return { currentAverageKW: null, monthPeak: null, history: [] };
}

function breakerState(cursor: Cursor, from: number, to: number): BreakerState | null {
  const state = integer(cursor, from, to);
  return state === null ? null : BREAKER_STATES[state] ?? null;
}

/** `0-0:98.1.0(count)(1-0:1.6.0)(1-0:1.6.0)(close)(at)(kW)…`, with any count 0–13. */
function parsePeakHistory(
  cursor: Cursor,
  bounds: number[],
  groups: number,
  demand: DemandReading,
): void {
  const text = cursor.text;
  const count = integer(cursor, bounds[0], bounds[1]);
  if (count === null || count > 13) {
    cursor.problems.push(
      `line ${cursor.line}: 0-0:98.1.0 count '${text.slice(bounds[0], bounds[1])}' is not 0–13`,
    );
    return;
  }
  // A bare `(12)` (Sagemcom XT211) announces a count but lists no entries; `()` closes an empty one.
  const listed = groups > 3 ? Math.floor((groups - 3) / 3) : 0;
  if (listed !== 0 && listed !== count) {
    cursor.problems.push(
      `line ${cursor.line}: 0-0:98.1.0 says ${count} months but lists ${listed}`,
    );
  }
  for (let i = 0; i < listed; i++) {
    const g = (3 + i * 3) * 2;
    const close = parseP1TimestampAt(text, bounds[g], bounds[g + 1]);
    const at = parseP1TimestampAt(text, bounds[g + 2], bounds[g + 3]);
    const kW = quantity(cursor, bounds[g + 4], bounds[g + 5], "kW");
    if (kW === null) continue;
    demand.history.push({ month: monthClosedBy(close, at), at, kW });
  }
}

const recentHistories = new Map<string, readonly MonthPeakHistoryEntry[]>();

/** Reusable bounds of the current line's groups (a line has at most 3 + 13 × 3 of them). */
const bounds: number[] = [];

/** Which fields a `1-0:` line set in this parse, so a `1-1:` line does not overwrite them. */
const setByB0 = new Uint8Array(FIELD_COUNT);
/** `1-1:` lines of this parse, as field, line number, line start, `(` and end, read last. */
const deferredB1: number[] = [];

/** One parse: the reading being filled, and the phases and M-Bus channels seen so far. */
interface Parse {
  cursor: Cursor;
  reading: Reading;
  phases: (PhaseReading | undefined)[];
  devices: (MBusDevice | undefined)[];
}

export interface ParseOptions {
  /**
   * The framer closed this telegram at the next one's `/`: no `!` and no CRC. Whole only as a
   * DSMR 2.2/3.0 telegram (no version line) with energy registers; otherwise it was cut off.
   */
  unended?: boolean;
  /** The meter ends its telegrams with `!` (it did before): an unended one was cut off. */
  cutOff?: boolean;
}

/** Parses one telegram. `crcValid` comes from the framer, which checked the bytes. */
export function parseTelegram(
  text: string,
  crcValid: boolean | null = null,
  options: ParseOptions = {},
): Reading {
  const errors: string[] = [];
  const warnings: string[] = [];
  const cursor: Cursor = {
    text,
    problems: warnings,
    line: 1,
    lineStart: 0,
    open: 0,
    numberEnd: 0,
    whole: 0,
    scale: 1,
  };
  const firstBreak = text.indexOf("\n");
  const headerEnd = firstBreak < 0 ? text.length : firstBreak;
  const reading: Reading = {
    crcValid,
    profile: "NL",
    version: null,
    header: text.slice(1, text.charCodeAt(headerEnd - 1) === 13 ? headerEnd - 1 : headerEnd),
    meterTime: null,
    equipmentId: null,
    tariff: null,
    importKWh: {},
    exportKWh: {},
    powerKW: { import: null, export: null },
    phases: [],
    demand: null,
    mbus: [],
    ean: null,
    breaker: null,
    limiterKW: null,
    limiterA: null,
    fuseThresholdA: null,
    message: null,
    other: {},
    errors,
    warnings,
  };
  const parse: Parse = { cursor, reading, phases: [], devices: [] };
  setByB0.fill(0);
  deferredB1.length = 0;
  let sawEnd = false;

  let pos = firstBreak < 0 ? text.length : firstBreak + 1;
  while (pos < text.length) {
    cursor.line++;
    let next = text.indexOf("\n", pos);
    if (next < 0) next = text.length;
    let end = next > pos && text.charCodeAt(next - 1) === 13 ? next - 1 : next;
    // DSMR 2.2/3.0 gas sends its value on a line of its own: `(00123.456)` follows the 24.3.0 line.
    while (next < text.length && text.charCodeAt(next + 1) === 40) {
      let more = text.indexOf("\n", next + 1);
      if (more < 0) more = text.length;
      next = more;
      end = text.charCodeAt(more - 1) === 13 ? more - 1 : more;
    }
    const lineStart = pos;
    pos = next + 1;
    if (end === lineStart) continue;
    if (text.charCodeAt(lineStart) === 33) { // `!`
      sawEnd = true;
      break;
    }
    const key = obisKey(text, lineStart, end);
    const open = obisEnd;
    let id = FIELDS.get(key) ?? 0;
    if (id === 0) {
      const b1 = FIELDS_B1.get(key);
      if (b1 !== undefined) {
        deferredB1.push(b1, cursor.line, lineStart, open, end);
        continue;
      }
    } else {
      setByB0[id] = 1;
    }
    if (open === end) {
      (SEVERE[id] ? errors : warnings).push(
        `line ${cursor.line}: no value in '${text.slice(lineStart, end)}'`,
      );
      id = -1;
    }
    if (id >= 0) readLine(parse, id, lineStart, open, end);
  }
  for (let i = 0; i < deferredB1.length; i += 5) {
    const id = deferredB1[i];
    if (setByB0[id]) continue;
    cursor.line = deferredB1[i + 1];
    readLine(parse, id, deferredB1[i + 2], deferredB1[i + 3], deferredB1[i + 4]);
  }
  if (options.unended) {
    if (options.cutOff || reading.version !== null) {
      errors.push("telegram cut off: it has no end line ('!') and no CRC");
    } else if (
      Object.keys(reading.importKWh).length === 0 && Object.keys(reading.exportKWh).length === 0
    ) {
      errors.push("telegram cut off before its energy registers");
    }
  } else if (!sawEnd) {
    errors.push("telegram has no end line ('!')");
  }

  for (const phase of parse.phases) if (phase !== undefined) reading.phases.push(phase);
  for (const device of parse.devices) if (device !== undefined) reading.mbus.push(device);
  return reading;
}

/** Reads one line whose OBIS code is field `id` (0: a line this parser does not interpret). */
function readLine(parse: Parse, id: number, lineStart: number, open: number, end: number): void {
  const { cursor, reading } = parse;
  const text = cursor.text;
  cursor.lineStart = lineStart;
  cursor.open = open;
  cursor.problems = SEVERE[id] ? reading.errors : reading.warnings;
  const from = open + 1;
  switch (id) {
    case VERSION_BE:
      reading.profile = "BE";
      reading.version = text.slice(from, closeOf(text, from, end));
      break;
    case VERSION_NL:
      reading.version = text.slice(from, closeOf(text, from, end));
      break;
    case TIME:
      reading.meterTime = parseP1TimestampAt(text, from, closeOf(text, from, end));
      if (reading.meterTime === null) {
        cursor.problems.push(
          `line ${cursor.line}: 0-0:1.0.0 '${
            text.slice(from, closeOf(text, from, end))
          }' is not a valid time`,
        );
      }
      break;
    case EQUIPMENT_ID:
      reading.equipmentId = identifier(text, from, closeOf(text, from, end));
      break;
    case EAN:
      reading.ean = decodeHexAt(text, from, closeOf(text, from, end));
      break;
    case TARIFF:
      reading.tariff = integer(cursor, from, end);
      if (reading.tariff === null) {
        cursor.problems.push(
          `line ${cursor.line}: 0-0:96.14.0 tariff '${
            text.slice(from, closeOf(text, from, end))
          }' is not a number`,
        );
      }
      break;
    case POWER_IMPORT:
      reading.powerKW.import = quantity(cursor, from, end, "kW");
      break;
    case POWER_EXPORT:
      reading.powerKW.export = quantity(cursor, from, end, "kW");
      break;
    case DEMAND_AVERAGE:
      (reading.demand ??= newDemand()).currentAverageKW = quantity(cursor, from, end, "kW");
      break;
    case MONTH_PEAK: {
      if (groupBounds(text, open, end, bounds) < 2) {
        cursor.problems.push(`line ${cursor.line}: 1-0:1.6.0 has no peak`);
        break;
      }
      const kW = quantity(cursor, bounds[2], bounds[3], "kW");
      if (kW === null) break;
      const at = parseP1TimestampAt(text, bounds[0], bounds[1]);
      (reading.demand ??= newDemand()).monthPeak = { at, kW };
      break;
    }
    case PEAK_HISTORY: {
      // The 13-month line stays the same for a whole month: parse each version of it once.
      const demand = reading.demand ??= newDemand();
      const line = text.slice(open, end);
      const known = recentHistories.get(line);
      if (known !== undefined) {
        demand.history = known.slice();
        break;
      }
      const problemsBefore = cursor.problems.length;
      parsePeakHistory(cursor, bounds, groupBounds(text, open, end, bounds), demand);
      if (cursor.problems.length === problemsBefore) {
        if (recentHistories.size >= 8) recentHistories.clear();
        recentHistories.set(line, demand.history.map((entry) => Object.freeze(entry)));
      }
      break;
    }
    case BREAKER:
      reading.breaker = breakerState(cursor, from, end);
      break;
    case LIMITER:
      // DSMR 2.2/3.0 state the threshold in A (`(016*A)`), later versions in kW.
      if (unitSent(text, from, end) === "a") reading.limiterA = quantity(cursor, from, end, "A");
      else reading.limiterKW = quantity(cursor, from, end, "kW");
      break;
    case FUSE:
      reading.fuseThresholdA = quantity(cursor, from, end, "A");
      break;
    case MESSAGE:
      reading.message = decodeHexAt(text, from, closeOf(text, from, end));
      break;
    default:
      if (id >= IMPORT_REGISTER && id < IMPORT_REGISTER + 10) {
        const kWh = quantity(cursor, from, end, "kWh");
        if (kWh !== null) reading.importKWh[TARIFF_KEYS[id - IMPORT_REGISTER]] = kWh;
      } else if (id >= EXPORT_REGISTER && id < EXPORT_REGISTER + 10) {
        const kWh = quantity(cursor, from, end, "kWh");
        if (kWh !== null) reading.exportKWh[TARIFF_KEYS[id - EXPORT_REGISTER]] = kWh;
      } else if (id >= PHASE_IMPORT && id < PHASE_IMPORT + 3) {
        const index = id - PHASE_IMPORT;
        (parse.phases[index] ??= newPhase(index)).importKW = quantity(cursor, from, end, "kW");
      } else if (id >= PHASE_EXPORT && id < PHASE_EXPORT + 3) {
        const index = id - PHASE_EXPORT;
        (parse.phases[index] ??= newPhase(index)).exportKW = quantity(cursor, from, end, "kW");
      } else if (id >= PHASE_VOLTAGE && id < PHASE_VOLTAGE + 3) {
        const index = id - PHASE_VOLTAGE;
        (parse.phases[index] ??= newPhase(index)).voltageV = quantity(cursor, from, end, "V");
      } else if (id >= PHASE_CURRENT && id < PHASE_CURRENT + 3) {
        const index = id - PHASE_CURRENT;
        (parse.phases[index] ??= newPhase(index)).currentA = quantity(cursor, from, end, "A");
      } else if (id > MBUS) {
        const channel = Math.floor((id - MBUS) / 10);
        const device = parse.devices[channel] ??= newDevice(channel);
        parseMBusLine(cursor, device, (id - MBUS) % 10, from, end);
      } else {
        const groups = groupBounds(text, open, end, bounds);
        const obis = text.slice(lineStart, open);
        if (groups === 1) {
          reading.other[obis] = text.slice(bounds[0], bounds[1]);
        } else {
          const values: string[] = [];
          for (let g = 0; g < groups; g++) {
            values.push(text.slice(bounds[g * 2], bounds[g * 2 + 1]));
          }
          reading.other[obis] = values;
        }
      }
  }
}

/** One line of M-Bus device `device` (the `0-n:` channel lines). */
function parseMBusLine(
  cursor: Cursor,
  device: MBusDevice,
  object: number,
  from: number,
  end: number,
): void {
  const text = cursor.text;
  switch (object) {
    case MBUS_TYPE:
      device.type = integer(cursor, from, end);
      device.kind = mbusKind(device.type);
      break;
    case MBUS_ID:
      device.id = identifier(text, from, closeOf(text, from, end));
      break;
    case MBUS_EAN:
      device.ean = decodeHexAt(text, from, closeOf(text, from, end));
      break;
    case MBUS_VALVE:
      device.valve = breakerState(cursor, from, end);
      break;
    case MBUS_VALUE: {
      // 24.2.x: (TST)(value*unit). 24.3.0 (DSMR 2.2/3.0): (TST)(period)(n)(…)(OBIS)(unit)(value).
      const groups = groupBounds(text, cursor.open, end, bounds);
      const last = (groups - 1) * 2;
      device.at = parseP1TimestampAt(text, bounds[0], bounds[1]);
      // A value cut before its `)` is not the meter's (`(0123` of `(01234.567)`).
      const closed = groups >= 2 && text.charCodeAt(bounds[last + 1]) === 41;
      const value = closed ? readDecimal(cursor, bounds[last], bounds[last + 1]) : NaN;
      if (value !== value) {
        cursor.problems.push(
          `line ${cursor.line}: ${obisOf(cursor)} value '${
            groups < 2 ? "" : text.slice(bounds[last], bounds[last + 1])
          }' is not a number`,
        );
        device.value = null;
        break;
      }
      device.value = value;
      const star = cursor.numberEnd;
      if (star < bounds[last + 1]) {
        device.unit = normaliseUnit(text.slice(star + 1, bounds[last + 1]));
      } else if (groups >= 7) {
        device.unit = normaliseUnit(text.slice(bounds[last - 2], bounds[last - 1]));
        if (device.type === null) device.kind = "gas";
      } else {
        device.unit = null;
      }
      break;
    }
  }
}

/** `m³` arrives as byte 0xB3 on some meters. */
function normaliseUnit(unit: string): string {
  return unit === "m\u00b3" ? "m3" : unit;
}
