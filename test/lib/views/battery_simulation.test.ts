import { describe, expect, it } from "vitest";
import { batterySimulation, siteLimitsOf } from "../../../lib/views/battery_simulation.ts";
import { emptyBucket, Quality, Register } from "../../../lib/energy/day_bucket.ts";
import type { TariffVersion } from "../../../lib/tariff/contract.ts";

const tariff: TariffVersion = {
  id: "t",
  siteId: "local",
  name: "t",
  effectiveFrom: "2024-01-01",
  energy: { kind: "single", offtakeEurPerKWh: 0.3, injectionEurPerKWh: 0 },
  fixedFeeEurPerMonth: 0,
  distribution: {
    area: "x",
    offtakeDayEurPerKWh: 0,
    offtakeNightEurPerKWh: 0,
    transmissionEurPerKWh: 0,
    capacityEurPerKWYear: 60,
    dataManagementEurPerYear: 0,
  },
  leviesEurPerKWh: 0,
  vatRate: 0,
  updatedAt: 0,
};

/** 3 June 2024: nothing but one quarter of 1 kWh (a 4 kW peak) at 18:00. */
function june3() {
  const bucket = emptyBucket("local", "grid", "2024-06-03");
  for (let i = 0; i < 96; i++) {
    bucket.imported[i] = i === 72 ? 1 : 0;
    bucket.exported[i] = 0;
    bucket.quality[i] = Quality.measured;
    bucket.register[i] = Register.day;
  }
  return bucket;
}

// The 11 months before June each peaked at 2 kW: each counts as the 2.5 kW floor.
const earlierPeaks = new Map(
  [
    "2023-07",
    "2023-08",
    "2023-09",
    "2023-10",
    "2023-11",
    "2023-12",
    "2024-01",
    "2024-02",
    "2024-03",
    "2024-04",
    "2024-05",
  ].map((m) => [m, { kW: 2 }]),
);

const input = {
  month: "2024-06",
  grid: [june3()],
  control: { mode: "peakShaving", desiredPeakW: 2500, minSocPct: 10, bufferPct: 40 } as const,
  battery: {
    capacityKWh: 5,
    maxChargeW: 3000,
    maxDischargeW: 3000,
    efficiency: 0.95,
    // What the battery page starts from: exactly the top of the default buffer (10 + 40 %).
    initialSocPct: 50,
  },
  site: { mainFuseA: 40, phases: 1 as const, inverterMaxW: 3000 },
  versions: [tariff],
  earlierPeaks,
  prices: new Map(),
  today: "2024-07-01",
};

describe("batterySimulation", () => {
  it("charges the capacity line inside the total, on the 12-month basis, for the days with data", () => {
    const { without } = batterySimulation(input)!;
    // Basis: (11 × 2.5 + 4) / 12 = 2.625 kW; 2.625 × 60 / 12 = 13.125 a month; one day of 30.
    expect(without.peakKW).toBe(4);
    expect(without.capacityEur).toBeCloseTo(13.125 / 30, 10);
    // 1 kWh × 0.30 + the capacity line
    expect(without.importKWh).toBe(1);
    expect(without.totalEur).toBeCloseTo(0.3 + 13.125 / 30, 10);
    expect(without.costedDays).toBe(1);
  });

  it("prices the battery's month by the same rule: its lower peak, the floor, its own import", () => {
    const result = batterySimulation(input)!;
    expect(result.with.peakKW).toBeLessThanOrEqual(2.5);
    // The floor: (11 × 2.5 + 2.5) / 12 = 2.5 kW → 2.5 × 60 / 12 / 30 per day with data.
    expect(result.with.capacityEur).toBeCloseTo(2.5 * 60 / 12 / 30, 10);
    expect(result.with.totalEur).toBeCloseTo(
      result.with.importKWh * 0.3 + result.with.capacityEur!,
      10,
    );
    expect(result.with.totalEur!).toBeLessThan(result.without.totalEur!);
  });

  it("opens the day chart on the day of the month's highest quarter-hour", () => {
    const quiet = june3();
    quiet.id = "quiet";
    quiet.day = "2024-06-02";
    quiet.imported[72] = 0.2;
    const result = batterySimulation({ ...input, grid: [june3(), quiet] })!;
    expect(result.days.map((d) => d.day)).toEqual(["2024-06-02", "2024-06-03"]);
    expect(result.peakDay).toBe("2024-06-03");
    // The battery's own day, as the chart shows it: it gave at the 18:00 peak.
    const peak = result.days[1];
    expect(peak.dischargedKWh[72]).toBeGreaterThan(0);
  });

  it("has nothing to show for a month without quarter-hours", () => {
    expect(batterySimulation({ ...input, month: "2024-05" })).toBeNull();
  });
});

describe("siteLimitsOf", () => {
  it("takes the site's main fuse and phases", () => {
    expect(siteLimitsOf({ mainFuseA: 25, phases: 3 }, 5000)).toEqual({
      limits: { mainFuseA: 25, phases: 3, inverterMaxW: 5000 },
      assumed: false,
    });
  });

  it("assumes 40 A on one phase, and says so, when the site does not tell", () => {
    expect(siteLimitsOf(null, 3000)).toEqual({
      limits: { mainFuseA: 40, phases: 1, inverterMaxW: 3000 },
      assumed: true,
    });
    expect(siteLimitsOf({ mainFuseA: 25 }, 3000).assumed).toBe(true);
  });
});
