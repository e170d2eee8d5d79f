import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isValidReading, P1Decoder, p1ReadingStream } from "../../../lib/p1/decoder.ts";
import type { Reading } from "../../../lib/p1/reading.ts";
import {
  concatBytes,
  latin1Bytes,
  P1_FIXTURES,
  p1Fixture,
  p1FixtureText,
} from "../../fixtures/p1.ts";

const stream = concatBytes(...P1_FIXTURES.map(p1Fixture));

function decodeAll(chunks: Iterable<Uint8Array>) {
  const readings: Reading[] = [];
  const decoder = new P1Decoder((r) => readings.push(r));
  for (const chunk of chunks) decoder.push(chunk);
  return { readings, stats: decoder.stats };
}

/** Cuts `bytes` at the given offsets (sorted, deduplicated, within range). */
function cutAt(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let from = 0;
  for (const point of points) {
    out.push(bytes.subarray(from, point));
    from = point;
  }
  out.push(bytes.subarray(from));
  return out;
}

const reference = decodeAll([stream]).readings;

describe("P1Decoder", () => {
  it("decodes every fixture in one stream, all valid", () => {
    expect(reference.length).toBe(P1_FIXTURES.length);
    expect(reference.every(isValidReading)).toBe(true);
    expect(reference.map((r) => r.meterTime)).toEqual([
      "2018-11-06T14:04:29+01:00",
      "2020-04-26T22:33:25+02:00",
      "2020-02-25T18:04:27+01:00",
      "2023-11-02T12:15:48+01:00",
      "2020-05-12T13:54:09+02:00",
    ]);
  });

  it("property: any chunking of a valid stream yields the same readings", () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 60 }), (cuts) => {
        expect(decodeAll(cutAt(stream, cuts)).readings).toEqual(reference);
      }),
      { numRuns: 300 },
    );
  });

  it("property: random corruption never throws and never passes a changed telegram", () => {
    const original = p1Fixture("fluvius-e-mucs-1.7.1-three-phase-gas-water.txt");
    const bang = p1FixtureText("fluvius-e-mucs-1.7.1-three-phase-gas-water.txt").lastIndexOf("!");
    // Bursts of up to 16 bits: CRC-16 detects every one of them, so no run can collide by luck.
    fc.assert(
      fc.property(
        fc.nat({ max: bang + 4 }),
        fc.uint8Array({ minLength: 1, maxLength: 2 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        (at, burst, cuts) => {
          const bytes = original.slice();
          bytes.set(burst.subarray(0, bytes.length - at), at);
          const covered = (b: Uint8Array) => b.subarray(0, bang + 1);
          const changed = covered(bytes).some((b, i) => b !== original[i]);
          const { readings } = decodeAll(cutAt(bytes, cuts));
          // A `/` written at a line start splits it in two: the part before, closed without its
          // `!`, is a reading too — never a valid one.
          expect(readings.length).toBeLessThanOrEqual(2);
          if (changed) {
            for (const reading of readings) {
              expect(reading.crcValid).not.toBe(true);
              expect(isValidReading(reading)).toBe(false);
            }
          }
        },
      ),
      { numRuns: 3000 },
    );
  });

  it("property: arbitrary bytes never throw", () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 10 }), (chunks) => {
        const { stats } = decodeAll(chunks);
        expect(stats.bytesReceived).toBe(chunks.reduce((n, c) => n + c.length, 0));
      }),
      { numRuns: 500 },
    );
  });

  it("counts a bad telegram with its reason and keeps going", () => {
    const bad = latin1Bytes(
      p1FixtureText("fluvius-e-mucs-1.3-three-phase.txt").replace("(000750.826", "(000750.827"),
    );
    const { readings, stats } = decodeAll([bad, p1Fixture("fluvius-e-mucs-1.3-three-phase.txt")]);
    expect(readings.map((r) => r.crcValid)).toEqual([false, true]);
    expect(readings[0].importKWh.t1).toBe(750.827);
    expect(stats).toMatchObject({ telegrams: 2, valid: 1, crcFailures: 1 });
  });

  it("marks a DSMR 5 telegram whose CRC went missing as invalid", () => {
    const text = p1FixtureText("fluvius-e-mucs-1.3-three-phase.txt").replace("!09EF", "!");
    const { readings, stats } = decodeAll([latin1Bytes(text)]);
    expect(readings[0].crcValid).toBe(false);
    expect(readings[0].errors).toContain("telegram ends without its CRC");
    expect(stats.missingCrc).toBe(1);
  });

  it("pipes through a TransformStream", async () => {
    const { readable, writable, decoder } = p1ReadingStream();
    const writer = writable.getWriter();
    const done = (async () => {
      const out: Reading[] = [];
      for await (const r of readable) out.push(r);
      return out;
    })();
    for (let i = 0; i < stream.length; i += 13) await writer.write(stream.subarray(i, i + 13));
    await writer.close();
    expect((await done).map((r) => r.equipmentId)).toEqual(reference.map((r) => r.equipmentId));
    expect(decoder.stats.valid).toBe(5);
  });
});
