/**
 * Meters that speak the protocol in their own way: cases seen on real meters, in other projects'
 * telegram suites (dsmr_parser's DSMR 2.2 telegram of an Iskra MT382) and in the DSMR
 * specifications (DSMR 4.2.2 §6.12's example with F groups).
 */
import { describe, expect, it } from "vitest";
import { registerReadingOf } from "../../../lib/p1/energy_input.ts";
import { crc16ArcOfText, formatCrc } from "../../../lib/p1/crc16.ts";
import { isValidReading, P1Decoder } from "../../../lib/p1/decoder.ts";
import { readingCsvHeader, readingCsvRow } from "../../../lib/p1/csv.ts";
import { parseTelegram } from "../../../lib/p1/parser.ts";
import { liveMBusDevice, type Reading } from "../../../lib/p1/reading.ts";
import { latin1Bytes } from "../../fixtures/p1.ts";

/** Lines joined with CRLF, each ending with one. */
const crlf = (...lines: string[]) => lines.map((line) => line + "\r\n").join("");

/** dsmr_parser's DSMR 2.2 telegram (Iskra MT382), as that meter sends it: no `!` at the end. */
const ISKRA_MT382 = crlf(
  "/ISk5\\2MT382-1004",
  "",
  "0-0:96.1.1(00000000000000)",
  "1-0:1.8.1(00001.001*kWh)",
  "1-0:1.8.2(00001.002*kWh)",
  "1-0:2.8.1(00000.003*kWh)",
  "1-0:2.8.2(00000.004*kWh)",
  "0-0:96.14.0(0001)",
  "1-0:1.7.0(0001.01*kW)",
  "1-0:2.7.0(0000.00*kW)",
  "0-0:17.0.0(016*A)",
  "0-0:96.3.10(1)",
  "0-0:96.13.1()",
  "0-0:96.13.0()",
  "0-1:24.1.0(3)",
  "0-1:96.1.0(000000000000)",
  "0-1:24.3.0(161107190000)(00)(60)(1)(0-1:24.2.1)(m3)",
  "(00001.001)",
  "0-1:24.4.0(1)",
);

function decodeAll(bytes: Uint8Array) {
  const readings: Reading[] = [];
  const decoder = new P1Decoder((reading) => readings.push(reading));
  decoder.push(bytes);
  return { readings, stats: decoder.stats };
}

describe("one bad optional line does not discard a reading", () => {
  const telegram = (line: string) =>
    crlf(
      "/FLU5\\253769484_A",
      "",
      "0-0:96.1.4(50217)",
      "0-0:1.0.0(200512135409S)",
      "1-0:1.8.1(000000.034*kWh)",
      "1-0:1.8.2(000015.758*kWh)",
      "1-0:2.8.1(000000.000*kWh)",
      "1-0:2.8.2(000000.011*kWh)",
      line,
    ) + "!";

  it.each([
    ["0-0:17.0.0(999.9*kVA)", "line 9: 0-0:17.0.0 unit 'kVA', expected 'kW'"],
    ["1-0:32.7.0(234.7*kV)", "line 9: 1-0:32.7.0 unit 'kV', expected 'V'"],
    ["1-0:1.7.0(00.x21*kW)", "line 9: 1-0:1.7.0 value '00.x21*kW' is not a number"],
    ["0-0:96.14.0(day)", "line 9: 0-0:96.14.0 tariff 'day' is not a number"],
    ["1-0:1.6.0(200509134558S)", "line 9: 1-0:1.6.0 has no peak"],
  ])("keeps the reading with a warning for %s", (line, warning) => {
    // As the framer passes it on with its CRC checked.
    const reading = parseTelegram(telegram(line), true);
    expect(reading.errors).toEqual([]);
    expect(reading.warnings).toEqual([warning]);
    expect(reading.importKWh).toEqual({ t1: 0.034, t2: 15.758 });
    expect(isValidReading(reading)).toBe(true);
  });

  it("still refuses a reading whose energy register or time cannot be read", () => {
    const badRegister = parseTelegram(telegram("1-0:2.8.2(000000.011*MWh)"), null);
    expect(badRegister.errors).toEqual(["line 9: 1-0:2.8.2 unit 'MWh', expected 'kWh'"]);
    expect(isValidReading(badRegister)).toBe(false);
    const badTime = parseTelegram(telegram("0-0:1.0.0(201345180427W)"), null);
    expect(badTime.errors).toEqual(["line 9: 0-0:1.0.0 '201345180427W' is not a valid time"]);
  });

  it("does not trust a telegram without CRC whose lines do not all read: nothing else shows noise", () => {
    const reading = parseTelegram(telegram("1-0:1.7.0(0001.0?*kW)"), null);
    expect(reading.errors).toEqual([]);
    expect(isValidReading(reading)).toBe(false);
  });

  it("refuses a whole number or an M-Bus value cut before its ')'", () => {
    const cut = parseTelegram(
      crlf("/X", "0-0:96.14.0(000", "0-1:24.2.1(231102121002W)(0123") + "!",
      true,
    );
    expect(cut.tariff).toBeNull();
    expect(cut.mbus[0].value).toBeNull();
    expect(cut.warnings.length).toBe(2);
  });

  it("refuses a register cut before its ')'", () => {
    const cut = parseTelegram(
      crlf("/FLU5\\253769484_A", "0-0:1.0.0(200512135409S)", "1-0:1.8.1(0123") + "!",
      true,
    );
    expect(cut.importKWh).toEqual({});
    expect(cut.errors).toEqual(["line 3: 1-0:1.8.1 value has no closing ')'"]);
    expect(isValidReading(cut)).toBe(false);
  });

  it("counts telegrams kept with warnings apart from those with errors", () => {
    const body = telegram("0-0:17.0.0(016*kVA)");
    const { readings, stats } = decodeAll(
      latin1Bytes(body + formatCrc(crc16ArcOfText(body)) + "\r\n"),
    );
    expect(readings.map(isValidReading)).toEqual([true]);
    expect([stats.valid, stats.withWarnings, stats.parseErrors]).toEqual([1, 1, 0]);
  });
});

