import { describe, expect, it } from "vitest";
import type { ChargerView } from "../../../lib/control/protocol.ts";
import { DEFAULT_CHARGE_SETTINGS } from "../../../lib/control/ev/settings.ts";
import { emptyBucket, Quality } from "../../../lib/energy/day_bucket.ts";
import {
  chargerFigures,
  chargerMaxKW,
  consumptionOf,
  ecoEstimateFor,
  higherPeakCost,
  higherPeakCostEur,
  nextDeparture,
  planChart,
  solarModeFigures,
  typicalSessionKWh,
} from "../../../lib/views/charger_page.ts";

const view = (over: Partial<ChargerView> = {}): ChargerView => ({
  id: "cp-1",
  name: "Oprit",
  minA: 6,
  maxA: 16,
  phases: 3,
  online: true,
  status: "charging",
  reading: {
    atMs: 0,
    status: "charging",
    currentA: [10, 10.2, 0.1],
    powerW: 4600,
    meterKWh: 1234.5,
    offeredA: 10,
    socPct: null,
    idTag: null,
  },
  limit: { currentA: 10, phases: 3 },
  reason: "budget",
  problem: null,
  settings: DEFAULT_CHARGE_SETTINGS,
  session: { startMs: 0, energyKWh: 12, solarKWh: 3, kmAdded: 66.7 },
  ...over,
});

describe("charger figures", () => {
  it("counts the phases that carry current and the range added per hour at 18 kWh/100 km", () => {
    const f = chargerFigures(view());
    expect(f.powerKW).toBe(4.6);
    expect(f.phasesInUse).toBe(2);
    // 4.6 kW ÷ 18 kWh/100 km = 25.56 km per hour.
    expect(f.kmPerHour).toBeCloseTo(25.556, 3);
    expect(f.session).toEqual({ energyKWh: 12, kmAdded: 66.7, solarPct: 25 });
  });

  it("uses the range goal's consumption", () => {
    const settings = {
      ...DEFAULT_CHARGE_SETTINGS,
      goal: {
        departure: "2026-12-02T07:30",
        target: { kind: "range" as const, km: 100, consumptionKWhPer100km: 23 },
      },
    };
    expect(consumptionOf(settings)).toBe(23);
    expect(chargerFigures(view({ settings })).kmPerHour).toBeCloseTo(20, 6);
  });

  it("says nothing it does not know: no reading, no session, no energy yet", () => {
    const f = chargerFigures(view({ reading: null, session: null }));
    expect(f).toEqual({ powerKW: null, phasesInUse: null, kmPerHour: null, session: null });
    const idle = chargerFigures(view({
      session: { startMs: 0, energyKWh: 0, solarKWh: 0, kmAdded: 0 },
      reading: { ...view().reading!, currentA: [0, 0, 0], powerW: 0 },
    }));
    expect(idle.phasesInUse).toBeNull();
    expect(idle.kmPerHour).toBe(0);
    expect(idle.session?.solarPct).toBeNull();
  });
});

describe("a higher monthly peak", () => {
  it("costs a twelfth of the annual rate per extra kW, and nothing below the peak", () => {
    // 4 kW above the peak at 54 €/kW/year: 4 × 54 ÷ 12 = 18 €.
    expect(higherPeakCostEur(4, 54)).toBe(18);
    expect(higherPeakCostEur(-1, 54)).toBe(0);
  });
});

describe("the next departure", () => {
  it("is today's 07:30 before it, tomorrow's after, in Brussels time across the autumn change", () => {
    // 05:00 UTC on 1 Dec is 06:00 in Brussels (UTC+1).
    expect(nextDeparture(Date.UTC(2026, 11, 1, 5))).toBe("2026-12-01T07:30");
    expect(nextDeparture(Date.UTC(2026, 11, 1, 6, 45))).toBe("2026-12-02T07:30");
    // 24 Oct 2026 23:30 UTC is 01:30 on the 25th in summer time; clocks go back at 03:00.
    expect(nextDeparture(Date.UTC(2026, 9, 24, 23, 30))).toBe("2026-10-25T07:30");
  });
});

describe("the solar mode's help", () => {
  it("says its thresholds in kW and minutes", () => {
    expect(solarModeFigures({ mode: "solar", startSurplusW: 1400, stopDelayS: 180 })).toEqual({
      startKW: 1.4,
      stopMinutes: 3,
    });
  });
});

