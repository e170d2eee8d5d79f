import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type CounterOptions,
  type CounterQuarter,
  CounterQuarters,
  type CounterSample,
  productionBuckets,
} from "../../../lib/energy/counter_quarters.ts";
import { dayStartMs, QUARTER_MS } from "../../../lib/energy/calendar.ts";
import { Quality, Source } from "../../../lib/energy/day_bucket.ts";

/** 12:00 in Brussels (summer time, UTC+2). */
const NOON = Date.UTC(2024, 5, 12, 10, 0, 0);
const { measured, partial } = Quality;

function run(samples: CounterSample[], options: CounterOptions = {}) {
  const counter = new CounterQuarters(options);
  const closed = samples.flatMap((s) => counter.push(s));
  return { closed, counter };
}

/** A sample every `stepS` seconds at the given offsets (s from `start`), counter = f(offset). */
function samplesAt(start: number, offsetsS: number[], counterWh: (s: number) => number) {
  return offsetsS.map((s) => ({ atMs: start + s * 1000, counterWh: counterWh(s) }));
}

function range(from: number, to: number, step: number): number[] {
  const out: number[] = [];
  for (let s = from; s <= to; s += step) out.push(s);
  return out;
}

const brief = (qs: CounterQuarter[]) =>
  qs.map((q) => [(q.startMs - NOON) / QUARTER_MS, q.kWh, q.quality]);

describe("production quarter-hours from an energy counter", () => {
  it("takes a quarter's energy from the counter at its two boundaries", () => {
    // 3 600 W is 1 Wh a second: a quarter (900 s) holds 900 Wh = 0.9 kWh.
    const { closed } = run(samplesAt(NOON, range(0, 1800, 10), (s) => 50_000 + s));
    expect(brief(closed)).toEqual([[0, 0.9, measured], [1, 0.9, measured]]);
  });

  it("counts a quarter joined late as partial, with the energy seen", () => {
    // From 12:05 on: 600 s of 1 Wh/s = 0.6 kWh in the 12:00 quarter.
    const { closed } = run(samplesAt(NOON, range(300, 1800, 10), (s) => s));
    expect(brief(closed)).toEqual([[0, 0.6, partial], [1, 0.9, measured]]);
  });

  it("takes a sample just before a boundary as the boundary's when none follows soon", () => {
    // Samples to 12:14:50 (counter 890), then 12:15:50: the 60 s between them belong to the
    // 12:15 quarter. 12:00 → 890 − 0 = 890 Wh; 12:15 → 1 800 − 890 = 910 Wh. Both measured.
    const offsets = [...range(0, 890, 10), ...range(950, 1800, 10)];
    const { closed } = run(samplesAt(NOON, offsets, (s) => s));
    expect(brief(closed)).toEqual([[0, 0.89, measured], [1, 0.91, measured]]);
  });

  it("leaves a gap missing and the quarters at its ends partial", () => {
    // Read to 12:20, then again from 13:10 to 13:31.
    // 12:00: 900 Wh measured; 12:15: 12:15–12:20 = 300 Wh partial; 12:30, 12:45 missing;
    // 13:00: 13:10–13:15 = 300 Wh partial; 13:15: 900 Wh measured.
    const offsets = [...range(0, 1200, 10), ...range(4200, 5460, 10)];
    const { closed } = run(samplesAt(NOON, offsets, (s) => s));
    expect(brief(closed)).toEqual([
      [0, 0.9, measured],
      [1, 0.3, partial],
      [4, 0.3, partial],
      [5, 0.9, measured],
    ]);
  });

  it("keeps counting after a reset (an inverter replaced), the quarter partial", () => {
    // 1 Wh/s; at 12:07:00 the new inverter's counter reads 5 and runs on from there.
    // 12:00: 0→410 (410 Wh) + the 10 s of the reset lost + 5→485 (480 Wh) = 890 Wh, partial.
    // 12:15: 485 → 1 385 = 900 Wh, measured.
    const { closed } = run(
      samplesAt(NOON, range(0, 1800, 10), (s) => (s <= 410 ? s : 5 + (s - 420))),
    );
    expect(brief(closed)).toEqual([[0, 0.89, partial], [1, 0.9, measured]]);
  });

  it("carries on across a counter's wrap when it knows where it wraps", () => {
    // An acc32 in Wh 300 Wh below its top at 12:00, 1 Wh/s: 900 Wh whatever the wrap.
    const top = 2 ** 32;
    const samples = samplesAt(NOON, range(0, 900, 10), (s) => (top - 300 + s) % top);
    expect(brief(run(samples, { wrapWh: top }).closed)).toEqual([[0, 0.9, measured]]);
    // Without it the wrap is a reset: 290 Wh before it, 600 after, 10 lost, partial.
    expect(brief(run(samples).closed)).toEqual([[0, 0.89, partial]]);
  });

  it("starts a day counter's new day exactly at midnight", () => {
    // 13 June 2024 00:00 Brussels. A "today" counter at 5 000 Wh at 23:45, 1 Wh per 10 s,
    // back to 0 at midnight. 23:45: 5 000 → 5 089 at 23:59:50 (its boundary reading), measured;
    // 00:00: 0 at midnight → 90 at 00:15:00, measured.
    const midnight = dayStartMs("2024-06-13");
    const start = midnight - QUARTER_MS;
    const samples = samplesAt(
      start,
      range(0, 1800, 10),
      (s) => (s < 900 ? 5000 + s / 10 : (s - 900) / 10),
    );
    const { closed } = run(samples, { dailyReset: true });
    expect(closed.map((q) => [q.startMs - start, q.kWh, q.quality])).toEqual([
      [0, 0.089, measured],
      [QUARTER_MS, 0.09, measured],
    ]);
    // Not known as a day counter, the drop is a reset at the boundary: neither side is sure.
    const { closed: plain } = run(samples);
    expect(plain.map((q) => [q.kWh, q.quality])).toEqual([[0.089, partial], [0.09, partial]]);
  });

  it("fills the 100 quarters of the autumn DST day and the 92 of the spring one", () => {
    for (const [day, slots] of [["2024-10-27", 100], ["2024-03-31", 92]] as const) {
      // 1 200 W is 10 Wh every 30 s: 300 Wh (0.3 kWh) a quarter, all day long.
      const from = dayStartMs(day);
      const seconds = slots * 900;
      const { closed } = run(samplesAt(from, range(0, seconds, 30), (s) => s / 3));
      const buckets = productionBuckets("site", closed);
      expect(buckets.map((b) => [b.day, b.imported.length])).toEqual([[day, slots]]);
      expect(buckets[0].imported.every((kWh) => kWh === 0.3)).toBe(true);
      expect(buckets[0].exported.every((kWh) => kWh === 0)).toBe(true);
      expect(buckets[0].quality.every((q) => q === measured)).toBe(true);
      expect(buckets[0].source.every((s) => s === Source.gateway)).toBe(true);
      expect(buckets[0].channel).toBe("pv");
    }
  });

  it("gives the same quarters after a restart from its saved state", () => {
    const samples = samplesAt(NOON, range(0, 2700, 10), (s) => s * 2);
    const whole = run(samples).closed;
    const first = new CounterQuarters();
    const a = samples.slice(0, 100).flatMap((s) => first.push(s));
    const second = new CounterQuarters({}, JSON.parse(JSON.stringify(first.state)));
    const b = samples.slice(100).flatMap((s) => second.push(s));
    expect([...a, ...b]).toEqual(whole);
  });
});

