/**
 * An inverter portal's export of production — date (and time), energy — as `pv` day buckets: the
 * fallback source when no gateway reads the inverter. Tolerant of what the portals write (see
 * test/fixtures/pv_csv/README.md for the layouts and where they come from):
 *
 * - SMA (device web UI / Sunny Portal): `sep=,` and a `Version CSV…` line before the header,
 *   device rows, a format row `DD.MM.YYYY hh:mm:ss,[Wh]`, and a *counter* (`Metering.TotWhOut`,
 *   the inverter's lifetime yield) rather than a per-day figure: the production of a row's
 *   interval is the next row's reading minus its own; `NaN` where a value is missing.
 * - Enphase Enlighten: `Date/Time,Energy Produced (Wh)`, US dates (`01/29/2023`), thousands in
 *   quotes (`"1,104"`) and a `Total` row at the end.
 * - SolarEdge monitoring: `Time,System Production (Wh)` with US dates.
 * - Huawei FusionSolar reports: title lines above the header, `Statistical Period` and
 *   `PV Yield (kWh)` among many columns, ISO dates, and a summary row.
 * - Fronius Solar.web and anything typed by hand: `Datum;Energie [kWh]`, `dd/mm/yyyy`,
 *   `dd.mm.yyyy`, `dd-mm-yyyy` or `yyyy-mm-dd`, a decimal comma in files separated by `;`.
 *
 * The header is found by its names (a date column and an energy column), the unit from the
 * column's name or the format row (Wh, kWh, MWh) — never guessed from the size of the numbers.
 * Day and month order of slashed dates comes from the file: a first part above 12 means
 * day/month, a second one above 12 month/day; when no value tells, the order in which the rows
 * follow each other does, and else the portal's own habit. Everything is parsed before anything
 * is returned, and any problem stops the import with its line and column (1-based), so nothing
 * is ever half written.
 */
import { isLocalDay, type LocalDay, slotOf, wallTimeMs } from "../energy/calendar.ts";
import { type DayBucket, emptyBucket, Quality, roundMilli, Source } from "../energy/day_bucket.ts";

export type PvCsvLayout = "sma" | "enphase" | "solaredge" | "fusionsolar" | "generic";

export type PvCsvErrorCode =
  | "notPvExport"
  | "noUnit"
  | "columnCount"
  | "badDate"
  | "badTime"
  | "ambiguousDates"
  | "badValue"
  | "negativeValue"
  | "counterDecreases"
  | "badInterval"
  | "duplicate"
  | "noRows";

/** What is wrong, on which line and in which column (1-based; 0 = the whole file or line). */
export class PvCsvError extends Error {
  constructor(
    readonly code: PvCsvErrorCode,
    readonly line: number,
    readonly column: number,
    readonly detail = "",
  ) {
    super(
      `${line > 0 ? `line ${line}${column > 0 ? `, column ${column}` : ""}: ` : ""}${
        describe(code, detail)
      }`,
    );
    this.name = "PvCsvError";
  }
}

function describe(code: PvCsvErrorCode, detail: string): string {
  switch (code) {
    case "notPvExport":
      return "no header with a date column and a production column was found";
    case "noUnit":
      return `the column "${detail}" does not say its unit (Wh or kWh)`;
    case "columnCount":
      return `the row has ${detail} columns, fewer than the header`;
    case "badDate":
      return `"${detail}" is not a date`;
    case "badTime":
      return `"${detail}" is not a time of day`;
    case "ambiguousDates":
      return "the dates can be read as day/month and as month/day";
    case "badValue":
      return `"${detail}" is not an energy`;
    case "negativeValue":
      return `"${detail}" is below zero`;
    case "counterDecreases":
      return `the counter goes down (${detail})`;
    case "badInterval":
      return `the rows are ${detail} minutes apart: not a quarter-hour, hour or day`;
    case "duplicate":
      return `${detail} appears twice`;
    case "noRows":
      return "the file holds no production rows";
  }
}

