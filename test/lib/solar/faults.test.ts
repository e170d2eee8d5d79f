import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { addDays, dayStartMs, localDayOf } from "../../../lib/energy/calendar.ts";
import { emptyBucket, Quality } from "../../../lib/energy/day_bucket.ts";
import {
  findFaults,
  type ProductionQuarter,
  productionQuarters,
} from "../../../lib/solar/faults.ts";
import { syntheticSeries } from "./synthetic_production.ts";

// Six months (March to August 2026, through the spring DST change), 30 % cloudy days.
const BASE = { from: "2026-03-01", days: 184, seed: 7 };

/** Midnight UTC at the start of a day's date. */
function utcMidnight(day: string): number {
  const [y, m, d] = day.split("-").map(Number);
  return Date.UTC(y, m - 1, d);
}

/** The first clear day at or after a day index in the base series. */
function clearDayFrom(index: number, quarters: ProductionQuarter[] = syntheticSeries(BASE)) {
  for (let i = index; i < BASE.days; i++) {
    const day = addDays(BASE.from, i);
    if (quarters.find((q) => localDayOf(q.startMs) === day)!.clear) return { day, index: i };
  }
  throw new Error("no clear day");
}

describe("findFaults on a clean series", () => {
  it("finds nothing on six months with clouds and noise, for several weathers", () => {
    for (const seed of [1, 2, 3, 7, 42]) {
      expect(findFaults(syntheticSeries({ ...BASE, seed }))).toEqual([]);
    }
  });

  it("finds nothing on any clean series (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.double({ min: 0, max: 0.6, noNaN: true }),
        fc.integer({ min: 20, max: 120 }),
        fc.constantFrom("2026-01-05", "2026-04-20", "2026-09-15"),
        (seed, cloudyShare, days, from) => {
          expect(findFaults(syntheticSeries({ from, days, seed, cloudyShare }))).toEqual([]);
        },
      ),
      { numRuns: 12 },
    );
  });
});

