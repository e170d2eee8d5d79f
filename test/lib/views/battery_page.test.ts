import { describe, expect, it } from "vitest";
import type { TariffVersion } from "../../../lib/tariff/contract.ts";
import {
  batteryDaySavingsEur,
  batteryPower,
  batteryPrices,
} from "../../../lib/views/battery_page.ts";

function version(effectiveFrom: string, energy: TariffVersion["energy"]): TariffVersion {
  return {
    id: effectiveFrom,
    siteId: "local",
    name: effectiveFrom,
    effectiveFrom,
    energy,
    fixedFeeEurPerMonth: 0,
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
}

describe("the battery page", () => {
  const versions = [
    version("2026-01-01", { kind: "single", offtakeEurPerKWh: 0.3, injectionEurPerKWh: 0.04 }),
    // Signed for next month: not in force today.
    version("2027-01-01", { kind: "single", offtakeEurPerKWh: 0.5, injectionEurPerKWh: 0.01 }),
  ];

  it("prices today's moves at the tariff in force today, not the newest loaded", () => {
    const prices = batteryPrices(versions, "2026-12-01");
    expect(prices).toEqual({ offtakeEurPerKWh: 0.3, injectionEurPerKWh: 0.04 });
    // 4 kWh discharged × 0.30 − 5 kWh charged × 0.04 = 1.00
    expect(batteryDaySavingsEur({ chargedTodayKWh: 5, dischargedTodayKWh: 4 }, prices, "auto"))
      .toBeCloseTo(1, 10);
  });

  it("values a discharged kWh at the whole offtake price: grid costs, levies and VAT", () => {
    const [base] = versions;
    const withGrid: TariffVersion = {
      ...base,
      distribution: {
        ...base.distribution,
        offtakeDayEurPerKWh: 0.08,
        transmissionEurPerKWh: 0.02,
      },
      leviesEurPerKWh: 0.05,
      vatRate: 0.06,
    };
    // (0.30 + 0.08 + 0.02 + 0.05) × 1.06 = 0.477 a kWh
    const prices = batteryPrices([withGrid], "2026-12-01")!;
    expect(prices.offtakeEurPerKWh).toBeCloseTo(0.477, 10);
    // 4 × 0.477 − 5 × 0.04 = 1.708
    expect(batteryDaySavingsEur({ chargedTodayKWh: 5, dischargedTodayKWh: 4 }, prices, "auto"))
      .toBeCloseTo(1.708, 10);
  });

  it("claims no saving in a mode that may charge from the grid", () => {
    const prices = batteryPrices(versions, "2026-12-01");
    const day = { chargedTodayKWh: 8, dischargedTodayKWh: 8 };
    for (const mode of ["timers", "cheapest", "peakShaving"] as const) {
      expect(batteryDaySavingsEur(day, prices, mode)).toBeNull();
    }
    expect(batteryDaySavingsEur({ chargedTodayKWh: null, dischargedTodayKWh: 4 }, prices, "auto"))
      .toBeNull();
  });

  it("has no single price for a dynamic contract", () => {
    expect(batteryPrices([version("2026-01-01", {
      kind: "dynamic",
      offtake: { spotMultiplier: 1, addEurPerKWh: 0 },
      injection: { spotMultiplier: 1, addEurPerKWh: 0 },
      billing: "quarter",
    })], "2026-12-01")).toBeNull();
  });

  it("words the battery's power by its direction, in kW", () => {
    expect(batteryPower(-260)).toEqual({ direction: "discharging", kW: 0.26 });
    expect(batteryPower(1500)).toEqual({ direction: "charging", kW: 1.5 });
    expect(batteryPower(3)).toEqual({ direction: "idle", kW: 0 });
    expect(batteryPower(null)).toBeNull();
  });
});
