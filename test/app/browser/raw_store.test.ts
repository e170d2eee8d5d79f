import { IDBKeyRange, indexedDB } from "fake-indexeddb";
import { describe, expect, it } from "vitest";
import { RawStore } from "../../../app/browser/raw_store.ts";
import { RAW_FIELDS, type RawField } from "../../../lib/energy/raw_chunk.ts";

const HOUR = Date.UTC(2024, 5, 12, 8);

function sample(importW: number): Record<RawField, number> {
  const s = {} as Record<RawField, number>;
  for (const field of RAW_FIELDS) s[field] = NaN;
  s.importW = importW;
  s.l1V = 231.5;
  return s;
}

let n = 0;
const open = () => new RawStore(`raw${n++}`, { indexedDB, IDBKeyRange });

describe("raw one-second readings in Dexie", () => {
  it("stores an hour as typed arrays, seconds without a reading as NaN", async () => {
    const store = open();
    store.add("m", HOUR + 0, sample(500));
    store.add("m", HOUR + 2000, sample(750));
    expect(await store.flush()).toBe(1);
    const chunk = (await store.hour("m", HOUR))!;
    expect(chunk.values.importW).toBeInstanceOf(Float32Array);
    expect(chunk.values.importW[0]).toBe(500);
    expect(chunk.values.importW[1]).toBeNaN();
    expect(chunk.values.importW[2]).toBe(750);
    expect(chunk.values.l1V[2]).toBeCloseTo(231.5, 4);
    store.close();
  });

  it("keeps the hour's first part when a reloaded page flushes the rest", async () => {
    const name = `raw${n++}`;
    const before = new RawStore(name, { indexedDB, IDBKeyRange });
    before.add("m", HOUR + 10_000, sample(100));
    await before.flush();
    before.close();
    const after = new RawStore(name, { indexedDB, IDBKeyRange });
    after.add("m", HOUR + 20_000, sample(200));
    await after.flush();
    const chunk = (await after.hour("m", HOUR))!;
    expect([chunk.values.importW[10], chunk.values.importW[20]]).toEqual([100, 200]);
    after.close();
  });

  it("prunes hours older than the retention", async () => {
    const store = open();
    const day = 86_400_000;
    for (const age of [40, 31, 29, 1]) store.add("m", HOUR - age * day, sample(age));
    await store.flush();
    expect(await store.prune(HOUR, 30)).toBe(2);
    expect(await store.hour("m", HOUR - 31 * day)).toBeUndefined();
    expect((await store.hour("m", HOUR - 29 * day))!.values.importW[0]).toBe(29);
    store.close();
  });
});
