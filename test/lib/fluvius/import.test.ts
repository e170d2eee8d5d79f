import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { monthSummaries } from "../../../lib/energy/aggregate.ts";
import { Quality, Register } from "../../../lib/energy/day_bucket.ts";
import { FluviusError, FluviusParser, parseFluviusText } from "../../../lib/fluvius/import.ts";
import { FLUVIUS_SAMPLES, fluviusExpected, fluviusText } from "../../fixtures/fluvius.ts";

const NL12_HEADER =
  "Van (datum);Van (tijdstip);Tot (datum);Tot (tijdstip);EAN-code;Meter;Metertype;Register;Volume;Eenheid;Validatiestatus;Omschrijving";
const EAN = '="541448820044159229"';

function row(
  from: string,
  time: string,
  to: string,
  toTime: string,
  register: string,
  volume: string,
  status = "Uitgelezen",
  unit = "kWh",
  ean = EAN,
) {
  return `${from};${time};${to};${toTime};${ean};1SAG1100042178;Digitale meter;${register};${volume};${unit};${status};`;
}

function errorOf(text: string, options = {}): FluviusError {
  try {
    parseFluviusText(text, options);
  } catch (error) {
    if (error instanceof FluviusError) return error;
    throw error;
  }
  throw new Error("the file was accepted");
}

