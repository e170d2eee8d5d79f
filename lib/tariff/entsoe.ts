/**
 * ENTSO-E Transparency day-ahead prices (document A44) for the Belgian bidding zone. Periods come
 * at PT15M (since delivery day 1 Oct 2025) or PT60M; a point left out repeats the one before it
 * (curve type A03). A request needs the user's own security token.
 */
import { XMLParser } from "fast-xml-parser";
import type { PricePoint } from "./prices.ts";

export const BELGIAN_ZONE = "10YBE----------2";
export const ENTSOE_API = "https://web-api.tp.entsoe.eu/api";

export class EntsoeError extends Error {
  /**
   * `refusal`: why ENTSO-E refused (its acknowledgement's reason, or its HTTP status), as it
   * said it; `null` when what it sent could not be read.
   */
  constructor(message: string, readonly refusal: string | null = null) {
    super(message);
    this.name = "EntsoeError";
  }
}

const parser = new XMLParser({
  ignoreAttributes: true,
  removeNSPrefix: true,
  parseTagValue: false,
  isArray: (name) =>
    name === "TimeSeries" || name === "Period" || name === "Point" || name === "Reason",
});

const RESOLUTIONS: Record<string, 15 | 60> = { PT15M: 15, PT60M: 60, PT1H: 60 };

// deno-lint-ignore no-explicit-any
type Node = any;

function instant(text: unknown, what: string): number {
  const ms = typeof text === "string" ? Date.parse(text) : NaN;
  if (Number.isNaN(ms)) throw new EntsoeError(`${what} "${String(text)}" is not a time`);
  return ms;
}

/** The price points of an A44 document, in time order; an acknowledgement becomes an error. */
export function parseDayAheadDocument(xml: string): PricePoint[] {
  let doc: Node;
  try {
    doc = parser.parse(xml, true);
  } catch (error) {
    throw new EntsoeError(`not an XML document: ${(error as Error).message}`);
  }
  const ack = doc.Acknowledgement_MarketDocument;
  if (ack) {
    const reason = ack.Reason?.[0];
    const refusal = String(reason?.text ?? reason?.code ?? "no reason given");
    throw new EntsoeError(`ENTSO-E refused the request: ${refusal}`, refusal);
  }
  const publication = doc.Publication_MarketDocument;
  if (!publication) throw new EntsoeError("not a day-ahead price document (A44)");
  const points: PricePoint[] = [];
  for (const series of publication.TimeSeries ?? []) {
    const zone = series["in_Domain.mRID"];
    if (zone !== undefined && zone !== BELGIAN_ZONE) continue;
    const unit = series["price_Measure_Unit.name"];
    if (unit !== undefined && unit !== "MWH") {
      throw new EntsoeError(`prices per ${unit}, expected MWH`);
    }
    for (const period of series.Period ?? []) {
      const minutes = RESOLUTIONS[period.resolution];
      if (minutes === undefined) throw new EntsoeError(`unknown resolution "${period.resolution}"`);
      const start = instant(period.timeInterval?.start, "period start");
      const end = instant(period.timeInterval?.end, "period end");
      const count = Math.round((end - start) / (minutes * 60_000));
      const byPosition = new Map<number, number>();
      for (const point of period.Point ?? []) {
        const position = Number(point.position);
        const price = Number(point["price.amount"]);
        if (
          !Number.isInteger(position) || position < 1 || position > count || Number.isNaN(price)
        ) {
          throw new EntsoeError(
            `bad point (position ${point.position}, price ${point["price.amount"]})`,
          );
        }
        byPosition.set(position, price);
      }
      let previous: number | undefined;
      for (let position = 1; position <= count; position++) {
        const price = byPosition.get(position) ?? previous;
        if (price === undefined) continue; // nothing to carry yet
        previous = price;
        points.push({
          startMs: start + (position - 1) * minutes * 60_000,
          minutes,
          eurPerMWh: price,
        });
      }
    }
  }
  return points.sort((a, b) => a.startMs - b.startMs || a.minutes - b.minutes);
}

function utcStamp(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:T]/g, "").slice(0, 12);
}

/** The request for day-ahead prices of `[fromMs, toMs)`; the token is the user's own. */
export function dayAheadUrl(
  token: string,
  fromMs: number,
  toMs: number,
  base = ENTSOE_API,
): string {
  const params = new URLSearchParams({
    documentType: "A44",
    in_Domain: BELGIAN_ZONE,
    out_Domain: BELGIAN_ZONE,
    periodStart: utcStamp(fromMs),
    periodEnd: utcStamp(toMs),
    securityToken: token,
  });
  return `${base}?${params}`;
}

/** Fetches and parses the prices of `[fromMs, toMs)`. */
export async function fetchDayAhead(
  token: string,
  fromMs: number,
  toMs: number,
  fetcher: typeof fetch = fetch,
  base = ENTSOE_API,
): Promise<PricePoint[]> {
  const response = await fetcher(dayAheadUrl(token, fromMs, toMs, base));
  const text = await response.text();
  if (!response.ok && !text.includes("Acknowledgement_MarketDocument")) {
    throw new EntsoeError(
      `ENTSO-E answered ${response.status} ${response.statusText}`,
      `${response.status} ${response.statusText}`.trim(),
    );
  }
  return parseDayAheadDocument(text);
}
