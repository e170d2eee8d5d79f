/**
 * What went wrong, as the server answers it and the app shows it: an English `error` for API
 * users, a `code` naming a text of `problems` in the catalogues, and the values that text needs.
 * The app words the code in the user's language; a code it does not know shows the English.
 */
import { fill, type Locale, type Messages } from "./messages.ts";
import type { Message, Plural } from "./template.ts";

type Paths<T, Prefix extends string = ""> = {
  [K in keyof T & string]: T[K] extends string | Plural<string> ? `${Prefix}${K}`
    : Paths<T[K], `${Prefix}${K}.`>;
}[keyof T & string];

/** `"password.tooShort"`, `"sync.quotaFull"`, …: every text under `problems`. */
export type ProblemCode = Paths<Messages["problems"]>;

export type ProblemParams = Readonly<Record<string, string | number>>;

export interface ProblemBody {
  error: string;
  code?: ProblemCode;
  params?: ProblemParams;
}

const numberFormats = new Map<Locale, Intl.NumberFormat>();

function formatted(locale: Locale, params: ProblemParams): ProblemParams {
  let format = numberFormats.get(locale);
  if (format === undefined) {
    format = new Intl.NumberFormat(locale === "en" ? "en-GB" : `${locale}-BE`, {
      maximumFractionDigits: 1,
    });
    numberFormats.set(locale, format);
  }
  return Object.fromEntries(
    Object.entries(params).map(([key, value]) => [
      key,
      // The count picks the plural form: it stays a number.
      typeof value === "number" && key !== "n" ? format.format(value) : value,
    ]),
  );
}

/** The problem in the user's language; the English `error` when the code is unknown or absent. */
export function wordProblem(
  messages: Messages,
  locale: Locale,
  problem: { error: string; code?: string; params?: ProblemParams },
): string {
  const text = problem.code?.split(".").reduce<unknown>(
    (node, key) =>
      typeof node === "object" && node !== null && Object.hasOwn(node, key)
        ? (node as Record<string, unknown>)[key]
        : undefined,
    messages.problems,
  );
  const isMessage = typeof text === "string" ||
    (typeof text === "object" && text !== null && "forms" in text);
  return isMessage ? fill(text as Message, formatted(locale, problem.params ?? {})) : problem.error;
}

/** An importer error as the worker reports it: its code, line, the file's text and values. */
export interface ImportProblem {
  code: string;
  line: number;
  detail: string;
  params: Readonly<Partial<Record<"expected" | "found" | "eanProblem", string | number>>>;
}

/** "regel 3: de EAN 5414… heeft een verkeerd controlecijfer", in the user's language. */
export function wordImportProblem(messages: Messages, problem: ImportProblem): string {
  const im = messages.importer;
  const errors = im.errors as Readonly<Record<string, Message>>;
  const eanProblem = problem.params.eanProblem as keyof Messages["importer"]["eanProblems"];
  const text = fill(errors[problem.code] ?? im.errors.unreadable, {
    detail: problem.detail,
    n: problem.params.found ?? 0,
    expected: problem.params.expected ?? "",
    why: im.eanProblems[eanProblem] ?? "",
  });
  return (problem.line > 0 ? fill(im.line, { line: problem.line }) : "") + text;
}

/** An inverter-portal import error: its code, line and column (1-based; 0 = none), the text. */
export interface PvImportProblem {
  code: string;
  line: number;
  column: number;
  detail: string;
}

/** "regel 3, kolom 2: “veel” is geen energie", in the user's language. */
export function wordPvImportProblem(messages: Messages, problem: PvImportProblem): string {
  const pv = messages.importer.pv;
  const errors = pv.errors as Readonly<Record<string, Message>>;
  const text = fill(errors[problem.code] ?? messages.importer.errors.unreadable, {
    detail: problem.detail,
  });
  const where = problem.line <= 0
    ? ""
    : problem.column > 0
    ? fill(pv.at, { line: problem.line, column: problem.column })
    : fill(pv.atLine, { line: problem.line });
  return where + text;
}
