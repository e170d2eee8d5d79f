import { describe, expect, it } from "vitest";
import {
  acc32,
  float32,
  int16,
  isMarker,
  pvReadingOf,
  scaled,
  sunspecString,
  sunssf,
  uint16,
  uint64,
} from "../../../lib/control/sunspec.ts";

describe("SunSpec values", () => {
  it("knows the SunS marker", () => {
    expect(isMarker([0x5375, 0x6e53])).toBe(true);
    expect(isMarker([0x5375, 0x6e54])).toBe(false);
  });

  it("reads unimplemented values as null, never as numbers", () => {
    expect(int16(0x8000)).toBeNull();
    expect(int16(0xfffe)).toBe(-2);
    expect(uint16(0xffff)).toBeNull();
    expect(sunssf(0x8000)).toBeNull();
    expect(sunssf(0xfffe)).toBe(-2);
    expect(acc32(0, 0)).toBeNull();
    // 0x0001_0002 = 65 536 + 2.
    expect(acc32(1, 2)).toBe(65_538);
    expect(uint64([0xffff, 0xffff, 0xffff, 0xffff])).toBeNull();
    // 0x0000_0001_0000_0000 = 2³².
    expect(uint64([0, 1, 0, 0])).toBe(2 ** 32);
    expect(float32(0x7fc0, 0)).toBeNull();
    // 0x447A0000 is 1000.0 in IEEE 754 single precision.
    expect(float32(0x447a, 0)).toBe(1000);
    expect(sunspecString([0, 0, 0])).toBeNull();
    // "SMA" = 0x53 0x4D, 0x41 then NUL.
    expect(sunspecString([0x534d, 0x4100, 0x4242])).toBe("SMA");
  });

  it("applies scale factors, and a value with an unknown one is unknown", () => {
    expect(scaled(1234, -1)).toBe(123.4);
    expect(scaled(1234, 2)).toBe(123_400);
    expect(scaled(1234, null)).toBeNull();
    expect(scaled(null, 0)).toBeNull();
  });

  it("takes a negative AC power (the inverter's own use at night) as no production", () => {
    const reading = pvReadingOf(
      0,
      {
        powerW: -3,
        energyWh: 100,
        energyWrapWh: null,
        state: "sleeping",
      },
      null,
      [],
    );
    expect(reading.powerW).toBe(0);
  });
});

describe("the counter a reading takes", () => {
  it("stays on the inverter model's counter once settled, even while it reads unknown", () => {
    const inverter = {
      powerW: 1500,
      energyWh: null,
      energyWrapWh: null,
      state: "mppt" as const,
    };
    const derAc = { powerW: 1490, injectedWh: 7_000_000, absorbedWh: null };
    // Not settled: 701's counter stands in.
    expect(pvReadingOf(0, inverter, derAc, []).energyWh).toBe(7_000_000);
    // Settled on the inverter model: unknown, not 701's (the two counters do not agree).
    expect(pvReadingOf(0, inverter, derAc, [], "inverter").energyWh).toBeNull();
  });
});
