/**
 * The Europe/Brussels calendar of energy data: local days (`YYYY-MM-DD`) hold 92, 96 or 100
 * quarter-hours, because a DST day is 23 or 25 hours long. Instants are UTC epoch ms.
 */
import { brusselsOffsetAt, brusselsOffsetOfWallTime } from "../time/brussels.ts";

/** A local calendar day, `YYYY-MM-DD`. */
export type LocalDay = string;
/** A local calendar month, `YYYY-MM`. */
export type LocalMonth = string;

export const QUARTER_MS = 15 * 60_000;
const DAY_MS = 86_400_000;

function parseDay(day: LocalDay): [number, number, number] {
  return [Number(day.slice(0, 4)), Number(day.slice(5, 7)), Number(day.slice(8, 10))];
}

function two(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** The day of a UTC calendar date (`Date.UTC` arithmetic, so months and leap years roll over). */
function dayOfUtcDate(date: Date): LocalDay {
  return `${date.getUTCFullYear()}-${two(date.getUTCMonth() + 1)}-${two(date.getUTCDate())}`;
}

/** Whether a string is a real `YYYY-MM-DD` date. */
export function isLocalDay(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const [y, m, d] = parseDay(text);
  return dayOfUtcDate(new Date(Date.UTC(y, m - 1, d))) === text;
}

/** The instant a local day begins (midnight is never inside a DST change, which happens at 02:00). */
export function dayStartMs(day: LocalDay): number {
  // A day's quarters ask for the same day in turn: the last answer is kept.
  if (day === lastStart.day) return lastStart.ms;
  const [y, m, d] = parseDay(day);
  const ms = Date.UTC(y, m - 1, d) - brusselsOffsetOfWallTime(y, m, d, 0) * 60_000;
  lastStart = { day, ms };
  return ms;
}
let lastStart = { day: "", ms: 0 };

export function addDays(day: LocalDay, days: number): LocalDay {
  const [y, m, d] = parseDay(day);
  return dayOfUtcDate(new Date(Date.UTC(y, m - 1, d + days)));
}

/** The local day an instant falls on. */
export function localDayOf(ms: number): LocalDay {
  return dayOfUtcDate(new Date(ms + brusselsOffsetAt(ms) * 60_000));
}

/** Slots of `slotMinutes` in a local day: 96 quarter-hours, 92 in spring, 100 in autumn. */
export function slotsInDay(day: LocalDay, slotMinutes = 15): number {
  return (dayStartMs(addDays(day, 1)) - dayStartMs(day)) / (slotMinutes * 60_000);
}

/** The local day and slot index an instant falls in. */
export function slotOf(ms: number, slotMinutes = 15): { day: LocalDay; slot: number } {
  const day = localDayOf(ms);
  return { day, slot: Math.floor((ms - dayStartMs(day)) / (slotMinutes * 60_000)) };
}

export function slotStartMs(day: LocalDay, slot: number, slotMinutes = 15): number {
  return dayStartMs(day) + slot * slotMinutes * 60_000;
}

/** ISO 8601 local time with the Brussels offset: `2024-06-01T20:45:00+02:00`. */
export function isoLocal(ms: number): string {
  const offset = brusselsOffsetAt(ms);
  const local = new Date(ms + offset * 60_000);
  return `${dayOfUtcDate(local)}T${two(local.getUTCHours())}:${two(local.getUTCMinutes())}:${
    two(local.getUTCSeconds())
  }${offset === 120 ? "+02:00" : "+01:00"}`;
}

/** Local `HH:MM` of an instant (what `isoLocal` says, without building the whole string). */
export function localTimeOf(ms: number): string {
  const minutes = Math.floor(ms / 60_000) + brusselsOffsetAt(ms);
  const ofDay = ((minutes % 1440) + 1440) % 1440;
  return `${two(Math.floor(ofDay / 60))}:${two(ofDay % 60)}`;
}

/**
 * The instant of a Brussels wall-clock time. In the repeated autumn hour `occurrence` 0 is the
 * first pass (summer time) and 1 the second (winter time); a time inside the skipped spring hour
 * gives `null`.
 */
export function wallTimeMs(
  day: LocalDay,
  hour: number,
  minute: number,
  second = 0,
  occurrence: 0 | 1 = 0,
): number | null {
  const [y, m, d] = parseDay(day);
  const wall = Date.UTC(y, m - 1, d, hour, minute, second);
  const summer = wall - 120 * 60_000;
  const winter = wall - 60 * 60_000;
  const candidates: number[] = [];
  if (brusselsOffsetAt(summer) === 120) candidates.push(summer);
  if (brusselsOffsetAt(winter) === 60) candidates.push(winter);
  if (candidates.length === 0) return null;
  return candidates[Math.min(occurrence, candidates.length - 1)];
}

export function monthOf(day: LocalDay): LocalMonth {
  return day.slice(0, 7);
}

export function daysInMonth(month: LocalMonth): number {
  const [y, m] = [Number(month.slice(0, 4)), Number(month.slice(5, 7))];
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

export function addMonths(month: LocalMonth, months: number): LocalMonth {
  const [y, m] = [Number(month.slice(0, 4)), Number(month.slice(5, 7))];
  return dayOfUtcDate(new Date(Date.UTC(y, m - 1 + months, 1))).slice(0, 7);
}

/** Every month from `from` to `to`, both included, oldest first. */
export function monthsBetween(from: LocalMonth, to: LocalMonth): LocalMonth[] {
  const months: LocalMonth[] = [];
  for (let month = from; month <= to; month = addMonths(month, 1)) months.push(month);
  return months;
}

/** The Monday of the ISO week a day is in. */
export function weekStartOf(day: LocalDay): LocalDay {
  const [y, m, d] = parseDay(day);
  const weekday = (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7;
  return addDays(day, -weekday);
}

/** Every day from `from` to `to`, both included. */
export function daysBetween(from: LocalDay, to: LocalDay): LocalDay[] {
  const days: LocalDay[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) days.push(day);
  return days;
}

/** Whole days from `a` to `b` (calendar days, DST-proof). */
export function dayDistance(a: LocalDay, b: LocalDay): number {
  const [ya, ma, da] = parseDay(a);
  const [yb, mb, db] = parseDay(b);
  return Math.round((Date.UTC(yb, mb - 1, db) - Date.UTC(ya, ma - 1, da)) / DAY_MS);
}
