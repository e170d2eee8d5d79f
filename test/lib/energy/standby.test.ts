import { describe, expect, it } from "vitest";
import { addDays, localTimeOf, slotStartMs } from "../../../lib/energy/calendar.ts";
import { type DayBucket, emptyBucket, Quality, Register } from "../../../lib/energy/day_bucket.ts";
import {
  STANDBY_FLOOR_W,
  standbyLoad,
  type StandbyNight,
  standbyNights,
  standbyNightsOf,
  standbyYearCost,
} from "../../../lib/energy/standby.ts";
import type { TariffVersion } from "../../../lib/tariff/contract.ts";

/** A grid day: every quarter `kWh` of import, with `at` overriding some local times. */
function gridDay(day: string, kWh: number, at: Record<string, number> = {}): DayBucket {
  const bucket = emptyBucket("s", "grid", day);
  for (let i = 0; i < bucket.imported.length; i++) {
    const time = localTimeOf(slotStartMs(day, i));
    bucket.imported[i] = at[time] ?? kWh;
    bucket.exported[i] = 0;
    bucket.quality[i] = Quality.measured;
  }
  return bucket;
}

function nightsOf(values: number[], from = "2026-03-01"): StandbyNight[] {
  return values.map((baseW, i) => ({ day: addDays(from, i), baseW, quarters: 16 }));
}

describe("standbyNights", () => {
  it("takes the lowest quarter between 01:00 and 05:00 as W", () => {
    // 0.06 kWh in a quarter = 0.06 × 4 = 0.24 kW = 240 W; 00:45 and 05:00 lie outside the window.
    const night = standbyNights([
      gridDay("2026-02-10", 0.1, { "03:15": 0.06, "00:45": 0.01, "05:00": 0.02 }),
    ]);
    expect(night).toEqual([{ day: "2026-02-10", baseW: 240, quarters: 16 }]);
  });

  it("counts production in: consumption = import − export + pv", () => {
    const grid = gridDay("2026-06-10", 0.05);
    grid.exported[12] = 0.02; // 03:00
    grid.imported[12] = 0.03;
    const pv = emptyBucket("s", "pv", "2026-06-10");
    pv.imported[12] = 0.04;
    pv.quality[12] = Quality.measured;
    // 03:00: 0.03 − 0.02 + 0.04 = 0.05 kWh, like the others → 0.05 × 4000 = 200 W.
    expect(standbyNights([grid], [pv])[0].baseW).toBeCloseTo(200, 9);
    // Without the pv it would look like 0.01 kWh → 40 W.
    expect(standbyNights([grid])[0].baseW).toBeCloseTo(40, 9);
  });

  it("has 12 quarters on the spring DST night and 20 on the autumn one", () => {
    // 29 March 2026: 02:00–03:00 does not exist; 25 October 2026: it happens twice.
    const nights = standbyNights([
      gridDay("2026-03-29", 0.05, { "04:45": 0.04 }),
      gridDay("2026-10-25", 0.05, { "02:30": 0.03 }),
    ]);
    expect(nights.map((n) => n.quarters)).toEqual([12, 20]);
    // 0.04 × 4000 = 160 W; the autumn 02:30 comes twice, both 0.03 → 120 W.
    expect(nights.map((n) => Math.round(n.baseW))).toEqual([160, 120]);
  });

  it("skips a night with fewer than 8 known quarters, and partial quarters", () => {
    const thin = gridDay("2026-02-11", 0.05);
    for (let i = 4; i < 13; i++) thin.quality[i] = Quality.missing; // 01:00–03:15 gone
    const partial = gridDay("2026-02-12", 0.05, { "02:00": 0.001 });
    partial.quality[8] = Quality.partial; // the 02:00 quarter was seen only in part
    const nights = standbyNights([thin, partial]);
    expect(nights.map((n) => [n.day, n.quarters, Math.round(n.baseW)])).toEqual([
      ["2026-02-12", 15, 200],
    ]);
  });
});

/** A battery day: every quarter `charged` and `discharged` kWh, `at` overriding local times. */
function batteryDay(
  day: string,
  charged: number,
  discharged: number,
  at: Record<string, [number, number]> = {},
): DayBucket {
  const bucket = emptyBucket("s", "battery", day);
  for (let i = 0; i < bucket.imported.length; i++) {
    const time = localTimeOf(slotStartMs(day, i));
    [bucket.imported[i], bucket.exported[i]] = at[time] ?? [charged, discharged];
    bucket.quality[i] = Quality.measured;
  }
  return bucket;
}