export interface PvCsvImport {
  layout: PvCsvLayout;
  /** The unit of the file's production column. */
  unit: "Wh" | "kWh" | "MWh";
  /** 1440 (daily totals), 60 or 15. */
  slotMinutes: number;
  /** One per day, oldest first; production as `imported` (what the pv channel counts). */
  buckets: DayBucket[];
  days: number;
  totalKWh: number;
  from: LocalDay;
  to: LocalDay;
  /** Rows without a value (`NaN`, empty): left missing, never read as zero. */
  missingRows: number;
}

const DATE_NAME =
  /^(date\/time|date and time|datum en tijd|date et heure|date|datum|time|tijd|heure|zeit|timestamp|statistical (period|time)|measurement time|periode|période|day|dag|jour)\b/i;
/** A format row's first cell (SMA): `DD.MM.YYYY hh:mm:ss`. */
const FORMAT_CELL = /^(dd|DD)[./-](mm|MM)[./-](yyyy|YYYY)/;
/** Production columns, best first; consumption, grid and battery columns never match. */
const PRODUCTION_NAMES: [RegExp, PvCsvLayout][] = [
  [/^pv yield\b/i, "fusionsolar"],
  [/^energy produced\b/i, "enphase"],
  [/^system production\b/i, "solaredge"],
  [
    /^(production|productie|produktion|opbrengst|yield|ertrag|rendement|energie|energy|pv)\b/i,
    "generic",
  ],
  [/^inverter yield\b/i, "fusionsolar"],
];
const NOT_PRODUCTION = /consum|verbruik|export|import|grid|net|batter|charge|self|revenue|co2/i;
/** Summary rows at the end or the top of a portal's table. */
const SUMMARY = /^(total|totaal|totaux|total:|summe|sum|som|gesamt)\b/i;

function unitOf(text: string): "Wh" | "kWh" | "MWh" | null {
  if (/\bMWh\b/.test(text)) return "MWh";
  if (/\bkWh\b/i.test(text)) return "kWh";
  if (/\bWh\b|WhOut\b/.test(text)) return "Wh";
  return null;
}

/** Splits one line on `separator`, with `"…"` quoting (and `""` inside quotes). */
function splitLine(line: string, separator: string): string[] {
  const cells: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === separator) {
      cells.push(cell.trim());
      cell = "";
    } else cell += c;
  }
  cells.push(cell.trim());
  return cells;
}

function separatorOf(line: string): string {
  const unquoted = line.replace(/"[^"]*"/g, "");
  const counts = [";", ",", "\t"].map((s) => [s, unquoted.split(s).length - 1] as const);
  counts.sort((a, b) => b[1] - a[1]);
  return counts[0][1] > 0 ? counts[0][0] : ";";
}

interface Header {
  line: number;
  separator: string;
  dateColumn: number;
  valueColumn: number;
  valueName: string;
  unit: "Wh" | "kWh" | "MWh";
  layout: PvCsvLayout;
  counter: boolean;
  /** Index of the first data line. */
  dataFrom: number;
}

function findHeader(lines: string[], forced: string | null): Header | null {
  const limit = Math.min(lines.length, 40);
  for (let i = 0; i < limit; i++) {
    const separator = forced ?? separatorOf(lines[i]);
    const cells = splitLine(lines[i], separator);
    // SMA: the format row under the device rows names the date format and the units.
    if (FORMAT_CELL.test(cells[0])) {
      for (let back = i - 1; back >= Math.max(0, i - 8); back--) {
        const names = splitLine(lines[back], separator);
        const column = names.findIndex((n) => /^Metering\.TotWhOut$/.test(n));
        if (column > 0) {
          const unit = unitOf(cells[column] ?? "");
          if (unit === null) throw new PvCsvError("noUnit", i + 1, column + 1, names[column]);
          return {
            line: i + 1,
            separator,
            dateColumn: 0,
            valueColumn: column,
            valueName: names[column],
            unit,
            layout: "sma",
            counter: true,
            dataFrom: i + 1,
          };
        }
      }
      continue;
    }
    const dateColumn = cells.findIndex((c) => DATE_NAME.test(c));
    if (dateColumn < 0) continue;
    for (const [name, layout] of PRODUCTION_NAMES) {
      const valueColumn = cells.findIndex((c, j) =>
        j !== dateColumn && name.test(c) && !(layout === "generic" && NOT_PRODUCTION.test(c))
      );
      if (valueColumn < 0) continue;
      const valueName = cells[valueColumn];
      // The unit in the name, else in a units row under it (`[Wh]`).
      let unit = unitOf(valueName);
      let dataFrom = i + 1;
      if (unit === null && i + 1 < lines.length) {
        const below = splitLine(lines[i + 1], separator);
        unit = unitOf(below[valueColumn] ?? "");
        if (unit !== null) dataFrom = i + 2;
      }
      if (unit === null) throw new PvCsvError("noUnit", i + 1, valueColumn + 1, valueName);
      return {
        line: i + 1,
        separator,
        dateColumn,
        valueColumn,
        valueName,
        unit,
        layout,
        counter: false,
        dataFrom,
      };
    }
  }
  return null;
}

