import { describe, expect, it } from "vitest";
import { decodeHexString, parseTelegram } from "../../../lib/p1/parser.ts";
import { netPowerKW, tariffName } from "../../../lib/p1/reading.ts";
import { p1FixtureText } from "../../fixtures/p1.ts";

/** A Belgian telegram body between a header and `!`, for cases no fixture covers. */
function beTelegram(...lines: string[]): string {
  return ["/FLU5\\253769484_A", "", "0-0:96.1.4(50217)", ...lines, "!"].join("\r\n");
}

describe("parseTelegram on the fixtures", () => {
  it("reads e-MUCS 1.7.1 three-phase with gas and water completely", () => {
    const reading = parseTelegram(
      p1FixtureText("fluvius-e-mucs-1.7.1-three-phase-gas-water.txt"),
      true,
    );
    expect(reading).toEqual({
      crcValid: true,
      profile: "BE",
      version: "50217",
      header: "FLU5\\253769484_A",
      meterTime: "2020-05-12T13:54:09+02:00",
      equipmentId: "1SAG3101021605",
      tariff: 1,
      importKWh: { t1: 0.034, t2: 15.758 },
      exportKWh: { t1: 0, t2: 0.011 },
      powerKW: { import: 0, export: 0 },
      phases: [1, 2, 3].map((phase) => ({
        phase,
        importKW: 0,
        exportKW: 0,
        voltageV: 234.7,
        currentA: 0,
      })),
      demand: {
        currentAverageKW: 2.351,
        monthPeak: { at: "2020-05-09T13:45:58+02:00", kW: 2.589 },
        history: [
          { month: "2020-04", at: "2020-04-23T19:25:38+02:00", kW: 3.695 },
          { month: "2020-03", at: "2020-03-05T12:21:39+02:00", kW: 5.98 },
          { month: "2020-02", at: "2020-02-10T03:54:21+01:00", kW: 4.318 },
        ],
      },
      mbus: [
        {
          channel: 1,
          kind: "gas",
          id: "7FLO2119033733",
          at: "2020-05-12T13:45:58+02:00",
          value: 112.384,
          unit: "m3",
          type: 3,
          valve: "connected",
          ean: null,
        },
        {
          channel: 2,
          kind: "water",
          id: "8SAG1234567890",
          at: "2020-05-12T13:45:58+02:00",
          value: 872.234,
          unit: "m3",
          type: 7,
          valve: null,
          ean: null,
        },
      ],
      ean: null,
      breaker: "connected",
      limiterKW: 999.9,
      limiterA: null,
      fuseThresholdA: 999,
      message: null,
      other: {},
      errors: [],
      warnings: [],
    });
  });

  it("reads e-MUCS 1.7.1 with four months of peaks, one of them a placeholder", () => {
    const reading = parseTelegram(
      p1FixtureText("fluvius-e-mucs-1.7.1-peak-history-4-months.txt"),
      true,
    );
    expect(reading.meterTime).toBe("2023-11-02T12:15:48+01:00");
    expect(reading.equipmentId).toBe("1SAG3100721326");
    expect(reading.importKWh).toEqual({ t1: 301.548, t2: 270.014 });
    expect(reading.exportKWh).toEqual({ t1: 0.005, t2: 0 });
    expect(reading.powerKW).toEqual({ import: 0.338, export: 0 });
    expect(reading.phases.map((p) => [p.importKW, p.voltageV, p.currentA])).toEqual([
      [0.047, 232.9, 0.27],
      [0.179, 228.1, 0.88],
      [0.111, 228.1, 0.52],
    ]);
    expect(reading.demand).toEqual({
      currentAverageKW: 0.052,
      monthPeak: { at: "2023-11-02T11:45:00+01:00", kW: 3.064 },
      history: [
        { month: "2023-07", at: null, kW: 0 },
        { month: "2023-08", at: "2023-08-31T18:15:00+02:00", kW: 1.862 },
        { month: "2023-09", at: "2023-09-10T18:30:00+02:00", kW: 4.229 },
        { month: "2023-10", at: "2023-10-16T13:00:00+02:00", kW: 4.927 },
      ],
    });
    expect(reading.mbus.map((d) => [d.channel, d.kind, d.id, d.at, d.value])).toEqual([
      [1, "gas", "7FLO2123088027", "2023-11-02T12:10:02+01:00", 92.287],
      [2, "water", "8SET0000961173", "2023-11-02T12:15:32+01:00", 8.579],
    ]);
    expect(reading.errors).toEqual([]);
  });

  it("reads e-MUCS 1.3: integer currents, no per-phase power, no capacity objects", () => {
    const reading = parseTelegram(p1FixtureText("fluvius-e-mucs-1.3-three-phase.txt"), true);
    expect(reading.version).toBe("50213");
    expect(reading.meterTime).toBe("2020-02-25T18:04:27+01:00");
    expect(reading.equipmentId).toBe("1SAG3100010841");
    expect(reading.importKWh).toEqual({ t1: 750.826, t2: 830.366 });
    expect(reading.exportKWh).toEqual({ t1: 0.005, t2: 0.204 });
    expect(reading.powerKW).toEqual({ import: 0.921, export: 0 });
    expect(reading.phases).toEqual([
      { phase: 1, importKW: null, exportKW: null, voltageV: 227.3, currentA: 0 },
      { phase: 2, importKW: null, exportKW: null, voltageV: 233.1, currentA: 3 },
      { phase: 3, importKW: null, exportKW: null, voltageV: 229.5, currentA: 0 },
    ]);
    expect(reading.demand).toBeNull();
    expect(reading.mbus).toEqual([{
      channel: 1,
      kind: "gas",
      id: "7FLO2119085685",
      at: "2020-02-25T18:02:58+01:00",
      value: 0.255,
      unit: "m3",
      type: 3,
      valve: "connected",
      ean: null,
    }]);
  });

  it("reads a Dutch DSMR 5 meter exporting, with NL tariff meaning", () => {
    const reading = parseTelegram(p1FixtureText("dsmr-5.0-iskra-export.txt"), true);
    expect(reading.profile).toBe("NL");
    expect(reading.version).toBe("50");
    expect(reading.header).toBe("ISK5\\2M550T-1011");
    expect(reading.meterTime).toBe("2018-11-06T14:04:29+01:00");
    expect(reading.equipmentId).toBe("E0034006810516416");
    expect(reading.tariff).toBe(2);
    expect(tariffName(reading.profile, reading.tariff)).toBe("normal");
    expect(reading.importKWh).toEqual({ t1: 3808.351, t2: 2948.827 });
    expect(reading.exportKWh).toEqual({ t1: 1285.951, t2: 2876.514 });
    expect(netPowerKW(reading)).toBe(-0.498);
    expect(reading.phases.map((p) => [p.importKW, p.exportKW, p.voltageV, p.currentA])).toEqual([
      [0, 0.676, 236.0, 2],
      [0.033, 0, 232.6, 0],
      [0.132, 0, 235.1, 0],
    ]);
    expect(reading.mbus.map((d) => [d.channel, d.kind, d.id, d.at, d.value, d.unit])).toEqual([
      [1, "gas", "G0039001700460117", "2018-11-06T14:00:10+01:00", 1569.646, "m3"],
    ]);
    expect(reading.other["0-0:96.7.21"]).toBe("00006");
    expect(reading.other["1-0:99.97.0"]).toEqual([
      "1",
      "0-0:96.7.19",
      "180529135630S",
      "0000002451*s",
    ]);
    expect(reading.other["1-0:72.36.0"]).toBe("00001");
    expect(reading.errors).toEqual([]);
  });

  it("keeps a second gas meter and the placeholder on the first", () => {
    const reading = parseTelegram(p1FixtureText("dsmr-5.0-iskra-two-mbus.txt"), true);
    expect(reading.meterTime).toBe("2020-04-26T22:33:25+02:00");
    expect(reading.mbus.map((d) => [d.channel, d.kind, d.id, d.at, d.value, d.unit])).toEqual([
      [1, "gas", null, null, 0, null],
      [2, "gas", "G0039001936990619", "2020-04-26T22:30:01+02:00", 246.138, "m3"],
    ]);
    expect(reading.phases[2].currentA).toBe(1);
  });
});

