import { describe, expect, it } from "vitest";
import type { ChargerView } from "../../../lib/control/protocol.ts";
import { DEFAULT_CHARGE_SETTINGS } from "../../../lib/control/ev/settings.ts";
import {
  chargerFigures,
  consumptionOf,
  higherPeakCostEur,
  nextDeparture,
  solarModeFigures,
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
