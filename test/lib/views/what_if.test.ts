import { describe, expect, it } from "vitest";
import { dayStartMs, localTimeOf } from "../../../lib/energy/calendar.ts";
import { type DayBucket, emptyBucket, Quality } from "../../../lib/energy/day_bucket.ts";
import type { TariffVersion } from "../../../lib/tariff/contract.ts";
import {
  typicalBelgianYield,
  type WhatIfBattery,
  type WhatIfInput,
  whatIfYear,
} from "../../../lib/views/what_if.ts";

/** A day of quarters: `importKWh` everywhere, and in slots 40–55 (10:00–14:00) `midday`. */
function day(
  date: string,
  channel: "grid" | "pv",
  values: { importKWh: number; midday?: { importKWh: number; exportKWh: number } },
): DayBucket {
  const bucket = emptyBucket("s", channel, date);
  for (let i = 0; i < 96; i++) {
    const midday = i >= 40 && i < 56 ? values.midday : undefined;
    bucket.imported[i] = midday ? midday.importKWh : values.importKWh;
    bucket.exported[i] = midday ? midday.exportKWh : 0;
    bucket.quality[i] = Quality.measured;
  }
  return bucket;
}

// A tiny "year" of two June days. Day A: 0.2 kWh every quarter, no production measured (0).
// Day B: 0.2 kWh a quarter, but 10:00–14:00 the panels make 0.5 a quarter and 0.3 is exported.
const grid = [
  day("2026-06-01", "grid", { importKWh: 0.2 }),
  day("2026-06-02", "grid", { importKWh: 0.2, midday: { importKWh: 0, exportKWh: 0.3 } }),
];
const pv = [
  day("2026-06-01", "pv", { importKWh: 0 }),
  day("2026-06-02", "pv", { importKWh: 0, midday: { importKWh: 0.5, exportKWh: 0 } }),
];

const tariff: TariffVersion = {
  id: "t",
  siteId: "s",
  name: "test",
  effectiveFrom: "2026-01-01",
  energy: { kind: "single", offtakeEurPerKWh: 0.3, injectionEurPerKWh: 0.05 },
  fixedFeeEurPerMonth: 0,
  distribution: {
    area: "x",
    offtakeDayEurPerKWh: 0.1,
    offtakeNightEurPerKWh: 0.1,
    transmissionEurPerKWh: 0,
    capacityEurPerKWYear: 60,
    dataManagementEurPerYear: 0,
  },
  leviesEurPerKWh: 0,
  vatRate: 0,
  updatedAt: 0,
};

/** 0.1 kWh per kWp in each quarter from 10:00 to 14:00 local, nothing else. */
const middayYield = (ms: number) => {
  const time = localTimeOf(ms);
  return time >= "10:00" && time < "14:00" ? 0.1 : 0;
};

const input: WhatIfInput = {
  grid,
  pv,
  versions: [tariff],
  prices: new Map(),
  today: "2026-06-30",
  addedYieldKWhPerKWp: middayYield,
};

const battery: WhatIfBattery = {
  battery: {
    capacityKWh: 1,
    maxChargeW: 4000,
    maxDischargeW: 4000,
    efficiency: 1,
    initialSocPct: 0,
  },
  control: { mode: "balancing", minSocPct: 0 },
  site: { mainFuseA: 40, phases: 1, inverterMaxW: 4000 },
};
const south = { azimuthDeg: 180, tiltDeg: 35 };

// Capacity: June's peak 0.2 kWh × 4 = 0.8 kW counts as 2.5 kW; 2.5 × 60 €/kW/year ÷ 12 = 12.5 €
// a month, 12.5 / 30 a day, for 2 days = 0.8333 € in every variant (no variant raises the peak).
const capacityEur = (2.5 * 60) / 12 / 30 * 2;

