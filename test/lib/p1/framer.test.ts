import { describe, expect, it } from "vitest";
import { P1Framer, type TelegramFrame } from "../../../lib/p1/framer.ts";
import { crc16ArcOfText, formatCrc } from "../../../lib/p1/crc16.ts";
import {
  concatBytes,
  latin1Bytes,
  P1_FIXTURES,
  p1Fixture,
  p1FixtureText,
} from "../../fixtures/p1.ts";

interface Seen {
  text: string;
  crcValid: boolean | null;
  crcSent: string;
  ended: boolean;
}

const latin1 = new TextDecoder("latin1");

function frame(chunks: Uint8Array[], maxBytes?: number) {
  const seen: Seen[] = [];
  const framer = new P1Framer((f: TelegramFrame) => {
    seen.push({
      text: latin1.decode(f.bytes),
      crcValid: f.crcValid,
      crcSent: f.crcSent,
      ended: f.ended,
    });
  }, { maxBytes });
  for (const chunk of chunks) framer.push(chunk);
  return { seen, stats: framer.stats };
}

function chunked(bytes: Uint8Array, size: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size));
  return out;
}

/** A telegram with a correct CRC around the given body lines. */
function telegram(
  lines: string[],
  crc: (body: string) => string = (b) => formatCrc(crc16ArcOfText(b)),
) {
  const body = ["/FLU5\\253769484_A", "", ...lines, "!"].join("\r\n");
  return `${body}${crc(body)}\r\n`;
}

const fixture = p1Fixture("fluvius-e-mucs-1.7.1-three-phase-gas-water.txt");
const fixtureText = p1FixtureText("fluvius-e-mucs-1.7.1-three-phase-gas-water.txt");
const fixtureFrame = fixtureText.slice(0, fixtureText.lastIndexOf("!") + 5);