describe("parseTelegram, Belgian details", () => {
  it("labels BE tariff 1 day and 2 night, the reverse of NL", () => {
    expect(tariffName("BE", 1)).toBe("day");
    expect(tariffName("BE", 2)).toBe("night");
    expect(tariffName("NL", 1)).toBe("low");
    expect(tariffName("NL", 2)).toBe("normal");
    expect(tariffName("BE", null)).toBeNull();
  });

  it("reads an empty 13-month buffer sent as ()", () => {
    const reading = parseTelegram(beTelegram("0-0:98.1.0(0)(1-0:1.6.0)(1-0:1.6.0)()"));
    expect(reading.demand?.history).toEqual([]);
    expect(reading.errors).toEqual([]);
  });

  it("reads a bare (12) count without entries", () => {
    const reading = parseTelegram(beTelegram("0-0:98.1.0(12)"));
    expect(reading.demand?.history).toEqual([]);
    expect(reading.errors).toEqual([]);
  });

  it("reads one month, and thirteen months across a year end", () => {
    const one = parseTelegram(
      beTelegram("0-0:98.1.0(1)(1-0:1.6.0)(1-0:1.6.0)(240701000000S)(240618191500S)(03.841*kW)"),
    );
    expect(one.demand?.history).toEqual([
      { month: "2024-06", at: "2024-06-18T19:15:00+02:00", kW: 3.841 },
    ]);
    // December 2022 … December 2023: each closed on the first of the next month.
    const mm = (n: number) => String(n).padStart(2, "0");
    const triples: string[] = [];
    for (let i = 0; i < 13; i++) {
      const year = 22 + Math.floor((11 + i) / 12);
      const month = ((11 + i) % 12) + 1;
      const closeYear = month === 12 ? year + 1 : year;
      const closeMonth = month === 12 ? 1 : month + 1;
      triples.push(
        `(${closeYear}${mm(closeMonth)}01000000W)(${year}${mm(month)}15180000W)(0${
          (i % 9) + 1
        }.500*kW)`,
      );
    }
    const thirteen = parseTelegram(
      beTelegram(`0-0:98.1.0(13)(1-0:1.6.0)(1-0:1.6.0)${triples.join("")}`),
    );
    expect(thirteen.errors).toEqual([]);
    expect(thirteen.demand?.history.length).toBe(13);
    expect(thirteen.demand?.history[0]).toEqual({
      month: "2022-12",
      at: "2022-12-15T18:00:00+01:00",
      kW: 1.5,
    });
    expect(thirteen.demand?.history[11].month).toBe("2023-11");
    expect(thirteen.demand?.history[12]).toEqual({
      month: "2023-12",
      at: "2023-12-15T18:00:00+01:00",
      kW: 4.5,
    });
  });

  it("reports a count that disagrees with the entries", () => {
    const reading = parseTelegram(
      beTelegram("0-0:98.1.0(2)(1-0:1.6.0)(1-0:1.6.0)(240701000000S)(240618191500S)(03.841*kW)"),
    );
    expect(reading.demand?.history.length).toBe(1);
    expect(reading.errors).toEqual([]);
    expect(reading.warnings).toEqual(["line 4: 0-0:98.1.0 says 2 months but lists 1"]);
  });

  it("reads e-MUCS 2.1.1 objects: EANs, new limiter format, opaque 94.32.1", () => {
    const reading = parseTelegram(beTelegram(
      "0-0:96.1.2(353431343430303132333435363738393030)",
      "0-0:17.0.0(99.999*kW)",
      "1-0:31.4.0(999.99*A)",
      "1-0:94.32.1(400)",
      "0-1:24.1.0(003)",
      "0-1:96.1.2(353431343430303132333435363738393031)",
      "0-1:96.3.10(1)",
    ));
    expect(reading.ean).toBe("541440012345678900");
    expect(reading.limiterKW).toBe(99.999);
    expect(reading.fuseThresholdA).toBe(999.99);
    expect(reading.other["1-0:94.32.1"]).toBe("400");
    expect(reading.mbus[0].ean).toBe("541440012345678901");
    expect(reading.other["0-1:96.3.10"]).toBe("1");
    expect(reading.errors).toEqual([]);
  });

  it("finds gas by its device type on any channel", () => {
    const reading = parseTelegram(beTelegram(
      "0-3:24.1.0(003)",
      "0-3:96.1.1(37464C4F32313139303835363835)",
      "0-3:24.2.3(240101120500W)(01234.567*m3)",
      "0-4:24.1.0(004)",
      "0-4:24.2.1(240101120000W)(12.345*GJ)",
    ));
    expect(reading.mbus.map((d) => [d.channel, d.kind, d.value, d.unit])).toEqual([
      [3, "gas", 1234.567, "m3"],
      [4, "heat", 12.345, "GJ"],
    ]);
  });

  it("converts W and Wh and accepts lower-case units", () => {
    const reading = parseTelegram(beTelegram(
      "1-0:1.8.1(001234567*Wh)",
      "1-0:1.8.2(000123.456*kwh)",
      "1-0:1.7.0(01234*W)",
      "1-0:2.7.0(00.100*kw)",
      "1-0:32.7.0(230.1*v)",
    ));
    expect(reading.importKWh).toEqual({ t1: 1234.567, t2: 123.456 });
    expect(reading.powerKW).toEqual({ import: 1.234, export: 0.1 });
    expect(reading.phases[0].voltageV).toBe(230.1);
    expect(reading.errors).toEqual([]);
  });

  it("decodes hex IDs that contain A–F", () => {
    expect(decodeHexString("4A4B4C")).toBe("JKL");
    expect(decodeHexString("4a4b")).toBe("JK");
    expect(decodeHexString("ÿÿ")).toBeNull();
    expect(decodeHexString("123")).toBeNull();
    expect(decodeHexString("")).toBeNull();
  });

  it("reads a text message and survives one of 0xFF bytes", () => {
    expect(parseTelegram(beTelegram("0-0:96.13.0(48656C6C6F)")).message).toBe("Hello");
    const garbage = parseTelegram(beTelegram("0-0:96.13.0(\xff\xff\xff\xff)"));
    expect(garbage.message).toBeNull();
    expect(garbage.errors).toEqual([]);
  });

  it("keeps the value beside a placeholder stamp", () => {
    const reading = parseTelegram(beTelegram(
      "1-0:1.6.0(632525252525W)(00.000*kW)",
      "0-1:24.1.0(003)",
      "0-1:24.2.3(632525252525W)(00000.000)",
    ));
    expect(reading.demand?.monthPeak).toEqual({ at: null, kW: 0 });
    expect(reading.mbus[0].value).toBe(0);
    expect(reading.mbus[0].at).toBeNull();
  });

  it("names the line and the value it cannot read, and goes on", () => {
    const reading = parseTelegram(beTelegram(
      "1-0:1.8.1(00x750.826*kWh)",
      "1-0:1.8.2(000830.366*MWh)",
      "garbage line",
      "0-0:1.0.0(201345180427W)",
      "1-0:2.8.1(000000.005*kWh)",
    ));
    expect(reading.errors).toEqual([
      "line 4: 1-0:1.8.1 value '00x750.826*kWh' is not a number",
      "line 5: 1-0:1.8.2 unit 'MWh', expected 'kWh'",
      "line 7: 0-0:1.0.0 '201345180427W' is not a valid time",
    ]);
    expect(reading.warnings).toEqual(["line 6: no value in 'garbage line'"]);
    expect(reading.importKWh).toEqual({});
    expect(reading.exportKWh).toEqual({ t1: 0.005 });
  });

  it("reports a telegram without end line", () => {
    const reading = parseTelegram("/FLU5\\x\r\n\r\n1-0:1.8.1(000001.000*kWh)\r\n");
    expect(reading.importKWh).toEqual({ t1: 1 });
    expect(reading.errors).toEqual(["telegram has no end line ('!')"]);
  });
});