describe("the plan's chart", () => {
  // Now 21:05 UTC; departure 01:00 UTC: the chart runs from 21:00 to 01:00, 4 hours over 600.
  const now = Date.UTC(2026, 11, 1, 21, 5);
  const q = (h: number, m: number) => Date.UTC(2026, 11, h < 12 ? 2 : 1, h, m);
  const plan = {
    departureMs: q(1, 0),
    neededKWh: 5,
    expectedKWh: 5,
    feasible: true,
    shortfallKWh: 0,
    slots: [
      { startMs: q(23, 0), endMs: q(23, 15), kWh: 2.5, solar: false },
      { startMs: q(0, 0), endMs: q(0, 15), kWh: 1.25, solar: false },
    ],
    prices: [
      { startMs: q(21, 0), minutes: 60 as const, eurPerMWh: 120 },
      { startMs: q(23, 0), minutes: 60 as const, eurPerMWh: 80 },
    ],
  };

  it("draws each slot at its time, as tall as its share of the largest", () => {
    const chart = planChart(plan, now);
    // 23:00 is 2 h into 4 h: x = 300; a quarter is 600 / 16 = 37.5 wide, less a 1 px gap.
    expect(chart.bars[0]).toMatchObject({ x: 300, width: 36.5, height: 92, y: 8 });
    // Half the kWh: half the plot height (92).
    expect(chart.bars[1]).toMatchObject({ x: 450, height: 46, y: 54 });
    expect(chart.summary).toEqual({
      kind: "ready",
      departureMs: plan.departureMs,
      plannedKWh: 3.75,
      slots: 2,
    });
  });

  it("draws the price as steps between its lowest and highest, and ticks each hour", () => {
    const chart = planChart(plan, now);
    // 120 €/MWh at the top (y 8) from 21:00 to 22:00; 80 at the bottom (y 100) from 23:00.
    expect(chart.pricePoints).toBe("0,8 150,8 300,100 450,100");
    expect(chart.ticks.map((t) => t.label)).toEqual(["22:00", "23:00", "00:00", "01:00", "02:00"]);
  });

  it("says what is missing when the goal cannot be met", () => {
    const chart = planChart({ ...plan, feasible: false, expectedKWh: 3, shortfallKWh: 2 }, now);
    expect(chart.summary).toEqual({
      kind: "short",
      departureMs: plan.departureMs,
      expectedKWh: 3,
      shortfallKWh: 2,
    });
  });
});

describe("the eco estimate and the cost of a higher peak", () => {
  const session = (day: number, kWh: number, ended = true) => ({
    id: `s${day}`,
    siteId: "s",
    deviceId: "cp-1",
    startMs: Date.UTC(2026, 10, day, 18),
    endMs: ended ? Date.UTC(2026, 10, day, 20) : null,
    energyKWh: kWh,
    updatedAt: 0,
  });

  it("takes the median of the last ten finished sessions as the usual one", () => {
    expect(typicalSessionKWh([])).toBeNull();
    expect(typicalSessionKWh([session(1, 8), session(2, 20), session(3, 12)])).toBe(12);
    // A running session does not count; two left: the mean of the middle two.
    expect(typicalSessionKWh([session(1, 8), session(2, 20), session(3, 12, false)])).toBe(14);
  });

  it("asks what the last three weeks' export could have carried for that session", () => {
    const day = emptyBucket("s", "grid", "2026-11-30");
    // 2 kWh exported in each of four quarters: 8 kWh, on a 16 A 3-phase charger (11.04 kW,
    // at most 2.76 kWh a quarter). One day of data in the window, a 16 kWh session: 50 %.
    for (const slot of [48, 49, 50, 51]) {
      day.exported[slot] = 2;
      day.imported[slot] = 0;
      day.quality[slot] = Quality.measured;
    }
    const estimate = ecoEstimateFor([day], "2026-12-01", view(), [session(1, 16)]);
    expect(estimate).toMatchObject({ pct: 50, solarKWh: 8, sessionKWh: 16, days: 1 });
  });

  it("costs a twelfth of the annual rate per kW, at most the car's whole power", () => {
    expect(chargerMaxKW(view())).toBeCloseTo(11.04, 9);
    const cost = higherPeakCost(view(), 54);
    expect(cost.perKWEur).toBe(4.5);
    expect(cost.mostEur).toBeCloseTo(49.68, 9);
  });
});
