/** One year of peak shaving simulated over quarter-hour data. */
import { simulateBattery } from "../lib/control/simulate.ts";
import { daysBetween } from "../lib/energy/calendar.ts";
import { emptyBucket, Quality } from "../lib/energy/day_bucket.ts";

export function benchPeakShaving(
  runs = 5,
): { quarters: number; medianMs: number; peakCutKW: number } {
  let seed = 5;
  const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const days = daysBetween("2025-01-01", "2025-12-31").map((day) => {
    const b = emptyBucket("local", "grid", day);
    for (let i = 0; i < b.quality.length; i++) {
      const evening = i >= 72 && i < 84 ? 0.8 * random() : 0;
      const solar = i > 36 && i < 68 ? 0.5 * random() : 0;
      const net = 0.05 + 0.1 * random() + evening - solar;
      b.imported[i] = Math.max(net, 0);
      b.exported[i] = Math.max(-net, 0);
      b.quality[i] = Quality.measured;
    }
    return b;
  });
  const quarters = days.reduce((n, d) => n + d.quality.length, 0);
  const times: number[] = [];
  let peakCutKW = 0;
  for (let run = 0; run < runs; run++) {
    const start = performance.now();
    const result = simulateBattery(
      days,
      { mode: "peakShaving", desiredPeakW: 2500, minSocPct: 10, bufferPct: 40 },
      {
        capacityKWh: 10,
        maxChargeW: 3000,
        maxDischargeW: 3000,
        efficiency: 0.95,
        initialSocPct: 50,
      },
      { mainFuseA: 40, phases: 1, inverterMaxW: 3000 },
    );
    times.push(performance.now() - start);
    const peak = (bs: typeof days) =>
      Math.max(...bs.flatMap((b) => b.imported.map((v) => (v ?? 0) * 4)));
    peakCutKW = peak(days) - peak(result.buckets);
  }
  times.sort((a, b) => a - b);
  return { quarters, medianMs: times[Math.floor(runs / 2)], peakCutKW };
}
