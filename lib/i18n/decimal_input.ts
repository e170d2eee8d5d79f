/**
 * Numbers in form fields: shown with the user's decimal separator (a comma in Dutch and French,
 * a point in English), read back with either. No thousands separators, in or out: "1.234" could
 * be a thousand or one, so a field holds at most one separator and anything more is refused.
 */
import type { Locale } from "./messages.ts";

export type DecimalProblem = "empty" | "notNumber" | "ambiguous";

export type DecimalParse = { ok: true; value: number } | { ok: false; problem: DecimalProblem };

const PLAIN = /^[-−]?(\d+([.,]\d*)?|[.,]\d+)$/;
/** Digits with more than one separator (`1.234,5`, `1,234.5`, `1 234,5`, `1.234.567`). */
const GROUPED = /^[-−]?\d[\d.,\s]*$/;

/** `0,1320` or `0.1320` → 0.132; `1.234,5` is refused as ambiguous rather than guessed. */
export function parseDecimalInput(text: string): DecimalParse {
  const trimmed = text.trim();
  if (trimmed === "") return { ok: false, problem: "empty" };
  if (PLAIN.test(trimmed)) {
    return { ok: true, value: Number(trimmed.replace(",", ".").replace("−", "-")) };
  }
  return { ok: false, problem: GROUPED.test(trimmed) ? "ambiguous" : "notNumber" };
}

/** The number, or `null` for anything `parseDecimalInput` refuses (empty included). */
export function parseDecimal(text: string): number | null {
  const parsed = parseDecimalInput(text);
  return parsed.ok ? parsed.value : null;
}

/**
 * A number as a field shows it: `0.132` → `0,132` (nl, fr), `0.132` (en); at most `maxDecimals`
 * decimals, trailing zeros dropped, no grouping, an ASCII minus (what people type).
 */
export function formatDecimalInput(locale: Locale, value: number, maxDecimals = 8): string {
  const fixed = value.toFixed(maxDecimals);
  const trimmed = fixed.includes(".") ? fixed.replace(/\.?0+$/, "") : fixed;
  const text = trimmed === "-0" ? "0" : trimmed;
  return locale === "en" ? text : text.replace(".", ",");
}

/**
 * A power kept in watts, shown in a field in kilowatts: `2500` → `2,5` (nl, fr), `2.5` (en),
 * to the watt.
 */
export function formatKWInput(locale: Locale, watts: number): string {
  return formatDecimalInput(locale, watts / 1000, 3);
}

/** A field's kilowatts back in whole watts (`2,5` → 2500); `null` for what is not a number. */
export function parseKWInput(text: string): number | null {
  const kW = parseDecimal(text);
  return kW === null ? null : Math.round(kW * 1000);
}