/** Whether `text` (the file's first few KB are enough) is a portal export this module reads. */
export function looksLikePvCsv(text: string): boolean {
  try {
    const { lines, separator } = prepare(text);
    return findHeader(lines, separator) !== null;
  } catch (error) {
    // A header without a unit is still a production export: the import will say what is wrong.
    return error instanceof PvCsvError;
  }
}

function prepare(text: string) {
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  const sep = /^"?sep=(.)"?\s*$/i.exec(lines[0] ?? "");
  return { lines, separator: sep ? (sep[1] === "\\t" ? "\t" : sep[1]) : null };
}

interface RawRow {
  line: number;
  date: [number, number, number] | { iso: LocalDay };
  hour: number;
  minute: number;
  dateText: string;
  value: number | null;
}

const SLASHED = /^(\d{1,2})([./-])(\d{1,2})\2(\d{4})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

/** An energy as the file writes it; `null` for an empty or `NaN` cell. */
function parseValue(text: string, separator: string): number | null | undefined {
  const t = text.trim();
  if (t === "" || /^(nan|n\/a|-|—)$/i.test(t)) return null;
  let normal: string;
  if (separator === ",") {
    // A comma inside a comma-separated file was quoted: thousands (`"1,104"`), the point decimal.
    normal = /^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(t) ? t.replaceAll(",", "") : t;
  } else if (/^-?\d{1,3}(\.\d{3})+,\d+$/.test(t)) normal = t.replaceAll(".", "").replace(",", ".");
  else if (/^-?\d{1,3}(,\d{3})+\.\d+$/.test(t)) normal = t.replaceAll(",", "");
  else normal = t.replace(",", ".");
  if (!/^-?(\d+(\.\d*)?|\.\d+)$/.test(normal)) return undefined;
  return Number(normal);
}

function readRows(lines: string[], header: Header): { rows: RawRow[]; missing: number } {
  const rows: RawRow[] = [];
  let missing = 0;
  for (let i = header.dataFrom; i < lines.length; i++) {
    if (lines[i].trim() === "") continue;
    const cells = splitLine(lines[i], header.separator);
    const dateText = cells[header.dateColumn] ?? "";
    if (SUMMARY.test(dateText) || (cells.every((c) => c === ""))) continue;
    if (cells.length <= Math.max(header.dateColumn, header.valueColumn)) {
      throw new PvCsvError("columnCount", i + 1, 0, String(cells.length));
    }
    const slashed = SLASHED.exec(dateText);
    const iso = slashed ? null : ISO.exec(dateText);
    if (!slashed && !iso) throw new PvCsvError("badDate", i + 1, header.dateColumn + 1, dateText);
    const time = slashed ? [slashed[5], slashed[6]] : [iso![4], iso![5]];
    const hour = time[0] === undefined ? 0 : Number(time[0]);
    const minute = time[1] === undefined ? 0 : Number(time[1]);
    if (hour > 23 || minute > 59) {
      throw new PvCsvError("badTime", i + 1, header.dateColumn + 1, dateText);
    }
    let date: RawRow["date"];
    if (slashed) date = [Number(slashed[1]), Number(slashed[3]), Number(slashed[4])];
    else {
      const day = `${iso![1]}-${iso![2]}-${iso![3]}`;
      if (!isLocalDay(day)) throw new PvCsvError("badDate", i + 1, header.dateColumn + 1, dateText);
      date = { iso: day };
    }
    const valueText = cells[header.valueColumn];
    const value = parseValue(valueText, header.separator);
    if (value === undefined) {
      throw new PvCsvError("badValue", i + 1, header.valueColumn + 1, valueText);
    }
    if (value !== null && value < 0) {
      throw new PvCsvError("negativeValue", i + 1, header.valueColumn + 1, valueText);
    }
    if (value === null) missing++;
    rows.push({ line: i + 1, date, hour, minute, dateText, value });
  }
  return { rows, missing };
}

