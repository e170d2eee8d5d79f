import { describe, expect, it } from "vitest";
import { registerReadingOf, sampleOf } from "../../../lib/p1/energy_input.ts";
import { parseTelegram } from "../../../lib/p1/parser.ts";
import { p1FixtureText } from "../../fixtures/p1.ts";

const reading = parseTelegram(p1FixtureText("fluvius-e-mucs-1.3-three-phase.txt"));

describe("registerReadingOf", () => {
  it("takes the instant and the four tariff registers of a Belgian telegram", () => {
    expect(registerReadingOf(reading)).toEqual({
      atMs: Date.parse("2020-02-25T18:04:27+01:00"),
      importDayKWh: 750.826,
      importNightKWh: 830.366,
      exportDayKWh: 0.005,
      exportNightKWh: 0.204,
      tariff: 1,
    });
  });

  it("gives nothing without a meter time", () => {
    expect(registerReadingOf({ ...reading, meterTime: null })).toBeNull();
  });
});

describe("sampleOf", () => {
  it("turns power into W and keeps voltage and current, NaN where the meter sends none", () => {
    const sample = sampleOf(reading);
    expect(sample.importW).toBeCloseTo(921, 6);
    expect(sample.exportW).toBe(0);
    expect([sample.l1V, sample.l2V, sample.l3V]).toEqual([227.3, 233.1, 229.5]);
    expect([sample.l1A, sample.l2A, sample.l3A]).toEqual([0, 3, 0]);
    // This meter sends no per-phase power (21.7.0…): the phase watts are unknown.
    expect([sample.l1W, sample.l2W, sample.l3W]).toEqual([NaN, NaN, NaN]);
  });
});
