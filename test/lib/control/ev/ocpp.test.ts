/**
 * OCPP 1.6 in the app's terms: statuses, meter values in their units, the profile that carries a
 * limit, and the watch for chargers that ignore theirs.
 */
import { describe, expect, it } from "vitest";
import {
  chargerStatusOf,
  LimitWatch,
  meterPartOf,
  newestAtMs,
  type OcppStatus,
  profileFor,
} from "../../../../lib/control/ev/ocpp.ts";

describe("chargerStatusOf", () => {
  it("words every OCPP 1.6 connector status as the app does", () => {
    const words: Record<OcppStatus, string> = {
      Available: "standby",
      Preparing: "carConnected",
      Charging: "charging",
      SuspendedEV: "sleeping",
      SuspendedEVSE: "sleeping",
      Finishing: "carConnected",
      Reserved: "standby",
      Faulted: "fault",
      Unavailable: "fault",
    };
    for (const [status, word] of Object.entries(words)) {
      expect(chargerStatusOf(status as OcppStatus)).toBe(word);
    }
    expect(chargerStatusOf(null)).toBe("starting");
  });
});

describe("meterPartOf", () => {
  const at = "2026-03-02T18:00:10Z";

  it("takes per-phase current, power, energy, offered current and SoC", () => {
    const part = meterPartOf([{
      timestamp: at,
      sampledValue: [
        { value: "15.9", measurand: "Current.Import", phase: "L1", unit: "A" },
        { value: "16.0", measurand: "Current.Import", phase: "L2-N", unit: "A" },
        { value: "0", measurand: "Current.Import", phase: "L3" },
        { value: "4", measurand: "Current.Import", phase: "N", unit: "A" },
        { value: "11.04", measurand: "Power.Active.Import", unit: "kW" },
        { value: "1234567", measurand: "Energy.Active.Import.Register", unit: "Wh" },
        { value: "16", measurand: "Current.Offered", unit: "A" },
        { value: "57", measurand: "SoC", unit: "Percent", location: "EV" },
      ],
    }]);
    expect(part).toEqual({
      currentA: [15.9, 16, 0],
      powerW: 11040,
      meterKWh: 1234.567,
      offeredA: 16,
      socPct: 57,
    });
  });

  it("defaults to the energy register in Wh, reads kWh, and ignores what it cannot place", () => {
    expect(meterPartOf([{ timestamp: at, sampledValue: [{ value: "2500" }] }]).meterKWh).toBe(2.5);
    const part = meterPartOf([{
      timestamp: at,
      sampledValue: [
        { value: "12.5", measurand: "Energy.Active.Import.Register", unit: "kWh" },
        { value: "3", measurand: "Energy.Active.Import.Register", unit: "varh" },
        { value: "800", measurand: "Power.Active.Import", phase: "L1", unit: "W" },
        { value: "x", measurand: "Current.Import", phase: "L1" },
        { value: "7", measurand: "Current.Import", unit: "mA" },
        { value: "abc", measurand: "Energy.Active.Import.Register", format: "SignedData" },
      ],
    }]);
    expect(part).toEqual({
      currentA: [null, null, null],
      powerW: null,
      meterKWh: 12.5,
      offeredA: null,
      socPct: null,
    });
    // A 1-phase meter that gives no phase: its current is L1's.
    expect(
      meterPartOf([{
        timestamp: at,
        sampledValue: [{ value: "6", measurand: "Current.Import", unit: "A" }],
      }]).currentA,
    ).toEqual([6, null, null]);
  });

  it("finds the newest timestamp", () => {
    expect(newestAtMs([
      { timestamp: "2026-03-02T18:00:10Z", sampledValue: [] },
      { timestamp: "2026-03-02T19:00:10+01:00", sampledValue: [] },
      { timestamp: "2026-03-02T18:00:20Z", sampledValue: [] },
    ])).toBe(Date.parse("2026-03-02T18:00:20Z"));
    expect(newestAtMs([{ timestamp: "never", sampledValue: [] }])).toBeNull();
  });
});

