/** Numbers, dates and durations in the user's locale; calendars in Europe/Brussels. */
import type { Locale } from "./messages.ts";

const TIME_ZONE = "Europe/Brussels";
const numberFormats = new Map<string, Intl.NumberFormat>();

/** `1234.5` → `1.234,50` (nl), `1 234,50` (fr), `1,234.50` (en). */
export function formatNumber(locale: Locale, value: number, decimals: number): string {
  const key = `${locale}:${decimals}`;
  let format = numberFormats.get(key);
  if (format === undefined) {
    format = new Intl.NumberFormat(
      locale === "nl" ? "nl-BE" : locale === "fr" ? "fr-BE" : "en-GB",
      {
        minimumFractionDigits: decimals,
        maximumFractionDigits: decimals,
      },
    );
    numberFormats.set(key, format);
  }
  return format.format(value);
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** An instant as Brussels wall time: `12/05/2020 13:54` style per locale; `time` for time only. */
export function formatDateTime(
  locale: Locale,
  iso: string | number,
  style: "dateTime" | "time" | "month" = "dateTime",
): string {
  const key = `${locale}:${style}`;
  let format = dateFormats.get(key);
  if (format === undefined) {
    const options: Intl.DateTimeFormatOptions = style === "time"
      ? { hour: "2-digit", minute: "2-digit", second: "2-digit" }
      : style === "month"
      ? { month: "short", year: "numeric" }
      : { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit" };
    format = new Intl.DateTimeFormat(
      locale === "nl" ? "nl-BE" : locale === "fr" ? "fr-BE" : "en-GB",
      {
        ...options,
        timeZone: TIME_ZONE,
      },
    );
    dateFormats.set(key, format);
  }
  return format.format(typeof iso === "number" ? iso : Date.parse(iso));
}

/** `754` → `12:34` (minutes:seconds). */
export function formatMinutesSeconds(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();

const DAY_STYLES: Record<string, Intl.DateTimeFormatOptions> = {
  /** `ma 3` */
  weekday: { weekday: "short", day: "numeric" },
  /** `3` */
  dayOfMonth: { day: "numeric" },
  /** `3 juni` */
  dayMonth: { day: "numeric", month: "long" },
  /** `3 juni 2024` */
  long: { day: "numeric", month: "long", year: "numeric" },
  /** `ma 3 juni 2024` */
  weekdayLong: { weekday: "short", day: "numeric", month: "long", year: "numeric" },
  /** `jun` */
  monthShort: { month: "short" },
  /** `juni 2024` */
  monthLong: { month: "long", year: "numeric" },
};

/** A calendar day (`YYYY-MM-DD`, or `YYYY-MM` for months) in the user's language. */
export function formatLocalDay(
  locale: Locale,
  day: string,
  style: keyof typeof DAY_STYLES,
): string {
  const key = `${locale}:${style}`;
  let format = dayFormats.get(key);
  if (format === undefined) {
    format = new Intl.DateTimeFormat(
      locale === "nl" ? "nl-BE" : locale === "fr" ? "fr-BE" : "en-GB",
      { ...DAY_STYLES[style], timeZone: "UTC" },
    );
    dayFormats.set(key, format);
  }
  const full = day.length === 7 ? `${day}-01` : day;
  return format.format(Date.UTC(+full.slice(0, 4), +full.slice(5, 7) - 1, +full.slice(8, 10), 12));
}

const euroFormats = new Map<Locale, Intl.NumberFormat>();

/** `38.83` → `€ 38,83` (nl), `38,83 €` (fr), `€38.83` (en). */
export function formatEuro(locale: Locale, value: number): string {
  let format = euroFormats.get(locale);
  if (format === undefined) {
    format = new Intl.NumberFormat(
      locale === "nl" ? "nl-BE" : locale === "fr" ? "fr-BE" : "en-GB",
      { style: "currency", currency: "EUR" },
    );
    euroFormats.set(locale, format);
  }
  // What rounds to no cent at all is "€ 0,00", never "€ -0,00".
  return format.format(Math.abs(value) < 0.005 ? 0 : value);
}

/**
 * A power as people read it: watts below 1 kW (`340 W`), kilowatts with two decimals above
 * (`2,35 kW`), without its sign (the words say the direction).
 */
export function formatPower(locale: Locale, kW: number): string {
  const { value, unit } = powerParts(locale, kW);
  return `${value} ${unit}`;
}

/** `formatPower`'s number and unit apart, for a display that sets them in different sizes. */
export function powerParts(locale: Locale, kW: number): { value: string; unit: "W" | "kW" } {
  const magnitude = Math.abs(kW);
  return magnitude < 0.9995
    ? { value: formatNumber(locale, magnitude * 1000, 0), unit: "W" }
    : { value: formatNumber(locale, magnitude, 2), unit: "kW" };
}

/**
 * An energy as people read it: kWh with two decimals below 10 kWh (`3,21 kWh`), one above
 * (`123,4 kWh`); registers, which show every Wh, use `formatNumber` with three.
 */
export function formatEnergy(locale: Locale, kWh: number): string {
  const decimals = Math.abs(kWh) < 9.995 ? 2 : 1;
  const rounded = Number(kWh.toFixed(decimals));
  return `${formatNumber(locale, rounded === 0 ? 0 : rounded, decimals)} kWh`;
}

const shareFormats = new Map<Locale, Intl.NumberFormat>();

/** A share (0–1) as a whole percentage: `0.754` → `75 %` (nl, fr), `75%` (en). */
export function formatShare(locale: Locale, share: number): string {
  let format = shareFormats.get(locale);
  if (format === undefined) {
    format = new Intl.NumberFormat(
      locale === "nl" ? "nl-BE" : locale === "fr" ? "fr-BE" : "en-GB",
      { style: "percent", maximumFractionDigits: 0 },
    );
    shareFormats.set(locale, format);
  }
  return format.format(share);
}

const byteFormats = new Map<string, Intl.NumberFormat>();
const BYTE_UNITS = [
  { unit: "kilobyte", bytes: 1e3 },
  { unit: "megabyte", bytes: 1e6 },
  { unit: "gigabyte", bytes: 1e9 },
  { unit: "terabyte", bytes: 1e12 },
] as const;

/**
 * A size on disk as people read it, in decimal units like the browser's and the disk maker's
 * (1 MB = 1,000,000 bytes): `1,2 GB`, `350 MB`, `12 kB` (nl), `1,2 Go`, `350 Mo` (fr). One decimal
 * below 10 of a unit, none above; the largest unit that leaves at least 1 (never `1.000 MB`).
 */
export function formatBytes(locale: Locale, bytes: number): string {
  const size = Math.max(0, bytes);
  let index = 0;
  let decimals = 1;
  for (;; index++) {
    const value = size / BYTE_UNITS[index].bytes;
    decimals = value < 9.95 ? 1 : 0;
    const next = BYTE_UNITS[index + 1];
    // 999,6 MB would round to "1.000 MB": the next unit up says it better.
    if (next === undefined || Math.round(value) < 1000) break;
  }
  const { unit, bytes: per } = BYTE_UNITS[index];
  const key = `${locale}:${unit}:${decimals}`;
  let format = byteFormats.get(key);
  if (format === undefined) {
    format = new Intl.NumberFormat(
      locale === "nl" ? "nl-BE" : locale === "fr" ? "fr-BE" : "en-GB",
      { style: "unit", unit, maximumFractionDigits: decimals },
    );
    byteFormats.set(key, format);
  }
  return format.format(size / per);
}
