import { Dexie } from "dexie";
import { IDBKeyRange, indexedDB } from "fake-indexeddb";
import { describe, expect, it } from "vitest";
import { RawStore } from "../../../app/browser/raw_store.ts";
import { emptyChunk, putSample, RAW_FIELDS, type RawField } from "../../../lib/energy/raw_chunk.ts";

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

  it("counts and deletes a meter's hours over a period, leaving other meters and hours", async () => {
    const store = open();
    for (let h = -2; h < 4; h++) {
      store.add("p1:A", HOUR + h * 3_600_000, sample(h));
      store.add("p1:B", HOUR + h * 3_600_000, sample(h));
    }
    await store.flush();
    const to = HOUR + 2 * 3_600_000;
    expect(await store.countHours(["p1:A"], HOUR, to)).toBe(2);
    expect(await store.countHours(["p1:A", "p1:B"], HOUR - 3_600_000, to)).toBe(6);
    expect(await store.deleteHours(["p1:A"], HOUR, to)).toBe(2);
    expect(await store.hour("p1:A", HOUR)).toBeUndefined();
    expect(await store.hour("p1:A", HOUR + 3_600_000)).toBeUndefined();
    // The hour at `to` is outside; the other meter keeps every hour.
    expect((await store.hour("p1:A", to))!.values.importW[0]).toBe(2);
    expect(await store.countHours(["p1:B"], HOUR - 2 * 3_600_000, HOUR + 4 * 3_600_000)).toBe(6);
    expect(await store.count()).toBe(10);
    store.close();
  });

  it("finds the hours of a store written before it was indexed by meter", async () => {
    const name = `raw${n++}`;
    const v1 = new Dexie(name, { indexedDB, IDBKeyRange });
    v1.version(1).stores({ chunks: "key, hourStartMs" });
    // An hour as the first release stored it, in a version 1 database.
    const chunk = emptyChunk("p1:A", HOUR);
    putSample(chunk, HOUR, sample(7));
    await v1.table("chunks").put(chunk);
    v1.close();
    const store = new RawStore(name, { indexedDB, IDBKeyRange });
    expect(await store.countHours(["p1:A"], HOUR, HOUR + 1)).toBe(1);
    expect(await store.deleteHours(["p1:A"], HOUR, HOUR + 1)).toBe(1);
    expect(await store.count()).toBe(0);
    store.close();
  });

  it("lays restored hours over stored ones, visits each, and can be removed whole", async () => {
    const name = `raw${n++}`;
    const store = new RawStore(name, { indexedDB, IDBKeyRange });
    store.add("m", HOUR + 1000, sample(10));
    await store.flush();
    // The same hour from a file: another second of it.
    const fromFile = emptyChunk("m", HOUR);
    putSample(fromFile, HOUR + 2000, sample(20));
    expect(await store.put([fromFile])).toBe(1);
    const seen: number[][] = [];
    await store.each((c) => seen.push([c.values.importW[1], c.values.importW[2]]));
    expect(seen).toEqual([[10, 20]]);
    store.close();
    await RawStore.remove(name, { indexedDB, IDBKeyRange });
    const again = new RawStore(name, { indexedDB, IDBKeyRange });
    expect(await again.count()).toBe(0);
    again.close();
  });
});
