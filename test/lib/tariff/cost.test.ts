/**
 * Costs checked against sums worked out by hand, written next to each case. All prices are
 * excluding VAT; VAT (6 %) applies to what is taken, not to injection.
 */
import { describe, expect, it } from "vitest";
import { dayStartMs, slotsInDay } from "../../../lib/energy/calendar.ts";
import { type DayBucket, emptyBucket, Quality, Register } from "../../../lib/energy/day_bucket.ts";
import type { TariffVersion } from "../../../lib/tariff/contract.ts";
import { costedDays, periodCost } from "../../../lib/tariff/cost.ts";
import { completeTotalEur, emptyLines, monthCosts } from "../../../lib/tariff/cost_lines.ts";
import { type PriceDay, pricesToDays } from "../../../lib/tariff/prices.ts";

function tariff(overrides: Partial<TariffVersion> = {}): TariffVersion {
  return {
    id: "t",
    siteId: "local",
    name: "test",
    effectiveFrom: "2024-01-01",
    energy: { kind: "single", offtakeEurPerKWh: 0, injectionEurPerKWh: 0 },
    fixedFeeEurPerMonth: 0,
    distribution: {
      area: "test",
      offtakeDayEurPerKWh: 0,
      offtakeNightEurPerKWh: 0,
      transmissionEurPerKWh: 0,
      capacityEurPerKWYear: null,
      dataManagementEurPerYear: 0,
    },
    leviesEurPerKWh: 0,
    vatRate: 0.06,
    updatedAt: 0,
    ...overrides,
  };
}

function bucket(day: string, slots: Record<number, [number, number, Register]>): DayBucket {
  const b = emptyBucket("local", "grid", day);
  for (const [slot, [importKWh, exportKWh, register]] of Object.entries(slots)) {
    b.imported[+slot] = importKWh;
    b.exported[+slot] = exportKWh;
    b.quality[+slot] = Quality.measured;
    b.register[+slot] = register;
  }
  return b;
}

const noCapacity = () => 2.5;

