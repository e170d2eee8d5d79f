/**
 * Day-ahead prices from a CSV file, for when there is no ENTSO-E token: one line per quarter-hour
 * or hour, `start;€/MWh`. The start is ISO 8601 with its offset, or Brussels wall time
 * (`dd/mm/yyyy hh:mm`, `dd-mm-yyyy hh:mm` or `yyyy-mm-dd hh:mm`; the repeated autumn hour in file
 * order). `;` with a decimal comma, or `,` with a decimal point. A header line is skipped.
 */
import { wallTimeMs } from "../energy/calendar.ts";
import type { PricePoint } from "./prices.ts";

/** What is wrong with a price file: a code the app words, with its values, and English words. */
export type PriceCsvProblem =
  | "notTime"
  | "notInBrussels"
  | "notPrice"
  | "empty"
  | "badStep"
  | "notForward"
  | "offGrid";

export class PriceCsvError extends Error {
  constructor(
    readonly line: number,
    problem: string,
    readonly code: PriceCsvProblem,
    readonly params: Readonly<Record<string, string | number>> = {},
  ) {
    super(line > 0 ? `line ${line}: ${problem}` : problem);
    this.name = "PriceCsvError";
  }
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const LOCAL =
  /^(?:(\d{2})[/-](\d{2})[/-](\d{4})|(\d{4})-(\d{2})-(\d{2}))[ T](\d{2}):(\d{2})(?::\d{2})?$/;

export function parsePriceCsv(text: string): PricePoint[] {
  const starts: { ms: number; price: number; line: number }[] = [];
  const seenWall = new Set<string>();
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === "") continue;
    const separator = line.includes(";") ? ";" : ",";
    const [when = "", priceText = ""] = line.split(separator).map((cell) => cell.trim());
    if (starts.length === 0 && i === 0 && !/^\d/.test(when)) continue; // header
    let ms: number;
    if (ISO.test(when)) {
      ms = Date.parse(when);
    } else {
      const m = LOCAL.exec(when);
      if (!m) throw new PriceCsvError(i + 1, `"${when}" is not a time`, "notTime", { when });
      const day = m[3] ? `${m[3]}-${m[2]}-${m[1]}` : `${m[4]}-${m[5]}-${m[6]}`;
      const occurrence = seenWall.has(`${day} ${m[7]}:${m[8]}`) ? 1 : 0;
      seenWall.add(`${day} ${m[7]}:${m[8]}`);
      const at = wallTimeMs(day, Number(m[7]), Number(m[8]), 0, occurrence);
      if (at === null) {
        throw new PriceCsvError(i + 1, `${when} does not exist in Brussels`, "notInBrussels", {
          when,
        });
      }
      ms = at;
    }
    const normalised = separator === ";" ? priceText.replace(",", ".") : priceText;
    if (!/^-?\d+(\.\d+)?$/.test(normalised)) {
      throw new PriceCsvError(i + 1, `"${priceText}" is not a price in €/MWh`, "notPrice", {
        price: priceText,
      });
    }
    starts.push({ ms, price: Number(normalised), line: i + 1 });
  }
  if (starts.length === 0) throw new PriceCsvError(0, "the file holds no prices", "empty");
  const step = starts.length > 1 ? starts[1].ms - starts[0].ms : 3_600_000;
  if (step !== 900_000 && step !== 3_600_000) {
    throw new PriceCsvError(
      starts[1].line,
      "prices must be 15 minutes or one hour apart",
      "badStep",
    );
  }
  for (let i = 1; i < starts.length; i++) {
    if (starts[i].ms - starts[i - 1].ms !== step && starts[i].ms <= starts[i - 1].ms) {
      throw new PriceCsvError(starts[i].line, "times must go forward", "notForward");
    }
    if ((starts[i].ms - starts[0].ms) % step !== 0) {
      throw new PriceCsvError(
        starts[i].line,
        `not on the ${step / 60_000}-minute grid of the file`,
        "offGrid",
        { minutes: step / 60_000 },
      );
    }
  }
  const minutes = step === 900_000 ? 15 : 60;
  return starts.map((s) => ({ startMs: s.ms, minutes, eurPerMWh: s.price }));
}
