import { describe, expect, it } from "vitest";
import { emptyBucket, Quality, Register } from "../../../lib/energy/day_bucket.ts";
import { periodSeries } from "../../../lib/energy/series.ts";
import type { TariffVersion } from "../../../lib/tariff/contract.ts";
import { periodCost } from "../../../lib/tariff/cost.ts";
import { barCosts } from "../../../lib/tariff/series_cost.ts";

const version: TariffVersion = {
  id: "t",
  siteId: "local",
  name: "t",
  effectiveFrom: "2024-01-01",
  energy: { kind: "single", offtakeEurPerKWh: 0.5, injectionEurPerKWh: 0.1 },
  fixedFeeEurPerMonth: 30, // 1 € a day in June
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
};

describe("cost per history bar", () => {
  const day = emptyBucket("local", "grid", "2024-06-03");
  day.imported[40] = 1; // 10:00, 1 kWh at 0.5 €
  day.exported[40] = 0;
  day.imported[41] = 0;
  day.exported[41] = 2; // 10:15, 2 kWh given at 0.1 €
  for (const i of [40, 41]) {
    day.quality[i] = Quality.measured;
    day.register[i] = Register.day;
  }
  const grid = new Map([["2024-06-03", day]]);
  const context = { versions: [version], prices: new Map(), capacityKW: () => 2.5 };

  it("gives an hour its quarters' kWh cost and a week's day its whole cost", () => {
    const cost = periodCost(["2024-06-03"], grid, context)!;
    const hours = barCosts(periodSeries("day", "2024-06-03", grid), cost);
    expect(hours[10]).toBeCloseTo(0.5 - 0.2, 10);
    expect(hours[9]).toBeNull();
    const week = periodSeries("week", "2024-06-03", grid);
    const days = ["2024-06-03", "2024-06-04"];
    const weekCosts = barCosts(week, periodCost(days, grid, context)!);
    // Monday: 0.3 € for the kWh + 1 € fee; Tuesday: the fee only; later days not costed.
    expect(weekCosts.slice(0, 3)).toEqual([1.3, 1, null]);
    const year = barCosts(
      periodSeries("year", "2024-06-03", grid),
      periodCost(days, grid, context)!,
    );
    expect(year[5]).toBeCloseTo(2.3, 10);
    expect(year[4]).toBeNull();
  });
});
