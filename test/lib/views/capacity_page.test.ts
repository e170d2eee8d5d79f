import { describe, expect, it } from "vitest";
import { capacityPage, type CapacityPageInput } from "../../../lib/views/capacity_page.ts";
import type { TariffVersion } from "../../../lib/tariff/contract.ts";

function version(effectiveFrom: string, capacityEurPerKWYear: number | null): TariffVersion {
  return {
    id: effectiveFrom,
    siteId: "local",
    name: effectiveFrom,
    effectiveFrom,
    energy: { kind: "single", offtakeEurPerKWh: 0.3, injectionEurPerKWh: 0.04 },
    fixedFeeEurPerMonth: 0,
    distribution: {
      area: "x",
      offtakeDayEurPerKWh: 0,
      offtakeNightEurPerKWh: 0,
      transmissionEurPerKWh: 0,
      capacityEurPerKWYear,
      dataManagementEurPerYear: 0,
    },
    leviesEurPerKWh: 0,
    vatRate: 0,
    updatedAt: 0,
  };
}

const noLive: CapacityPageInput["live"] = {
  meterTimeMs: null,
  currentAverageKW: null,
  registerQuarterKWh: null,
  importKW: null,
  monthPeak: null,
};

// The 4-month fixture's history: July 0, August 1.862, September 4.229, October 4.927,
// November 3.064 (the meter's running month).
const peaks = new Map([
  ["2023-07", { kW: 0, source: "meter" as const }],
  ["2023-08", { kW: 1.862, source: "meter" as const }],
  ["2023-09", { kW: 4.229, source: "meter" as const }],
  ["2023-10", { kW: 4.927, source: "meter" as const }],
  ["2023-11", { kW: 3.064, source: "meter" as const }],
]);

const input = (over: Partial<CapacityPageInput> = {}): CapacityPageInput => ({
  month: "2023-11",
  peaks,
  versions: [version("2023-01-01", 49.4)],
  live: noLive,
  limitKW: null,
  whatIf: { capKW: null, from: "2022-12", to: "2023-11" },
  today: "2023-11-02",
  ...over,
});

describe("capacityPage", () => {
  it("averages the counted months and costs them at the rate in force", () => {
    const page = capacityPage(input());
    // 2.5 + 2.5 + 4.229 + 4.927 + 3.064 = 17.22 → / 5 = 3.444 kW
    expect(page.basis.averageKW).toBeCloseTo(3.444, 10);
    // 3.444 × 49.4 = 170.1336 a year, 14.1778 a month
    expect(page.perYearEur).toBeCloseTo(170.1336, 6);
    expect(page.perMonthEur).toBeCloseTo(14.1778, 4);
  });

  it("uses the tariff in force today for this month, and at its end for a past month", () => {
    const versions = [
      version("2023-01-01", 49.4),
      version("2023-11-20", 55), // signed, in force later this month
      version("2023-12-01", 60),
    ];
    expect(capacityPage(input({ versions })).rateEurPerKWYear).toBe(49.4);
    expect(capacityPage(input({ versions, today: "2023-11-25" })).rateEurPerKWYear).toBe(55);
    expect(
      capacityPage(input({ versions, month: "2023-10", today: "2024-01-05" }))
        .rateEurPerKWYear,
    ).toBe(49.4);
    expect(
      capacityPage(input({ versions, month: "2023-12", today: "2024-01-05" }))
        .rateEurPerKWYear,
    ).toBe(60);
  });

  it("lists 13 months with the floor applied and bars scaled to the longest", () => {
    const page = capacityPage(input());
    expect(page.months.length).toBe(13);
    expect(page.months[0].month).toBe("2022-11");
    expect(page.months.slice(-4).map((r) => [r.month, r.peakKW, r.countedKW])).toEqual([
      ["2023-08", 1.862, 2.5],
      ["2023-09", 4.229, 4.229],
      ["2023-10", 4.927, 4.927],
      ["2023-11", 3.064, 3.064],
    ]);
    // The longest bar is October: 4.927 / (4.927 × 1.1) = 90.9 %
    expect(page.months[11].barPct).toBeCloseTo(100 / 1.1, 6);
    expect(page.months[0]).toEqual({
      month: "2022-11",
      peakKW: null,
      countedKW: null,
      barPct: null,
      source: null,
    });
  });

  it("projects the running quarter and stays quiet below the month's peak and the floor", () => {
    const page = capacityPage(input({
      live: {
        // 2 November 2023, 12:15:48 (+01:00): 48 s into the quarter
        meterTimeMs: Date.parse("2023-11-02T11:15:48Z"),
        currentAverageKW: 0.052,
        registerQuarterKWh: null,
        importKW: 0.338,
        monthPeak: { kW: 3.064, at: "2023-11-02T11:45:00+01:00" },
      },
      limitKW: 0.3,
    }));
    // 0.052 + 0.338 × 852 / 900 = 0.372 kW
    expect(page.quarter?.projectedKW).toBeCloseTo(0.371973, 6);
    expect(page.quarterStartMs).toBe(Date.parse("2023-11-02T11:15:00Z"));
    expect(page.monthPeak).toEqual({ kW: 3.064, at: "2023-11-02T11:45:00+01:00" });
    expect(page.alert).toBeNull();
  });

  it("counts a meter without 1.4.0 by the recorder's quarter so far", () => {
    const page = capacityPage(input({
      live: {
        meterTimeMs: Date.parse("2023-11-02T11:07:30Z"), // half-way
        currentAverageKW: null,
        registerQuarterKWh: 0.5, // → 2 kW average so far
        importKW: 4,
        monthPeak: null,
      },
    }));
    // 2 + 4 × 0.5 = 4 kW, above November's stored 3.064 kW peak
    expect(page.quarter?.projectedKW).toBe(4);
    expect(page.alert).toEqual({ above: "peak", projectedKW: 4, thresholdKW: 3.064 });
  });

  it("works out what capped peaks would have saved", () => {
    const page = capacityPage(input({ whatIf: { capKW: 3, from: "2023-11", to: "2023-11" } }));
    // Capped: 2.5, 2.5, 3, 3, 3 → 2.8 kW; actual 3.444 kW. (3.444 − 2.8) × 49.4 / 12 = 2.6511
    expect(page.whatIfSavedEur).toBeCloseTo(2.651133, 5);
  });
});