describe("DSMR 2.2 / 3.0 meters", () => {
  it("reads the threshold in A", () => {
    const reading = parseTelegram(ISKRA_MT382 + "!\r\n");
    expect([reading.limiterA, reading.limiterKW]).toEqual([16, null]);
    expect(parseTelegram(crlf("/X", "0-0:17.0.0(999*A)") + "!").limiterA).toBe(999);
    expect(reading.warnings).toEqual([]);
  });

  it("takes an Iskra MT382 telegram without `!` as closed by the next one's `/`", () => {
    const { readings, stats } = decodeAll(latin1Bytes(ISKRA_MT382 + ISKRA_MT382 + ISKRA_MT382));
    // The third waits for a fourth to close it.
    expect(readings.length).toBe(2);
    for (const reading of readings) {
      expect(reading.errors).toEqual([]);
      expect(reading.crcValid).toBeNull();
      expect(reading.importKWh).toEqual({ t1: 1.001, t2: 1.002 });
      expect(reading.exportKWh).toEqual({ t1: 0.003, t2: 0.004 });
      expect(reading.mbus[0]).toMatchObject({ kind: "gas", value: 1.001, unit: "m3" });
    }
    expect([stats.valid, stats.truncated]).toEqual([2, 0]);
  });

  it("still counts a DSMR 4+ telegram cut off by the next header as truncated", () => {
    const cut = crlf(
      "/ISK5\\2M550T-1012",
      "",
      "1-3:0.2.8(50)",
      "0-0:1.0.0(200101120000W)",
      "1-0:1.8.1(000001.000*kWh)",
    );
    const { readings, stats } = decodeAll(latin1Bytes(cut + ISKRA_MT382 + ISKRA_MT382));
    expect(readings.map(isValidReading)).toEqual([false, true]);
    expect(readings[0].errors).toEqual(["telegram cut off: it has no end line ('!') and no CRC"]);
    expect(stats.truncated).toBe(1);
  });

  it("once a meter has ended a telegram with '!', a frame closed by the next '/' was cut off", () => {
    // A meter with CRCs and no version line (a Kamstrup OMNIA), losing its tail once.
    const body = crlf(
      "/KAM5\\OMNIA",
      "0-0:1.0.0(200101120000W)",
      "1-0:1.8.0(000456.654*kWh)",
      "1-0:2.8.0(000123.000*kWh)",
    ) + "!";
    const whole = body + formatCrc(crc16ArcOfText(body)) + "\r\n";
    const cut = crlf("/KAM5\\OMNIA", "0-0:1.0.0(200101120010W)", "1-0:1.8.0(000456.700*kWh)");
    const { readings, stats } = decodeAll(latin1Bytes(whole + cut + whole));
    expect(readings.map(isValidReading)).toEqual([true, false, true]);
    expect(readings[1].errors).toEqual(["telegram cut off: it has no end line ('!') and no CRC"]);
    expect(stats.truncated).toBe(1);
  });

  it("does not let a noise byte that reads as '!' switch an Iskra stream to 'cut off'", () => {
    const noisy = ISKRA_MT382.replace("1-0:1.7.0(0001.01*kW)", "1-0:1.7.0(000!.01*kW)");
    const { readings } = decodeAll(latin1Bytes(ISKRA_MT382 + noisy + ISKRA_MT382 + ISKRA_MT382));
    // The clean ones are read; the noisy one is refused, and teaches the decoder nothing.
    expect(readings.filter(isValidReading).length).toBe(2);
    expect(readings.filter((r) => !isValidReading(r)).every((r) => r.errors.length > 0)).toBe(true);
  });

  it("once a meter has sent a correct CRC, a bare '!' from it means the CRC was lost", () => {
    const body = crlf(
      "/KAM5\\OMNIA",
      "0-0:1.0.0(200101120000W)",
      "1-0:1.8.0(000456.654*kWh)",
      "1-0:2.8.0(000123.000*kWh)",
    ) + "!";
    const whole = body + formatCrc(crc16ArcOfText(body)) + "\r\n";
    const { readings, stats } = decodeAll(latin1Bytes(whole + body + "\r\n" + whole));
    expect(readings.map(isValidReading)).toEqual([true, false, true]);
    expect(readings[1].errors).toEqual(["telegram ends without its CRC"]);
    expect(stats.missingCrc).toBe(1);
  });

  it("joins nothing of a telegram under way to a new stream after a restart", () => {
    const readings: Reading[] = [];
    const decoder = new P1Decoder((reading) => readings.push(reading));
    // Half a telegram, then the port is reopened on a meter without '!'.
    decoder.push(latin1Bytes(crlf("/KAM5\\OMNIA", "1-0:1.8.0(000999.999*kWh)")));
    decoder.restart();
    decoder.push(latin1Bytes(ISKRA_MT382 + ISKRA_MT382));
    expect(readings.length).toBe(1);
    expect(readings[0].header).toBe("ISk5\\2MT382-1004");
    expect(readings[0].importKWh).toEqual({ t1: 1.001, t2: 1.002 });
    expect(isValidReading(readings[0])).toBe(true);
  });

  it("does not read a total-only meter without its export register as exporting nothing", () => {
    const reading = parseTelegram(
      crlf("/X", "0-0:1.0.0(200101120000W)", "1-0:1.8.0(000456.654*kWh)") + "!",
    );
    expect(registerReadingOf(reading)).toBeNull();
  });

  it("counts a DSMR 2.2 reading, which carries no time, at the moment it arrived", () => {
    const reading = parseTelegram(ISKRA_MT382 + "!\r\n");
    expect(registerReadingOf(reading, Date.UTC(2024, 0, 15, 17, 30, 5))).toMatchObject({
      atMs: Date.UTC(2024, 0, 15, 17, 30, 5),
      importDayKWh: 1.001,
      importNightKWh: 1.002,
      exportDayKWh: 0.003,
      exportNightKWh: 0.004,
      tariff: 1,
    });
    // A DSMR 4+ meter whose time did not read is not given one.
    const dsmr5 = parseTelegram(
      crlf(
        "/ISK5\\2M550T-1012",
        "1-3:0.2.8(50)",
        "1-0:1.8.1(1.0*kWh)",
        "1-0:1.8.2(1.0*kWh)",
        "1-0:2.8.1(0*kWh)",
        "1-0:2.8.2(0*kWh)",
      ) + "!",
    );
    expect(registerReadingOf(dsmr5, 1000)).toBeNull();
  });

  it("keeps an all-zero equipment ID as its text, not NUL characters", () => {
    const reading = parseTelegram(ISKRA_MT382 + "!\r\n");
    expect(reading.equipmentId).toBe("00000000000000");
    expect(reading.mbus[0].id).toBe("000000000000");
  });
});

