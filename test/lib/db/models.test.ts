/** The charge session document: old documents stay valid, new fields are checked. */
import { describe, expect, it } from "vitest";
import { ChargeSessionModel } from "../../../lib/db/models.ts";

/** A session as it was stored before the optional fields existed. */
const OLD = {
  id: "site-session-1",
  siteId: "site",
  deviceId: "site-charger",
  startMs: 1_717_261_200_000,
  endMs: 1_717_275_600_000,
  energyKWh: 7.5,
  updatedAt: 1_717_275_600_000,
};

const FULL = {
  ...OLD,
  chargerName: "Oprit links",
  idTag: "04A2B3C4D5E6F7",
  userId: "u-123",
  owner: "Acme BV",
  address: "Kerkstraat 1, 2000 Antwerpen",
  region: "flanders",
  meterStartKWh: 1520.25,
  meterStopKWh: 1527.75,
  consumptionKWhPer100km: 18,
  kmAdded: 41.67,
  solarKWh: 2.5,
  costEur: 1.62,
  cregEurPerKWh: 0.2822,
  reimbursementEur: 2.12,
  status: "finished",
};

function problems(doc: unknown): string[] {
  const result = ChargeSessionModel.safeParse(doc);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
}

describe("ChargeSessionModel", () => {
  it("keeps accepting a session stored before the new fields", () => {
    expect(ChargeSessionModel.parse(OLD)).toEqual(OLD);
  });

  it("keeps every new field of a full session", () => {
    expect(ChargeSessionModel.parse(FULL)).toEqual(FULL);
  });

  it("refuses numbers that are not numbers or out of range", () => {
    for (const field of ["energyKWh", "kmAdded", "solarKWh", "costEur", "cregEurPerKWh"]) {
      expect(problems({ ...FULL, [field]: Number.NaN }), field).not.toEqual([]);
      expect(problems({ ...FULL, [field]: Number.POSITIVE_INFINITY }), field).not.toEqual([]);
    }
    expect(problems({ ...FULL, kmAdded: -1 })).toHaveLength(1);
    expect(problems({ ...FULL, consumptionKWhPer100km: 9 })).toHaveLength(1);
    expect(problems({ ...FULL, consumptionKWhPer100km: 41 })).toHaveLength(1);
    expect(problems({ ...FULL, cregEurPerKWh: 28.22 })).toHaveLength(1); // c€ given as €
    expect(problems({ ...FULL, region: "limburg" })).toHaveLength(1);
  });

  it("refuses figures that contradict each other", () => {
    expect(problems({ ...FULL, meterStopKWh: 1520 })).toEqual([
      "meterStopKWh: the meter cannot stop below where it started",
    ]);
    expect(problems({ ...FULL, solarKWh: 7.6 })).toEqual([
      "solarKWh: the solar part cannot exceed the session's energy",
    ]);
    expect(problems({ ...FULL, endMs: FULL.startMs - 1 })).toEqual([
      "endMs: a session cannot end before it starts",
    ]);
    // A running session has no end yet.
    expect(problems({ ...FULL, endMs: null, status: "running" })).toEqual([]);
  });

  it("refuses NUL and other control characters, and oversized labels", () => {
    expect(problems({ ...FULL, owner: "Acme\u0000BV" })).toEqual([
      "owner: contains a control character",
    ]);
    expect(problems({ ...FULL, chargerName: "Oprit\nlinks" })).toHaveLength(1);
    expect(problems({ ...FULL, idTag: "A".repeat(21) })).toHaveLength(1);
    expect(problems({ ...FULL, idTag: "A".repeat(20) })).toEqual([]);
    expect(problems({ ...FULL, address: "x".repeat(301) })).toHaveLength(1);
    // Letters of any language are labels too.
    expect(problems({ ...FULL, owner: "Élodie Dupré — Société", chargerName: "Garáž 🚗" }))
      .toEqual([]);
  });
});
