/**
 * `deno task fluvius summary FILE [--tariff TARIFF.json] [--prices PRICES]`: reads a Fluvius
 * export as a stream and prints the meter's EAN, period and per-month import, export and capacity
 * peak as JSON; with a tariff, each month's cost lines too (day-ahead prices for a dynamic
 * contract from an ENTSO-E A44 document or a CSV file).
 */
import { capacityBasis, monthPeaksFromBuckets } from "../../lib/capacity/annual.ts";
import { monthSummaries } from "../../lib/energy/aggregate.ts";
import { daysBetween } from "../../lib/energy/calendar.ts";
import { FluviusError, FluviusParser } from "../../lib/fluvius/import.ts";
import { parseTariffJson } from "../../lib/tariff/contract.ts";
import { periodCost } from "../../lib/tariff/cost.ts";
import { addLines, type CostLines, emptyLines } from "../../lib/tariff/cost_lines.ts";
import { parseDayAheadDocument } from "../../lib/tariff/entsoe.ts";
import { parsePriceCsv } from "../../lib/tariff/price_csv.ts";
import { type PriceDay, pricesToDays } from "../../lib/tariff/prices.ts";

const USAGE =
  "usage: deno task fluvius summary FILE [--tariff TARIFF.json] [--prices PRICES.csv|xml]";

class UsageError extends Error {}

function cents(lines: CostLines): CostLines {
  const round = (v: number) => Math.round(v * 100) / 100;
  return {
    energyEur: round(lines.energyEur),
    injectionEur: round(lines.injectionEur),
    distributionEur: round(lines.distributionEur),
    capacityEur: round(lines.capacityEur),
    fixedEur: round(lines.fixedEur),
    leviesEur: round(lines.leviesEur),
    vatEur: round(lines.vatEur),
    totalEur: round(lines.totalEur),
  };
}

async function readPrices(path: string): Promise<Map<string, PriceDay>> {
  const text = await Deno.readTextFile(path);
  const points = text.trimStart().startsWith("<")
    ? parseDayAheadDocument(text)
    : parsePriceCsv(text);
  return new Map(pricesToDays(points, "csv", 0).map((day) => [day.day, day]));
}

async function summary(path: string, tariffPath?: string, pricesPath?: string): Promise<number> {
  let versions = null;
  if (tariffPath !== undefined) {
    try {
      versions = parseTariffJson(await Deno.readTextFile(tariffPath));
    } catch (error) {
      throw new UsageError(`${tariffPath}: ${(error as Error).message}`);
    }
  }
  let prices = new Map<string, PriceDay>();
  if (pricesPath !== undefined) {
    try {
      prices = await readPrices(pricesPath);
    } catch (error) {
      throw new UsageError(`${pricesPath}: ${(error as Error).message}`);
    }
  }
  const parser = new FluviusParser({ expectKind: "electricity" });
  const file = await Deno.open(path);
  for await (const text of file.readable.pipeThrough(new TextDecoderStream())) parser.push(text);
  const result = parser.finish();
  const days = result.buckets.map((bucket) => bucket.day);
  const from = days[0];
  const to = days[days.length - 1];
  const buckets = new Map(result.buckets.map((b) => [b.day, b]));
  const peaks = monthPeaksFromBuckets(result.buckets);
  const cost = versions && periodCost(daysBetween(from, to), buckets, {
    versions,
    prices,
    capacityKW: (month) => capacityBasis(month, peaks).averageKW,
  });
  const output = {
    ean: result.ean,
    from,
    to,
    months: monthSummaries(result.buckets).map((m) => {
      const line = {
        month: m.month,
        importKWh: m.importKWh,
        exportKWh: m.exportKWh,
        peakKW: m.peakKW,
        peakStart: m.peakStart,
        quarters: m.quarters,
        missingQuarters: m.missingQuarters,
      };
      if (!cost) return line;
      const monthLines = emptyLines();
      let unpricedQuarters = 0;
      for (const [day, dayCost] of cost.days) {
        if (!day.startsWith(m.month)) continue;
        addLines(monthLines, dayCost.lines);
        unpricedQuarters += dayCost.unpricedSlots;
      }
      return {
        ...line,
        capacityBasisKW: Math.round(capacityBasis(m.month, peaks).averageKW * 1000) / 1000,
        cost: cents(monthLines),
        ...(unpricedQuarters > 0 ? { unpricedQuarters } : {}),
      };
    }),
  };
  console.log(JSON.stringify(output));
  return 0;
}

function option(args: string[], name: string): string | undefined {
  const at = args.indexOf(name);
  if (at === -1) return undefined;
  const value = args[at + 1];
  if (value === undefined || value.startsWith("--")) throw new UsageError(`${name} needs a file`);
  return value;
}

async function main(args: string[]): Promise<number> {
  const [command, path] = args;
  if (command !== "summary" || path === undefined || path.startsWith("--")) {
    console.error(USAGE);
    return 2;
  }
  try {
    return await summary(path, option(args, "--tariff"), option(args, "--prices"));
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(error.message);
      return 2;
    }
    if (error instanceof FluviusError) {
      console.error(`${path}: ${error.message}`);
      return 1;
    }
    if (error instanceof Deno.errors.NotFound) {
      console.error(`${path}: no such file`);
      return 1;
    }
    throw error;
  }
}

Deno.exit(await main(Deno.args));