describe("profileFor", () => {
  it("is one Relative period in A from the start, the limit floored to tenths", () => {
    const profile = profileFor({ currentA: 10.27, phases: 1 }, {
      purpose: "TxProfile",
      id: 2,
      stackLevel: 1,
      transactionId: 7,
    });
    expect(profile).toEqual({
      chargingProfileId: 2,
      transactionId: 7,
      stackLevel: 1,
      chargingProfilePurpose: "TxProfile",
      chargingProfileKind: "Relative",
      chargingSchedule: {
        chargingRateUnit: "A",
        chargingSchedulePeriod: [{ startPeriod: 0, limit: 10.2, numberPhases: 1 }],
      },
    });
    const limit = (a: number) =>
      profileFor({ currentA: a, phases: 3 }, { purpose: "TxDefaultProfile", id: 1, stackLevel: 0 })
        .chargingSchedule.chargingSchedulePeriod[0].limit;
    expect([limit(6), limit(6.3), limit(0.29), limit(16.99), limit(0)]).toEqual([
      6,
      6.3,
      0.2,
      16.9,
      0,
    ]);
  });
});

describe("LimitWatch", () => {
  const at = (a: number, offered: number | null = null) => ({
    currentA: [a, a, a] as [number, number, number],
    offeredA: offered,
  });

  it("reports a limit exceeded for N samples in a row after the first, and clears after N good ones", () => {
    const watch = new LimitWatch(1, 3);
    expect(watch.sample(at(16))).toBe(false); // no limit yet
    watch.limit(6);
    expect(watch.sample(at(16))).toBe(false); // the ramp's sample
    expect(watch.sample(at(16))).toBe(false);
    expect(watch.sample(at(7))).toBe(false); // within the tolerance: the run starts over
    expect(watch.sample(at(16))).toBe(false);
    expect(watch.sample(at(16))).toBe(false);
    expect(watch.sample(at(16))).toBe(true);
    expect(watch.problem).toEqual({ kind: "ignoresLimit", limitA: 6, measuredA: 16, samples: 3 });
    expect(watch.sample(at(16))).toBe(false); // still so
    expect(watch.problem?.samples).toBe(4);
    expect(watch.sample(at(6))).toBe(false);
    expect(watch.sample(at(6))).toBe(false);
    expect(watch.sample(at(6))).toBe(true);
    expect(watch.problem).toBeNull();
  });

  it("keeps counting when the same limit is sent again (the gateway resends it each minute)", () => {
    const watch = new LimitWatch(1, 3);
    watch.limit(6);
    watch.sample(at(16)); // the ramp's sample
    watch.sample(at(16));
    watch.sample(at(16));
    watch.limit(6);
    expect(watch.sample(at(16))).toBe(true);
    expect(watch.problem?.samples).toBe(3);
  });

  it("reports current on L2 or L3 under a 1-phase limit", () => {
    const watch = new LimitWatch(1, 2);
    watch.limit(16, 1);
    watch.sample({ currentA: [16, 16, 16], offeredA: 16 });
    watch.sample({ currentA: [16, 16, 16], offeredA: 16 });
    expect(watch.sample({ currentA: [16, 0.5, 16], offeredA: 16 })).toBe(true);
    expect(watch.problem).toEqual({
      kind: "ignoresPhases",
      limitA: 16,
      measuredA: 16,
      samples: 2,
    });
    watch.limit(10, 1);
    watch.sample({ currentA: [10, 16, 16], offeredA: 10 });
    watch.sample({ currentA: [10, 0.5, 0], offeredA: 10 });
    watch.sample({ currentA: [10, 0, 0], offeredA: 10 });
    expect(watch.problem).toBeNull();
  });

  it("counts what the charger offers too, and nothing without a limit", () => {
    const watch = new LimitWatch(1, 2);
    watch.limit(10);
    watch.sample(at(0, 16));
    watch.sample(at(0, 16));
    expect(watch.sample(at(0, 16))).toBe(true);
    watch.limit(null);
    expect(watch.problem).toBeNull();
    expect(watch.sample(at(0, 16))).toBe(false);
    // Only power metered: 11 kW on three phases is 16 A each, above 10 A.
    const powerOnly = new LimitWatch(1, 1);
    powerOnly.limit(10);
    const none = { currentA: [null, null, null] as [null, null, null], offeredA: null };
    powerOnly.sample({ ...none, powerW: 11_040 });
    expect(powerOnly.sample({ ...none, powerW: 11_040 })).toBe(true);
    expect(powerOnly.problem?.measuredA).toBe(16);
    expect(powerOnly.sample({ ...none, powerW: 6_900 })).toBe(true); // 10 A: fine
    const quiet = new LimitWatch();
    quiet.limit(6);
    for (let i = 0; i < 5; i++) {
      quiet.sample({ currentA: [null, null, null], offeredA: null });
    }
    expect(quiet.problem).toBeNull();
  });
});
