/** Brussels-calendar periods of the session statements. */
import { describe, expect, it } from "vitest";
import { isoWeekOf, periodOf } from "../../../lib/sessions/session_lines.ts";

describe("ISO weeks", () => {
  it("numbers weeks by their Thursday, 52 or 53 a year", () => {
    expect(isoWeekOf("2021-01-03").key).toBe("2020-W53");
    expect(isoWeekOf("2024-12-30").key).toBe("2025-W01");
    expect(isoWeekOf("2025-01-01").key).toBe("2025-W01");
    expect(isoWeekOf("2025-12-28").key).toBe("2025-W52");
    expect(isoWeekOf("2026-12-31")).toEqual({
      key: "2026-W53",
      from: "2026-12-28",
      to: "2027-01-03",
    });
    expect(isoWeekOf("2027-01-04").key).toBe("2027-W01");
  });
});

describe("periods", () => {
  it("gives months and years their first and last day, February of a leap year too", () => {
    expect(periodOf("month", "2024-02-10")).toEqual({
      key: "2024-02",
      from: "2024-02-01",
      to: "2024-02-29",
    });
    expect(periodOf("month", "2025-02-10").to).toBe("2025-02-28");
    expect(periodOf("year", "2025-10-26")).toEqual({
      key: "2025",
      from: "2025-01-01",
      to: "2025-12-31",
    });
    expect(periodOf("week", "2025-10-26")).toEqual({
      key: "2025-W43",
      from: "2025-10-20",
      to: "2025-10-26",
    });
  });
});
