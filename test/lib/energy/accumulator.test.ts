import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type ClosedQuarter,
  QuarterAccumulator,
  quartersToBuckets,
  type RegisterReading,
} from "../../../lib/energy/accumulator.ts";
import { dayStartMs, slotsInDay } from "../../../lib/energy/calendar.ts";
import { Quality, Register } from "../../../lib/energy/day_bucket.ts";
import { P1Decoder } from "../../../lib/p1/decoder.ts";
import { registerReadingOf } from "../../../lib/p1/energy_input.ts";
import type { Reading } from "../../../lib/p1/reading.ts";
import { HouseholdSimulator } from "../../../lib/p1/simulator.ts";

/** Readings every `stepS` seconds from `startMs`, importing `importW` constantly on tariff 2. */
function steadyReadings(startMs: number, count: number, stepS: number, importW: number) {
  const readings: RegisterReading[] = [];
  for (let i = 0; i < count; i++) {
    const hours = (i * stepS) / 3600;
    readings.push({
      atMs: startMs + i * stepS * 1000,
      importDayKWh: 1000,
      importNightKWh: 2000 + (importW / 1000) * hours,
      exportDayKWh: 500,
      exportNightKWh: 300,
      tariff: 2,
    });
  }
  return readings;
}

function run(readings: RegisterReading[], accumulator = new QuarterAccumulator()) {
  return readings.flatMap((reading) => accumulator.push(reading));
}

const T0 = Date.UTC(2024, 5, 12, 8, 0, 0); // 10:00 in Brussels