describe("standbyNights with a home battery", () => {
  it("counts the battery in: use = import − export + pv − charged + discharged", () => {
    // The battery covers the night: the grid reads 0.001 kWh (4 W) a quarter, the battery gives
    // 0.05 kWh; at 03:00 only 0.039. At 02:00 it charges from the grid on a cheap night rate:
    // 0.5 kWh in, 0.45 of it into the battery, nothing out.
    const grid = gridDay("2026-11-10", 0.001, { "02:00": 0.5 });
    const battery = batteryDay("2026-11-10", 0, 0.05, { "03:00": [0, 0.039], "02:00": [0.45, 0] });
    // 03:00: 0.001 − 0 + 0 − 0 + 0.039 = 0.040 kWh → × 4000 = 160 W;
    // 02:00: 0.5 − 0.45 = 0.05 → 200 W; the others 0.001 + 0.05 = 0.051 → 204 W. Lowest: 160 W.
    const [night] = standbyNights([grid], [], [battery]);
    expect(night.baseW).toBeCloseTo(160, 9);
    expect(night.quarters).toBe(16);
  });

  it("leaves out a battery quarter that is not known", () => {
    const grid = gridDay("2026-11-10", 0.001);
    const battery = batteryDay("2026-11-10", 0, 0.05, { "03:00": [0, 0.009] });
    battery.quality[12] = Quality.missing; // 03:00
    // Without 03:00: every quarter 0.001 + 0.05 = 0.051 kWh → 204 W, over 15 quarters.
    const [night] = standbyNights([grid], [], [battery]);
    expect(night.baseW).toBeCloseTo(204, 9);
    expect(night.quarters).toBe(15);
  });

  it("sees no false jump when the battery starts covering the nights", () => {
    // 10 nights of 0.05 kWh a quarter (200 W) from the grid; then 10 nights the battery covers:
    // the grid reads 0.001, the battery gives 0.049 → 0.05 kWh again = 200 W.
    const days = Array.from({ length: 20 }, (_, d) => addDays("2026-11-01", d));
    const grid = days.map((day, d) => gridDay(day, d < 10 ? 0.05 : 0.001));
    const battery = days.slice(10).map((day) => batteryDay(day, 0, 0.049));
    const load = standbyLoad(standbyNights(grid, [], battery));
    expect(load.nights).toHaveLength(20);
    expect(load.nights.map((n) => Math.round(n.baseW))).toEqual(Array(20).fill(200));
    expect(load.jumps).toEqual([]);
  });
});

describe("standbyNights without battery data: the floor", () => {
  it(`leaves out nights whose lowest quarter is below ${STANDBY_FLOOR_W} W, and names them`, () => {
    // 0.004 kWh × 4000 = 16 W < 20 W: left out. 0.005 × 4000 = 20 W exactly: kept.
    // 0.05 → 200 W: kept.
    const result = standbyNightsOf([
      gridDay("2026-11-01", 0.05),
      gridDay("2026-11-02", 0.05, { "03:00": 0.004 }),
      gridDay("2026-11-03", 0.05, { "03:00": 0.005 }),
    ]);
    expect(result.belowFloor).toEqual(["2026-11-02"]);
    expect(result.nights.map((n) => [n.day, Math.round(n.baseW)])).toEqual([
      ["2026-11-01", 200],
      ["2026-11-03", 20],
    ]);
  });

  it("gives no false jump when an unrecorded battery covers the nights", () => {
    // 10 nights at 200 W, then 10 at 4 W (0.001 kWh: an unrecorded battery holds the grid at
    // about zero): those are left out, the level stays 200 W and no jump appears.
    const grid = Array.from(
      { length: 20 },
      (_, d) => gridDay(addDays("2026-11-01", d), d < 10 ? 0.05 : 0.001),
    );
    const result = standbyNightsOf(grid);
    expect(result.belowFloor).toHaveLength(10);
    const load = standbyLoad(result.nights);
    expect(load.levelW).toBeCloseTo(200, 9);
    expect(load.jumps).toEqual([]);
    // Without the floor these 10 nights would read 4 W: a "fall" from 200 W to 4 W.
  });
});

