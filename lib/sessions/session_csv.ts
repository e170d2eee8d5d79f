/**
 * Charge sessions as CSV, per charger, per address or per owner, over a period: what a driver
 * hands to an employer or a bookkeeper opens in Excel.
 *
 * Belgian Excel style, as `lib/energy/csv_export.ts`'s `be`: `;` between cells, a decimal comma,
 * no thousands separator, `dd-mm-yyyy hh:mm` in Brussels local time, CRLF line ends. Unlike that
 * file (ASCII only), this one starts with a UTF-8 byte-order mark: its headers and names have
 * accents and `€`, which Excel misreads as Windows-1252 without one.
 *
 * Columns follow evcc's session export (start, end, charger, identifier, meter start/stop,
 * energy, duration, range, solar %, price, price/kWh) plus address, owner, the CREG rate and the
 * reimbursement. Every line holds the figures the session document stores (kWh to the Wh, km to
 * 0.1, € to the cent); the TOTAL line is the exact sum of the printed lines (its solar % is the
 * summed solar kWh over the summed kWh, its price/kWh the summed cost over the summed kWh of the
 * lines with a cost). Sessions still running are left out: their figures are not final.
 *
 * Text cells are quoted when they hold `;`, `"` or a line end, and a cell that starts with
 * `=`, `+`, `-`, `@`, a tab or a CR is prefixed with `'`, so Excel never runs it as a formula.
 */
import { isoLocal, type LocalDay } from "../energy/calendar.ts";
import type { ChargeSession } from "../db/models.ts";
import type { Messages } from "../i18n/messages.ts";
import {
  periodOf,
  type SessionFilter,
  type SessionLine,
  sessionLines,
  sessionTotals,
} from "./session_lines.ts";
import { roundTo, sumRounded } from "./rounding.ts";

export type SessionExportScope =
  | { kind: "charger"; deviceId: string }
  | { kind: "address"; address: string }
  /** An `ownerKey` (`owner:…`, `tag:…` or `user:…`). */
  | { kind: "owner"; owner: string };

export interface SessionCsvRequest {
  scope: SessionExportScope;
  /** Local days of the sessions' starts, both included. */
  from: LocalDay;
  to: LocalDay;
  texts: Messages["sessionsCsv"];
}

export interface SessionCsv {
  fileName: string;
  text: string;
  /** Sessions in the file (the TOTAL line not counted). */
  sessions: number;
}

const SEPARATOR = ";";
const BOM = "\uFEFF";

function beTime(ms: number): string {
  const iso = isoLocal(ms);
  return `${iso.slice(8, 10)}-${iso.slice(5, 7)}-${iso.slice(0, 4)} ${iso.slice(11, 16)}`;
}

function decimal(value: number | null, decimals: number): string {
  if (value === null) return "";
  const text = roundTo(value, decimals).toFixed(decimals);
  return (text.startsWith("-") && Number(text) === 0 ? text.slice(1) : text).replace(".", ",");
}

/** A text cell, safe from formulas and quoted when it must be. */
export function textCell(value: string | null): string {
  if (value === null || value === "") return "";
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[;"\r\n]/.test(safe) || safe !== value ? `"${safe.replaceAll('"', '""')}"` : safe;
}

function duration(minutes: number | null): string {
  if (minutes === null) return "";
  return `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, "0")}`;
}

/** A name as a file-name part: lowercase ASCII letters, digits and `-`, at most 40 characters. */
export function fileNamePart(name: string, fallback: string): string {
  const slug = name.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
    .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 40).replace(/-+$/, "");
  return slug || fallback;
}

/** The period as a file-name part: `2025-06`, `2025`, `2025-W23`, or `2025-06-02_2025-06-20`. */
export function periodName(from: LocalDay, to: LocalDay): string {
  for (const period of ["month", "year", "week"] as const) {
    const whole = periodOf(period, from);
    if (whole.from === from && whole.to === to) return whole.key;
  }
  return `${from}_${to}`;
}

function filterOf(request: SessionCsvRequest): SessionFilter {
  const { scope, from, to } = request;
  if (scope.kind === "charger") return { deviceId: scope.deviceId, from, to };
  if (scope.kind === "address") return { address: scope.address, from, to };
  return { owner: scope.owner, from, to };
}

function scopeName(request: SessionCsvRequest, lines: SessionLine[]): string {
  const { scope } = request;
  // The newest line's name: a charger renamed within the period goes by its newest name.
  const newest = lines.at(-1);
  if (scope.kind === "charger") return newest?.chargerName ?? scope.deviceId;
  if (scope.kind === "address") return scope.address;
  return newest?.owner ?? scope.owner.slice(scope.owner.indexOf(":") + 1);
}

/** The CSV of one charger's, address's or owner's finished sessions over a period. */
export function sessionCsv(sessions: ChargeSession[], request: SessionCsvRequest): SessionCsv {
  const t = request.texts;
  const lines = sessionLines(sessions, filterOf(request)).filter((l) => !l.running);
  const header = [
    t.start,
    t.end,
    t.charger,
    t.owner,
    t.idTag,
    t.address,
    t.meterStartKWh,
    t.meterStopKWh,
    t.energyKWh,
    t.duration,
    t.kmAdded,
    t.solarPct,
    t.costEur,
    t.eurPerKWh,
    t.cregEurPerKWh,
    t.reimbursementEur,
  ];
  const rows = [header.map(textCell).join(SEPARATOR)];
  for (const l of lines) {
    rows.push([
      beTime(l.startMs),
      l.endMs === null ? "" : beTime(l.endMs),
      textCell(l.chargerName),
      textCell(l.owner),
      textCell(l.idTag),
      textCell(l.address),
      decimal(l.meterStartKWh, 3),
      decimal(l.meterStopKWh, 3),
      decimal(l.energyKWh, 3),
      duration(l.durationMinutes),
      decimal(l.kmAdded, 1),
      decimal(l.solarPct, 0),
      decimal(l.costEur, 2),
      decimal(l.eurPerKWh, 4),
      decimal(l.cregEurPerKWh, 4),
      decimal(l.reimbursementEur, 2),
    ].join(SEPARATOR));
  }
  const totals = sessionTotals(lines);
  const costed = lines.filter((l) => l.costEur !== null);
  const costedKWh = sumRounded(costed.map((l) => l.energyKWh), 3);
  const minutes = lines.reduce((sum, l) => sum + (l.durationMinutes ?? 0), 0);
  rows.push([
    textCell(t.total),
    "",
    "",
    "",
    "",
    "",
    "",
    "",
    decimal(totals.energyKWh, 3),
    duration(minutes),
    decimal(totals.kmAdded, 1),
    decimal(totals.solarPct, 0),
    decimal(totals.costEur, 2),
    costedKWh === 0 ? "" : decimal(totals.costEur / costedKWh, 4),
    "",
    decimal(totals.reimbursementEur, 2),
  ].join(SEPARATOR));
  const who = fileNamePart(scopeName(request, lines), t.unknown);
  return {
    fileName: `${t.fileName}_${who}_${periodName(request.from, request.to)}.csv`,
    text: BOM + rows.join("\r\n") + "\r\n",
    sessions: lines.length,
  };
}
