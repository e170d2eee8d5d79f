/**
 * Fluvius "Verbruikshistoriek" exports: the older Dutch layout (11 columns), the newer Dutch one
 * (12 columns, 2025) and the English one, with quarter-hour, hourly (gas) or daily totals. The
 * layout comes from the header names, never from column positions. Text is fed in chunks, so a
 * three-year file is never one string; any problem stops the import with the line that caused it.
 */
import {
  addDays,
  dayStartMs,
  isLocalDay,
  isoLocal,
  type LocalDay,
  slotsInDay,
  wallTimeMs,
} from "../energy/calendar.ts";
import {
  type DayBucket,
  emptyBucket,
  Quality,
  Register,
  roundMilli,
  Source,
} from "../energy/day_bucket.ts";
import { type EanProblem, eanProblem } from "./ean.ts";

export type FluviusLayout = "nl-11" | "nl-12" | "en";
export type MeterKind = "electricity" | "gas";

export type FluviusErrorCode =
  | "notFluvius"
  | "missingColumn"
  | "columnCount"
  | "badDate"
  | "badTime"
  | "skippedTime"
  | "badInterval"
  | "badVolume"
  | "emptyVolume"
  | "unknownRegister"
  | "unknownStatus"
  | "badUnit"
  | "peakPowerExport"
  | "mixedKinds"
  | "badEan"
  | "mixedEans"
  | "notElectricity"
  | "notGas"
  | "duplicate"
  | "noRows";

/**
 * What the app needs besides `detail` (the file's own text) to word an error in the user's
 * language: the column counts, or which EAN check failed.
 */
export type FluviusErrorParams =
  | Record<string, never>
  | { expected: number; found: number }
  | { eanProblem: EanProblem };

/**
 * A file that cannot be imported: what is wrong and on which line (1-based; 0 = whole file).
 * `message` is English (the command line); the app words `code`, `detail` and `params` itself.
 */
export class FluviusError extends Error {
  constructor(
    readonly code: FluviusErrorCode,
    readonly line: number,
    readonly detail: string = "",
    readonly params: FluviusErrorParams = {},
  ) {
    super(`${line > 0 ? `line ${line}: ` : ""}${describe(code, detail, params)}`);
    this.name = "FluviusError";
  }
}

const EAN_PROBLEM_TEXT: Record<EanProblem, string> = {
  length: "must have 18 digits",
  digits: "may hold only digits",
  prefix: "must start with 54 (Belgium)",
  checkDigit: "has a wrong check digit",
};

function describe(code: FluviusErrorCode, detail: string, params: FluviusErrorParams): string {
  switch (code) {
    case "notFluvius":
      return "this is not a Fluvius consumption export (unknown header)";
    case "missingColumn":
      return `the header lacks the column "${detail}"`;
    case "columnCount": {
      const { expected, found } = params as { expected: number; found: number };
      return `expected ${expected} columns separated by ";", found ${found}`;
    }
    case "badDate":
      return `"${detail}" is not a date (dd-mm-yyyy)`;
    case "badTime":
      return `"${detail}" is not a time (hh:mm:ss)`;
    case "skippedTime":
      return `${detail} does not exist in Brussels (the clock skips that hour)`;
    case "badInterval":
      return `the interval ${detail} is not one quarter-hour, hour or day`;
    case "badVolume":
      return `"${detail}" is not a volume`;
    case "emptyVolume":
      return `the volume is empty but the status is "${detail}"`;
    case "unknownRegister":
      return `unknown register "${detail}"`;
    case "unknownStatus":
      return `unknown validation status "${detail}"`;
    case "badUnit":
      return `unknown unit "${detail}"`;
    case "peakPowerExport":
      return "this is a peak-power export (Piekvermogen), not a consumption history";
    case "mixedKinds":
      return "the file mixes electricity (kWh) and gas (m³)";
    case "badEan":
      return `the EAN ${detail} ${
        EAN_PROBLEM_TEXT[(params as { eanProblem: EanProblem }).eanProblem]
      }`;
    case "mixedEans":
      return `the file holds a second EAN, ${detail}`;
    case "notElectricity":
      return `EAN ${detail} is a gas meter (m³), not an electricity meter`;
    case "notGas":
      return `EAN ${detail} is an electricity meter (kWh), not a gas meter`;
    case "duplicate":
      return `the quarter ${detail} appears twice`;
    case "noRows":
      return "the file holds no measurements";
  }
}

type Field =
  | "fromDate"
  | "fromTime"
  | "toDate"
  | "toTime"
  | "ean"
  | "register"
  | "volume"
  | "unit"
  | "status";