describe("standbyLoad", () => {
  it("gives the level as the median of the last 14 nights, and a trend", () => {
    // 20 nights rising 3 W a night: 100, 103, …, 157. The last 14 are 118…157: median
    // (136 + 139) / 2 = 137.5. Trend: 3 W/day × 30.4375 = 91.3125 W/month.
    const load = standbyLoad(nightsOf(Array.from({ length: 20 }, (_, i) => 100 + 3 * i)));
    expect(load.levelW).toBe(137.5);
    expect(load.trendWPerMonth).toBeCloseTo(91.3125, 9);
  });

  it("flags a jump from 180 W to 320 W on 12 March, robust to one odd night", () => {
    // 1–11 March at 180 W (one odd night of 900 W on the 5th), from 12 March on 320 W.
    const values = [
      ...Array.from({ length: 11 }, (_, i) => (i === 4 ? 900 : 180 + (i % 3))),
      ...Array.from({ length: 14 }, (_, i) => 320 - (i % 2)),
    ];
    const load = standbyLoad(nightsOf(values));
    expect(load.jumps).toHaveLength(1);
    const jump = load.jumps[0];
    expect(jump.day).toBe("2026-03-12");
    // Before: the 7 nights 5–11 March = 900, 181, 182, 180, 181, 182, 180 → sorted median 181.
    // After: 320, 319, 320, 319, 320, 319, 320 → 320.
    expect([jump.fromW, jump.toW]).toEqual([181, 320]);
  });

  it("flags no jump for one odd night, nor for a slow rise", () => {
    const odd = Array.from({ length: 30 }, (_, i) => (i === 15 ? 1500 : 200));
    expect(standbyLoad(nightsOf(odd)).jumps).toEqual([]);
    // 1 W a night: 7 nights apart the medians differ by 7 W, far below 40 W.
    const slow = Array.from({ length: 60 }, (_, i) => 200 + i);
    expect(standbyLoad(nightsOf(slow)).jumps).toEqual([]);
  });

  it("has no level without nights, and no trend with fewer than 14", () => {
    expect(standbyLoad([])).toEqual({ nights: [], levelW: null, trendWPerMonth: null, jumps: [] });
    expect(standbyLoad(nightsOf([100, 120])).trendWPerMonth).toBeNull();
  });
});

const tariff: TariffVersion = {
  id: "t",
  siteId: "s",
  name: "test",
  effectiveFrom: "2025-01-01",
  energy: {
    kind: "dayNight",
    offtakeDayEurPerKWh: 0.3,
    offtakeNightEurPerKWh: 0.2,
    injectionDayEurPerKWh: 0.05,
    injectionNightEurPerKWh: 0.04,
  },
  fixedFeeEurPerMonth: 5,
  distribution: {
    area: "x",
    offtakeDayEurPerKWh: 0.1,
    offtakeNightEurPerKWh: 0.05,
    transmissionEurPerKWh: 0.02,
    capacityEurPerKWYear: 50,
    dataManagementEurPerYear: 18,
  },
  leviesEurPerKWh: 0.03,
  vatRate: 0.06,
  updatedAt: 0,
};

describe("standbyYearCost", () => {
  it("prices a year of the base load by the contract, split by the meter's registers", () => {
    // 200 W all year: 0.2 kW × 8760 h = 1752 kWh.
    // Registers: 48 quarters day, 48 night. A quarter takes 0.05 kWh.
    // Day quarter: (0.3 + 0.1 + 0.02 + 0.03) × 1.06 = 0.477 €/kWh; night: (0.2 + 0.05 + 0.02 +
    // 0.03) × 1.06 = 0.318 €/kWh. A day: 48 × 0.05 × (0.477 + 0.318) = 1.908 €; × 365 = 696.42 €.
    const registers = Array.from(
      { length: 96 },
      (_, i) => (i < 48 ? Register.night : Register.day),
    );
    const cost = standbyYearCost(200, "2026-02-10", [tariff], registers, undefined);
    expect(cost.yearKWh).toBeCloseTo(1752, 9);
    expect(cost.yearEur).toBeCloseTo(696.42, 6);
  });

  it("scales a DST day to 24 hours, and has no cost without a tariff", () => {
    // 92 quarters on 29 March, registers unknown → day rate: 0.477 €/kWh × 0.05 × 96 × 365.
    const cost = standbyYearCost(200, "2026-03-29", [tariff], null, undefined);
    expect(cost.yearEur).toBeCloseTo(0.477 * 0.05 * 96 * 365, 6);
    expect(standbyYearCost(200, "2026-03-29", [], null, undefined)).toEqual({
      yearKWh: 1752,
      yearEur: null,
    });
  });
});