describe("parseTelegram, old and Dutch meters", () => {
  it("reads a DSMR 3.0 telegram with its two-line gas value", () => {
    const text = [
      "/KMP5 KA6U001585575011",
      "",
      "0-0:96.1.1(204B413655303031353835353735303131)",
      "1-0:1.8.1(00185.000*kWh)",
      "1-0:1.8.2(00084.000*kWh)",
      "0-0:96.14.0(0001)",
      "1-0:1.7.0(0000.54*kW)",
      "0-1:24.1.0(3)",
      "0-1:24.3.0(090212160000)(00)(60)(1)(0-1:24.2.1)(m3)",
      "(00001.001)",
      "!",
    ].join("\r\n");
    const reading = parseTelegram(text);
    expect(reading.crcValid).toBeNull();
    expect(reading.version).toBeNull();
    expect(reading.equipmentId).toBe(" KA6U001585575011");
    expect(reading.importKWh).toEqual({ t1: 185, t2: 84 });
    expect(reading.powerKW.import).toBe(0.54);
    expect(reading.mbus.map((d) => [d.kind, d.at, d.value, d.unit])).toEqual([
      ["gas", "2009-02-12T16:00:00+01:00", 1.001, "m3"],
    ]);
    expect(reading.errors).toEqual([]);
  });

  it("reads LF-only and header-without-blank-line text", () => {
    const reading = parseTelegram(
      "/FLU5\\x\n0-0:96.1.4(50221)\n1-0:1.8.1(000001.500*kWh)\n!ABCD\n",
    );
    expect(reading.profile).toBe("BE");
    expect(reading.importKWh).toEqual({ t1: 1.5 });
    expect(reading.errors).toEqual([]);
  });
});