describe("the cost of a period", () => {
  it("a day/night day, every line by hand", () => {
    // 1–30 June 2024 has 30 days. 4 day quarters of 1 kWh (08:00–09:00), 4 night quarters of
    // 0.5 kWh (00:00–01:00), 2 day quarters exporting 0.25 kWh (12:00–12:30).
    const day = bucket("2024-06-03", {
      32: [1, 0, Register.day],
      33: [1, 0, Register.day],
      34: [1, 0, Register.day],
      35: [1, 0, Register.day],
      0: [0.5, 0, Register.night],
      1: [0.5, 0, Register.night],
      2: [0.5, 0, Register.night],
      3: [0.5, 0, Register.night],
      48: [0, 0.25, Register.day],
      49: [0, 0.25, Register.day],
    });
    const version = tariff({
      energy: {
        kind: "dayNight",
        offtakeDayEurPerKWh: 0.30,
        offtakeNightEurPerKWh: 0.20,
        injectionDayEurPerKWh: 0.05,
        injectionNightEurPerKWh: 0.03,
      },
      fixedFeeEurPerMonth: 3, // 3 / 30 = 0.10 a day
      distribution: {
        area: "test",
        offtakeDayEurPerKWh: 0.10,
        offtakeNightEurPerKWh: 0.08,
        transmissionEurPerKWh: 0.02,
        capacityEurPerKWYear: 60, // 4 kW × 60 / 12 = 20 € a month → 20 / 30 a day
        dataManagementEurPerYear: 18.3, // 2024 has 366 days: 0.05 a day
      },
      leviesEurPerKWh: 0.05,
    });
    const cost = periodCost(["2024-06-03"], new Map([["2024-06-03", day]]), {
      versions: [version],
      prices: new Map(),
      capacityKW: () => 4,
    })!;
    // energy 4 × 1 × 0.30 + 4 × 0.5 × 0.20 = 1.6
    expect(cost.lines.energyEur).toBeCloseTo(1.6, 10);
    // injection 2 × 0.25 × 0.05 = 0.025
    expect(cost.lines.injectionEur).toBeCloseTo(0.025, 10);
    // distribution 4 × 0.10 + 2 × 0.08 + 6 kWh × 0.02 = 0.68
    expect(cost.lines.distributionEur).toBeCloseTo(0.68, 10);
    // levies 6 × 0.05 = 0.30
    expect(cost.lines.leviesEur).toBeCloseTo(0.30, 10);
    // fixed 0.10 + 0.05 = 0.15; capacity 20 / 30 = 0.666…
    expect(cost.lines.fixedEur).toBeCloseTo(0.15, 10);
    expect(cost.lines.capacityEur).toBeCloseTo(20 / 30, 10);
    // VAT 6 % of 1.6 + 0.68 + 0.30 + 0.15 + 0.6667 = 3.39667 → 0.2038
    expect(cost.lines.vatEur).toBeCloseTo(0.06 * (2.73 + 20 / 30), 10);
    // total 3.39667 + 0.2038 − 0.025 = 3.57547
    expect(cost.lines.totalEur).toBeCloseTo(3.396667 * 1.06 - 0.025, 5);
    // The 08:00 quarter alone: 1 kWh × (0.30 + 0.10 + 0.02 + 0.05) × 1.06 = 0.4982
    expect(cost.days.get("2024-06-03")!.slotEur[32]).toBeCloseTo(0.4982, 10);
  });

  it("a dynamic day with negative injection prices, per quarter and per hourly average", () => {
    // Offtake 1.1 × spot + 0.01, injection 1.0 × spot − 0.01 (€/kWh). Quarter prices from
    // 00:00: 100, 120, 80, 100 €/MWh (hour average 100); at 12:00–13:00 all −50 €/MWh.
    const day = "2024-06-03";
    const start = dayStartMs(day);
    const points = [100, 120, 80, 100].map((eurPerMWh, i) => ({
      startMs: start + i * 900_000,
      minutes: 15 as const,
      eurPerMWh,
    }));
    for (let i = 48; i < 52; i++) {
      points.push({ startMs: start + i * 900_000, minutes: 15, eurPerMWh: -50 });
    }
    const prices = new Map<string, PriceDay>(pricesToDays(points, "csv", 0).map((p) => [p.day, p]));
    const b = bucket(day, { 1: [1, 0, Register.night], 49: [0, 2, Register.day] });
    const formula = {
      offtake: { spotMultiplier: 1.1, addEurPerKWh: 0.01 },
      injection: { spotMultiplier: 1, addEurPerKWh: -0.01 },
    };
    const quarter = periodCost([day], new Map([[day, b]]), {
      versions: [tariff({ energy: { kind: "dynamic", billing: "quarter", ...formula } })],
      prices,
      capacityKW: noCapacity,
    })!;
    // 00:15 at 120 €/MWh: 1.1 × 0.120 + 0.01 = 0.142 €/kWh × 1 kWh
    expect(quarter.lines.energyEur).toBeCloseTo(0.142, 10);
    // 12:15 at −50 €/MWh: 1.0 × −0.050 − 0.01 = −0.06 €/kWh × 2 kWh = −0.12 (injecting costs)
    expect(quarter.lines.injectionEur).toBeCloseTo(-0.12, 10);
    // total 0.142 × 1.06 + 0.12 = 0.27052
    expect(quarter.lines.totalEur).toBeCloseTo(0.27052, 10);
    const hour = periodCost([day], new Map([[day, b]]), {
      versions: [tariff({ energy: { kind: "dynamic", billing: "hour", ...formula } })],
      prices,
      capacityKW: noCapacity,
    })!;
    // the 00:00 hour averages 100 €/MWh: 1.1 × 0.100 + 0.01 = 0.12 €/kWh
    expect(hour.lines.energyEur).toBeCloseTo(0.12, 10);
    expect(hour.lines.totalEur).toBeCloseTo(0.12 * 1.06 + 0.12, 10);
  });

  it("counts a quarter without a price as unpriced, not as free", () => {
    const day = "2024-06-03";
    const b = bucket(day, { 10: [1, 0, Register.day] });
    const cost = periodCost([day], new Map([[day, b]]), {
      versions: [tariff({
        energy: {
          kind: "dynamic",
          billing: "quarter",
          offtake: { spotMultiplier: 1, addEurPerKWh: 0 },
          injection: { spotMultiplier: 1, addEurPerKWh: 0 },
        },
      })],
      prices: new Map(),
      capacityKW: noCapacity,
    })!;
    expect(cost.unpricedSlots).toBe(1);
    expect(cost.lines.energyEur).toBe(0);
  });

  it("switches tariff mid-month on the version's first day", () => {
    // January 2024: 1 kWh every day. 1–15 January at 0.30 €/kWh and 3 €/month fixed;
    // from 16 January 0.20 €/kWh and 6 €/month.
    const days = Array.from({ length: 31 }, (_, i) => `2024-01-${String(i + 1).padStart(2, "0")}`);
    const buckets = new Map(days.map((d) => [d, bucket(d, { 40: [1, 0, Register.day] })]));
    const versions = [
      tariff({
        id: "a",
        effectiveFrom: "2024-01-01",
        energy: { kind: "single", offtakeEurPerKWh: 0.30, injectionEurPerKWh: 0 },
        fixedFeeEurPerMonth: 3,
      }),
      tariff({
        id: "b",
        effectiveFrom: "2024-01-16",
        energy: { kind: "single", offtakeEurPerKWh: 0.20, injectionEurPerKWh: 0 },
        fixedFeeEurPerMonth: 6,
      }),
    ];
    const cost = periodCost(days, buckets, {
      versions,
      prices: new Map(),
      capacityKW: noCapacity,
    })!;
    // 15 × 0.30 + 16 × 0.20 = 7.7
    expect(cost.lines.energyEur).toBeCloseTo(7.7, 10);
    // 15 × 3/31 + 16 × 6/31 = 141/31 = 4.548387
    expect(cost.lines.fixedEur).toBeCloseTo(141 / 31, 10);
    expect(cost.days.get("2024-01-15")!.lines.energyEur).toBeCloseTo(0.30, 10);
    expect(cost.days.get("2024-01-16")!.lines.energyEur).toBeCloseTo(0.20, 10);
  });

  it("prices the 92 quarters of the spring DST day by their own hours", () => {
    // 31 March 2024 has 23 hours. 0.25 kWh in every quarter = 23 kWh. Hourly prices: hour h of
    // the day costs h × 10 €/MWh, so the day's spot energy is 0.25 × 4 × Σ(h × 0.010) for
    // h = 0…22 = 1 × 0.010 × 253 = 2.53 € at multiplier 1 and nothing added.
    const day = "2024-03-31";
    expect(slotsInDay(day)).toBe(92);
    const b = emptyBucket("local", "grid", day);
    b.imported.fill(0.25);
    b.exported.fill(0);
    b.quality.fill(Quality.measured);
    const start = dayStartMs(day);
    const points = Array.from({ length: 23 }, (_, h) => ({
      startMs: start + h * 3_600_000,
      minutes: 60 as const,
      eurPerMWh: h * 10,
    }));
    const prices = new Map(pricesToDays(points, "csv", 0).map((p) => [p.day, p]));
    const cost = periodCost([day], new Map([[day, b]]), {
      versions: [tariff({
        energy: {
          kind: "dynamic",
          billing: "quarter",
          offtake: { spotMultiplier: 1, addEurPerKWh: 0 },
          injection: { spotMultiplier: 1, addEurPerKWh: 0 },
        },
      })],
      prices,
      capacityKW: noCapacity,
    })!;
    expect(cost.unpricedSlots).toBe(0);
    expect(cost.lines.energyEur).toBeCloseTo(2.53, 10);
  });

  it("uses the first contract for days before it, and gives no cost without a contract", () => {
    const day = "2023-06-01";
    const b = bucket(day, { 40: [2, 0, Register.day] });
    const cost = periodCost([day], new Map([[day, b]]), {
      versions: [
        tariff({
          effectiveFrom: "2026-11-23",
          energy: { kind: "single", offtakeEurPerKWh: 0.25, injectionEurPerKWh: 0 },
        }),
      ],
      prices: new Map(),
      capacityKW: noCapacity,
    })!;
    expect(cost.lines.energyEur).toBeCloseTo(0.5, 10);
    expect(
      periodCost([day], new Map([[day, b]]), {
        versions: [],
        prices: new Map(),
        capacityKW: noCapacity,
      }),
    ).toBeNull();
  });
});