const pad = (n: number) => String(n).padStart(2, "0");

/** The local days of the rows, with the day/month order settled for the whole file. */
function daysOf(rows: RawRow[], layout: PvCsvLayout, dateColumn: number): LocalDay[] {
  const slashed = rows.filter((r) => Array.isArray(r.date));
  let order: "dmy" | "mdy" = "dmy";
  if (slashed.length > 0) {
    const parts = slashed.map((r) => r.date as [number, number, number]);
    const dmyPossible = parts.every(([a, b]) => b <= 12 && a <= 31);
    const mdyPossible = parts.every(([a, b]) => a <= 12 && b <= 31);
    if (dmyPossible && mdyPossible) {
      const ascending = (o: "dmy" | "mdy") => {
        const days = parts.map((
          [a, b, y],
        ) => (o === "dmy" ? `${y}-${pad(b)}-${pad(a)}` : `${y}-${pad(a)}-${pad(b)}`));
        return days.every((d, i) => i === 0 || d >= days[i - 1]);
      };
      const dmy = ascending("dmy");
      const mdy = ascending("mdy");
      if (dmy !== mdy) order = dmy ? "dmy" : "mdy";
      else if (layout === "enphase" || layout === "solaredge") order = "mdy";
      else if (!dmy) throw new PvCsvError("ambiguousDates", slashed[0].line, dateColumn + 1);
    } else if (mdyPossible) order = "mdy";
    else if (!dmyPossible) {
      const bad = slashed.find((r) => (r.date as number[])[1] > 12)!;
      throw new PvCsvError("badDate", bad.line, dateColumn + 1, bad.dateText);
    }
  }
  return rows.map((r) => {
    if (!Array.isArray(r.date)) return r.date.iso;
    const [a, b, y] = r.date;
    const day = order === "dmy" ? `${y}-${pad(b)}-${pad(a)}` : `${y}-${pad(a)}-${pad(b)}`;
    if (!isLocalDay(day)) throw new PvCsvError("badDate", r.line, dateColumn + 1, r.dateText);
    return day;
  });
}

const TO_KWH = { Wh: 0.001, kWh: 1, MWh: 1000 } as const;