describe("Fluvius import of the three sample layouts", () => {
  for (const sample of FLUVIUS_SAMPLES) {
    it(`${sample.name}: layout, EAN and the independently computed month totals`, () => {
      const result = parseFluviusText(fluviusText(sample.file));
      const expected = fluviusExpected(sample.expected);
      expect(result.layout).toBe(sample.layout);
      expect(result.ean).toBe(expected.ean);
      expect(result.kind).toBe("electricity");
      expect(result.slotMinutes).toBe(15);
      expect(result.missingSlots).toBe(0);
      const months = monthSummaries(result.buckets);
      expect(months.map((m) => m.month)).toEqual(Object.keys(expected.months));
      for (const month of months) {
        const want = expected.months[month.month];
        expect(month.importKWh).toBeCloseTo(want.importKWh, 6);
        expect(month.exportKWh).toBeCloseTo(want.exportKWh, 6);
        expect(month.peakKW).toBeCloseTo(want.peakKW, 6);
        expect(month.peakStart).toBe(want.peakStart);
        expect(month.quarters).toBe(want.quarters);
      }
    });
  }

  it("gives the spring DST day 92 quarters, 02:00–03:00 absent", () => {
    const result = parseFluviusText(fluviusText(FLUVIUS_SAMPLES[0].file));
    const day = result.buckets.find((b) => b.day === "2024-03-31")!;
    expect(day.imported.length).toBe(92);
    expect(day.quality.every((q) => q !== Quality.missing)).toBe(true);
    // Slot 8 is 03:00 summer time: the file's "31-03-2024;03:00:00" row.
    const text = fluviusText(FLUVIUS_SAMPLES[0].file);
    const line = text.split("\r\n").find((l) =>
      l.startsWith("31-03-2024;03:00:00") && l.includes("Afname")
    )!;
    expect(day.imported[8]).toBeCloseTo(Number(line.split(";")[8].replace(",", ".")), 6);
  });

  it("gives the autumn DST day 100 quarters, the repeated hour in file order", () => {
    const text = fluviusText(FLUVIUS_SAMPLES[1].file);
    const result = parseFluviusText(text);
    const day = result.buckets.find((b) => b.day === "2023-10-29")!;
    expect(day.imported.length).toBe(100);
    const volumes = text.split("\r\n").filter((l) =>
      l.startsWith("29-10-2023;02:00:00") && l.includes("Afname")
    ).map((l) => Number(l.split(";")[8].replace(",", ".")));
    expect(volumes).toEqual([0.063, 0.065]);
    expect(day.imported[8]).toBe(0.063); // 02:00 summer time
    expect(day.imported[12]).toBe(0.065); // 02:00 winter time
  });

  it("keeps the tariff register and maps statuses to qualities", () => {
    const text = [
      NL12_HEADER,
      row("01-04-2024", "06:45:00", "01-04-2024", "07:00:00", "Afname Nacht", "0,100"),
      row(
        "01-04-2024",
        "06:45:00",
        "01-04-2024",
        "07:00:00",
        "Injectie Nacht",
        "",
        "Geen verbruik",
      ),
      row("01-04-2024", "07:00:00", "01-04-2024", "07:15:00", "Afname Dag", "0,200", "Geschat"),
      row(
        "01-04-2024",
        "07:00:00",
        "01-04-2024",
        "07:15:00",
        "Injectie Dag",
        "0,010",
        "Uitgelezen",
      ),
    ].join("\r\n");
    const [day] = parseFluviusText(text).buckets;
    expect(day.register[27]).toBe(Register.night);
    expect(day.register[28]).toBe(Register.day);
    expect(day.imported[27]).toBe(0.1);
    expect(day.exported[27]).toBe(0); // "Geen verbruik" is a measured zero
    expect(day.quality[27]).toBe(Quality.measured);
    expect(day.quality[28]).toBe(Quality.estimated); // the weaker of the two rows
    expect(day.quality[29]).toBe(Quality.missing);
    expect(day.imported[29]).toBeNull();
  });

  it("counts the quarters missing inside the file's period", () => {
    const text = [
      NL12_HEADER,
      row("01-04-2024", "10:00:00", "01-04-2024", "10:15:00", "Afname Dag", "0,1"),
      row("01-04-2024", "11:00:00", "01-04-2024", "11:15:00", "Afname Dag", "0,1"),
      row("03-04-2024", "00:00:00", "03-04-2024", "00:15:00", "Afname Nacht", "0,1"),
    ].join("\n");
    const result = parseFluviusText(text);
    // 10:15–11:00 (3), the rest of 1 April (51), all of 2 April (96).
    expect(result.missingSlots).toBe(3 + 51 + 96);
    expect(result.buckets.map((b) => b.day)).toEqual(["2024-04-01", "2024-04-03"]);
  });

  it("reads daily totals and gas hourly totals", () => {
    const daily = parseFluviusText([
      NL12_HEADER,
      row("31-03-2024", "00:00:00", "01-04-2024", "00:00:00", "Afname Dag", "5,5"),
      row("31-03-2024", "00:00:00", "01-04-2024", "00:00:00", "Afname Nacht", "3,25"),
    ].join("\n"));
    expect(daily.slotMinutes).toBe(1440);
    expect(daily.buckets[0].imported).toEqual([8.75]);
    const gas = parseFluviusText([
      NL12_HEADER,
      row("29-10-2023", "01:00:00", "29-10-2023", "02:00:00", "Afname", "0,4", "Uitgelezen", "m³"),
      row("29-10-2023", "02:00:00", "29-10-2023", "02:00:00", "Afname", "0,3", "Uitgelezen", "m³"),
      row("29-10-2023", "02:00:00", "29-10-2023", "03:00:00", "Afname", "0,2", "Uitgelezen", "m³"),
    ].join("\n"));
    expect(gas.kind).toBe("gas");
    expect(gas.slotMinutes).toBe(60);
    expect(gas.buckets[0].channel).toBe("gas");
    expect(gas.buckets[0].unit).toBe("m3");
    expect(gas.buckets[0].imported.slice(1, 4)).toEqual([0.4, 0.3, 0.2]);
    expect(gas.buckets[0].imported.length).toBe(25);
  });

  it("gives the same result however the text is split into chunks (property)", () => {
    const text = fluviusText(FLUVIUS_SAMPLES[1].file);
    const whole = parseFluviusText(text);
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: text.length - 1 }), { maxLength: 20 }),
        (cuts) => {
          const parser = new FluviusParser();
          let at = 0;
          for (const cut of [...cuts].sort((a, b) => a - b)) {
            parser.push(text.slice(at, cut));
            at = cut;
          }
          parser.push(text.slice(at));
          expect(parser.finish()).toEqual(whole);
        },
      ),
      { numRuns: 25 },
    );
  });
});