describe("whatIfYear", () => {
  const view = whatIfYear(input, [
    { id: "asIs" },
    { id: "solar", solar: { kWp: 2, orientation: south } },
    { id: "battery", battery },
    { id: "both", solar: { kWp: 2, orientation: south }, battery },
    {
      id: "contract",
      energy: { kind: "single", offtakeEurPerKWh: 0.2, injectionEurPerKWh: 0.02 },
    },
  ])!;
  const [asIs, solar, withBattery, both, contract] = view.outcomes;

  it("replays the year as it was", () => {
    // Import: A 96 × 0.2 = 19.2, B 80 × 0.2 = 16 → 35.2 kWh. Export 16 × 0.3 = 4.8 kWh.
    // Production 16 × 0.5 = 8 kWh; self-consumed 8 − 4.8 = 3.2; self-sufficiency 3.2 / 38.4.
    expect([asIs.importKWh, asIs.exportKWh, asIs.productionKWh, asIs.selfConsumptionKWh]).toEqual([
      35.2,
      4.8,
      8,
      3.2,
    ]);
    expect(asIs.selfSufficiency).toBeCloseTo(3.2 / 38.4, 9);
    expect(asIs.selfConsumptionShare).toBeCloseTo(0.4, 9);
    expect(asIs.peakKW).toBe(0.8);
    expect(asIs.capacityEur).toBeCloseTo(capacityEur, 9);
    // 35.2 × (0.3 + 0.1) − 4.8 × 0.05 + capacity = 14.08 − 0.24 + 0.8333.
    expect(asIs.totalEur).toBeCloseTo(14.08 - 0.24 + capacityEur, 9);
    expect(view.period).toEqual({
      from: "2026-06-01",
      to: "2026-06-02",
      days: 2,
      productionUnknown: false,
    });
  });

  it("lets added panels cover the quarter's use first, and export the rest", () => {
    // 2 kWp × 0.1 = 0.2 kWh in 16 quarters a day. Day A: covers the 0.2 of import → 0, nothing
    // exported. Day B: nothing to cover → 0.2 more exported. Import 35.2 − 3.2 = 32; export
    // 4.8 + 3.2 = 8; production 8 + 6.4 = 14.4; self-consumed 14.4 − 8 = 6.4 → 6.4 / 38.4.
    expect([solar.importKWh, solar.exportKWh, solar.productionKWh, solar.selfConsumptionKWh])
      .toEqual([32, 8, 14.4, 6.4]);
    expect(solar.selfSufficiency).toBeCloseTo(1 / 6, 9);
    // 32 × 0.4 − 8 × 0.05 + capacity = 12.8 − 0.4 + 0.8333.
    expect(solar.totalEur).toBeCloseTo(12.8 - 0.4 + capacityEur, 9);
    expect(view.savingsEur[1]).toBeCloseTo((12.8 - 0.4) - (14.08 - 0.24), 9);
  });

  it("runs the battery simulation on the year", () => {
    // 1 kWh, lossless, empty at the start. Day A has no surplus. Day B: it stores 0.3 + 0.3 +
    // 0.3 + 0.1 of the export from 10:00, then gives 5 × 0.2 from 14:00: 1 kWh less import
    // and 1 kWh less export. Self-consumed 8 − 3.8 = 4.2.
    expect(withBattery.importKWh).toBeCloseTo(34.2, 6);
    expect(withBattery.exportKWh).toBeCloseTo(3.8, 6);
    expect(withBattery.selfConsumptionKWh).toBeCloseTo(4.2, 6);
    expect(withBattery.totalEur).toBeCloseTo(34.2 * 0.4 - 3.8 * 0.05 + capacityEur, 6);
  });

  it("adds panels before the battery when both are chosen", () => {
    // After the panels, day B exports 0.5 a quarter from 10:00: the battery is full after two
    // (0.5 + 0.5) and gives 1 kWh from 14:00. Import 32 − 1 = 31; export 8 − 1 = 7.
    expect(both.importKWh).toBeCloseTo(31, 6);
    expect(both.exportKWh).toBeCloseTo(7, 6);
  });

  it("prices the same year under another contract", () => {
    // 35.2 × (0.2 + 0.1) − 4.8 × 0.02 + capacity.
    expect(contract.importKWh).toBe(35.2);
    expect(contract.totalEur).toBeCloseTo(10.56 - 0.096 + capacityEur, 9);
  });
});

