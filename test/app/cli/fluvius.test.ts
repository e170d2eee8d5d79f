import { describe, expect, it } from "vitest";
import { writeFileSync } from "node:fs";
import {
  FLUVIUS_SAMPLES,
  fluviusExpected,
  fluviusPath,
  fluviusText,
} from "../../fixtures/fluvius.ts";

const CLI = new URL("../../../app/cli/fluvius.ts", import.meta.url).pathname;

async function fluvius(args: string[]) {
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-read", CLI, ...args],
    stdout: "piped",
    stderr: "piped",
  }).output();
  return { code, out: new TextDecoder().decode(stdout), err: new TextDecoder().decode(stderr) };
}

describe("deno task fluvius summary", () => {
  for (const sample of FLUVIUS_SAMPLES) {
    it(`prints the month totals and peaks of the ${sample.name} sample`, async () => {
      const { code, out } = await fluvius(["summary", fluviusPath(sample.file)]);
      expect(code).toBe(0);
      const summary = JSON.parse(out);
      const expected = fluviusExpected(sample.expected);
      expect(summary.ean).toBe(expected.ean);
      expect(summary.months.map((m: { month: string }) => m.month)).toEqual(
        Object.keys(expected.months),
      );
      for (const month of summary.months) {
        const want = expected.months[month.month];
        expect(month).toMatchObject({
          importKWh: want.importKWh,
          exportKWh: want.exportKWh,
          peakKW: want.peakKW,
          peakStart: want.peakStart,
        });
      }
    });
  }

  it("prints the period of the file", async () => {
    const { out } = await fluvius(["summary", fluviusPath(FLUVIUS_SAMPLES[0].file)]);
    expect(JSON.parse(out)).toMatchObject({ from: "2024-03-29", to: "2024-04-01" });
  });

  it("names the line of a malformed file and exits 1", async () => {
    const lines = fluviusText(FLUVIUS_SAMPLES[0].file).split("\r\n");
    lines[41] = lines[41].replace(";kWh;", ";MWh;");
    const path = await Deno.makeTempFile({ suffix: ".csv" });
    writeFileSync(path, lines.join("\r\n"));
    const { code, out, err } = await fluvius(["summary", path]);
    expect(code).toBe(1);
    expect(out).toBe("");
    expect(err).toBe(`${path}: line 42: unknown unit "MWh"\n`);
  });

  it("explains its usage", async () => {
    const { code, err } = await fluvius(["sum"]);
    expect(code).toBe(2);
    expect(err).toContain("usage: deno task fluvius summary FILE");
  });
});
