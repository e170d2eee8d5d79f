import { describe, expect, it } from "vitest";
import {
  formatP1Timestamp,
  instantMs,
  monthClosedBy,
  parseP1Timestamp,
} from "../../../lib/p1/timestamp.ts";

describe("parseP1Timestamp", () => {
  it("uses S for UTC+2 and W for UTC+1", () => {
    expect(parseP1Timestamp("200512135409S")).toBe("2020-05-12T13:54:09+02:00");
    expect(parseP1Timestamp("231102121548W")).toBe("2023-11-02T12:15:48+01:00");
  });

  it("tells the two 02:30s of the autumn change apart by their suffix", () => {
    const summer = instantMs(parseP1Timestamp("231029023000S"));
    const winter = instantMs(parseP1Timestamp("231029023000W"));
    expect(summer).toBe(Date.UTC(2023, 9, 29, 0, 30));
    expect(winter).toBe(Date.UTC(2023, 9, 29, 1, 30));
  });

  it("turns placeholder stamps into null", () => {
    expect(parseP1Timestamp("632525252525W")).toBeNull();
    expect(parseP1Timestamp("000101000001W")).toBeNull();
    expect(parseP1Timestamp("700101010000W")).toBeNull();
  });

  it("rejects impossible dates and malformed stamps", () => {
    expect(parseP1Timestamp("230230120000W")).toBeNull(); // 30 February
    expect(parseP1Timestamp("230229120000W")).toBeNull(); // 2023 is no leap year
    expect(parseP1Timestamp("240229120000W")).toBe("2024-02-29T12:00:00+01:00");
    expect(parseP1Timestamp("231301000000W")).toBeNull();
    expect(parseP1Timestamp("230101240000W")).toBeNull();
    expect(parseP1Timestamp("2301010000X0W")).toBeNull();
    expect(parseP1Timestamp("230101000000X")).toBeNull();
    expect(parseP1Timestamp("")).toBeNull();
    expect(parseP1Timestamp("23010100000")).toBeNull();
  });

  it("gives suffix-less stamps (DSMR 2.2/3.0) the Brussels offset", () => {
    expect(parseP1Timestamp("100115120000")).toBe("2010-01-15T12:00:00+01:00");
    expect(parseP1Timestamp("100715120000")).toBe("2010-07-15T12:00:00+02:00");
  });
});

describe("monthClosedBy", () => {
  it("takes the month before a first-of-month close stamp", () => {
    expect(monthClosedBy("2020-05-01T00:00:00+02:00", "2020-04-23T19:25:38+02:00")).toBe("2020-04");
    expect(monthClosedBy("2024-01-01T00:00:00+01:00", null)).toBe("2023-12");
  });

  it("falls back to the peak's own month without a close stamp", () => {
    expect(monthClosedBy(null, "2023-08-31T18:15:00+02:00")).toBe("2023-08");
    expect(monthClosedBy(null, null)).toBeNull();
  });
});

describe("formatP1Timestamp", () => {
  it("writes Belgian local time with S in summer and W in winter", () => {
    expect(formatP1Timestamp(Date.UTC(2020, 4, 12, 11, 54, 9))).toBe("200512135409S");
    expect(formatP1Timestamp(Date.UTC(2023, 10, 2, 11, 15, 48))).toBe("231102121548W");
  });

  it("repeats 02:30 local on the autumn change, once S and once W", () => {
    expect(formatP1Timestamp(Date.UTC(2024, 9, 27, 0, 30))).toBe("241027023000S");
    expect(formatP1Timestamp(Date.UTC(2024, 9, 27, 1, 30))).toBe("241027023000W");
  });

  it("skips 02:00–03:00 local in spring", () => {
    expect(formatP1Timestamp(Date.UTC(2024, 2, 31, 0, 59, 59))).toBe("240331015959W");
    expect(formatP1Timestamp(Date.UTC(2024, 2, 31, 1))).toBe("240331030000S");
  });

  it("round-trips through parseP1Timestamp for every hour of a DST year", () => {
    for (let ms = Date.UTC(2024, 0, 1); ms < Date.UTC(2025, 0, 1); ms += 3_600_000) {
      expect(instantMs(parseP1Timestamp(formatP1Timestamp(ms)))).toBe(ms);
    }
  });
});
