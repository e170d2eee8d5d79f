import { describe, expect, it } from "vitest";
import { ECO_ESTIMATE_DAYS, estimateEcoShare } from "../../../../lib/control/ev/eco_estimate.ts";
import { addDays } from "../../../../lib/energy/calendar.ts";
import { emptyBucket, Quality } from "../../../../lib/energy/day_bucket.ts";

/** A day that exports `kWh` in each of the quarters from `first` to `first + count − 1`. */
function day(d: string, first: number, count: number, kWh: number) {
  const b = emptyBucket("s", "grid", d);
  for (let i = 0; i < b.quality.length; i++) {
    b.imported[i] = 0.1;
    b.exported[i] = i >= first && i < first + count ? kWh : 0;
    b.quality[i] = Quality.measured;
  }
  return b;
}

describe("estimateEcoShare", () => {
  it("averages, per day, the export the car could have taken against its session", () => {
    const today = "2026-06-22";
    // Day 1: 20 quarters × 0.5 kWh = 10 kWh, capped per quarter at 7.4 kW / 4 = 1.85 kWh: all
    // usable, then capped at the 12 kWh session: 10 kWh. Day 2: 8 quarters × 3 kWh, each capped at
    // 1.85 kWh = 14.8 kWh, capped at 12 kWh. Day 3: nothing. Average (10 + 12 + 0) / 3 = 7.33 kWh.
    const buckets = [
      day(addDays(today, -1), 40, 20, 0.5),
      day(addDays(today, -2), 44, 8, 3),
      day(addDays(today, -3), 0, 0, 0),
      // Outside the window, another channel, and today: ignored.
      day(addDays(today, -(ECO_ESTIMATE_DAYS + 1)), 40, 20, 1),
      { ...day(addDays(today, -4), 40, 20, 1), channel: "pv" as const },
      day(today, 40, 20, 1),
    ];
    const estimate = estimateEcoShare(buckets, today, 12, 7.4);
    expect(estimate).toEqual({
      pct: 61,
      solarKWh: expect.closeTo(22 / 3, 9),
      sessionKWh: 12,
      days: 3,
      fromDay: "2026-06-01",
      toDay: "2026-06-21",
    });
  });

  it("skips days without data and says when there is none", () => {
    const empty = emptyBucket("s", "grid", "2026-06-20");
    expect(estimateEcoShare([empty], "2026-06-22", 12, 7.4)).toBeNull();
    expect(estimateEcoShare([day("2026-06-20", 40, 4, 1)], "2026-06-22", 12, 7.4)).toEqual({
      pct: 33,
      solarKWh: 4,
      sessionKWh: 12,
      days: 1,
      fromDay: "2026-06-01",
      toDay: "2026-06-21",
    });
  });
});
