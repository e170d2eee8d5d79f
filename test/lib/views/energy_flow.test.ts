import { describe, expect, it } from "vitest";
import { parseTelegram } from "../../../lib/p1/parser.ts";
import { energyFlow, flowSourcesOf } from "../../../lib/views/energy_flow.ts";
import { p1FixtureText } from "../../fixtures/p1.ts";

const kW = (flow: ReturnType<typeof energyFlow>) =>
  flow.flows.map((f) => [`${f.from}→${f.to}`, Math.round(f.kW * 1000) / 1000]);

describe("energyFlow", () => {
  it("with the P1 meter alone, the home is what the grid gives", () => {
    const flow = energyFlow({ gridKW: 0.338, solarKW: null, batteryKW: null, batterySocPct: null });
    expect(flow.nodes).toEqual({
      grid: { importKW: 0.338, exportKW: 0 },
      solar: null,
      battery: null,
      home: { kW: 0.338 },
    });
    expect(kW(flow)).toEqual([["grid→home", 0.338]]);
    // Width follows the power: full at 10 kW.
    expect(flow.flows[0].width).toBeCloseTo(0.0338, 10);
  });

  it("a sunny noon: solar covers the home, fills the battery and exports the rest", () => {
    // 4.2 kW of sun, the battery takes 1.5 kW, 2.1 kW goes out: the home uses 0.6 kW.
    const flow = energyFlow({ gridKW: -2.1, solarKW: 4.2, batteryKW: 1.5, batterySocPct: 64 });
    expect(flow.nodes.home.kW).toBeCloseTo(0.6, 10);
    expect(kW(flow)).toEqual([
      ["solar→grid", 2.1],
      ["solar→battery", 1.5],
      ["solar→home", 0.6],
    ]);
    expect(flow.flows.map((f) => Math.round(f.width * 1000) / 1000)).toEqual([0.21, 0.15, 0.06]);
    expect(flow.nodes.battery).toEqual({ chargeKW: 1.5, dischargeKW: 0, socPct: 64 });
  });

  it("an evening: the battery covers most of the home, the grid the rest", () => {
    // Home 2.3 kW: battery 2 kW, grid 0.3 kW.
    const flow = energyFlow({ gridKW: 0.3, solarKW: 0, batteryKW: -2, batterySocPct: 40 });
    expect(flow.nodes.home.kW).toBeCloseTo(2.3, 10);
    expect(kW(flow)).toEqual([["battery→home", 2], ["grid→home", 0.3]]);
  });

  it("a cheap night: the grid charges the battery and feeds the home", () => {
    const flow = energyFlow({ gridKW: 3.4, solarKW: 0, batteryKW: 3, batterySocPct: 20 });
    expect(kW(flow)).toEqual([["grid→battery", 3], ["grid→home", 0.4]]);
  });

  it("a battery discharging beyond the home's need exports the rest", () => {
    const flow = energyFlow({ gridKW: -1, solarKW: 0, batteryKW: -1.5, batterySocPct: 90 });
    expect(kW(flow)).toEqual([["battery→grid", 1], ["battery→home", 0.5]]);
  });

  it("says when the figures do not balance, and shows the home as 0", () => {
    // Export read a moment before the solar value caught up.
    const flow = energyFlow({ gridKW: -3, solarKW: 2, batteryKW: 0, batterySocPct: 50 });
    expect(flow.unbalanced).toBe(true);
    expect(flow.nodes.home.kW).toBe(0);
  });

  it("leaves idle flows out", () => {
    const flow = energyFlow({ gridKW: 0.001, solarKW: null, batteryKW: 0, batterySocPct: 50 });
    expect(flow.flows).toEqual([]);
  });

  it("takes the grid from the meter and the battery from a paired gateway", () => {
    const reading = parseTelegram(
      p1FixtureText("fluvius-e-mucs-1.7.1-peak-history-4-months.txt"),
      true,
    );
    expect(flowSourcesOf(reading, null)).toEqual({
      gridKW: 0.338,
      solarKW: null,
      batteryKW: null,
      batterySocPct: null,
    });
    const battery = {
      socPct: 64,
      batteryW: -1200,
      pvW: null,
      status: "discharging" as const,
      chargedTodayKWh: 1,
      dischargedTodayKWh: 2,
      socToday: [],
      command: null,
      reason: "shavingPeak" as const,
      failsafe: null,
      problem: null,
    };
    const flow = energyFlow(flowSourcesOf(reading, battery));
    // The battery gives 1.2 kW, the grid 0.338: the home uses 1.538 kW.
    expect(flow.nodes.home.kW).toBeCloseTo(1.538, 10);
    expect(kW(flow)).toEqual([["battery→home", 1.2], ["grid→home", 0.338]]);
  });

  it("takes solar from the gateway's PV source when it answers, else the battery inverter's", () => {
    // The meter exports 1.2 kW; the SunSpec inverter makes 2.5 kW; no battery.
    const reading = parseTelegram(
      "/X\r\n1-0:1.7.0(00.000*kW)\r\n1-0:2.7.0(01.200*kW)\r\n!",
    );
    const pv = {
      atMs: 0,
      source: "sunspec" as const,
      name: null,
      powerW: 2500,
      counterWh: 10_000,
      counter: "lifetime" as const,
      wrapWh: null,
      online: true,
    };
    const flow = energyFlow(flowSourcesOf(reading, null, pv));
    // Home: −1.2 + 2.5 = 1.3 kW, all of it from the sun; 1.2 kW of the sun to the grid.
    expect(flow.nodes.home.kW).toBeCloseTo(1.3, 10);
    expect(kW(flow)).toEqual([["solar→home", 1.3], ["solar→grid", 1.2]]);
    // The battery inverter's own PV register (1 kW) only when the PV source does not answer.
    const battery = {
      socPct: 50,
      batteryW: 0,
      pvW: 1000,
      status: "standby" as const,
      chargedTodayKWh: 0,
      dischargedTodayKWh: 0,
      socToday: [],
      command: null,
      reason: "selfConsumption" as const,
      failsafe: null,
      problem: null,
    };
    expect(flowSourcesOf(reading, battery, pv).solarKW).toBe(2.5);
    expect(flowSourcesOf(reading, battery, { ...pv, online: false, powerW: null }).solarKW).toBe(1);
  });

  it("takes solar from the gateway's inverter: at noon it covers the home and charges", () => {
    // The meter exports 0.8 kW; the inverter sees 3 kW of sun and charges 1.5 kW.
    const reading = parseTelegram(
      "/X\r\n1-0:1.7.0(00.000*kW)\r\n1-0:2.7.0(00.800*kW)\r\n!",
    );
    const flow = energyFlow(flowSourcesOf(reading, {
      socPct: 50,
      batteryW: 1500,
      pvW: 3000,
      status: "charging",
      chargedTodayKWh: 1,
      dischargedTodayKWh: 0,
      socToday: [],
      command: null,
      reason: "selfConsumption",
      failsafe: null,
      problem: null,
    }));
    // Home: −0.8 + 3 − 1.5 = 0.7 kW
    expect(flow.nodes.home.kW).toBeCloseTo(0.7, 10);
    expect(kW(flow)).toEqual([
      ["solar→battery", 1.5],
      ["solar→grid", 0.8],
      ["solar→home", 0.7],
    ]);
  });
});
