import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { emptyBucket, Quality, Source } from "../../../lib/energy/day_bucket.ts";
import { mergeBucket } from "../../../lib/energy/merge.ts";
import { periodSeries } from "../../../lib/energy/series.ts";
import { looksLikePvCsv, parsePvCsv, PvCsvError } from "../../../lib/solar/pv_csv.ts";
import { FLUVIUS_SAMPLES, fluviusText } from "../../fixtures/fluvius.ts";
import { en } from "../../../lib/i18n/en.ts";
import { fr } from "../../../lib/i18n/fr.ts";
import { nl } from "../../../lib/i18n/nl.ts";
import { wordPvImportProblem } from "../../../lib/i18n/problems.ts";

const fixture = (name: string) =>
  readFileSync(new URL(`../../fixtures/pv_csv/${name}`, import.meta.url), "utf8");
const parse = (name: string) => parsePvCsv(fixture(name), "local");

function failure(name: string): PvCsvError {
  try {
    parse(name);
  } catch (error) {
    if (error instanceof PvCsvError) return error;
    throw error;
  }
  throw new Error(`${name} was accepted`);
}

/** Day → its daily total, for daily imports. */
const dailyTotals = (name: string) =>
  Object.fromEntries(parse(name).buckets.map((b) => [b.day, b.imported[0]]));

describe("inverter portal exports", () => {
  it("reads SMA's lifetime counter as the difference of one day's reading to the next", () => {
    const result = parse("sma_webui_daily.csv");
    expect(result.layout).toBe("sma");
    expect(result.unit).toBe("Wh");
    expect(result.slotMinutes).toBe(1440);
    // 1 012 500 − 1 000 000 = 12 500 Wh; 1 030 000 − 1 012 500 = 17 500 Wh; 31 March and 1 April
    // touch the NaN reading and stay missing; 1 070 000 − 1 061 250 = 8 750 Wh; 3 April has no
    // next reading.
    expect(dailyTotals("sma_webui_daily.csv")).toEqual({
      "2024-03-29": 12.5,
      "2024-03-30": 17.5,
      "2024-04-02": 8.75,
    });
    expect(result.totalKWh).toBe(38.75);
    expect(result.missingRows).toBe(1);
    const bucket = result.buckets[0];
    expect(bucket).toMatchObject({ channel: "pv", slotMinutes: 1440, exported: [0] });
    expect(bucket.quality).toEqual([Quality.measured]);
    expect(bucket.source).toEqual([Source.portal]);
  });

  it("reads Enphase's US dates, quoted thousands and Wh, and skips its Total row", () => {
    const result = parse("enphase_site_energy_production_report.csv");
    expect(result.layout).toBe("enphase");
    // 12 345 + 9 870 + 15 002 + 873 = 38 090 Wh.
    expect(dailyTotals("enphase_site_energy_production_report.csv")).toEqual({
      "2024-03-29": 12.345,
      "2024-03-30": 9.87,
      "2024-03-31": 15.002,
      "2024-04-01": 0.873,
    });
    expect(result.totalKWh).toBe(38.09);
  });

  it("takes SolarEdge's slashed dates month first when no value tells", () => {
    // 06/01 … 06/04 rise both as 6 Jan–6 Apr and as 1–4 June: the portal writes month/day.
    const result = parse("solaredge_site_energy.csv");
    expect(result.layout).toBe("solaredge");
    expect(dailyTotals("solaredge_site_energy.csv")).toEqual({
      "2024-06-01": 21,
      "2024-06-02": 18.5,
      "2024-06-04": 25,
    });
    expect(result.missingRows).toBe(1);
  });

  it("finds FusionSolar's header under its title and reads the PV yield, not the grid", () => {
    const result = parse("fusionsolar_plant_report_by_time.csv");
    expect(result.layout).toBe("fusionsolar");
    expect(result.unit).toBe("kWh");
    expect(dailyTotals("fusionsolar_plant_report_by_time.csv")).toEqual({
      "2024-06-01": 31.52,
      "2024-06-02": 28.07,
    });
    expect(result.totalKWh).toBe(59.59);
  });

  it("reads a Dutch file with ; and a decimal comma, day first", () => {
    const result = parse("generic_nl_daily.csv");
    // 12,5 + 17,25 + 8 = 37,75 kWh.
    expect(result.totalKWh).toBe(37.75);
    expect(result.from).toBe("2024-03-30");
    expect(result.to).toBe("2024-04-01");
  });

  it("puts quarter-hours in the right slots of both DST days", () => {
    const result = parse("generic_quarter_dst.csv");
    expect(result.slotMinutes).toBe(15);
    const [spring, autumn] = result.buckets;
    expect(spring.imported.length).toBe(92);
    // 01:30 and 01:45 CET are slots 6 and 7; the clock jumps to 03:00 CEST, slot 8; 12:00 CEST
    // is 11 hours after midnight: slot 44.
    const measured = (b: typeof spring) =>
      b.quality.flatMap((q, i) => (q === Quality.measured ? [[i, b.imported[i]]] : []));
    expect(measured(spring)).toEqual([[6, 0], [7, 0], [8, 0.25], [9, 0.3], [44, 1.2]]);
    expect(autumn.imported.length).toBe(100);
    // 02:00–02:45 CEST are slots 8–11, the second 02:00–02:45 (CET) 12–15, 03:00 CET slot 16.
    expect(measured(autumn)).toEqual([
      [8, 0.01],
      [9, 0.02],
      [10, 0.03],
      [11, 0.04],
      [12, 0.05],
      [13, 0.06],
      [14, 0.07],
      [15, 0.08],
      [16, 0.09],
    ]);
    // 0,25 + 0,3 + 1,2 + (10 + 20 + … + 90 Wh = 450 Wh).
    expect(result.totalKWh).toBe(2.2);
  });

  it("says what is wrong, and where", () => {
    expect(failure("bad_value.csv")).toMatchObject({ code: "badValue", line: 3, column: 2 });
    expect(failure("bad_value.csv").message).toBe('line 3, column 2: "veel" is not an energy');
    expect(failure("no_unit.csv")).toMatchObject({ code: "noUnit", line: 1, column: 2 });
    expect(failure("bad_date.csv")).toMatchObject({ code: "badDate", line: 3, column: 1 });
    expect(failure("negative.csv")).toMatchObject({ code: "negativeValue", line: 3, column: 2 });
    expect(failure("counter_down.csv")).toMatchObject({
      code: "counterDecreases",
      line: 5,
      column: 2,
    });
    expect(failure("duplicate.csv")).toMatchObject({ code: "duplicate", line: 3, column: 1 });
    expect(failure("not_pv.csv")).toMatchObject({ code: "notPvExport", line: 0 });
  });

  it("tells a production export from a Fluvius export", () => {
    for (
      const name of [
        "sma_webui_daily.csv",
        "enphase_site_energy_production_report.csv",
        "solaredge_site_energy.csv",
        "fusionsolar_plant_report_by_time.csv",
        "generic_nl_daily.csv",
        "no_unit.csv",
      ]
    ) expect([name, looksLikePvCsv(fixture(name))]).toEqual([name, true]);
    for (const sample of FLUVIUS_SAMPLES) {
      expect(looksLikePvCsv(fluviusText(sample.file).slice(0, 4096))).toBe(false);
    }
    expect(looksLikePvCsv(fixture("not_pv.csv"))).toBe(false);
  });
});

