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
    expect(s.yesterday.totals.importKWh).toBe(4);
    expect(s.yesterdayCostEur).toBeCloseTo(1.95, 10);
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
    expect(s.yesterdayCostEur).toBeNull();
    expect(s.monthToDate?.totalEur).toBeNull();
    expect(s.months.map((m) => m.totalEur)).toEqual([null, null]);
  });
});
