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
      base,
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
  });
});