describe("portal import problems in words", () => {
  it("has a text for every problem in nl, fr and en, with line and column", () => {
    const codes = [
      "notPvExport",
      "noUnit",
      "columnCount",
      "badDate",
      "badTime",
      "ambiguousDates",
      "badValue",
      "negativeValue",
      "counterDecreases",
      "badInterval",
      "duplicate",
      "noRows",
    ];
    for (const m of [nl, fr, en]) {
      expect(Object.keys(m.importer.pv.errors).sort()).toEqual([...codes].sort());
    }
    const problem = failure("bad_value.csv");
    expect(wordPvImportProblem(nl, problem)).toBe("regel 3, kolom 2: “veel” is geen energie");
    expect(wordPvImportProblem(fr, problem)).toBe(
      "ligne 3, colonne 2 : « veel » n'est pas une énergie",
    );
    expect(wordPvImportProblem(en, failure("not_pv.csv"))).toBe(
      "no column with a date and a column with the production were found",
    );
  });
});

describe("a portal import beside the gateway's measurements", () => {
  it("merges by quality and keeps a disagreeing gateway value beside the portal's", () => {
    const portal = parse("generic_quarter_dst.csv").buckets[0]; // 31 March, slot 8: 0.25 kWh
    const gateway = emptyBucket("local", "pv", "2024-03-31");
    gateway.imported[8] = 0.31;
    gateway.exported[8] = 0;
    gateway.quality[8] = Quality.measured;
    gateway.source[8] = Source.gateway;
    const merged = mergeBucket(gateway, portal, 1);
    // Both measured by different sources, 0.06 kWh apart: recorded, the newer offer kept.
    expect(merged.disagreements).toHaveLength(1);
    expect(merged.bucket.imported[8]).toBe(0.25);
    expect(merged.bucket.others).toEqual([
      { slot: 8, source: Source.gateway, quality: Quality.measured, importKWh: 0.31, exportKWh: 0 },
    ]);
    // The portal's other quarters fill what the gateway did not see.
    expect(merged.bucket.imported[44]).toBe(1.2);
  });

  it("counts a daily total in the period's production, without drawing it in any hour", () => {
    const pv = new Map(parse("generic_nl_daily.csv").buckets.map((b) => [b.day, b]));
    const day = periodSeries("day", "2024-03-31", new Map(), pv);
    expect(day.bars.every((bar) => bar.productionKWh === null)).toBe(true);
    expect(day.totals.productionKWh).toBe(17.25);
    const month = periodSeries("month", "2024-03-15", new Map(), pv);
    // 30 March 12,5 + 31 March 17,25.
    expect(month.totals.productionKWh).toBe(29.75);
    expect(month.bars[29].productionKWh).toBe(12.5);
  });
});