describe("the days a cost covers", () => {
  it("are the days with data, up to today", () => {
    const withData = new Set(["2024-03-29", "2024-03-30", "2024-03-31", "2024-04-02"]);
    expect(costedDays("2024-03-01", "2024-04-30", "2024-04-01", (d) => withData.has(d)))
      .toEqual(["2024-03-29", "2024-03-30", "2024-03-31"]);
    expect(costedDays("2024-05-01", "2024-05-31", "2024-04-01", () => true)).toEqual([]);
  });
});

describe("completeTotalEur and monthCosts", () => {
  const lines = (totalEur: number) => ({ ...emptyLines(), totalEur });

  it("has no total while a quarter is unpriced", () => {
    expect(completeTotalEur({ lines: lines(12.5), unpricedSlots: 0 })).toBe(12.5);
    expect(completeTotalEur({ lines: lines(12.5), unpricedSlots: 864 })).toBeNull();
  });

  it("sums the day costs per month with the days they cover", () => {
    const day = (d: string, totalEur: number, unpricedSlots = 0) =>
      [d, {
        day: d,
        lines: lines(totalEur),
        slotEur: new Float64Array(0),
        unpricedSlots,
        unknownRegisterSlots: 0,
      }] as const;
    const months = monthCosts({
      lines: lines(0),
      days: new Map([day("2024-03-30", 1.25), day("2024-03-31", 2), day("2024-04-01", 3, 4)]),
      unpricedSlots: 4,
      unknownRegisterSlots: 0,
    });
    expect([...months].map(([m, c]) => [m, c.lines.totalEur, c.days, c.unpricedSlots])).toEqual([
      ["2024-03", 3.25, 2, 0],
      ["2024-04", 3, 1, 4],
    ]);
  });
});

