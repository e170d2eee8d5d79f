import { describe, expect, it } from "vitest";
import { Quality, Source } from "../../../lib/energy/day_bucket.ts";
import { canDelete, settlePush, type SyncDoc } from "../../../lib/sync/collections.ts";

function day(slots: Record<number, [number, number]>, updatedAt = 10): SyncDoc {
  const bucket = {
    id: "s|grid|15|2024-06-01",
    siteId: "s",
    channel: "grid",
    day: "2024-06-01",
    slotMinutes: 15,
    unit: "kWh",
    imported: new Array(96).fill(null),
    exported: new Array(96).fill(null),
    quality: new Array(96).fill(Quality.missing),
    register: new Array(96).fill(1),
    source: new Array(96).fill(0),
    updatedAt,
    _deleted: false,
  };
  for (const [slot, [kWh, quality]] of Object.entries(slots)) {
    bucket.imported[Number(slot)] = kWh;
    bucket.exported[Number(slot)] = 0;
    bucket.quality[Number(slot)] = quality;
    bucket.source[Number(slot)] = quality === Quality.validated ? Source.fluvius : Source.p1;
  }
  return bucket;
}

const tariff = (name: string, updatedAt: number): SyncDoc => ({
  id: "t1",
  siteId: "s",
  name,
  updatedAt,
  _deleted: false,
});

describe("settlePush", () => {
  it("takes a newest-wins edit made from the stored copy, and refuses one made from another", () => {
    const stored = tariff("Vast", 1);
    expect(settlePush("tariff_versions", stored, stored, tariff("Dag/nacht", 2))).toEqual({
      write: tariff("Dag/nacht", 2),
      conflict: null,
    });
    expect(settlePush("tariff_versions", stored, tariff("Oud", 0), tariff("Dag/nacht", 2)))
      .toEqual({ write: null, conflict: stored });
    expect(settlePush("tariff_versions", stored, null, tariff("Dag/nacht", 2))).toEqual({
      write: null,
      conflict: stored,
    });
    expect(settlePush("tariff_versions", undefined, null, tariff("Nieuw", 2))).toEqual({
      write: tariff("Nieuw", 2),
      conflict: null,
    });
  });

  it("merges a bucket by quality whatever was assumed, and answers the merge when it differs", () => {
    const stored = day({ 0: [0.3, Quality.validated] }, 10);
    const offered = day({ 0: [0.1, Quality.measured], 1: [0.2, Quality.measured] }, 20);
    const settled = settlePush("energy_days", stored, stored, offered);
    // The validated slot stays; the meter's differing value is kept beside it, not lost.
    const merged = {
      ...day({ 0: [0.3, Quality.validated], 1: [0.2, Quality.measured] }, 20),
      others: [{
        slot: 0,
        source: Source.p1,
        quality: Quality.measured,
        importKWh: 0.1,
        exportKWh: 0,
      }],
    };
    expect(settled).toEqual({ write: merged, conflict: merged });
    // Offering exactly what the merge gives is accepted without a conflict.
    expect(settlePush("energy_days", stored, null, merged)).toEqual({
      write: merged,
      conflict: null,
    });
    // Offering nothing better writes nothing and answers the stored copy.
    const worse = day({ 0: [0.3, Quality.estimated] }, 30);
    expect(settlePush("energy_days", stored, stored, worse)).toEqual({
      write: null,
      conflict: stored,
    });
  });

  it("deletes a bucket only from the stored copy, never by merging", () => {
    const stored = day({ 0: [0.3, Quality.measured] });
    const tombstone = { ...stored, _deleted: true, updatedAt: 11 };
    expect(settlePush("energy_days", stored, stored, tombstone)).toEqual({
      write: tombstone,
      conflict: null,
    });
    expect(settlePush("energy_days", stored, null, tombstone)).toEqual({
      write: null,
      conflict: stored,
    });
  });

  it("lets only owners and installers delete measurements", () => {
    expect(canDelete("energy_days", "user")).toBe(false);
    expect(canDelete("meters", "user")).toBe(false);
    expect(canDelete("energy_days", "owner")).toBe(true);
    expect(canDelete("meters", "installer")).toBe(true);
    expect(canDelete("charge_sessions", "user")).toBe(true);
  });
});
