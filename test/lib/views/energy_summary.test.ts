import { describe, expect, it } from "vitest";
import { emptyBucket, Quality, Register } from "../../../lib/energy/day_bucket.ts";
import type { TariffVersion } from "../../../lib/tariff/contract.ts";
import { costedDays, periodCost } from "../../../lib/tariff/cost.ts";
import { energySummary } from "../../../lib/views/energy_summary.ts";

const tariff = (energy: TariffVersion["energy"]): TariffVersion => ({
  id: "t",
  siteId: "local",
  name: "t",
  effectiveFrom: "2024-01-01",
  energy,
  fixedFeeEurPerMonth: 31, // 1 a day in March
  distribution: {
    area: "x",
    offtakeDayEurPerKWh: 0,
    offtakeNightEurPerKWh: 0,
    transmissionEurPerKWh: 0,
    capacityEurPerKWYear: null,
    dataManagementEurPerYear: 0,
  },
  leviesEurPerKWh: 0,
  vatRate: 0,
  updatedAt: 0,
});

/** A day importing `kWh` in one quarter, exporting 0.5 kWh in another. */
function day(dayText: string, kWh: number) {
  const bucket = emptyBucket("local", "grid", dayText);
  for (let i = 0; i < 96; i++) {
    bucket.imported[i] = i === 30 ? kWh : 0;
    bucket.exported[i] = i === 50 ? 0.5 : 0;
    bucket.quality[i] = Quality.measured;
    bucket.register[i] = Register.day;
  }
  return bucket;
}

const grid = new Map([
  ["2024-02-28", day("2024-02-28", 3)],
  ["2024-03-01", day("2024-03-01", 2)],
  ["2024-03-02", day("2024-03-02", 4)],
]);
const today = "2024-03-03";

function summary(energy: TariffVersion["energy"]) {
  const days = costedDays("2024-02-01", today, today, (d) => grid.has(d));
  const cost = periodCost(days, grid, {
    versions: [tariff(energy)],
    prices: new Map(),
    capacityKW: () => 2.5,
  });
  return energySummary({ today, grid, pv: new Map(), cost, monthsShown: 12 });
}