describe("Fluvius import refuses bad files with the line and the problem", () => {
  const ok = row("01-04-2024", "10:00:00", "01-04-2024", "10:15:00", "Afname Dag", "0,1");
  const cases: [string, string, number, string][] = [
    ["not an export", "a;b;c\n1;2;3", 1, "notFluvius"],
    ["a missing column", NL12_HEADER.replace(";Register", ""), 1, "missingColumn"],
    [
      "a bad volume",
      `${NL12_HEADER}\n${ok}\n${
        ok.replace("0,1", "1,2,3").replace("10:", "11:").replace("10:15", "11:15")
      }`,
      3,
      "badVolume",
    ],
    ["a bad date", `${NL12_HEADER}\n${ok.replace("01-04-2024;10", "31-02-2024;10")}`, 2, "badDate"],
    ["a bad time", `${NL12_HEADER}\n${ok.replace("10:00:00", "10:0x:00")}`, 2, "badTime"],
    [
      "an empty volume with a real status",
      `${NL12_HEADER}\n${ok.replace("0,1", "")}`,
      2,
      "emptyVolume",
    ],
    [
      "an unknown register",
      `${NL12_HEADER}\n${ok.replace("Afname Dag", "Afname Piek")}`,
      2,
      "unknownRegister",
    ],
    [
      "an unknown status",
      `${NL12_HEADER}\n${ok.replace("Uitgelezen", "Misschien")}`,
      2,
      "unknownStatus",
    ],
    ["a wrong interval", `${NL12_HEADER}\n${ok.replace("10:15:00", "10:20:00")}`, 2, "badInterval"],
    [
      "a skipped spring time",
      `${NL12_HEADER}\n${
        row("31-03-2024", "02:15:00", "31-03-2024", "02:30:00", "Afname Nacht", "0,1")
      }`,
      2,
      "skippedTime",
    ],
    ["a duplicate quarter", `${NL12_HEADER}\n${ok}\n${ok}`, 3, "duplicate"],
    ["a wrong check digit", `${NL12_HEADER}\n${ok.replace("159229", "159228")}`, 2, "badEan"],
    [
      "two EANs",
      `${NL12_HEADER}\n${ok}\n${
        ok.replace("10:", "11:").replace("10:15", "11:15").replace("159229", "159236")
      }`,
      3,
      "mixedEans",
    ],
    [
      "a peak-power export",
      `${NL12_HEADER}\n${ok.replace("Afname Dag", "Piekvermogen").replace("kWh", "kW")}`,
      2,
      "peakPowerExport",
    ],
    ["a row cut short", `${NL12_HEADER}\n${ok.split(";").slice(0, 6).join(";")}`, 2, "columnCount"],
    ["only a header", NL12_HEADER, 0, "noRows"],
  ];
  for (const [name, text, line, code] of cases) {
    it(name, () => {
      const error = errorOf(text);
      expect(error.code).toBe(code);
      expect(error.line).toBe(line);
      expect(error.message.length).toBeGreaterThan(10);
    });
  }

  it("refuses a gas export offered as electricity, saying so", () => {
    const gas = `${NL12_HEADER}\n${
      row("01-04-2024", "10:00:00", "01-04-2024", "11:00:00", "Afname", "0,4", "Uitgelezen", "m³")
    }`;
    const error = errorOf(gas, { expectKind: "electricity" });
    expect(error.code).toBe("notElectricity");
    expect(error.message).toBe(
      "line 2: EAN 541448820044159229 is a gas meter (m³), not an electricity meter",
    );
  });
});
