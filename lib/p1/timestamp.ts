/**
 * P1 timestamps (`TST` = YYMMDDhhmmssX, DSMR 5.0.2 §6.4): local time of the meter, with X = `S`
 * while daylight saving time is active (UTC+2) and `W` otherwise (UTC+1). Belgium and the
 * Netherlands share these offsets, so the suffix alone fixes the instant — also in the repeated
 * autumn hour, where the wall clock alone is ambiguous. Some meters send the suffix in lower case.
 */
import { brusselsOffsetAt, brusselsOffsetOfWallTime } from "../time/brussels.ts";

/** Stamps meters send when they have no real time; the value beside them is kept. */
const PLACEHOLDERS = new Set(["632525252525", "000101000001", "700101010000"]);

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function twoDigits(text: string, at: number): number {
  const tens = text.charCodeAt(at) - 48;
  const ones = text.charCodeAt(at + 1) - 48;
  if (tens < 0 || tens > 9 || ones < 0 || ones > 9) return -1;
  return tens * 10 + ones;
}

/**
 * Turns a P1 timestamp into ISO 8601 local time with its UTC offset
 * (`200512135409S` → `2020-05-12T13:54:09+02:00`), or `null` for placeholders and impossible
 * dates. A stamp without suffix (DSMR 2.2/3.0) gets the Europe/Brussels offset of that wall time.
 */
export function parseP1Timestamp(tst: string): string | null {
  return parseP1TimestampAt(tst, 0, tst.length);
}

// A meter repeats the same few stamps (month peaks, M-Bus captures) in every telegram.
const recent = new Map<string, string | null>();

/** `parseP1Timestamp` of `text[from, to)`, remembering the stamps it saw last. */
export function parseP1TimestampAt(text: string, from: number, to: number): string | null {
  const length = to - from;
  if (length !== 12 && length !== 13) return null;
  const stamp = text.slice(from, to);
  let iso = recent.get(stamp);
  if (iso === undefined) {
    iso = convertStamp(stamp, length);
    if (recent.size >= 64) recent.clear();
    recent.set(stamp, iso);
  }
  return iso;
}

/** Converts one whole stamp (12 or 13 characters); see `parseP1Timestamp`. */
function convertStamp(stamp: string, length: number): string | null {
  const year = twoDigits(stamp, 0);
  const month = twoDigits(stamp, 2);
  const day = twoDigits(stamp, 4);
  const hour = twoDigits(stamp, 6);
  const minute = twoDigits(stamp, 8);
  const second = twoDigits(stamp, 10);
  if (
    year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 ||
    minute < 0 || minute > 59 || second < 0 || second > 59
  ) return null;
  const leap = month === 2 && year % 4 === 0 ? 1 : 0;
  if (day > DAYS_IN_MONTH[month - 1] + leap) return null;
  if (PLACEHOLDERS.has(length === 12 ? stamp : stamp.slice(0, 12))) return null;
  let offset: string;
  if (length === 12) {
    offset = brusselsOffsetOfWallTime(2000 + year, month, day, hour) === 120 ? "+02:00" : "+01:00";
  } else {
    const suffix = stamp.charCodeAt(12) & ~32; // some meters send `s`/`w`
    if (suffix === 83) offset = "+02:00"; // S
    else if (suffix === 87) offset = "+01:00"; // W
    else return null;
  }
  return `20${stamp.slice(0, 2)}-${stamp.slice(2, 4)}-${stamp.slice(4, 6)}T${stamp.slice(6, 8)}:${
    stamp.slice(8, 10)
  }:${stamp.slice(10, 12)}${offset}`;
}

/**
 * The month a 98.1.0 entry closes, as `YYYY-MM`: the close stamp marks the first instant of the
 * next month (`200501000000S` closes 2020-04). Falls back to the month of the peak itself.
 */
export function monthClosedBy(closeIso: string | null, peakIso: string | null): string | null {
  if (closeIso !== null) {
    let year = Number(closeIso.slice(0, 4));
    let month = Number(closeIso.slice(5, 7));
    const atMonthStart = closeIso.slice(8, 19) === "01T00:00:00";
    if (atMonthStart) {
      month -= 1;
      if (month === 0) {
        month = 12;
        year -= 1;
      }
    }
    return `${year}-${String(month).padStart(2, "0")}`;
  }
  return peakIso === null ? null : peakIso.slice(0, 7);
}

/** Epoch milliseconds of an ISO 8601 instant with offset (or `null`). */
export function instantMs(iso: string | null): number | null {
  return iso === null ? null : Date.parse(iso);
}

/** Formats an instant as a P1 timestamp in Belgian local time (`200512135409S`). */
export function formatP1Timestamp(utcMs: number): string {
  const offset = brusselsOffsetAt(utcMs);
  const local = new Date(utcMs + offset * 60_000);
  const two = (n: number) => (n < 10 ? "0" : "") + n;
  return two(local.getUTCFullYear() % 100) + two(local.getUTCMonth() + 1) +
    two(local.getUTCDate()) +
    two(local.getUTCHours()) + two(local.getUTCMinutes()) + two(local.getUTCSeconds()) +
    (offset === 120 ? "S" : "W");
}