describe("findFaults with injected faults", () => {
  it("names an inverter that was off from 10:00 to 14:00 UTC on a clear day", () => {
    const { day } = clearDayFrom(40);
    const quarters = syntheticSeries({
      ...BASE,
      fault: (q) => (q.day === day && q.utcTime >= "10:00" && q.utcTime < "14:00" ? 0 : q.kWh),
    });
    const findings = findFaults(quarters);
    expect(findings.map((f) => f.kind)).toEqual(["inverterOff"]);
    const off = findings[0];
    if (off.kind !== "inverterOff") throw new Error();
    expect([off.fromDay, off.toDay, off.hours, off.fault]).toEqual([day, day, 4, true]);
    // What the four hours should have made: the expectation of their 16 quarters.
    const start = utcMidnight(day);
    const missed = quarters.filter((q) =>
      q.startMs >= start + 10 * 3_600_000 && q.startMs < start + 14 * 3_600_000
    );
    expect(missed).toHaveLength(16);
    expect(off.missedKWh).toBeCloseTo(missed.reduce((s, q) => s + q.expectedKWh, 0), 6);
  });

  it("finds an inverter off for three whole days as one episode", () => {
    const { day } = clearDayFrom(100);
    const last = addDays(day, 2);
    const quarters = syntheticSeries({
      ...BASE,
      fault: (q) => (q.day >= day && q.day <= last ? 0 : q.kWh),
    });
    const off = findFaults(quarters);
    expect(off.map((f) => f.kind)).toEqual(["inverterOff"]);
    expect(off[0].fromDay).toBe(day);
    // The last of the three days may be cloudy: the episode ends on its last clear off day.
    expect(off[0].toDay <= last && off[0].toDay >= day).toBe(true);
  });

  it("names an inverter that stopped answering for three days (missing quarters)", () => {
    const { day } = clearDayFrom(60);
    const last = addDays(day, 2);
    const quarters = syntheticSeries({
      ...BASE,
      fault: (q) => (q.day >= day && q.day <= last ? null : q.kWh),
    });
    const findings = findFaults(quarters);
    expect(findings.map((f) => f.kind)).toEqual(["noData"]);
    const gap = findings[0];
    if (gap.kind !== "noData") throw new Error();
    expect([gap.fromDay, gap.fault, gap.id]).toEqual([day, true, `noData|${day}`]);
    // Per day of the three that is clear (a day is clear or cloudy as a whole here): its UTC
    // hours expecting more than 0.5 kWh count, with what they should have made.
    let hours = 0;
    let missedKWh = 0;
    let lastClear = day;
    for (let d = day; d <= last; d = addDays(d, 1)) {
      const ofDay = quarters.filter((q) => localDayOf(q.startMs) === d);
      if (!ofDay[0].clear) continue;
      lastClear = d;
      const byHour = new Map<number, number>();
      for (const q of ofDay) {
        const hour = Math.floor(q.startMs / 3_600_000);
        byHour.set(hour, (byHour.get(hour) ?? 0) + q.expectedKWh);
      }
      const counted = [...byHour.values()].filter((kWh) => kWh > 0.5);
      hours += counted.length;
      missedKWh += counted.reduce((x, y) => x + y, 0);
    }
    expect(hours).toBeGreaterThan(8);
    expect([gap.toDay, gap.hours]).toEqual([lastClear, hours]);
    expect(gap.missedKWh).toBeCloseTo(missedKWh, 6);
  });

  it("names a clear morning without data from 10:00 to 14:00 UTC, with its expectation", () => {
    const { day } = clearDayFrom(40);
    const quarters = syntheticSeries({
      ...BASE,
      fault: (q) => (q.day === day && q.utcTime >= "10:00" && q.utcTime < "14:00" ? null : q.kWh),
    });
    const findings = findFaults(quarters);
    expect(findings.map((f) => f.kind)).toEqual(["noData"]);
    const gap = findings[0];
    if (gap.kind !== "noData") throw new Error();
    expect([gap.fromDay, gap.toDay, gap.hours]).toEqual([day, day, 4]);
    const start = utcMidnight(day);
    const missed = quarters.filter((q) =>
      q.startMs >= start + 10 * 3_600_000 && q.startMs < start + 14 * 3_600_000
    );
    expect(missed).toHaveLength(16);
    expect(gap.missedKWh).toBeCloseTo(missed.reduce((s, q) => s + q.expectedKWh, 0), 6);
  });

  it("does not blame missing quarters at the start or end of the series, or under clouds", () => {
    // Recording began on day 10 and stopped after day 170: not yet or no longer recorded.
    const edges = syntheticSeries({
      ...BASE,
      fault: (q) => (q.dayIndex < 10 || q.dayIndex > 170 ? null : q.kWh),
    });
    expect(findFaults(edges)).toEqual([]);
    // A cloudy day without data: nothing to judge it by.
    const clean = syntheticSeries(BASE);
    let cloudy = 50;
    while (clean.find((q) => localDayOf(q.startMs) === addDays(BASE.from, cloudy))!.clear) {
      cloudy++;
    }
    const cloudyGap = syntheticSeries({
      ...BASE,
      fault: (q) => (q.dayIndex === cloudy ? null : q.kWh),
    });
    expect(findFaults(cloudyGap)).toEqual([]);
  });

  it("names a 30 % step loss (a third of the array) and the day it began", () => {
    const { day } = clearDayFrom(80);
    const findings = findFaults(syntheticSeries({
      ...BASE,
      fault: (q) => (q.day >= day ? q.kWh * 0.7 : q.kWh),
    }));
    expect(findings.map((f) => f.kind)).toEqual(["stepLoss"]);
    const step = findings[0];
    if (step.kind !== "stepLoss") throw new Error();
    expect(step.fromDay).toBe(day);
    // Injected: 1 − 0.7 = 30 %; the noise averages out over a day's quarters.
    expect(step.lossPct).toBeGreaterThan(28);
    expect(step.lossPct).toBeLessThan(32);
    expect(step.shareOfArray).toBe(3);
    expect(step.lastNormalDay < day).toBe(true);
  });

  it("names daily shading at 14:00–14:30 UTC across the spring DST change, once", () => {
    // The series runs from 1 March (winter time, UTC+1) through 29 March into summer time
    // (UTC+2): the shade stays at 14:00 UTC, the clock shows 15:00 and then 16:00.
    const findings = findFaults(syntheticSeries({
      ...BASE,
      fault: (q) => (q.utcTime === "14:00" || q.utcTime === "14:15" ? q.kWh * 0.4 : q.kWh),
    }));
    expect(findings.map((f) => f.kind)).toEqual(["shading"]);
    const shading = findings[0];
    if (shading.kind !== "shading") throw new Error();
    // 14:00 UTC = 14 × 60 = 840; 14:30 = 870.
    expect([shading.fromUtcMinute, shading.toUtcMinute]).toEqual([840, 870]);
    // Shown in the season of its last day (August, summer time: UTC+2 → 16:00–16:30).
    expect([shading.fromTime, shading.toTime, shading.summerTime]).toEqual([
      "16:00",
      "16:30",
      true,
    ]);
    // Injected: 40 % of the normal → 60 % short.
    expect(shading.deficitPct).toBeGreaterThan(55);
    expect(shading.deficitPct).toBeLessThan(65);
    expect(shading.daysWithDeficit).toBe(shading.clearDays);
    // From the first clear day of March, not from the DST change (29 March).
    expect(shading.fromDay).toBe(clearDayFrom(0).day);
    expect(shading.fromDay < "2026-03-29").toBe(true);
    expect(shading.id).toBe(`shading|14:00Z|${shading.fromDay}`);
  });

  it("shows shading that ends in winter time at the winter clock time", () => {
    // 15:00 UTC from 1 September to 31 December crosses the autumn change (25 October): one
    // finding, shown at UTC+1 (the last days are in December) → 16:00–16:15.
    const findings = findFaults(syntheticSeries({
      from: "2026-09-01",
      days: 122,
      seed: 7,
      fault: (q) => (q.utcTime === "15:00" ? q.kWh * 0.4 : q.kWh),
    }));
    const shading = findings.filter((f) => f.kind === "shading");
    expect(shading).toHaveLength(1);
    if (shading[0].kind !== "shading") throw new Error();
    expect([shading[0].fromUtcMinute, shading[0].toUtcMinute]).toEqual([900, 915]);
    expect([shading[0].fromTime, shading[0].toTime, shading[0].summerTime]).toEqual([
      "16:00",
      "16:15",
      false,
    ]);
    expect(shading[0].fromDay < "2026-10-25").toBe(true);
  });

  it("dates shading that began halfway (a tree, a new building)", () => {
    const { day } = clearDayFrom(90);
    const findings = findFaults(syntheticSeries({
      ...BASE,
      fault: (q) => (q.day >= day && q.utcTime === "14:00" ? q.kWh * 0.5 : q.kWh),
    }));
    expect(findings.map((f) => f.kind)).toEqual(["shading"]);
    const shading = findings[0];
    if (shading.kind !== "shading") throw new Error();
    // 14:00 UTC is 16:00 in summer time (UTC+2).
    expect([shading.fromDay, shading.fromTime, shading.toTime]).toEqual([day, "16:00", "16:15"]);
  });

  it("measures a drift of −1 % per month", () => {
    const findings = findFaults(syntheticSeries({
      ...BASE,
      fault: (q) => q.kWh * (1 - 0.01 * q.dayIndex / 30.4375),
    }));
    expect(findings.map((f) => f.kind)).toEqual(["drift"]);
    const drift = findings[0];
    if (drift.kind !== "drift") throw new Error();
    expect(drift.pctPerMonth).toBeGreaterThan(-1.2);
    expect(drift.pctPerMonth).toBeLessThan(-0.8);
  });

  it("tells a step from a drift when both happen", () => {
    const { day } = clearDayFrom(100);
    const kinds = findFaults(syntheticSeries({
      ...BASE,
      fault: (q) => q.kWh * (1 - 0.01 * q.dayIndex / 30.4375) * (q.day >= day ? 0.7 : 1),
    })).map((f) => f.kind);
    expect(kinds.sort()).toEqual(["drift", "stepLoss"]);
  });
});