describe("quarter-hours from live registers", () => {
  it("takes a quarter's energy from the registers at its two boundaries", () => {
    // 2 kW for 15 minutes is 0.5 kWh.
    const quarters = run(steadyReadings(T0, 1801, 1, 2000));
    expect(quarters).toEqual([
      {
        startMs: T0,
        importKWh: 0.5,
        exportKWh: 0,
        quality: Quality.measured,
        register: Register.night,
      },
      {
        startMs: T0 + 900_000,
        importKWh: 0.5,
        exportKWh: 0,
        quality: Quality.measured,
        register: Register.night,
      },
    ]);
  });

  it("stays exact when telegrams are lost inside the quarter", () => {
    const readings = steadyReadings(T0, 1801, 1, 2000).filter((_, i) => i % 900 < 5 || i % 7 === 0);
    expect(run(readings).map((q) => [q.importKWh, q.quality])).toEqual([
      [0.5, Quality.measured],
      [0.5, Quality.measured],
    ]);
  });

  it("flags a quarter entered late as partial, with only the energy seen", () => {
    // Connected at 10:05: the 10:00 quarter saw ten minutes of 3 kW.
    const quarters = run(steadyReadings(T0 + 300_000, 601, 1, 3000));
    expect(quarters).toEqual([
      {
        startMs: T0,
        importKWh: 0.5,
        exportKWh: 0,
        quality: Quality.partial,
        register: Register.night,
      },
    ]);
  });

  it("leaves a gap as missing quarters and flags the quarters at its ends partial", () => {
    const readings = steadyReadings(T0, 7201, 1, 2000);
    // The cable is out from 10:07 to 11:32.
    const withGap = readings.filter((r) => r.atMs < T0 + 420_000 || r.atMs >= T0 + 5_520_000);
    const quarters = run(withGap);
    expect(quarters.map((q) => [(q.startMs - T0) / 60_000, q.quality, q.importKWh])).toEqual([
      [0, Quality.partial, 0.233], // 10:00–10:07 (7 minutes minus the last second)
      [90, Quality.partial, 0.433], // 11:32–11:45
      [105, Quality.measured, 0.5],
    ]);
    const [bucket] = quartersToBuckets("site", quarters);
    expect(bucket.quality.slice(40, 47)).toEqual([
      Quality.partial,
      Quality.missing,
      Quality.missing,
      Quality.missing,
      Quality.missing,
      Quality.missing,
      Quality.partial,
    ]);
    expect(bucket.imported.slice(41, 46)).toEqual([null, null, null, null, null]);
  });

  it("gives a DST day 92 or 100 measured quarters", () => {
    for (const [day, slots] of [["2024-03-31", 92], ["2023-10-29", 100]] as const) {
      const start = dayStartMs(day);
      const readings = steadyReadings(start, slots * 90 + 1, 10, 400);
      const buckets = quartersToBuckets("site", run(readings));
      expect(buckets.length).toBe(1);
      expect(buckets[0].imported.length).toBe(slotsInDay(day));
      expect(buckets[0].quality.every((q) => q === Quality.measured)).toBe(true);
      expect(buckets[0].imported.every((kWh) => kWh === 0.1)).toBe(true);
    }
  });

  it("gives the same quarters however the stream is split by reloads (property)", () => {
    const readings = steadyReadings(T0 - 200_000, 3000, 1, 1700).filter((_, i) => i % 11 !== 3);
    const whole = run(readings);
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: readings.length - 1 }), { maxLength: 8 }),
        (cuts) => {
          const quarters: ClosedQuarter[] = [];
          let state = new QuarterAccumulator().state;
          let at = 0;
          for (const cut of [...cuts.sort((a, b) => a - b), readings.length]) {
            // A page reload: a new accumulator from the saved state, fed the rest.
            const accumulator = new QuarterAccumulator(JSON.parse(JSON.stringify(state)));
            quarters.push(...run(readings.slice(at, cut), accumulator));
            state = accumulator.state;
            at = cut;
          }
          expect(quarters).toEqual(whole);
        },
      ),
      { numRuns: 50 },
    );
  });

  it("ignores repeated telegrams and restarts after a meter reset", () => {
    const readings = steadyReadings(T0, 901, 1, 2000);
    const accumulator = new QuarterAccumulator();
    for (const r of readings.slice(0, 600)) accumulator.push(r);
    expect(accumulator.push(readings[300])).toEqual([]);
    const reset = { ...readings[600], importNightKWh: 0 };
    expect(accumulator.push(reset)).toEqual([
      {
        startMs: T0,
        importKWh: 0.333,
        exportKWh: 0,
        quality: Quality.partial,
        register: Register.night,
      },
    ]);
  });

  it("starts afresh when the meter's clock is set back by more than an hour", () => {
    const accumulator = new QuarterAccumulator();
    const later = steadyReadings(T0 + 86_400_000, 10, 1, 2000);
    for (const r of later) accumulator.push(r);
    // Back to T0: a day earlier. The quarter from T0 on is counted as if nothing came before.
    const quarters = run(steadyReadings(T0, 901, 1, 2000), accumulator);
    expect(quarters).toEqual([
      {
        startMs: T0,
        importKWh: 0.5,
        exportKWh: 0,
        quality: Quality.measured,
        register: Register.night,
      },
    ]);
  });

  it("counts simulated P1 telegrams into the meter's own register differences", () => {
    const simulator = new HouseholdSimulator({
      startMs: Date.UTC(2024, 5, 12, 16, 59, 0),
      seed: 7,
    });
    const readings: Reading[] = [];
    const decoder = new P1Decoder((r) => readings.push(r));
    const encoder = new TextEncoder();
    for (let i = 0; i < 3720; i++) decoder.push(encoder.encode(simulator.next()));
    const registerReadings = readings.map((r) => registerReadingOf(r)).filter((r) => r !== null);
    expect(registerReadings.length).toBe(3720);
    const quarters = run(registerReadings);
    const measured = quarters.filter((q) => q.quality === Quality.measured);
    expect(measured.length).toBe(4); // 19:00 … 20:00 local
    const first = registerReadings.find((r) => r.atMs === measured[0].startMs)!;
    const last = registerReadings.find((r) => r.atMs === measured[3].startMs + 900_000)!;
    const total = measured.reduce((sum, q) => sum + q.importKWh, 0);
    const registers = last.importDayKWh + last.importNightKWh - first.importDayKWh -
      first.importNightKWh;
    expect(total).toBeCloseTo(registers, 2);
    expect(measured.every((q) => q.register === Register.day)).toBe(true);
  });
});
