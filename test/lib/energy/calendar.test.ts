import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addDays,
  addMonths,
  dayDistance,
  dayStartMs,
  isLocalDay,
  isoLocal,
  localDayOf,
  monthsBetween,
  slotOf,
  slotsInDay,
  slotStartMs,
  wallTimeMs,
  weekStartOf,
} from "../../../lib/energy/calendar.ts";

describe("Europe/Brussels calendar", () => {
  it("gives 92 quarters on the spring change, 100 in autumn and 96 otherwise", () => {
    expect(slotsInDay("2024-03-31")).toBe(92);
    expect(slotsInDay("2023-10-29")).toBe(100);
    expect(slotsInDay("2024-06-01")).toBe(96);
    expect(slotsInDay("2024-03-31", 60)).toBe(23);
    expect(slotsInDay("2023-10-29", 60)).toBe(25);
  });

  it("starts a local day at Brussels midnight", () => {
    expect(new Date(dayStartMs("2024-01-15")).toISOString()).toBe("2024-01-14T23:00:00.000Z");
    expect(new Date(dayStartMs("2024-07-15")).toISOString()).toBe("2024-07-14T22:00:00.000Z");
    expect(new Date(dayStartMs("2024-03-31")).toISOString()).toBe("2024-03-30T23:00:00.000Z");
    expect(new Date(dayStartMs("2023-10-30")).toISOString()).toBe("2023-10-29T23:00:00.000Z");
  });

  it("places the autumn's repeated hour twice, summer time first", () => {
    const first = wallTimeMs("2023-10-29", 2, 30, 0, 0)!;
    const second = wallTimeMs("2023-10-29", 2, 30, 0, 1)!;
    expect(new Date(first).toISOString()).toBe("2023-10-29T00:30:00.000Z");
    expect(new Date(second).toISOString()).toBe("2023-10-29T01:30:00.000Z");
    expect(isoLocal(first)).toBe("2023-10-29T02:30:00+02:00");
    expect(isoLocal(second)).toBe("2023-10-29T02:30:00+01:00");
    expect(slotOf(first)).toEqual({ day: "2023-10-29", slot: 10 });
    expect(slotOf(second)).toEqual({ day: "2023-10-29", slot: 14 });
    // Outside the repeated hour both occurrences are the same instant.
    expect(wallTimeMs("2023-10-29", 4, 0, 0, 1)).toBe(wallTimeMs("2023-10-29", 4, 0, 0, 0));
  });

  it("has no 02:00–03:00 on the spring change", () => {
    expect(wallTimeMs("2024-03-31", 2, 15)).toBeNull();
    expect(isoLocal(wallTimeMs("2024-03-31", 3, 0)!)).toBe("2024-03-31T03:00:00+02:00");
    expect(slotOf(wallTimeMs("2024-03-31", 3, 0)!)).toEqual({ day: "2024-03-31", slot: 8 });
  });

  it("maps every instant to the slot that contains it (property)", () => {
    const from = Date.UTC(2020, 0, 1);
    const to = Date.UTC(2030, 0, 1);
    fc.assert(
      fc.property(fc.integer({ min: from, max: to }), (ms) => {
        const { day, slot } = slotOf(ms);
        const start = slotStartMs(day, slot);
        expect(start).toBeLessThanOrEqual(ms);
        expect(ms - start).toBeLessThan(15 * 60_000);
        expect(slot).toBeLessThan(slotsInDay(day));
        expect(localDayOf(start)).toBe(day);
      }),
    );
  });

  it("steps days, months and ISO weeks across month, year and DST ends", () => {
    expect(addDays("2024-02-28", 1)).toBe("2024-02-29");
    expect(addDays("2024-12-31", 1)).toBe("2025-01-01");
    expect(addDays("2024-03-31", -1)).toBe("2024-03-30");
    expect(addMonths("2024-12", 1)).toBe("2025-01");
    expect(addMonths("2024-01", -13)).toBe("2022-12");
    expect(monthsBetween("2023-11", "2024-02")).toEqual([
      "2023-11",
      "2023-12",
      "2024-01",
      "2024-02",
    ]);
    expect(monthsBetween("2024-03", "2024-03")).toEqual(["2024-03"]);
    expect(weekStartOf("2024-03-31")).toBe("2024-03-25");
    expect(weekStartOf("2024-04-01")).toBe("2024-04-01");
    expect(dayDistance("2024-03-30", "2024-04-01")).toBe(2);
    expect(isLocalDay("2023-02-29")).toBe(false);
    expect(isLocalDay("2024-02-29")).toBe(true);
  });
});
