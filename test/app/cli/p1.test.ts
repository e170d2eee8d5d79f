import { describe, expect, it } from "vitest";

const CLI = new URL("../../../app/cli/p1.ts", import.meta.url).pathname;
const FIXTURE = new URL(
  "../../fixtures/p1/fluvius-e-mucs-1.7.1-three-phase-gas-water.txt",
  import.meta.url,
).pathname;

async function p1(args: string[], stdin?: Uint8Array) {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", CLI, ...args],
    stdin: stdin ? "piped" : "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  if (stdin) {
    const writer = child.stdin.getWriter();
    await writer.write(stdin);
    await writer.close();
  }
  const { code, stdout, stderr } = await child.output();
  return { code, out: new TextDecoder().decode(stdout), err: new TextDecoder().decode(stderr) };
}

describe("deno task p1", () => {
  it("parse FILE prints the contract fields as NDJSON", async () => {
    const { code, out } = await p1(["parse", FIXTURE]);
    expect(code).toBe(0);
    const lines = out.trim().split("\n");
    expect(lines.length).toBe(1);
    expect(JSON.parse(lines[0])).toMatchObject({
      crcValid: true,
      profile: "BE",
      version: "50217",
      meterTime: "2020-05-12T13:54:09+02:00",
      equipmentId: "1SAG3101021605",
      tariff: 1,
      importKWh: { t1: 0.034, t2: 15.758 },
      exportKWh: { t1: 0, t2: 0.011 },
      powerKW: { import: 0, export: 0 },
      demand: {
        currentAverageKW: 2.351,
        monthPeak: { at: "2020-05-09T13:45:58+02:00", kW: 2.589 },
      },
      other: {},
    });
  });

  it("parse - reads stdin, invalid telegrams included", async () => {
    const good = await Deno.readFile(FIXTURE);
    const bad = new TextEncoder().encode(
      new TextDecoder().decode(good).replace("(000015.758", "(000015.759"),
    );
    const both = new Uint8Array([...bad, ...good]);
    const { out } = await p1(["parse", "-"], both);
    const readings = out.trim().split("\n").map((l) => JSON.parse(l));
    expect(readings.map((r) => [r.crcValid, r.importKWh.t2])).toEqual([
      [false, 15.759],
      [true, 15.758],
    ]);
  });

  it("parse --stats counts, and --csv prints a row per telegram", async () => {
    const good = await Deno.readFile(FIXTURE);
    const stream = new Uint8Array([0x41, 0x42, 0x0d, 0x0a, ...good, ...good]);
    const stats = await p1(["parse", "-", "--stats"], stream);
    expect(stats.out).toMatch(/^telegrams +2$/m);
    expect(stats.out).toMatch(/^valid +2$/m);
    expect(stats.out).toMatch(/^CRC failures +0$/m);
    expect(stats.out).toMatch(/^bytes discarded +2$/m);
    expect(stats.out).toMatch(/^throughput +\d+ telegrams\/s/m);
    const csv = await p1(["parse", FIXTURE, "--csv"]);
    const [header, row] = csv.out.trim().split("\n");
    const cells = Object.fromEntries(header.split(",").map((h, i) => [h, row.split(",")[i]]));
    expect(cells).toMatchObject({
      meterTime: "2020-05-12T13:54:09+02:00",
      importKWh_t2: "15.758",
      L1_voltageV: "234.7",
      gasM3: "112.384",
      waterM3: "872.234",
    });
  });

  it("simulate writes valid telegrams that parse back", async () => {
    const sim = await p1([
      "simulate",
      "--speed",
      "max",
      "--count",
      "5",
      "--start",
      "2024-06-12T10:00:00Z",
    ]);
    expect(sim.code).toBe(0);
    const parsed = await p1(["parse", "-"], new TextEncoder().encode(sim.out));
    const readings = parsed.out.trim().split("\n").map((l) => JSON.parse(l));
    expect(readings.map((r) => [r.crcValid, r.meterTime])).toEqual([
      [true, "2024-06-12T12:00:00+02:00"],
      [true, "2024-06-12T12:00:01+02:00"],
      [true, "2024-06-12T12:00:02+02:00"],
      [true, "2024-06-12T12:00:03+02:00"],
      [true, "2024-06-12T12:00:04+02:00"],
    ]);
  });

  it("says what is wrong with a missing file or bad arguments", async () => {
    const missing = await p1(["parse", "/nonexistent/telegrams.txt"]);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain("cannot read /nonexistent/telegrams.txt");
    const bad = await p1(["simulate", "--speed", "-3"]);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("--speed must be > 0");
  });
});