describe("energySummary", () => {
  const single = { kind: "single", offtakeEurPerKWh: 0.25, injectionEurPerKWh: 0.1 } as const;

  it("costs yesterday, this month so far and each month by the same day costs", () => {
    const s = summary(single);
    // Yesterday (2 March): 4 × 0.25 − 0.5 × 0.1 + 1 of fees = 1.95
    expect(s.yesterday.importKWh).toBe(4);
    expect(s.yesterday.costEur).toBeCloseTo(1.95, 10);
    // March so far: 1 March 0.5 − 0.05 + 1 = 1.45, plus 1.95 = 3.40 over 2 days
    expect(s.monthToDate?.days).toBe(2);
    expect(s.monthToDate?.totalEur).toBeCloseTo(3.4, 10);
    expect(s.monthToDate?.lines.fixedEur).toBeCloseTo(2, 10);
    // February: one day, 3 × 0.25 − 0.05 + 31 / 29 of fees
    expect(s.months.map((m) => [m.month, m.netKWh])).toEqual([["2024-03", 5], ["2024-02", 2.5]]);
    expect(s.months[0].totalEur).toBeCloseTo(3.4, 10);
    expect(s.months[1].totalEur).toBeCloseTo(0.75 - 0.05 + 31 / 29, 10);
  });

  it("shows no totals when the contract could not price the quarters", () => {
    const s = summary({
      kind: "dynamic",
      offtake: { spotMultiplier: 1, addEurPerKWh: 0 },
      injection: { spotMultiplier: 1, addEurPerKWh: 0 },
      billing: "quarter",
    });
    expect(s.yesterday.costEur).toBeNull();
    expect(s.monthToDate?.totalEur).toBeNull();
    expect(s.months.map((m) => m.totalEur)).toEqual([null, null]);
  });

  it("puts today and yesterday side by side, tile by tile, without a day it has no data for", () => {
    const s = summary(single);
    // Today (3 March) has nothing stored: no figure, not zero.
    expect(s.today).toEqual({
      day: "2024-03-03",
      importKWh: null,
      exportKWh: null,
      productionKWh: null,
      selfConsumedKWh: null,
      selfConsumption: null,
      selfSufficiency: null,
      selfUsePartial: false,
      costEur: null,
      incomplete: false,
    });
    // No production either day: no production or self-consumption tiles.
    expect(s.tiles.map((tile) => [tile.measure, tile.today, tile.yesterday])).toEqual([
      ["import", null, 4],
      ["export", null, 0.5],
      ["cost", null, s.yesterday.costEur],
    ]);
    expect(s.yesterday.incomplete).toBe(false);
  });

  it("counts production the grid did not take as self-consumed, never below zero", () => {
    const pvDay = (dayText: string, kWh: number) => {
      const bucket = emptyBucket("local", "pv", dayText);
      for (let i = 0; i < 96; i++) {
        // A production channel counts what the panels made as its import.
        bucket.imported[i] = i === 50 ? kWh : 0;
        bucket.quality[i] = Quality.measured;
      }
      return bucket;
    };
    // Yesterday 2 kWh made, 0.5 kWh of it exported: 1.5 kWh used at home. Today 0.3 kWh made
    // against 0.5 kWh exported by the meter's count: 0, not −0.2.
    const pv = new Map([["2024-03-02", pvDay("2024-03-02", 2)], [today, pvDay(today, 0.3)]]);
    const withToday = new Map([...grid, [today, day(today, 1)]]);
    const s = energySummary({ today, grid: withToday, pv, cost: null, monthsShown: 12 });
    expect(s.yesterday.productionKWh).toBe(2);
    expect(s.yesterday.selfConsumedKWh).toBe(1.5);
    expect(s.today.productionKWh).toBe(0.3);
    expect(s.today.selfConsumedKWh).toBe(0);
    expect(s.tiles.map((tile) => [tile.measure, tile.today, tile.yesterday])).toEqual([
      ["import", 1, 4],
      ["export", 0.5, 0.5],
      ["production", 0.3, 2],
      ["selfConsumed", 0, 1.5],
      // Yesterday: 1.5 of 2 kWh made used at home = 0.75; consumption = import 4 − export 0.5 +
      // production 2 = 5.5 kWh, of which 1.5 from the panels = 3/11. Today: none used at home
      // (0.3 made, 0.5 exported in the same quarter), consumption 1 kWh, all from the grid.
      ["selfConsumption", 0, 0.75],
      ["selfSufficiency", 0, 1.5 / 5.5],
    ]);
  });

  it("marks a share that covers only part of the day", () => {
    // Today the meter's quarters stop at noon (slot 48 on), the inverter's go on: the shares
    // cover the morning and say so; yesterday both are whole.
    const pvDay = (dayText: string) => {
      const bucket = emptyBucket("local", "pv", dayText);
      for (let i = 0; i < 96; i++) {
        bucket.imported[i] = i >= 40 && i < 60 ? 0.2 : 0;
        bucket.quality[i] = Quality.measured;
      }
      return bucket;
    };
    const morning = day(today, 1);
    for (let i = 48; i < 96; i++) {
      morning.imported[i] = null;
      morning.exported[i] = null;
      morning.quality[i] = Quality.missing;
    }
    const withToday = new Map([...grid, [today, morning]]);
    const pv = new Map([["2024-03-02", pvDay("2024-03-02")], [today, pvDay(today)]]);
    const s = energySummary({ today, grid: withToday, pv, cost: null, monthsShown: 12 });
    const shares = s.tiles.filter((t) => t.measure === "selfSufficiency")[0];
    expect([shares.todayPartial, shares.yesterdayPartial]).toEqual([true, false]);
    // Today's morning: 8 quarters of 0.2 kWh made (slots 40–47), none exported then: 1.6 kWh
    // used at home; import 1 kWh (slot 30): self-sufficiency 1.6 / 2.6.
    expect(shares.today).toBeCloseTo(1.6 / 2.6, 12);
    expect(s.tiles.find((t) => t.measure === "import")!.todayPartial).toBe(false);
  });
});