describe("P1Framer", () => {
  it.each([1, 13, 64, 1024, 100_000])("frames a fixture fed in %i-byte chunks", (size) => {
    const { seen, stats } = frame(chunked(fixture, size));
    expect(seen).toEqual([{ text: fixtureFrame, crcValid: true, crcSent: "3AD7", ended: true }]);
    expect(stats.bytesDiscarded).toBe(0);
  });

  it("frames line by line and two telegrams in one chunk", () => {
    const lines = fixtureText.split(/(?<=\n)/).map(latin1Bytes);
    expect(frame(lines).seen.length).toBe(1);
    const both = concatBytes(fixture, p1Fixture("fluvius-e-mucs-1.3-three-phase.txt"));
    const { seen } = frame([both]);
    expect(seen.map((s) => [s.crcValid, s.crcSent])).toEqual([[true, "3AD7"], [true, "09EF"]]);
  });

  it.each(P1_FIXTURES)("accepts every fixture's CRC: %s", (name) => {
    expect(frame([p1Fixture(name)]).seen[0].crcValid).toBe(true);
  });

  it("starts mid-telegram: skips to the next header and counts what it skipped", () => {
    const tail = fixture.subarray(500);
    const { seen, stats } = frame([concatBytes(tail, fixture)]);
    expect(seen.length).toBe(1);
    expect(seen[0].crcValid).toBe(true);
    // The skipped tail without its line ends.
    const skipped = fixtureText.slice(500).replace(/[\r\n]/g, "").length;
    expect(stats.bytesDiscarded).toBe(skipped);
  });

  it("does not take a / inside a line for a header", () => {
    const { seen } = frame([latin1Bytes("0-0:96.13.0(a/b)\r\n"), fixture]);
    expect(seen.length).toBe(1);
    expect(seen[0].crcValid).toBe(true);
  });

  it("closes a frame at the next header, unended and without CRC, for the parser to judge", () => {
    const cut = fixture.subarray(0, 400);
    const { seen, stats } = frame([concatBytes(cut, latin1Bytes("\r\n"), fixture)]);
    expect(seen.map((s) => [s.crcValid, s.ended])).toEqual([[null, false], [true, true]]);
    expect(stats.unended).toBe(1);
    expect(seen[0].text).toBe(latin1.decode(cut) + "\r\n");
    expect(seen[1].text).toBe(fixtureFrame);
  });

  it("caps the buffer: an endless telegram is dropped, counted, and the next one framed", () => {
    const endless = latin1Bytes("/XYZ5\r\n" + "1-0:1.8.1(000001.000*kWh)\r\n".repeat(200));
    const { seen, stats } = frame([...chunked(endless, 100), fixture], 2048);
    expect(stats.overflows).toBe(1);
    expect(stats.bytesDiscarded).toBeGreaterThan(2048);
    expect(seen.map((s) => s.crcValid)).toEqual([true]);
  });

  it("tolerates NUL, 0xFF and 0xB3 bytes inside and between telegrams", () => {
    const withOddBytes = telegram([
      "0-0:96.1.4(50217)",
      "0-0:96.13.0(\xff\xff\xff)",
      "0-1:24.2.3(200512134558S)(00112.384*m\xb3)",
    ]);
    const { seen, stats } = frame([
      new Uint8Array([0, 0xff, 0]),
      latin1Bytes("\r\n"),
      latin1Bytes(withOddBytes.replace("\r\n/", "\r\n/")),
      new Uint8Array([0]),
      fixture,
    ]);
    expect(seen.map((s) => s.crcValid)).toEqual([true, true]);
    expect(stats.bytesDiscarded).toBe(1); // the 0xFF; NULs and line ends are not counted
  });

  it("accepts a NUL after the CRC", () => {
    const text = telegram(["1-0:1.8.1(000001.000*kWh)"]).replace("\r\n", "\r\n");
    const withNul = text.slice(0, -2) + "\0\r\n";
    expect(frame([latin1Bytes(withNul), fixture]).seen.map((s) => s.crcValid)).toEqual([
      true,
      true,
    ]);
  });

  it("accepts the header without the blank line after it", () => {
    const body = "/FLU5\\253769484_A\r\n0-0:96.1.4(50221)\r\n1-0:1.8.1(000001.000*kWh)\r\n!";
    const text = `${body}${formatCrc(crc16ArcOfText(body))}\r\n`;
    expect(frame([latin1Bytes(text)]).seen[0].crcValid).toBe(true);
  });

  it("accepts lower-case and unpadded CRCs", () => {
    const lower = telegram(
      ["1-0:1.8.1(000001.000*kWh)"],
      (b) => formatCrc(crc16ArcOfText(b)).toLowerCase(),
    );
    const { seen } = frame([latin1Bytes(lower)]);
    expect(seen[0].crcValid).toBe(true);
    // Find a body whose CRC has a leading zero digit, and send it unpadded (heat meters do).
    let unpadded = "";
    for (let n = 0; n < 10_000 && unpadded === ""; n++) {
      const body = ["/HEAT5", "", `1-0:1.8.1(${String(n).padStart(6, "0")}.000*kWh)`, "!"].join(
        "\r\n",
      );
      const crc = crc16ArcOfText(body);
      if (crc < 0x1000) unpadded = `${body}${crc.toString(16).toUpperCase()}\r\n`;
    }
    const result = frame([latin1Bytes(unpadded)]).seen[0];
    expect(result.crcSent.length).toBe(3);
    expect(result.crcValid).toBe(true);
  });

  it("reports a wrong CRC as invalid, and a bare ! as no CRC", () => {
    const wrong = fixtureText.replace("!3AD7", "!3AD8");
    const { seen, stats } = frame([latin1Bytes(wrong)]);
    expect(seen[0].crcValid).toBe(false);
    expect(stats.crcFailures).toBe(1);
    const bare = "/KMP5 KA6U001585575011\r\n\r\n1-0:1.8.1(00185.000*kWh)\r\n!\r\n";
    expect(frame([latin1Bytes(bare)]).seen[0]).toMatchObject({ crcValid: null, crcSent: "" });
  });

  it("waits for the CRC digits that arrive in the next chunk", () => {
    const cut = fixture.length - 4; // inside "3AD7\r\n"
    const { seen } = frame([fixture.subarray(0, cut), fixture.subarray(cut)]);
    expect(seen).toEqual([{ text: fixtureFrame, crcValid: true, crcSent: "3AD7", ended: true }]);
  });
});
