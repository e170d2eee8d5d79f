import { describe, expect, it } from "vitest";
import { crc16Arc, crc16ArcOfText, formatCrc } from "../../../lib/p1/crc16.ts";
import { latin1Bytes, P1_FIXTURES, p1FixtureText } from "../../fixtures/p1.ts";

describe("crc16Arc", () => {
  it("matches the CRC-16/ARC check value", () => {
    expect(crc16Arc(latin1Bytes("123456789"))).toBe(0xbb3d);
    expect(crc16ArcOfText("123456789")).toBe(0xbb3d);
  });

  it("is 0 over nothing and honours start and end", () => {
    expect(crc16Arc(new Uint8Array())).toBe(0);
    expect(crc16Arc(latin1Bytes("xx123456789yy"), 2, 11)).toBe(0xbb3d);
  });

  it.each(P1_FIXTURES)("validates %s over / … ! inclusive", (name) => {
    const text = p1FixtureText(name);
    const bang = text.lastIndexOf("!");
    const sent = text.slice(bang + 1, bang + 5);
    expect(formatCrc(crc16ArcOfText(text.slice(text.indexOf("/"), bang + 1)))).toBe(sent);
  });

  it("formats as four upper-case hex digits", () => {
    expect(formatCrc(0x9ef)).toBe("09EF");
    expect(formatCrc(0xc4b0)).toBe("C4B0");
  });
});