describe("clipping is not a fault", () => {
  // A 5 kW array on a 3.5 kW inverter: every sunny midday is flat at 0.875 kWh a quarter.
  const clipped = () =>
    syntheticSeries({ ...BASE, peakW: 5000, fault: (q) => Math.min(q.kWh, 0.875) });

  it("is noted at the given AC limit, with no fault", () => {
    const findings = findFaults(clipped(), { acLimitW: 3500 });
    expect(findings.map((f) => [f.kind, f.fault])).toEqual([["clipping", false]]);
    if (findings[0].kind !== "clipping") throw new Error();
    expect(findings[0].limitW).toBe(3500);
    expect(findings[0].clippedKWh).toBeGreaterThan(0);
  });

  it("is recognised as a flat top without the limit given", () => {
    const findings = findFaults(clipped());
    expect(findings.map((f) => [f.kind, f.fault])).toEqual([["clipping", false]]);
    if (findings[0].kind !== "clipping") throw new Error();
    expect(findings[0].limitW).toBe(3500);
  });
});

describe("productionQuarters", () => {
  it("gives the days without a bucket between two stored ones as missing: no data found", () => {
    // 1 and 3 June measured, 2 June has no bucket. The model: 1 000 W from 08:00 to 16:00 UTC,
    // i.e. 1 kW × 1 h = 1 kWh an hour (> 0.5) for 8 hours → 8 hours, 8 kWh missed on 2 June.
    const inDaylight = (ms: number) => {
      const hourUtc = (ms % 86_400_000) / 3_600_000;
      return hourUtc >= 8 && hourUtc < 16;
    };
    const stored = ["2026-06-01", "2026-06-03"].map((day) => {
      const bucket = emptyBucket("s", "pv", day);
      for (let i = 0; i < bucket.imported.length; i++) {
        bucket.imported[i] = inDaylight(dayStartMs(day) + i * 900_000 + 450_000) ? 0.25 : 0;
        bucket.quality[i] = Quality.measured;
      }
      return bucket;
    });
    const quarters = productionQuarters(
      stored,
      (ms) => (inDaylight(ms) ? 1000 : 0),
      () => 1,
    );
    expect(quarters).toHaveLength(3 * 96);
    const findings = findFaults(quarters);
    expect(findings).toEqual([{
      id: "noData|2026-06-02",
      kind: "noData",
      fault: true,
      fromDay: "2026-06-02",
      toDay: "2026-06-02",
      hours: 8,
      missedKWh: 8,
    }]);
  });

  it("reads the pv buckets with the model's power at each quarter's middle", () => {
    const bucket = emptyBucket("s", "pv", "2026-06-01");
    bucket.imported[48] = 0.5;
    bucket.quality[48] = Quality.measured;
    bucket.imported[49] = 0.1;
    bucket.quality[49] = Quality.partial;
    const seen: number[] = [];
    const quarters = productionQuarters([bucket], (ms) => {
      seen.push(ms);
      return 2000;
    }, () => 0.9);
    expect(quarters).toHaveLength(96);
    // 2 000 W for a quarter = 2 kW × 0.25 h = 0.5 kWh.
    expect(quarters[48]).toEqual({
      startMs: dayStartMs("2026-06-01") + 48 * 900_000,
      measuredKWh: 0.5,
      expectedKWh: 0.5,
      clear: true,
    });
    // A partial quarter is a lower bound, not a measurement.
    expect(quarters[49].measuredKWh).toBeNull();
    expect(seen[0]).toBe(dayStartMs("2026-06-01") + 450_000);
  });
});
