/**
 * `deno task fluvius summary FILE`: reads a Fluvius export as a stream and prints the meter's
 * EAN, period and per-month import, export and capacity peak as JSON.
 */
import { monthSummaries } from "../../lib/energy/aggregate.ts";
import { FluviusError, FluviusParser } from "../../lib/fluvius/import.ts";

const USAGE = "usage: deno task fluvius summary FILE";

async function summary(path: string): Promise<number> {
  const parser = new FluviusParser({ expectKind: "electricity" });
  const file = await Deno.open(path);
  for await (const text of file.readable.pipeThrough(new TextDecoderStream())) parser.push(text);
  const result = parser.finish();
  const days = result.buckets.map((bucket) => bucket.day);
  const output = {
    ean: result.ean,
    from: days[0],
    to: days[days.length - 1],
    months: monthSummaries(result.buckets).map((m) => ({
      month: m.month,
      importKWh: m.importKWh,
      exportKWh: m.exportKWh,
      peakKW: m.peakKW,
      peakStart: m.peakStart,
      quarters: m.quarters,
      missingQuarters: m.missingQuarters,
    })),
  };
  console.log(JSON.stringify(output));
  return 0;
}

async function main(args: string[]): Promise<number> {
  const [command, path] = args;
  if (command !== "summary" || path === undefined) {
    console.error(USAGE);
    return 2;
  }
  try {
    return await summary(path);
  } catch (error) {
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
