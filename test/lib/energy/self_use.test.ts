import { describe, expect, it } from "vitest";
import { type DayBucket, emptyBucket, Quality } from "../../../lib/energy/day_bucket.ts";
import { addSelfUse, emptySelfUse, selfUseFigures } from "../../../lib/energy/self_use.ts";
import { periodSeries } from "../../../lib/energy/series.ts";

/** A bucket with `values(slot)` = [import, export] (or `null` for a missing slot). */
function bucket(
  channel: "grid" | "pv",
  day: string,
  values: (slot: number) => [number, number] | null,
  slotMinutes = 15,
): DayBucket {
  const b = emptyBucket("local", channel, day, slotMinutes);
  for (let i = 0; i < b.quality.length; i++) {
    const v = values(i);
    if (v === null) continue;
    b.imported[i] = v[0];
    b.exported[i] = v[1];
    b.quality[i] = Quality.measured;
  }
  return b;
}

const figures = (grid: DayBucket | undefined, pv: DayBucket | undefined) =>
  selfUseFigures(addSelfUse(emptySelfUse(), grid, pv));

describe("self-consumption and self-sufficiency", () => {
  it("sums per quarter-hour, not the day's totals", () => {
    // Four quarters (import, export | production):
    //   40: 0.2, 0   | 0.3 → 0.3 used at home
    //   41: 0,   0.4 | 1.0 → 0.6
    //   42: 0.5, 0   | 0   → 0
    //   43: 0,   0.3 | 0.1 → 0 (the meter counted more out than the inverter made: not −0.2)
    // production 1.4, used at home 0.9, import 0.7, consumption 0.7 + 0.9 = 1.6.
    const io: Record<number, [number, number]> = { 40: [0.2, 0], 41: [0, 0.4], 42: [0.5, 0] };
    io[43] = [0, 0.3];
    const made: Record<number, number> = { 40: 0.3, 41: 1.0, 42: 0, 43: 0.1 };
    const grid = bucket("grid", "2024-06-03", (i) => io[i] ?? [0, 0]);
    const pv = bucket("pv", "2024-06-03", (i) => [made[i] ?? 0, 0]);
    const f = figures(grid, pv)!;
    expect(f.productionKWh).toBe(1.4);
    expect(f.selfUsedKWh).toBe(0.9);
    expect(f.consumptionKWh).toBe(1.6);
    expect(f.selfConsumption).toBeCloseTo(0.9 / 1.4, 12); // 64 %
    expect(f.selfSufficiency).toBeCloseTo(0.9 / 1.6, 12); // 56 %
    // The day's totals would say (1.4 − 0.7) / 1.4 = 50 %: the quarters say otherwise.
    expect(f.selfConsumption).not.toBeCloseTo(0.5, 3);
    expect(f.partial).toBe(false);
  });

  it("counts all 92 quarters of the spring DST day", () => {
    // 31 March 2024 has 92 quarters. Slots 40–59 (20): 0.1 made, 0.05 exported each; the other
    // 72: 0.2 imported. Production 2.0, used at home 20 × 0.05 = 1.0, import 72 × 0.2 = 14.4,
    // consumption 15.4.
    const sunny = (i: number) => i >= 40 && i < 60;
    const grid = bucket("grid", "2024-03-31", (i) => (sunny(i) ? [0, 0.05] : [0.2, 0]));
    const pv = bucket("pv", "2024-03-31", (i) => [sunny(i) ? 0.1 : 0, 0]);
    expect(grid.quality.length).toBe(92);
    const acc = addSelfUse(emptySelfUse(), grid, pv);
    expect(acc.slots).toBe(92);
    const f = selfUseFigures(acc)!;
    expect(f.productionKWh).toBe(2);
    expect(f.consumptionKWh).toBe(15.4);
    expect(f.selfConsumption).toBeCloseTo(0.5, 12);
    expect(f.selfSufficiency).toBeCloseTo(1 / 15.4, 12);
  });

  it("leaves out the quarters one channel lacks, and says so", () => {
    // The meter was connected at noon: grid slots 0–47 missing, 48–95 import 0.1 each; the
    // inverter made 0.1 in every quarter. Paired: 48 quarters, production 4.8 all used at home,
    // import 4.8, consumption 9.6.
    const grid = bucket("grid", "2024-06-03", (i) => (i < 48 ? null : [0.1, 0]));
    const pv = bucket("pv", "2024-06-03", () => [0.1, 0]);
    // A partial quarter (seen only in part) is no whole value either.
    grid.quality[95] = Quality.partial;
    const acc = addSelfUse(emptySelfUse(), grid, pv);
    expect(acc.slots).toBe(47);
    expect(acc.skippedSlots).toBe(49);
    const f = selfUseFigures(acc)!;
    // 47 quarters: production 4.7, used 4.7, import 4.7, consumption 9.4.
    expect(f.productionKWh).toBe(4.7);
    expect(f.consumptionKWh).toBe(9.4);
    expect(f.selfConsumption).toBe(1);
    expect(f.selfSufficiency).toBeCloseTo(0.5, 12);
    expect(f.partial).toBe(true);
  });

  it("pairs a portal's daily total with the whole day's quarter-hours only", () => {
    // Daily production 10 kWh; 96 quarters of 0.1 in and 0.05 out: import 9.6, export 4.8, used
    // at home 10 − 4.8 = 5.2, consumption 9.6 + 5.2 = 14.8.
    const grid = bucket("grid", "2024-06-03", () => [0.1, 0.05]);
    const pv = bucket("pv", "2024-06-03", () => [10, 0], 1440);
    const f = figures(grid, pv)!;
    expect(f.selfUsedKWh).toBe(5.2);
    expect(f.consumptionKWh).toBe(14.8);
    expect(f.selfConsumption).toBeCloseTo(0.52, 12);
    expect(f.selfSufficiency).toBeCloseTo(5.2 / 14.8, 12);
    // One quarter missing: the day cannot be paired at all.
    grid.quality[10] = Quality.missing;
    grid.imported[10] = null;
    expect(figures(grid, pv)).toBeNull();
    // Nor a sub-day range (an hour's bar) against a daily total.
    const hour = addSelfUse(emptySelfUse(), bucket("grid", "2024-06-03", () => [1, 0]), pv, 0, 4);
    expect(hour.slots).toBe(0);
  });

  it("is null without production data, and without consumption", () => {
    const grid = bucket("grid", "2024-06-03", () => [0.1, 0]);
    expect(figures(grid, undefined)).toBeNull();
    expect(addSelfUse(emptySelfUse(), grid, undefined).skippedSlots).toBe(96);
    // Nothing made, nothing used: both shares undefined, not 0 % or 100 %.
    const nothing = figures(
      bucket("grid", "2024-06-03", () => [0, 0]),
      bucket("pv", "2024-06-03", () => [0, 0]),
    )!;
    expect(nothing.selfConsumption).toBeNull();
    expect(nothing.selfSufficiency).toBeNull();
  });

  it("gives the month's totals over the days with both channels", () => {
    // 3 June: 96 × (0.1 in | 0.05 made) → production 4.8 used at home, import 9.6.
    // 4 June: grid only (skipped, 96 quarters). Month: 4.8 / (9.6 + 4.8) = 1/3 self-sufficient.
    const grid = new Map([
      ["2024-06-03", bucket("grid", "2024-06-03", () => [0.1, 0])],
      ["2024-06-04", bucket("grid", "2024-06-04", () => [0.1, 0])],
    ]);
    const pv = new Map([["2024-06-03", bucket("pv", "2024-06-03", () => [0.05, 0])]]);
    const month = periodSeries("month", "2024-06-15", grid, pv);
    expect(month.totals.selfUse).toMatchObject({
      productionKWh: 4.8,
      selfUsedKWh: 4.8,
      consumptionKWh: 14.4,
      selfConsumption: 1,
      partial: true,
    });
    expect(month.totals.selfUse!.selfSufficiency).toBeCloseTo(1 / 3, 12);
    const year = periodSeries("year", "2024-06-15", grid, pv);
    expect(year.totals.selfUse).toEqual(month.totals.selfUse);
    // Each bar its own: 3 June a third, 4 June (grid only) none; June in the year view a third.
    expect(month.bars[2].selfSufficiency).toBeCloseTo(1 / 3, 12);
    expect(month.bars[2].selfConsumption).toBe(1);
    expect(month.bars[3].selfSufficiency).toBeNull();
    expect(year.bars[5].selfSufficiency).toBeCloseTo(1 / 3, 12);
    // An hour of 3 June: 4 × 0.05 made and used, 4 × 0.1 imported: 0.2 / 0.6.
    const day = periodSeries("day", "2024-06-03", grid, pv);
    expect(day.bars[10].selfSufficiency).toBeCloseTo(1 / 3, 12);
  });
});
