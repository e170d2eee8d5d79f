import { describe, expect, it } from "vitest";
import { monthPeaksFromBuckets } from "../../../lib/capacity/annual.ts";
import { simulateBattery } from "../../../lib/control/simulate.ts";
import { emptyBucket, Quality } from "../../../lib/energy/day_bucket.ts";

describe("a battery over stored quarter-hours", () => {
  it("shaves an evening peak, by hand", () => {
    // 18:00–19:00: the house takes 3 kW (0.75 kWh a quarter). Battery 10 kWh at 60 %, lossless,
    // 2.5 kW inverter; goal 2 kW, minimum 10 %, buffer 40 %.
    const day = emptyBucket("local", "grid", "2024-06-03");
    for (let i = 72; i < 76; i++) {
      day.imported[i] = 0.75;
      day.exported[i] = 0;
      day.quality[i] = Quality.measured;
    }
    const result = simulateBattery(
      [day],
      { mode: "peakShaving", desiredPeakW: 2000, minSocPct: 10, bufferPct: 40 },
      { capacityKWh: 10, maxChargeW: 2500, maxDischargeW: 2500, efficiency: 1, initialSocPct: 60 },
      { mainFuseA: 40, phases: 1, inverterMaxW: 2500 },
    );
    // q1 at 60 % and q2 at 53.75 % (above 50 %): self-consumption, 2.5 kW → 0.625 kWh each.
    // q3 at 47.5 % and q4 at 45 %: inside the buffer, only the 1 kW above the goal → 0.25 kWh.
    const after = result.buckets[0].imported.slice(72, 76).map((v) => Math.round(v! * 1000) / 1000);
    expect(after).toEqual([0.125, 0.125, 0.5, 0.5]);
    expect(result.dischargedKWh).toBeCloseTo(1.75, 10);
    expect(result.finalSocPct).toBeCloseTo(42.5, 10);
    expect(monthPeaksFromBuckets([day]).get("2024-06")!.kW).toBe(3);
    expect(monthPeaksFromBuckets(result.buckets).get("2024-06")!.kW).toBe(2);
    // The day slot by slot, for its chart: the four quarters given, the state of charge after
    // each, and the quarters without data left unknown.
    const [traced] = result.days;
    expect(traced.day).toBe("2024-06-03");
    expect(traced.socStartPct).toBe(60);
    expect(traced.dischargedKWh.slice(72, 76)).toEqual([0.625, 0.625, 0.25, 0.25]);
    expect(traced.chargedKWh.slice(72, 76)).toEqual([0, 0, 0, 0]);
    expect(traced.socEndPct.slice(72, 76).map((v) => Math.round(v! * 100) / 100)).toEqual([
      53.75,
      47.5,
      45,
      42.5,
    ]);
    expect(traced.socEndPct[71]).toBeNull();
    expect(traced.dischargedKWh[0]).toBeNull();
  });

  it("stores solar surplus and gives it back, losing the efficiency both ways", () => {
    const day = emptyBucket("local", "grid", "2024-06-03");
    day.imported[48] = 0;
    day.exported[48] = 1; // 4 kW surplus at noon
    day.imported[80] = 0.5; // 2 kW in the evening
    day.exported[80] = 0;
    day.quality[48] = day.quality[80] = Quality.measured;
    const result = simulateBattery(
      [day],
      { mode: "balancing", minSocPct: 0 },
      { capacityKWh: 10, maxChargeW: 5000, maxDischargeW: 5000, efficiency: 0.9, initialSocPct: 0 },
      { mainFuseA: 40, phases: 1, inverterMaxW: 5000 },
    );
    // 1 kWh in stores 0.9; the evening's 0.5 kWh draws 0.5 / 0.9 from the store.
    expect(result.buckets[0].exported[48]).toBe(0);
    expect(result.buckets[0].imported[80]).toBe(0);
    expect(result.finalSocPct).toBeCloseTo((0.9 - 0.5 / 0.9) * 10, 10);
    // What the chart shows is on the grid's side: 1 kWh in, 0.5 kWh out.
    expect(result.days[0].chargedKWh[48]).toBe(1);
    expect(result.days[0].dischargedKWh[80]).toBeCloseTo(0.5, 10);
    expect(result.days[0].socEndPct[48]).toBeCloseTo(9, 10);
  });
});