/** Header names of each layout, lower-cased; the columns a row needs. */
const HEADER_NAMES: Record<Field, string[]> = {
  fromDate: ["van datum", "van (datum)", "from (date)"],
  fromTime: ["van tijdstip", "van (tijdstip)", "from (time)"],
  toDate: ["tot datum", "tot (datum)", "until (date)"],
  toTime: ["tot tijdstip", "tot (tijdstip)", "until (time)"],
  ean: ["ean", "ean-code", "ean code"],
  register: ["register"],
  volume: ["volume"],
  unit: ["eenheid", "unit"],
  status: ["validatiestatus", "validation status"],
};

const FIELD_LABELS: Record<Field, string> = {
  fromDate: "Van (datum)",
  fromTime: "Van (tijdstip)",
  toDate: "Tot (datum)",
  toTime: "Tot (tijdstip)",
  ean: "EAN",
  register: "Register",
  volume: "Volume",
  unit: "Eenheid",
  status: "Validatiestatus",
};

/** Register → direction and tariff register. */
const REGISTERS: Record<string, { direction: "import" | "export"; register: Register }> = {
  "afname dag": { direction: "import", register: Register.day },
  "afname nacht": { direction: "import", register: Register.night },
  "injectie dag": { direction: "export", register: Register.day },
  "injectie nacht": { direction: "export", register: Register.night },
  "offtake day": { direction: "import", register: Register.day },
  "offtake night": { direction: "import", register: Register.night },
  "injection day": { direction: "export", register: Register.day },
  "injection night": { direction: "export", register: Register.night },
  "afname": { direction: "import", register: Register.unknown },
  "offtake": { direction: "import", register: Register.unknown },
  "injectie": { direction: "export", register: Register.unknown },
  "injection": { direction: "export", register: Register.unknown },
};

/** Status → quality; "no consumption" is a measured zero with an empty volume. */
const STATUSES: Record<string, { quality: Quality; zero: boolean }> = {
  "gevalideerd": { quality: Quality.validated, zero: false },
  "validated": { quality: Quality.validated, zero: false },
  "uitgelezen": { quality: Quality.measured, zero: false },
  "read": { quality: Quality.measured, zero: false },
  "geschat": { quality: Quality.estimated, zero: false },
  "estimated": { quality: Quality.estimated, zero: false },
  "geen verbruik": { quality: Quality.measured, zero: true },
  "no consumption": { quality: Quality.measured, zero: true },
};

export interface FluviusImport {
  ean: string;
  kind: MeterKind;
  layout: FluviusLayout;
  /** 15, 60 (gas hourly totals) or 1440 (daily totals). */
  slotMinutes: number;
  rows: number;
  /** Days that hold at least one value, oldest first. */
  buckets: DayBucket[];
  /** Slots without a value between the first and the last one in the file. */
  missingSlots: number;
}

export interface FluviusParseOptions {
  siteId?: string;
  /** Refuse any other kind of meter (the electricity importer refuses a gas export). */
  expectKind?: MeterKind;
}

const DATE = /^(\d{2})[-/](\d{2})[-/](\d{4})$/;
const TIME = /^(\d{2}):(\d{2})(?::(\d{2}))?$/;
const VOLUME = /^-?\d+(?:[,.]\d+)?$/;

/** Parses an export fed as text chunks; `finish()` returns everything or throws `FluviusError`. */
export class FluviusParser {
  #rest = "";
  #line = 0;
  #columns: Record<Field, number> | null = null;
  #columnCount = 0;
  #layout: FluviusLayout = "nl-11";
  #ean: string | null = null;
  #kind: MeterKind | null = null;
  #slotMinutes = 0;
  #rows = 0;
  #buckets = new Map<LocalDay, DayBucket>();
  /** How often each (from, register) was seen: the autumn hour repeats, everything else is once. */
  #seen = new Map<string, number>();
  readonly #siteId: string;
  readonly #expectKind: MeterKind | undefined;

  constructor(options: FluviusParseOptions = {}) {
    this.#siteId = options.siteId ?? "local";
    this.#expectKind = options.expectKind;
  }

  /** Lines read so far (for progress and for error messages). */
  get lines(): number {
    return this.#line;
  }

  push(text: string): void {
    let start = 0;
    const data = this.#rest + text;
    for (let end = data.indexOf("\n"); end !== -1; end = data.indexOf("\n", start)) {
      this.#handleLine(data.slice(start, end));
      start = end + 1;
    }
    this.#rest = data.slice(start);
  }