describe("whatIfYear edge cases", () => {
  it("is null without stored quarters, and has no cost without a tariff", () => {
    expect(whatIfYear({ ...input, grid: [] }, [{ id: "asIs" }])).toBeNull();
    const view = whatIfYear({ ...input, versions: [] }, [{ id: "asIs" }])!;
    expect([view.outcomes[0].totalEur, view.outcomes[0].capacityEur, view.savingsEur[0]])
      .toEqual([null, null, null]);
  });

  it("says when the household's own production is not measured", () => {
    const view = whatIfYear({ ...input, pv: [] }, [
      { id: "asIs" },
      { id: "solar", solar: { kWp: 2, orientation: south } },
    ])!;
    expect(view.period.productionUnknown).toBe(true);
    // Only what is added is known: 6.4 kWh made, 3.2 of it exported beyond what was → 3.2 used.
    expect(view.outcomes.map((o) => [o.productionKWh, o.selfConsumptionKWh])).toEqual([
      [0, 0],
      [6.4, 3.2],
    ]);
  });

  it("uses only the 365 days up to the newest stored day", () => {
    const old = day("2025-05-01", "grid", { importKWh: 1 });
    const view = whatIfYear({ ...input, grid: [old, ...grid] }, [{ id: "asIs" }])!;
    expect(view.period.from).toBe("2025-06-03");
    expect(view.outcomes[0].importKWh).toBe(35.2);
  });
});

describe("typicalBelgianYield", () => {
  it("makes about 890 kWh per kWp a year on a south roof at 35°, less facing east or north", () => {
    const year = (orientation: { azimuthDeg: number; tiltDeg: number }) => {
      let kWh = 0;
      for (let ms = dayStartMs("2026-01-01"); ms < dayStartMs("2027-01-01"); ms += 900_000) {
        kWh += typicalBelgianYield(ms, orientation);
      }
      return kWh;
    };
    // 365 days × 2.45 kWh on average (the seasonal cosine averages out) ≈ 894 kWh.
    expect(year(south)).toBeGreaterThan(870);
    expect(year(south)).toBeLessThan(910);
    // East at 35°: facing = 1 − cos(−90°) = 1 → factor 0.8.
    expect(year({ azimuthDeg: 90, tiltDeg: 35 }) / year(south)).toBeCloseTo(0.8, 6);
    // North at 35°: facing 2 → 0.6.
    expect(year({ azimuthDeg: 0, tiltDeg: 35 }) / year(south)).toBeCloseTo(0.6, 6);
  });
});

describe("what-if self-consumption where production was measured on some days only", () => {
  it("counts the measured days' own use and, elsewhere, what the added panels did not export", () => {
    // Day B as above, measured (16 quarters of 0.5 made, 0.3 exported: 0.2 × 16 = 3.2 kWh used
    // at home). Day C, its twin, without a pv bucket: its panels are unknown and count nothing.
    const twin = day("2026-06-03", "grid", {
      importKWh: 0.2,
      midday: { importKWh: 0, exportKWh: 0.3 },
    });
    const year = { ...input, grid: [grid[1], twin], pv: [pv[1]] };
    const view = whatIfYear(year, [{ id: "asIs" }, {
      id: "solar",
      solar: { kWp: 1, orientation: { azimuthDeg: 180, tiltDeg: 35 } },
    }])!;
    expect(view.outcomes[0].productionKWh).toBeCloseTo(8, 9); // 16 × 0.5
    expect(view.outcomes[0].selfConsumptionKWh).toBeCloseTo(3.2, 9);
    // + 1 kWp adds 0.1 a quarter at midday on both days, all exported (no import left then):
    // day B's measured quarters 0.6 made, 0.4 exported → 0.2 used, 3.2 kWh; day C's added 0.1
    // raised its export by 0.1 → 0 used. Production 8 + 3.2 added.
    expect(view.outcomes[1].productionKWh).toBeCloseTo(11.2, 9);
    expect(view.outcomes[1].selfConsumptionKWh).toBeCloseTo(3.2, 9);
    // Day A without a pv bucket: the added 0.1 a quarter covers part of its 0.2 import and
    // exports nothing, so all 16 × 0.1 = 1.6 kWh is used at home.
    const dayA = whatIfYear({ ...input, grid: [grid[0]], pv: [] }, [{
      id: "solar",
      solar: { kWp: 1, orientation: { azimuthDeg: 180, tiltDeg: 35 } },
    }])!;
    expect(dayA.outcomes[0].selfConsumptionKWh).toBeCloseTo(1.6, 9);
  });
});
