/**
 * Charge sessions as lines of a statement: filtered by charger, owner, address and days, with
 * Brussels-calendar periods (ISO week, month, year) and totals. Both the session history's view
 * and the CSV export build on these, so a screen and a file never disagree.
 *
 * **Rounding.** Every line holds the figures as the session document stores and an export prints
 * them (kWh to the Wh, km to 0.1 km, euros to the cent); a total is the exact sum of its lines'
 * figures, so it equals the sum of the printed lines, as a bookkeeper checks. The solar share of a
 * total is Σ solar kWh ÷ Σ kWh of the lines whose solar part is known, in whole percent.
 */
import {
  addDays,
  dayDistance,
  daysInMonth,
  type LocalDay,
  localDayOf,
  weekStartOf,
} from "../energy/calendar.ts";
import type { ChargeSession } from "../db/models.ts";
import { roundTo, sumRounded } from "./rounding.ts";

export type SessionPeriod = "week" | "month" | "year";

/**
 * Who a session is for: its `owner` label, else its RFID tag, else its app user — the same
 * person in every view and export. `""` when none is known.
 */
export function ownerKey(session: ChargeSession): string {
  if (session.owner) return `owner:${session.owner}`;
  if (session.idTag) return `tag:${session.idTag}`;
  if (session.userId) return `user:${session.userId}`;
  return "";
}

/** How an owner is named: the label, the tag or the user id as it is. */
export function ownerName(session: ChargeSession): string {
  return session.owner ?? session.idTag ?? session.userId ?? "";
}

export interface SessionFilter {
  deviceId?: string;
  /** An `ownerKey`. */
  owner?: string;
  address?: string;
  /** Local days, both included, of the sessions' starts. */
  from?: LocalDay;
  to?: LocalDay;
}

export interface SessionLine {
  id: string;
  deviceId: string;
  chargerName: string;
  owner: string;
  ownerKey: string;
  idTag: string | null;
  address: string | null;
  startMs: number;
  /** `null` while it runs. */
  endMs: number | null;
  /** The local day it started. */
  day: LocalDay;
  durationMinutes: number | null;
  meterStartKWh: number | null;
  meterStopKWh: number | null;
  energyKWh: number;
  kmAdded: number | null;
  solarKWh: number | null;
  solarPct: number | null;
  costEur: number | null;
  /** € per kWh of the cost, to 0.0001 €. */
  eurPerKWh: number | null;
  cregEurPerKWh: number | null;
  reimbursementEur: number | null;
  running: boolean;
}

export interface SessionTotals {
  sessions: number;
  energyKWh: number;
  kmAdded: number;
  solarKWh: number;
  solarPct: number | null;
  costEur: number;
  reimbursementEur: number;
  /** Lines without a cost (no tariff, unpriced quarters): their cost is not in `costEur`. */
  withoutCost: number;
  /** Lines without a km figure, solar part or refund. */
  withoutKm: number;
  withoutSolar: number;
  withoutReimbursement: number;
  /** Sessions still running: their figures will grow. */
  running: number;
}

function line(session: ChargeSession): SessionLine {
  const energy = session.energyKWh;
  const cost = session.costEur ?? null;
  return {
    id: session.id,
    deviceId: session.deviceId,
    chargerName: session.chargerName ?? session.deviceId,
    owner: ownerName(session),
    ownerKey: ownerKey(session),
    idTag: session.idTag ?? null,
    address: session.address ?? null,
    startMs: session.startMs,
    endMs: session.endMs,
    day: localDayOf(session.startMs),
    durationMinutes: session.endMs === null
      ? null
      : Math.round((session.endMs - session.startMs) / 60_000),
    meterStartKWh: session.meterStartKWh ?? null,
    meterStopKWh: session.meterStopKWh ?? null,
    energyKWh: energy,
    kmAdded: session.kmAdded ?? null,
    solarKWh: session.solarKWh ?? null,
    solarPct: session.solarKWh === undefined || energy === 0
      ? null
      : roundTo((session.solarKWh / energy) * 100, 0),
    costEur: cost,
    eurPerKWh: cost === null || energy === 0 ? null : roundTo(cost / energy, 4),
    cregEurPerKWh: session.cregEurPerKWh ?? null,
    reimbursementEur: session.reimbursementEur ?? null,
    running: session.endMs === null,
  };
}

