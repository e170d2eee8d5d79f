import { describe, expect, it } from "vitest";
import { parseTelegram } from "../../../lib/p1/parser.ts";
import { liveDashboard } from "../../../lib/views/live_dashboard.ts";
import { p1FixtureText } from "../../fixtures/p1.ts";

const crlf = (...lines: string[]) => lines.map((line) => line + "\r\n").join("") + "!";

describe("liveDashboard", () => {
  it("shows the fixture's registers, its live gas meter and the running quarter", () => {
    const view = liveDashboard(
      parseTelegram(p1FixtureText("fluvius-e-mucs-1.7.1-peak-history-4-months.txt"), true),
    );
    expect([view.netKW, view.direction]).toEqual([0.338, "import"]);
    expect(view.ringFraction).toBeCloseTo(0.0338, 10);
    expect(view.tariff).toBe("day");
    expect(view.registers).toEqual([
      { direction: "import", register: "t1", kWh: 301.548 },
      { direction: "import", register: "t2", kWh: 270.014 },
      { direction: "export", register: "t1", kWh: 0.005 },
      { direction: "export", register: "t2", kWh: 0 },
    ]);
    expect(view.devices.map((d) => [d.kind, d.value])).toEqual([["gas", 92.287], ["water", 8.579]]);
    // 12:15:48: 48 s in, 852 s left: 0.052 + 0.338 × 852 / 900
    expect(view.quarter?.projectedKW).toBeCloseTo(0.052 + 0.338 * 852 / 900, 10);
  });

  it("scales the capacity gauge and the phase bars, without a warning below the month's peak", () => {
    const { gauge, phaseBars } = liveDashboard(
      parseTelegram(p1FixtureText("fluvius-e-mucs-1.7.1-peak-history-4-months.txt"), true),
    );
    // One scale for the gauge: the month's 3.064 kW peak × 1.15 = 3.5236 kW
    expect(gauge.nowPct).toBeCloseTo((0.052 / 3.5236) * 100, 8);
    expect(gauge.monthPeakPct).toBeCloseTo((3.064 / 3.5236) * 100, 8);
    expect(gauge.alert).toBeNull();
    expect(gauge.history.map((h) => [h.month, h.kW])).toEqual([
      ["2023-07", 0],
      ["2023-08", 1.862],
      ["2023-09", 4.229],
      ["2023-10", 4.927],
    ]);
    expect(gauge.history[3].pct).toBe(100);
    // Phases below 1 kW are drawn against 1 kW.
    expect(phaseBars.map((b) => [b.phase, b.netKW, Math.round(b.pct * 10) / 10])).toEqual([
      [1, 0.047, 4.7],
      [2, 0.179, 17.9],
      [3, 0.111, 11.1],
    ]);
  });

  it("does not warn on the first of the month because a 0.4 kW quarter beats a 0.2 kW peak", () => {
    const { gauge } = liveDashboard(parseTelegram(crlf(
      "/FLU5\\253769484_A",
      "0-0:96.1.4(50217)",
      "0-0:1.0.0(231101001548W)",
      "1-0:1.4.0(00.052*kW)",
      "1-0:1.6.0(231101000000W)(00.200*kW)",
      "1-0:1.7.0(00.400*kW)",
    )));
    expect(gauge.alert).toBeNull();
  });

  it("warns by the household's limit too, as the capacity page does", () => {
    // The month peaked at 3 kW; the quarter heads to 0.052 + 4 × 852 / 900 = 3.84 kW.
    const telegram = crlf(
      "/FLU5\\253769484_A",
      "0-0:96.1.4(50217)",
      "0-0:1.0.0(231102121548W)",
      "1-0:1.4.0(00.052*kW)",
      "1-0:1.6.0(231102114500W)(03.000*kW)",
      "1-0:1.7.0(04.000*kW)",
    );
    expect(liveDashboard(parseTelegram(telegram)).gauge.alert?.above).toBe("peak");
    expect(liveDashboard(parseTelegram(telegram), 5).gauge.alert).toBeNull();
  });

  it("shows the totals of a meter without tariff registers, and skips a dead gas channel", () => {
    const view = liveDashboard(parseTelegram(crlf(
      "/X",
      "1-0:1.8.0(001234.567*kWh)",
      "1-0:2.8.0(000010.000*kWh)",
      "1-0:2.7.0(00.400*kW)",
      "0-1:24.1.0(003)",
      "0-1:24.2.1(700101010000W)(00000.000*m3)",
      "0-2:24.1.0(003)",
      "0-2:24.2.1(231102121002W)(00246.012*m3)",
    )));
    expect([view.netKW, view.direction]).toEqual([-0.4, "export"]);
    expect(view.registers).toEqual([
      { direction: "import", register: "total", kWh: 1234.567 },
      { direction: "export", register: "total", kWh: 10 },
    ]);
    expect(view.devices.map((d) => [d.channel, d.value])).toEqual([[2, 246.012]]);
    expect(view.quarter).toBeNull();
  });

  it("counts less than half a watt as balanced", () => {
    const view = liveDashboard(parseTelegram(crlf("/X", "1-0:1.7.0(00.000*kW)")));
    expect(view.direction).toBe("balanced");
  });
});