describe("a day known only as its daily total", () => {
  const daily = () => {
    const bucket = emptyBucket("local", "grid", "2024-03-02", 1440);
    bucket.imported[0] = 20;
    bucket.exported[0] = 0;
    bucket.quality[0] = Quality.measured;
    bucket.register[0] = Register.unknown;
    return bucket;
  };

  it("is priced as one slot, not as fees alone", () => {
    const cost = periodCost(["2024-03-02"], new Map([["2024-03-02", daily()]]), {
      versions: [tariff({
        energy: { kind: "single", offtakeEurPerKWh: 0.3, injectionEurPerKWh: 0 },
        fixedFeeEurPerMonth: 31,
      })],
      prices: new Map(),
      capacityKW: () => 0,
    })!;
    // 20 kWh × 0.30 + 31 / 31 of the fee, with 6 % VAT: 7 × 1.06
    expect(cost.lines.energyEur).toBeCloseTo(6, 10);
    expect(cost.lines.fixedEur).toBeCloseTo(1, 10);
    expect(completeTotalEur(cost)).toBeCloseTo(7.42, 10);
  });

  it("has no total under a dynamic contract, whose price changes within the day", () => {
    const cost = periodCost(["2024-03-02"], new Map([["2024-03-02", daily()]]), {
      versions: [tariff({
        energy: {
          kind: "dynamic",
          offtake: { spotMultiplier: 1, addEurPerKWh: 0 },
          injection: { spotMultiplier: 1, addEurPerKWh: 0 },
          billing: "quarter",
        },
      })],
      prices: new Map(),
      capacityKW: () => 0,
    })!;
    expect(cost.unpricedSlots).toBe(1);
    expect(completeTotalEur(cost)).toBeNull();
  });
});