/** The totals of lines: exact sums of their (rounded) figures. */
export function sessionTotals(lines: SessionLine[]): SessionTotals {
  const known = <K extends keyof SessionLine>(key: K) =>
    lines.map((l) => l[key]).filter((v): v is NonNullable<SessionLine[K]> => v !== null);
  const withSolar = lines.filter((l) => l.solarKWh !== null);
  const solarKWh = sumRounded(withSolar.map((l) => l.solarKWh!), 3);
  const solarBaseKWh = sumRounded(withSolar.map((l) => l.energyKWh), 3);
  return {
    sessions: lines.length,
    energyKWh: sumRounded(lines.map((l) => l.energyKWh), 3),
    kmAdded: sumRounded(known("kmAdded") as number[], 1),
    solarKWh,
    solarPct: solarBaseKWh === 0 ? null : roundTo((solarKWh / solarBaseKWh) * 100, 0),
    costEur: sumRounded(known("costEur") as number[], 2),
    reimbursementEur: sumRounded(known("reimbursementEur") as number[], 2),
    withoutCost: lines.filter((l) => l.costEur === null).length,
    withoutKm: lines.filter((l) => l.kmAdded === null).length,
    withoutSolar: lines.length - withSolar.length,
    withoutReimbursement: lines.filter((l) => l.reimbursementEur === null).length,
    running: lines.filter((l) => l.running).length,
  };
}

/** The ISO 8601 week of a local day: `2026-W01` for Monday 29 December 2025. */
export function isoWeekOf(day: LocalDay): { key: string; from: LocalDay; to: LocalDay } {
  const monday = weekStartOf(day);
  // The week belongs to the year its Thursday is in.
  const thursday = addDays(monday, 3);
  const year = thursday.slice(0, 4);
  const firstThursday = addDays(weekStartOf(`${year}-01-04`), 3);
  const week = 1 + dayDistance(firstThursday, thursday) / 7;
  return { key: `${year}-W${String(week).padStart(2, "0")}`, from: monday, to: addDays(monday, 6) };
}

function lastDayOfMonth(month: string): LocalDay {
  return `${month}-${String(daysInMonth(month)).padStart(2, "0")}`;
}

/** The group a local day falls in. */
export function periodOf(
  period: SessionPeriod,
  day: LocalDay,
): { key: string; from: LocalDay; to: LocalDay } {
  if (period === "week") return isoWeekOf(day);
  if (period === "month") {
    const month = day.slice(0, 7);
    return { key: month, from: `${month}-01`, to: lastDayOfMonth(month) };
  }
  const year = day.slice(0, 4);
  return { key: year, from: `${year}-01-01`, to: `${year}-12-31` };
}

/** Whether a session passes the filter. */
export function matches(session: ChargeSession, filter: SessionFilter): boolean {
  if (filter.deviceId !== undefined && session.deviceId !== filter.deviceId) return false;
  if (filter.owner !== undefined && ownerKey(session) !== filter.owner) return false;
  if (filter.address !== undefined && (session.address ?? "") !== filter.address) return false;
  if (filter.from !== undefined || filter.to !== undefined) {
    const day = localDayOf(session.startMs);
    if (filter.from !== undefined && day < filter.from) return false;
    if (filter.to !== undefined && day > filter.to) return false;
  }
  return true;
}

/** The filtered sessions as lines, oldest first (ties by id, so the order never wobbles). */
export function sessionLines(sessions: ChargeSession[], filter: SessionFilter = {}): SessionLine[] {
  return sessions.filter((s) => matches(s, filter))
    .sort((a, b) => a.startMs - b.startMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map(line);
}
