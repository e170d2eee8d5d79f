import { describe, expect, it } from "vitest";
import { emptyBucket, Quality, Register } from "../../../lib/energy/day_bucket.ts";
import type { TariffVersion } from "../../../lib/tariff/contract.ts";
import { compareContracts } from "../../../lib/tariff/compare.ts";

describe("comparing contracts on the household's data", () => {
  it("changes only the energy lines between contracts", () => {
    // One day: 2 kWh on the day register, 3 kWh on the night register.
    const day = emptyBucket("local", "grid", "2024-06-03");
    Object.assign(day.imported, { 40: 2, 4: 3 });
    Object.assign(day.exported, { 40: 0, 4: 0 });
    Object.assign(day.quality, { 40: Quality.measured, 4: Quality.measured });
    Object.assign(day.register, { 40: Register.day, 4: Register.night });
    const base: TariffVersion = {
      id: "base",
      siteId: "local",
      name: "base",
      effectiveFrom: "2026-01-01",
      energy: { kind: "single", offtakeEurPerKWh: 1, injectionEurPerKWh: 0 },
      fixedFeeEurPerMonth: 30,
      distribution: {
        area: "x",
        offtakeDayEurPerKWh: 0.1,
        offtakeNightEurPerKWh: 0.1,
        transmissionEurPerKWh: 0,
        capacityEurPerKWYear: null,
        dataManagementEurPerYear: 0,
      },
      leviesEurPerKWh: 0,
      vatRate: 0,
      updatedAt: 0,
    };
    const [single, dayNight] = compareContracts(
      ["2024-06-03"],
      new Map([["2024-06-03", day]]),
      [base],
      [
        { kind: "single", offtakeEurPerKWh: 0.30, injectionEurPerKWh: 0 },
        {
          kind: "dayNight",
          offtakeDayEurPerKWh: 0.36,
          offtakeNightEurPerKWh: 0.22,
          injectionDayEurPerKWh: 0,
          injectionNightEurPerKWh: 0,
        },
      ],
      new Map(),
      () => 2.5,
    );
    // single: 5 × 0.30 = 1.50; day/night: 2 × 0.36 + 3 × 0.22 = 1.38
    expect(single.lines.energyEur).toBeCloseTo(1.5, 10);
    expect(dayNight.lines.energyEur).toBeCloseTo(1.38, 10);
    // grid 5 × 0.1 = 0.5 and the fee 30 / 30 = 1 are the same under both
    for (const outcome of [single, dayNight]) {
      expect(outcome.lines.distributionEur).toBeCloseTo(0.5, 10);
      expect(outcome.lines.fixedEur).toBeCloseTo(1, 10);
    }
    expect(single.lines.totalEur - dayNight.lines.totalEur).toBeCloseTo(0.12, 10);
    expect([single.cheapest, dayNight.cheapest]).toEqual([false, true]);
  });

  const version = (effectiveFrom: string, fixedFeeEurPerMonth: number): TariffVersion => ({
    id: effectiveFrom,
    siteId: "local",
    name: effectiveFrom,
    effectiveFrom,
    energy: { kind: "single", offtakeEurPerKWh: 1, injectionEurPerKWh: 0 },
    fixedFeeEurPerMonth,
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
  const oneKWh = (dayText: string) => {
    const bucket = emptyBucket("local", "grid", dayText);
    bucket.imported[40] = 1;
    bucket.exported[40] = 0;
    bucket.quality[40] = Quality.measured;
    bucket.register[40] = Register.day;
    return bucket;
  };
  const single = { kind: "single", offtakeEurPerKWh: 0.5, injectionEurPerKWh: 0 } as const;

  it("charges each day the fees of the tariff version in force that day", () => {
    // June: 30 days. A fee of 30/month until 15 June, 60/month from then on.
    const days = ["2024-06-14", "2024-06-15"];
    const grid = new Map(days.map((d) => [d, oneKWh(d)]));
    const [outcome] = compareContracts(
      days,
      grid,
      [version("2024-01-01", 30), version("2024-06-15", 60)],
      [single],
      new Map(),
      () => 2.5,
    );
    // 30/30 + 60/30 = 3 of fees, 2 × 0.5 of energy
    expect(outcome.lines.fixedEur).toBeCloseTo(3, 10);
    expect(outcome.totalEur).toBeCloseTo(4, 10);
  });

  it("gives a contract that cannot price every quarter no total, and never calls it cheapest", () => {
    const days = ["2024-06-14"];
    const grid = new Map(days.map((d) => [d, oneKWh(d)]));
    const dynamic = {
      kind: "dynamic",
      offtake: { spotMultiplier: 1, addEurPerKWh: 0 },
      injection: { spotMultiplier: 1, addEurPerKWh: 0 },
      billing: "quarter",
    } as const;
    const [fixed, spot] = compareContracts(
      days,
      grid,
      [version("2024-01-01", 30)],
      [single, dynamic],
      new Map(), // no day-ahead prices stored
      () => 2.5,
    );
    expect(spot.unpricedSlots).toBe(1);
    expect(spot.totalEur).toBeNull();
    expect(spot.cheapest).toBe(false);
    // The lower-looking sum without its energy line is not the cheapest: the fixed one is.
    expect(spot.lines.totalEur).toBeLessThan(fixed.lines.totalEur);
    // Only one contract has a total: it is not "the cheapest" of anything.
    expect(fixed.cheapest).toBe(false);
  });
});