  finish(): FluviusImport {
    if (this.#rest !== "") this.#handleLine(this.#rest);
    this.#rest = "";
    if (this.#columns === null) throw new FluviusError("notFluvius", 0);
    if (this.#rows === 0) throw new FluviusError("noRows", 0);
    const buckets = [...this.#buckets.values()].sort((a, b) => (a.day < b.day ? -1 : 1));
    for (const bucket of buckets) {
      for (let i = 0; i < bucket.imported.length; i++) {
        const value = bucket.imported[i];
        if (value !== null) bucket.imported[i] = roundMilli(value);
        const exported = bucket.exported[i];
        if (exported !== null) bucket.exported[i] = roundMilli(exported);
      }
    }
    return {
      ean: this.#ean!,
      kind: this.#kind!,
      layout: this.#layout,
      slotMinutes: this.#slotMinutes,
      rows: this.#rows,
      buckets,
      missingSlots: countMissing(buckets, this.#slotMinutes),
    };
  }

  #handleLine(raw: string): void {
    this.#line++;
    let line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    if (this.#line === 1 && line.charCodeAt(0) === 0xfeff) line = line.slice(1);
    if (line.trim() === "") return;
    if (this.#columns === null) {
      this.#readHeader(line);
      return;
    }
    this.#readRow(line);
  }

  #readHeader(line: string): void {
    const names = line.split(";").map((name) => name.trim().toLowerCase());
    const columns = {} as Record<Field, number>;
    let known = 0;
    for (const field of Object.keys(HEADER_NAMES) as Field[]) {
      const index = names.findIndex((name) => HEADER_NAMES[field].includes(name));
      if (index !== -1) known++;
      columns[field] = index;
    }
    if (known < 4) throw new FluviusError("notFluvius", this.#line);
    for (const field of Object.keys(columns) as Field[]) {
      if (columns[field] === -1) {
        throw new FluviusError("missingColumn", this.#line, FIELD_LABELS[field]);
      }
    }
    this.#columns = columns;
    this.#columnCount = names.length;
    this.#layout = names.includes("from (date)")
      ? "en"
      : names.includes("van (datum)")
      ? "nl-12"
      : "nl-11";
  }

  #readRow(line: string): void {
    const cells = line.split(";");
    // Some exports drop the empty last column; anything else is a broken row.
    if (cells.length !== this.#columnCount && cells.length !== this.#columnCount - 1) {
      throw new FluviusError("columnCount", this.#line, "", {
        expected: this.#columnCount,
        found: cells.length,
      });
    }
    const c = this.#columns!;
    const at = (field: Field) => (cells[c[field]] ?? "").trim();
    const registerName = at("register").toLowerCase();
    const registerInfo = REGISTERS[registerName];
    if (registerInfo === undefined) {
      if (registerName === "piekvermogen" || registerName === "peak power") {
        throw new FluviusError("peakPowerExport", this.#line);
      }
      throw new FluviusError("unknownRegister", this.#line, at("register"));
    }
    this.#checkEanAndKind(at("ean"), at("unit"));
    const statusText = at("status");
    const status = STATUSES[statusText.toLowerCase()];
    if (status === undefined) throw new FluviusError("unknownStatus", this.#line, statusText);
    const volumeText = at("volume");
    let volume: number;
    if (volumeText === "") {
      if (!status.zero) throw new FluviusError("emptyVolume", this.#line, statusText);
      volume = 0;
    } else {
      if (!VOLUME.test(volumeText)) throw new FluviusError("badVolume", this.#line, volumeText);
      volume = Number(volumeText.replace(",", "."));
    }
    const fromDay = this.#date(at("fromDate"));
    const [h, m, s] = this.#time(at("fromTime"));
    const toDay = this.#date(at("toDate"));
    const toTime = at("toTime");
    this.#time(toTime);

    const seenKey = `${fromDay} ${at("fromTime")} ${registerName}`;
    const occurrence = this.#seen.get(seenKey) ?? 0;
    this.#seen.set(seenKey, occurrence + 1);
    const firstMs = wallTimeMs(fromDay, h, m, s, 0);
    if (firstMs === null) {
      throw new FluviusError("skippedTime", this.#line, `${fromDay} ${at("fromTime")}`);
    }
    const fromMs = occurrence === 0 ? firstMs : wallTimeMs(fromDay, h, m, s, 1)!;
    if (occurrence > 1 || (occurrence === 1 && fromMs === firstMs)) {
      throw new FluviusError(
        "duplicate",
        this.#line,
        `${fromDay} ${at("fromTime")} (${registerName})`,
      );
    }

    const slotMinutes = this.#interval(fromDay, fromMs, toDay, toTime, at("fromTime"));
    const slot = slotMinutes === 1440 ? 0 : (fromMs - dayStartMs(fromDay)) / (slotMinutes * 60_000);
    if (!Number.isInteger(slot)) {
      throw new FluviusError("badInterval", this.#line, `${at("fromTime")}–${toTime}`);
    }
    let bucket = this.#buckets.get(fromDay);
    if (bucket === undefined) {
      const channel = this.#kind === "gas" ? "gas" : "grid";
      bucket = emptyBucket(this.#siteId, channel, fromDay, slotMinutes);
      this.#buckets.set(fromDay, bucket);
    }
    const values = registerInfo.direction === "import" ? bucket.imported : bucket.exported;
    const fresh = bucket.source[slot] === Source.none;
    const before = values[slot];
    values[slot] = (before ?? 0) + volume;
    bucket.quality[slot] = fresh
      ? status.quality
      : Math.min(bucket.quality[slot], status.quality) as Quality;
    bucket.source[slot] = Source.fluvius;
    // The slot's register is the one that counted most of its energy.
    if (
      registerInfo.register !== Register.unknown &&
      (bucket.register[slot] === Register.unknown || volume > (before ?? 0))
    ) bucket.register[slot] = registerInfo.register;
    this.#rows++;
  }

  #checkEanAndKind(cell: string, unitText: string): void {
    const ean = cell.replace(/^="?|"$/g, "").replace(/^"|"$/g, "");
    if (this.#ean === null) {
      const problem = eanProblem(ean);
      if (problem !== null) {
        throw new FluviusError("badEan", this.#line, ean, { eanProblem: problem });
      }
      this.#ean = ean;
    } else if (ean !== this.#ean) {
      throw new FluviusError("mixedEans", this.#line, ean);
    }
    const unit = unitText.toLowerCase();
    const kind: MeterKind | null = unit === "kwh"
      ? "electricity"
      : unit === "m³" || unit === "m3"
      ? "gas"
      : null;
    if (kind === null) throw new FluviusError("badUnit", this.#line, unitText);
    if (this.#kind === null) {
      if (this.#expectKind === "electricity" && kind === "gas") {
        throw new FluviusError("notElectricity", this.#line, ean);
      }
      this.#kind = kind;
    } else if (kind !== this.#kind) {
      throw new FluviusError("mixedKinds", this.#line);
    }
  }

  #date(text: string): LocalDay {
    const match = DATE.exec(text);
    const day = match ? `${match[3]}-${match[2]}-${match[1]}` : "";
    if (!match || !isLocalDay(day)) throw new FluviusError("badDate", this.#line, text);
    return day;
  }

  #time(text: string): [number, number, number] {
    const match = TIME.exec(text);
    if (!match) throw new FluviusError("badTime", this.#line, text);
    const [h, m, s] = [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)];
    if (h > 23 || m > 59 || s > 59) throw new FluviusError("badTime", this.#line, text);
    return [h, m, s];
  }

  /** The row's length in minutes, checked against "Tot" and the file's first row. */
  #interval(fromDay: LocalDay, fromMs: number, toDay: LocalDay, toTime: string, fromTime: string) {
    const toTimeFull = toTime.length === 5 ? `${toTime}:00` : toTime;
    let minutes = 0;
    if (
      toDay === addDays(fromDay, 1) && toTimeFull === "00:00:00" && fromTime.startsWith("00:00")
    ) {
      minutes = 1440;
    }
    for (const candidate of [15, 60]) {
      if (minutes !== 0) break;
      const end = isoLocal(fromMs + candidate * 60_000);
      if (end.slice(0, 10) === toDay && end.slice(11, 19) === toTimeFull) minutes = candidate;
    }
    if (minutes === 0 || (this.#slotMinutes !== 0 && minutes !== this.#slotMinutes)) {
      throw new FluviusError(
        "badInterval",
        this.#line,
        `${fromDay} ${fromTime} – ${toDay} ${toTime}`,
      );
    }
    this.#slotMinutes = minutes;
    return minutes;
  }
}

/** Slots without a value from the first value in the file to the last, whole missing days included. */
function countMissing(buckets: DayBucket[], slotMinutes: number): number {
  if (buckets.length === 0) return 0;
  let missing = 0;
  let started = false;
  let pending = 0;
  let expectedDay = buckets[0].day;
  for (const bucket of buckets) {
    while (expectedDay < bucket.day) {
      pending += slotMinutes === 1440 ? 1 : slotsInDay(expectedDay, slotMinutes);
      expectedDay = addDays(expectedDay, 1);
    }
    for (const quality of bucket.quality) {
      if (quality === Quality.missing) {
        if (started) pending++;
      } else {
        started = true;
        missing += pending;
        pending = 0;
      }
    }
    expectedDay = addDays(bucket.day, 1);
  }
  return missing;
}

/** Parses a whole text (tests, the CLI on small files); see `FluviusParser` for streams. */
export function parseFluviusText(text: string, options?: FluviusParseOptions): FluviusImport {
  const parser = new FluviusParser(options);
  parser.push(text);
  return parser.finish();
}
