import { describe, expect, it } from "vitest";
import { P1Decoder } from "../../../lib/p1/decoder.ts";
import type { Reading } from "../../../lib/p1/reading.ts";
import { HouseholdSimulator } from "../../../lib/p1/simulator.ts";
import { instantMs } from "../../../lib/p1/timestamp.ts";
import { latin1Bytes } from "../../fixtures/p1.ts";

function run(simulator: HouseholdSimulator, seconds: number): Reading[] {
  const readings: Reading[] = [];
  const decoder = new P1Decoder((r) => readings.push(r));
  for (let i = 0; i < seconds; i++) decoder.push(latin1Bytes(simulator.next()));
  return readings;
}

describe("HouseholdSimulator", () => {
  // A Wednesday in June, 17:00 to 21:00 Brussels time: cooking, then the EV.
  const evening = run(
    new HouseholdSimulator({ startMs: Date.UTC(2024, 5, 12, 15, 0, 0), seed: 7 }),
    4 * 3600,
  );

  it("sends valid telegrams one second apart", () => {
    expect(evening.every((r) => r.crcValid === true && r.errors.length === 0)).toBe(true);
    expect(evening[0].meterTime).toBe("2024-06-12T17:00:00+02:00");
    expect(instantMs(evening[1].meterTime)! - instantMs(evening[0].meterTime)!).toBe(1000);
  });

  it("keeps registers rising and 1.4.0 equal to the quarter's energy × 4", () => {
    for (let i = 1; i < evening.length; i++) {
      expect(evening[i].importKWh.t1).toBeGreaterThanOrEqual(evening[i - 1].importKWh.t1);
    }
    // Over a whole quarter (18:00:00–18:14:59), 1.4.0 at its last second ≈ Δregister × 4.
    const start = evening.findIndex((r) => r.meterTime === "2024-06-12T18:00:00+02:00");
    const last = evening[start + 899];
    const delta = last.importKWh.t1 - evening[start - 1].importKWh.t1;
    expect(last.demand?.currentAverageKW).toBeCloseTo(delta * 4, 2);
  });

  it("charges an EV on a weekday evening and records the month's peak", () => {
    const at2030 = evening.find((r) => r.meterTime === "2024-06-12T20:30:00+02:00")!;
    expect(at2030.powerKW.import).toBeGreaterThan(7.4);
    expect(at2030.tariff).toBe(1);
    const peak = evening.at(-1)!.demand!.monthPeak!;
    expect(peak.kW).toBeGreaterThan(7.4);
    expect(peak.at! >= "2024-06-12T19:00:00+02:00").toBe(true);
    expect(evening.at(-1)!.demand!.history.length).toBe(12);
  });

  it("exports at midday and runs night tariff at weekends", () => {
    const noon = run(
      new HouseholdSimulator({ startMs: Date.UTC(2024, 5, 15, 11, 0, 0), seed: 7 }),
      60,
    );
    expect(noon.every((r) => r.powerKW.export! > 1 && r.powerKW.import === 0)).toBe(true);
    expect(noon[0].tariff).toBe(2); // a Saturday
  });

  it("is deterministic for a seed", () => {
    const a = new HouseholdSimulator({ seed: 3 });
    const b = new HouseholdSimulator({ seed: 3 });
    for (let i = 0; i < 10; i++) expect(a.next()).toBe(b.next());
  });
});