/** The portal export in `text` as pv buckets of `siteId`; throws `PvCsvError`. */
export function parsePvCsv(text: string, siteId: string): PvCsvImport {
  const { lines, separator } = prepare(text);
  const header = findHeader(lines, separator);
  if (header === null) throw new PvCsvError("notPvExport", 0, 0);
  const { rows, missing } = readRows(lines, header);
  if (rows.length === 0) throw new PvCsvError("noRows", 0, 0);
  const days = daysOf(rows, header.layout, header.dateColumn);
  const daily = rows.every((r) => r.hour === 0 && r.minute === 0) &&
    days.every((d, i) => i === 0 || d !== days[i - 1]);
  // Each row's start instant; a repeated wall time on the autumn DST day is the second 02:xx.
  const starts: number[] = [];
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    const first = wallTimeMs(days[i], r.hour, r.minute);
    if (first === null) {
      throw new PvCsvError("badTime", r.line, header.dateColumn + 1, r.dateText);
    }
    const second = wallTimeMs(days[i], r.hour, r.minute, 0, 1)!;
    starts.push(i > 0 && starts[i - 1] >= first && second > starts[i - 1] ? second : first);
  }
  let slotMinutes = 1440;
  if (!daily) {
    const steps = starts.slice(1).map((s, i) => (s - starts[i]) / 60_000).filter((m) => m > 0);
    const step = steps.length > 0 ? Math.min(...steps) : 15;
    if (step === 5 || step === 15) slotMinutes = 15;
    else if (step === 60) slotMinutes = 60;
    else throw new PvCsvError("badInterval", rows[1]?.line ?? rows[0].line, 0, String(step));
  }
  // Energies per row: the value itself, or for a counter the next reading minus this one.
  const factor = TO_KWH[header.unit];
  const energies: (number | null)[] = rows.map((r, i) => {
    if (!header.counter) return r.value === null ? null : r.value * factor;
    const next = rows[i + 1];
    if (next === undefined || r.value === null || next.value === null) return null;
    if (next.value < r.value) {
      throw new PvCsvError(
        "counterDecreases",
        next.line,
        header.valueColumn + 1,
        `${r.value} → ${next.value}`,
      );
    }
    return (next.value - r.value) * factor;
  });
  const buckets = new Map<LocalDay, DayBucket>();
  const seen = new Set<number>();
  for (let i = 0; i < rows.length; i++) {
    const { day, slot } = slotMinutes === 1440
      ? { day: days[i], slot: 0 }
      : slotOf(starts[i], slotMinutes);
    const key = starts[i];
    if (seen.has(key)) {
      throw new PvCsvError("duplicate", rows[i].line, header.dateColumn + 1, rows[i].dateText);
    }
    seen.add(key);
    // A counter's last reading closes the previous interval; it has none of its own.
    if (header.counter && i === rows.length - 1) continue;
    let bucket = buckets.get(day);
    if (!bucket) {
      bucket = emptyBucket(siteId, "pv", day, slotMinutes);
      buckets.set(day, bucket);
    }
    const kWh = energies[i];
    if (kWh === null) continue;
    // Five-minute rows add up to their quarter-hour.
    const before = bucket.quality[slot] === Quality.missing ? 0 : bucket.imported[slot]!;
    bucket.imported[slot] = roundMilli(before + kWh);
    bucket.exported[slot] = 0;
    bucket.quality[slot] = Quality.measured;
    bucket.source[slot] = Source.portal;
  }
  const sorted = [...buckets.values()].filter((b) => b.quality.some((q) => q !== Quality.missing))
    .sort((a, b) => (a.day < b.day ? -1 : 1));
  if (sorted.length === 0) throw new PvCsvError("noRows", 0, 0);
  // A quarter that only got some of its five-minute rows is no whole value.
  if (slotMinutes === 15) markIncompleteQuarters(sorted, rows, starts, energies);
  let total = 0;
  for (const b of sorted) for (const v of b.imported) total += v ?? 0;
  return {
    layout: header.layout,
    unit: header.unit,
    slotMinutes,
    buckets: sorted,
    days: sorted.length,
    totalKWh: roundMilli(total),
    from: sorted[0].day,
    to: sorted[sorted.length - 1].day,
    missingRows: missing,
  };
}

/** Five-minute rows: a quarter with fewer than three of them, or a missing one, is partial. */
function markIncompleteQuarters(
  buckets: DayBucket[],
  rows: RawRow[],
  starts: number[],
  energies: (number | null)[],
) {
  const perQuarter = new Map<number, { rows: number; missing: boolean }>();
  for (let i = 0; i < rows.length; i++) {
    const quarter = Math.floor(starts[i] / 900_000) * 900_000;
    const entry = perQuarter.get(quarter) ?? { rows: 0, missing: false };
    entry.rows++;
    if (energies[i] === null) entry.missing = true;
    perQuarter.set(quarter, entry);
  }
  const fiveMinute = [...perQuarter.values()].some((e) => e.rows > 1);
  if (!fiveMinute) return;
  const byDay = new Map(buckets.map((b) => [b.day, b]));
  for (const [quarter, entry] of perQuarter) {
    if (entry.rows >= 3 && !entry.missing) continue;
    const { day, slot } = slotOf(quarter);
    const bucket = byDay.get(day);
    if (bucket && bucket.quality[slot] === Quality.measured) bucket.quality[slot] = Quality.partial;
  }
}

/** How a summary names an import's slots. */
export function resolutionOf(slotMinutes: number): "day" | "hour" | "quarter" {
  return slotMinutes === 1440 ? "day" : slotMinutes === 60 ? "hour" : "quarter";
}
