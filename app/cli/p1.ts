/**
 * `deno task p1 parse FILE|-  [--stats|--csv]` and `deno task p1 simulate [--speed N]`:
 * the P1 protocol from the command line, over lib/p1.
 */
import { type DecoderStats, P1Decoder } from "../../lib/p1/decoder.ts";
import type { Reading } from "../../lib/p1/reading.ts";
import { HouseholdSimulator } from "../../lib/p1/simulator.ts";
import { readingCsvHeader, readingCsvRow } from "../../lib/p1/csv.ts";

const USAGE = `Usage:
  deno task p1 parse FILE|-            one JSON object per telegram (NDJSON), valid or not
  deno task p1 parse FILE|- --csv      one CSV row per telegram
  deno task p1 parse FILE|- --stats    counts and throughput only
  deno task p1 simulate [--speed N] [--count N] [--start ISO] [--seed N]
                                       a household's telegrams on stdout, one a second
                                       (--speed 60: a minute a second; --speed max: no waiting)`;

const encoder = new TextEncoder();

/** Buffers output so a million telegrams are not a million writes. */
class Output {
  #parts: string[] = [];
  #size = 0;
  async write(text: string): Promise<void> {
    this.#parts.push(text);
    this.#size += text.length;
    if (this.#size > 1 << 16) await this.flush();
  }
  async flush(): Promise<void> {
    if (this.#parts.length === 0) return;
    const bytes = encoder.encode(this.#parts.join(""));
    this.#parts = [];
    this.#size = 0;
    for (let at = 0; at < bytes.length;) at += await Deno.stdout.write(bytes.subarray(at));
  }
}

function option(args: string[], name: string): string | undefined {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
}

async function openInput(path: string): Promise<ReadableStream<Uint8Array>> {
  if (path === "-") return Deno.stdin.readable;
  try {
    return (await Deno.open(path)).readable;
  } catch (error) {
    throw new Error(`cannot read ${path}: ${(error as Error).message}`);
  }
}

function statsText(stats: DecoderStats, seconds: number): string {
  const rate = (n: number) => (seconds > 0 ? n / seconds : 0);
  return [
    `telegrams        ${stats.telegrams}`,
    `valid            ${stats.valid}`,
    `CRC failures     ${stats.crcFailures}`,
    `missing CRC      ${stats.missingCrc}`,
    `parse errors     ${stats.parseErrors}`,
    `with warnings    ${stats.withWarnings}`,
    `truncated        ${stats.truncated}`,
    `overflows        ${stats.overflows}`,
    `bytes discarded  ${stats.bytesDiscarded}`,
    `bytes read       ${stats.bytesReceived}`,
    `throughput       ${Math.round(rate(stats.telegrams))} telegrams/s, ${
      (rate(stats.bytesReceived) / 1e6).toFixed(1)
    } MB/s`,
  ].join("\n") + "\n";
}

async function parse(args: string[]): Promise<number> {
  const path = args.find((a) => !a.startsWith("--"));
  if (path === undefined) {
    console.error(USAGE);
    return 2;
  }
  const mode = args.includes("--stats") ? "stats" : args.includes("--csv") ? "csv" : "json";
  const out = new Output();
  const pending: Reading[] = [];
  const decoder = new P1Decoder((reading) => pending.push(reading));
  const input = await openInput(path);
  if (mode === "csv") await out.write(readingCsvHeader() + "\n");
  const started = performance.now();
  for await (const chunk of input) {
    decoder.push(chunk);
    for (const reading of pending) {
      if (mode === "json") await out.write(JSON.stringify(reading) + "\n");
      else if (mode === "csv") await out.write(readingCsvRow(reading) + "\n");
    }
    pending.length = 0;
  }
  const seconds = (performance.now() - started) / 1000;
  if (mode === "stats") await out.write(statsText(decoder.stats, seconds));
  await out.flush();
  return 0;
}

async function simulate(args: string[]): Promise<number> {
  const speedText = option(args, "--speed") ?? "1";
  const speed = speedText === "max" ? Infinity : Number(speedText);
  const count = Number(option(args, "--count") ?? Infinity);
  const startText = option(args, "--start");
  const startMs = startText === undefined ? undefined : Date.parse(startText);
  if (!(speed > 0) || !(count > 0) || (startMs !== undefined && Number.isNaN(startMs))) {
    console.error(
      `simulate: --speed must be > 0 or 'max', --count > 0, --start an ISO time\n${USAGE}`,
    );
    return 2;
  }
  const simulator = new HouseholdSimulator({
    startMs,
    seed: Number(option(args, "--seed") ?? 1),
  });
  const out = new Output();
  const began = performance.now();
  for (let sent = 0; sent < count; sent++) {
    await out.write(simulator.next());
    if (speed !== Infinity) {
      await out.flush();
      const due = began + ((sent + 1) * 1000) / speed;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
  await out.flush();
  return 0;
}

async function main(args: string[]): Promise<number> {
  const [command, ...rest] = args;
  try {
    if (command === "parse") return await parse(rest);
    if (command === "simulate") return await simulate(rest);
  } catch (error) {
    if (error instanceof Deno.errors.BrokenPipe) return 0;
    console.error(`p1: ${(error as Error).message}`);
    return 1;
  }
  console.error(USAGE);
  return 2;
}

Deno.exit(await main(Deno.args));
