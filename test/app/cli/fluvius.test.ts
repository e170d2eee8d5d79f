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

  it("adds each month's cost lines under a tariff file", async () => {
    // June sample: 7.333 kWh taken, 27.754 kWh given. Single rate 0.25 €/kWh, injection 0.04,
    // no other charges, no VAT: energy 1.83325, injection 1.11016, total 0.72309.
    const tariff = await Deno.makeTempFile({ suffix: ".json" });
    writeFileSync(
      tariff,
      JSON.stringify({
        effectiveFrom: "2024-01-01",
        energy: { kind: "single", offtakeEurPerKWh: 0.25, injectionEurPerKWh: 0.04 },
        fixedFeeEurPerMonth: 0,
        distribution: {
          area: "Sibelga",
          offtakeDayEurPerKWh: 0,
          offtakeNightEurPerKWh: 0,
          transmissionEurPerKWh: 0,
          capacityEurPerKWYear: null,
          dataManagementEurPerYear: 0,
        },
        leviesEurPerKWh: 0,
        vatRate: 0,
      }),
    );
    const { code, out } = await fluvius([
      "summary",
      fluviusPath(FLUVIUS_SAMPLES[2].file),
      "--tariff",
      tariff,
    ]);
    expect(code).toBe(0);
    expect(JSON.parse(out).months[0].cost).toEqual({
      energyEur: 1.83,
      injectionEur: 1.11,
      distributionEur: 0,
      capacityEur: 0,
      fixedEur: 0,
      leviesEur: 0,
      vatEur: 0,
      totalEur: 0.72,
    });
  });

  it("names the wrong field of a tariff file and exits 2", async () => {
    const tariff = await Deno.makeTempFile({ suffix: ".json" });
    writeFileSync(
      tariff,
      JSON.stringify({ effectiveFrom: "2024-01-01", energy: { kind: "single" } }),
    );
    const { code, err } = await fluvius([
      "summary",
      fluviusPath(FLUVIUS_SAMPLES[2].file),
      "--tariff",
      tariff,
    ]);
    expect(code).toBe(2);
    expect(err).toMatch(new RegExp(`^${tariff}: energy\\.offtakeEurPerKWh: `));
  });

  it("explains its usage", async () => {
    const { code, err } = await fluvius(["sum"]);
    expect(code).toBe(2);
    expect(err).toContain("usage: deno task fluvius summary FILE");
  });
});