describe("stamps, codes and registers as meters send them", () => {
  it("reads lowercase DST flags", () => {
    const reading = parseTelegram(
      crlf("/X", "0-0:1.0.0(150701190000s)", "0-1:24.2.1(151231235959w)(00012.345*m3)") + "!",
    );
    expect(reading.meterTime).toBe("2015-07-01T19:00:00+02:00");
    expect(reading.mbus[0].at).toBe("2015-12-31T23:59:59+01:00");
  });

  it("reads OBIS codes with an F group of 255 (DSMR 4.2.2 §6.12)", () => {
    const reading = parseTelegram(
      crlf(
        "/ISk5\\2MT382-1000",
        "1-0:1.8.1.255(000123.456*kWh)",
        "1-0:31.7.0.255(001*A)",
        "1-0:32.7.0.255(230.1*V)",
      ) + "!",
    );
    expect(reading.importKWh).toEqual({ t1: 123.456 });
    expect(reading.phases[0]).toMatchObject({ currentA: 1, voltageV: 230.1 });
    expect(reading.warnings).toEqual([]);
  });

  it("keeps an F group other than 255 as a line it does not interpret", () => {
    const reading = parseTelegram(crlf("/X", "1-0:1.8.1.101(000123.456*kWh)") + "!");
    expect(reading.importKWh).toEqual({});
    expect(reading.other).toEqual({ "1-0:1.8.1.101": "000123.456*kWh" });
    expect(reading.warnings).toEqual([]);
  });

  it("reads total-only registers and counts quarter-hours by them", () => {
    const telegram = (importKWh: string, at: string) =>
      crlf(
        "/X",
        `0-0:1.0.0(${at})`,
        `1-0:1.8.0(${importKWh}*kWh)`,
        "1-0:2.8.0(000010.000*kWh)",
      ) + "!";
    const reading = parseTelegram(telegram("001234.567", "200101120000W"));
    expect(reading.importKWh).toEqual({ total: 1234.567 });
    expect(reading.exportKWh).toEqual({ total: 10 });
    expect(registerReadingOf(reading)).toEqual({
      atMs: Date.parse("2020-01-01T11:00:00Z"),
      importDayKWh: 1234.567,
      importNightKWh: 0,
      exportDayKWh: 10,
      exportNightKWh: 0,
      tariff: null,
      totalOnly: true,
    });
  });

  it("uses the meter's own registers on B-field 1 where no 1-0 line sends them", () => {
    const reading = parseTelegram(
      crlf(
        "/SAG\\XT211",
        "1-1:1.8.1(000100.000*kWh)",
        "1-0:1.8.1(000200.000*kWh)",
        "1-1:1.8.2(000300.000*kWh)",
        "1-1:1.7.0(01.500*kW)",
      ) + "!",
    );
    // 1.8.1 comes on both: the 1-0 line wins, whichever came first.
    expect(reading.importKWh).toEqual({ t1: 200, t2: 300 });
    expect(reading.powerKW.import).toBe(1.5);
  });

  it("keeps each register's resolution: no float noise from W and Wh", () => {
    const reading = parseTelegram(
      crlf(
        "/X",
        "1-0:1.7.0(286*W)",
        "1-0:2.7.0(1001*W)",
        "1-0:1.8.1(1234567*Wh)",
        "1-0:21.7.0(0.7*W)",
      ) + "!",
    );
    expect(reading.powerKW).toEqual({ import: 0.286, export: 1.001 });
    expect(reading.importKWh.t1).toBe(1234.567);
    expect(reading.phases[0].importKW).toBe(0.0007);
    const csv = readingCsvRow(reading);
    expect(csv).toContain(",0.286,1.001,");
    expect(csv).not.toMatch(/\d{9,}/);
  });
});

describe("the gas meter that is live", () => {
  const twoChannels = crlf(
    "/X",
    "0-1:24.1.0(003)",
    "0-1:24.2.1(700101010000W)(00000.000*m3)",
    "0-2:24.1.0(003)",
    "0-2:24.2.1(231102121002W)(00246.012*m3)",
  ) + "!";

  it("is the channel with the newest real stamp, not the first", () => {
    const reading = parseTelegram(twoChannels);
    expect(liveMBusDevice(reading, "gas")).toMatchObject({ channel: 2, value: 246.012 });
  });

  it("is what the CSV exports", () => {
    const reading = parseTelegram(twoChannels);
    const header = readingCsvHeader().split(",");
    const row = readingCsvRow(reading).split(",");
    expect(row[header.indexOf("gasM3")]).toBe("246.012");
  });
});