describe("production quarter-hours: properties", () => {
  /** Samples 1–30 s apart with integer Wh steps: always within the boundary tolerance. */
  const dense = fc.array(
    fc.record({ stepS: fc.integer({ min: 1, max: 30 }), wh: fc.integer({ min: 0, max: 200 }) }),
    { minLength: 2, maxLength: 400 },
  ).map((steps) => {
    let atMs = NOON + 7_000;
    let counterWh = 1_000_000;
    return steps.map(({ stepS, wh }) => {
      atMs += stepS * 1000;
      counterWh += wh;
      return { atMs, counterWh };
    });
  });

  it("sums, with the open quarter, to the counter's rise when no sample is far apart", () => {
    fc.assert(
      fc.property(dense, (samples) => {
        const { closed, counter } = run(samples);
        const open = counter.openQuarter()!;
        const totalWh = [...closed, open].reduce((sum, q) => sum + Math.round(q.kWh * 1000), 0);
        expect(totalWh).toBe(samples.at(-1)!.counterWh - samples[0].counterWh);
        // Every quarter after the first was seen whole.
        expect(closed.slice(1).every((q) => q.quality === measured)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it("equals the counter's difference at the boundaries over whole quarters", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 12 }),
        fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 1200, maxLength: 1200 }),
        (quarters, perStepWh) => {
          // A sample every 10 s on the boundaries themselves, for whole quarters.
          const samples: CounterSample[] = [];
          let counterWh = 0;
          for (let i = 0; i <= quarters * 90; i++) {
            samples.push({ atMs: NOON + i * 10_000, counterWh });
            counterWh += perStepWh[i % perStepWh.length];
          }
          const { closed } = run(samples);
          expect(closed).toHaveLength(quarters);
          closed.forEach((q, k) => {
            const wh = samples[(k + 1) * 90].counterWh - samples[k * 90].counterWh;
            expect(q).toEqual({
              startMs: NOON + k * QUARTER_MS,
              kWh: wh / 1000,
              quality: measured,
            });
          });
        },
      ),
      { numRuns: 50 },
    );
  });

  it("is never negative, on boundaries, and one value per quarter, whatever the counter does", () => {
    const wild = fc.array(
      fc.record({
        stepS: fc.oneof(fc.integer({ min: -100, max: 60 }), fc.integer({ min: 60, max: 7200 })),
        change: fc.oneof(
          fc.integer({ min: 0, max: 500 }),
          fc.integer({ min: -100_000, max: -1 }), // a reset or a rollback
          fc.constant(0),
        ),
      }),
      { minLength: 1, maxLength: 300 },
    );
    fc.assert(
      fc.property(wild, fc.boolean(), (steps, dailyReset) => {
        let atMs = NOON;
        let counterWh = 50_000;
        const samples = steps.map(({ stepS, change }) => {
          atMs += stepS * 1000;
          counterWh = Math.max(0, counterWh + change);
          return { atMs, counterWh };
        });
        const { closed } = run(samples, { dailyReset });
        for (const q of closed) {
          expect(q.kWh).toBeGreaterThanOrEqual(0);
          expect(q.startMs % QUARTER_MS).toBe(0);
        }
        const starts = closed.map((q) => q.startMs);
        expect(new Set(starts).size).toBe(starts.length);
      }),
      { numRuns: 300 },
    );
  });
});
