import { describe, expect, it } from "vitest";
import { emptyBucket, Quality, Source } from "../../../lib/energy/day_bucket.ts";
import { mergeBucket } from "../../../lib/energy/merge.ts";

function bucketWith(slots: Record<number, [number, number, number, number]>) {
  const bucket = emptyBucket("site", "grid", "2024-06-01");
  for (const [slot, [importKWh, exportKWh, quality, source]] of Object.entries(slots)) {
    const i = Number(slot);
    bucket.imported[i] = importKWh;
    bucket.exported[i] = exportKWh;
    bucket.quality[i] = quality as Quality;
    bucket.source[i] = source as Source;
  }
  return bucket;
}

describe("merging day buckets slot by slot", () => {
  it("takes the better quality and never lets a missing slot erase a value", () => {
    const stored = bucketWith({
      0: [0.1, 0, Quality.measured, Source.p1],
      1: [0.2, 0, Quality.partial, Source.p1],
      2: [0.3, 0, Quality.validated, Source.fluvius],
    });
    const offered = bucketWith({
      0: [0.1, 0, Quality.validated, Source.fluvius],
      1: [0.25, 0, Quality.estimated, Source.fluvius],
      2: [0.9, 0, Quality.measured, Source.p1],
    });
    const { bucket, changedSlots, disagreements } = mergeBucket(stored, offered, 42);
    expect(bucket.imported.slice(0, 4)).toEqual([0.1, 0.25, 0.3, null]);
    expect(bucket.quality.slice(0, 4)).toEqual([
      Quality.validated,
      Quality.estimated,
      Quality.validated,
      Quality.missing,
    ]);
    expect(changedSlots).toBe(2);
    expect(bucket.updatedAt).toBe(42);
    // P1 says 0.9 where Fluvius validated 0.3: kept, and reported.
    expect(disagreements).toEqual([{
      day: "2024-06-01",
      slot: 2,
      stored: { importKWh: 0.3, exportKWh: 0, source: Source.fluvius },
      offered: { importKWh: 0.9, exportKWh: 0, source: Source.p1 },
    }]);
    expect(stored.imported[1]).toBe(0.2); // the stored bucket is not modified
  });

  it("changes nothing when the same data comes again", () => {
    const stored = bucketWith({ 5: [0.1, 0.2, Quality.validated, Source.fluvius] });
    const first = mergeBucket(undefined, stored, 1);
    expect(first.changedSlots).toBe(1);
    const again = mergeBucket(first.bucket, structuredClone(stored), 2);
    expect(again.changedSlots).toBe(0);
    expect(again.bucket).toBe(first.bucket);
  });

  it("tolerates the registers' rounding between sources", () => {
    const stored = bucketWith({ 7: [0.101, 0, Quality.measured, Source.p1] });
    const offered = bucketWith({ 7: [0.1, 0, Quality.validated, Source.fluvius] });
    expect(mergeBucket(stored, offered, 3).disagreements).toEqual([]);
  });
});

describe("disagreeing values", () => {
  it("keeps the losing source's value beside the winner, once, whichever comes first", () => {
    const p1 = bucketWith({ 3: [0.5, 0, Quality.measured, Source.p1] });
    const fluvius = bucketWith({ 3: [0.3, 0, Quality.validated, Source.fluvius] });
    const first = mergeBucket(p1, fluvius, 1);
    expect(first.bucket.imported[3]).toBe(0.3);
    expect(first.bucket.others).toEqual([
      { slot: 3, source: Source.p1, quality: Quality.measured, importKWh: 0.5, exportKWh: 0 },
    ]);
    // P1 offers its value again later: nothing new to write.
    const again = mergeBucket(
      first.bucket,
      bucketWith({ 3: [0.5, 0, Quality.measured, Source.p1] }),
      2,
    );
    expect(again.changed).toBe(false);
    // The other order ends the same.
    const reverse = mergeBucket(mergeBucket(undefined, fluvius, 1).bucket, p1, 2);
    expect(reverse.bucket.imported[3]).toBe(0.3);
    expect(reverse.bucket.others).toEqual(first.bucket.others);
  });

  it("carries both devices' alternatives through a merge", () => {
    const a = {
      ...bucketWith({}),
      others: [{
        slot: 1,
        source: Source.p1,
        quality: Quality.measured,
        importKWh: 1,
        exportKWh: 0,
      }],
    };
    const b = {
      ...bucketWith({}),
      others: [{
        slot: 2,
        source: Source.p1,
        quality: Quality.measured,
        importKWh: 2,
        exportKWh: 0,
      }],
    };
    expect(mergeBucket(a, b as typeof a, 3).bucket.others?.map((o) => o.slot)).toEqual([1, 2]);
  });
});
