import { describe, expect, it } from "vitest";
import { brusselsOffsetAt, brusselsOffsetOfWallTime } from "../../../lib/time/brussels.ts";

describe("brusselsOffsetOfWallTime", () => {
  it("switches on the last Sundays of March and October", () => {
    // 2024: 31 March and 27 October.
    expect(brusselsOffsetOfWallTime(2024, 3, 31, 1)).toBe(60);
    expect(brusselsOffsetOfWallTime(2024, 3, 31, 3)).toBe(120);
    expect(brusselsOffsetOfWallTime(2024, 3, 30, 23)).toBe(60);
    expect(brusselsOffsetOfWallTime(2024, 10, 27, 1)).toBe(120);
    expect(brusselsOffsetOfWallTime(2024, 10, 27, 3)).toBe(60);
    expect(brusselsOffsetOfWallTime(2024, 10, 26, 12)).toBe(120);
    expect(brusselsOffsetOfWallTime(2024, 12, 1, 12)).toBe(60);
  });

  it("takes winter time for the repeated autumn hour and summer time for the skipped one", () => {
    expect(brusselsOffsetOfWallTime(2024, 10, 27, 2)).toBe(60);
    expect(brusselsOffsetOfWallTime(2024, 3, 31, 2)).toBe(120);
  });
});

describe("brusselsOffsetAt", () => {
  it("changes at 01:00 UTC on the last Sundays of March and October", () => {
    expect(brusselsOffsetAt(Date.UTC(2024, 2, 31, 0, 59, 59))).toBe(60);
    expect(brusselsOffsetAt(Date.UTC(2024, 2, 31, 1))).toBe(120);
    expect(brusselsOffsetAt(Date.UTC(2024, 9, 27, 0, 59, 59))).toBe(120);
    expect(brusselsOffsetAt(Date.UTC(2024, 9, 27, 1))).toBe(60);
    // 2026: 29 March and 25 October.
    expect(brusselsOffsetAt(Date.UTC(2026, 2, 29, 1))).toBe(120);
    expect(brusselsOffsetAt(Date.UTC(2026, 9, 25, 1))).toBe(60);
  });

  it("agrees with the wall-time rule for every hour of a year, outside the changes", () => {
    for (let ms = Date.UTC(2025, 0, 1); ms < Date.UTC(2026, 0, 1); ms += 3_600_000) {
      const offset = brusselsOffsetAt(ms);
      const local = new Date(ms + offset * 60_000);
      const wall = brusselsOffsetOfWallTime(
        local.getUTCFullYear(),
        local.getUTCMonth() + 1,
        local.getUTCDate(),
        local.getUTCHours(),
      );
      // The first pass of the repeated autumn hour is summer time by the instant, winter by the
      // wall clock (which cannot tell the two passes apart).
      const firstAutumnPass = ms === Date.UTC(2025, 9, 26, 0);
      expect(wall).toBe(firstAutumnPass ? 60 : offset);
    }
  });
});
