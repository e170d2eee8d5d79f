/** The cost engine over one year of quarter-hours under a quarter-hour dynamic tariff. */
import { capacityBasis, monthPeaksFromBuckets } from "../lib/capacity/annual.ts";
import { daysBetween, dayStartMs, slotsInDay } from "../lib/energy/calendar.ts";
import { emptyBucket, Quality, Register } from "../lib/energy/day_bucket.ts";
import type { TariffVersion } from "../lib/tariff/contract.ts";
import { periodCost } from "../lib/tariff/cost.ts";
import { type PricePoint, pricesToDays } from "../lib/tariff/prices.ts";

export function benchCost(runs = 9): { slots: number; medianMs: number; totalEur: number } {
  let seed = 11;
  const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const days = daysBetween("2025-01-01", "2025-12-31");
  const buckets = new Map();
  const points: PricePoint[] = [];
  let slots = 0;
  for (const day of days) {
    const bucket = emptyBucket("local", "grid", day);
    for (let i = 0; i < bucket.quality.length; i++) {
      bucket.imported[i] = Math.round(random() * 400) / 1000;
      bucket.exported[i] = i > 36 && i < 72 ? Math.round(random() * 300) / 1000 : 0;
      bucket.quality[i] = Quality.measured;
      bucket.register[i] = i < 28 || i >= 88 ? Register.night : Register.day;
      slots++;
    }
    buckets.set(day, bucket);
    for (let i = 0; i < slotsInDay(day); i++) {
      points.push({
        startMs: dayStartMs(day) + i * 900_000,
        minutes: 15,
        eurPerMWh: -20 + random() * 200,
      });
    }
  }
  const prices = new Map(pricesToDays(points, "entsoe", 0).map((p) => [p.day, p]));
  const peaks = monthPeaksFromBuckets(buckets.values());
  const version: TariffVersion = {
    id: "bench",
    siteId: "local",
    name: "dynamic",
    effectiveFrom: "2025-01-01",
    energy: {
      kind: "dynamic",
      billing: "quarter",
      offtake: { spotMultiplier: 1.039, addEurPerKWh: 0.008702 },
      injection: { spotMultiplier: 1, addEurPerKWh: -0.013135 },
    },
    fixedFeeEurPerMonth: 5,
    distribution: {
      area: "Fluvius Antwerpen",
      offtakeDayEurPerKWh: 0.06,
      offtakeNightEurPerKWh: 0.05,
      transmissionEurPerKWh: 0.02,
      capacityEurPerKWYear: 49.4,
      dataManagementEurPerYear: 18,
    },
    leviesEurPerKWh: 0.05,
    vatRate: 0.06,
    updatedAt: 0,
  };
  const context = {
    versions: [version],
    prices,
    capacityKW: (month: string) => capacityBasis(month, peaks).averageKW,
  };
  const times: number[] = [];
  let totalEur = 0;
  for (let run = 0; run < runs; run++) {
    const start = performance.now();
    totalEur = periodCost(days, buckets, context)!.lines.totalEur;
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { slots, medianMs: times[Math.floor(runs / 2)], totalEur };
}
