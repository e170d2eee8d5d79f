/** The CREG table, its lookup by region and Brussels quarter, and the reimbursement, by hand. */
import { describe, expect, it } from "vitest";
import { wallTimeMs } from "../../../lib/energy/calendar.ts";
import { REGIONS } from "../../../lib/db/models.ts";
import { CREG_RATES, cregRate, quarterOf, reimbursementEur } from "../../../lib/sessions/creg.ts";

const at = (day: string, hour: number, minute = 0) => wallTimeMs(day, hour, minute)!;

describe("CREG rates", () => {
  it("holds the Q1 2025 rates of the reference, in € per kWh", () => {
    expect(cregRate("flanders", at("2025-02-10", 20))).toMatchObject({
      known: true,
      quarter: "2025-Q1",
      eurPerKWh: 0.2822,
    });
    expect(cregRate("brussels", at("2025-01-01", 0))).toMatchObject({ eurPerKWh: 0.3294 });
    expect(cregRate("wallonia", at("2025-03-31", 23, 59))).toMatchObject({ eurPerKWh: 0.3256 });
  });

  it("gives every figure a source, once per quarter and region", () => {
    const keys = CREG_RATES.map((r) => `${r.quarter} ${r.region}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const rate of CREG_RATES) {
      expect(rate.source.length).toBeGreaterThan(20);
      expect(rate.eurPerKWh).toBeGreaterThan(0.1);
      expect(rate.eurPerKWh).toBeLessThan(1);
    }
    // Every quarter in the table has all three regions.
    for (const quarter of new Set(CREG_RATES.map((r) => r.quarter))) {
      expect(CREG_RATES.filter((r) => r.quarter === quarter).map((r) => r.region).sort())
        .toEqual([...REGIONS].sort());
    }
  });

  it("takes the quarter by Brussels time, not UTC", () => {
    // 1 April 2025 00:30 in Brussels is 31 March 22:30 UTC: Q2 already.
    const ms = at("2025-04-01", 0, 30);
    expect(new Date(ms).toISOString()).toBe("2025-03-31T22:30:00.000Z");
    expect(quarterOf(ms)).toBe("2025-Q2");
    expect(cregRate("flanders", ms)).toMatchObject({ quarter: "2025-Q2", eurPerKWh: 0.3194 });
    // 1 January 2026 00:15 Brussels is still 2025 in UTC.
    expect(quarterOf(at("2026-01-01", 0, 15))).toBe("2026-Q1");
    expect(quarterOf(at("2025-12-31", 23, 45))).toBe("2025-Q4");
  });

  it("says when no rate is known rather than borrowing a neighbour's", () => {
    expect(cregRate("flanders", at("2024-12-31", 23, 59))).toEqual({
      known: false,
      quarter: "2024-Q4",
    });
    expect(cregRate("brussels", at("2026-01-01", 0, 15))).toEqual({
      known: false,
      quarter: "2026-Q1",
    });
  });
});

describe("reimbursement", () => {
  it("is kWh × rate, to the cent", () => {
    // 7.5 kWh × 0.2822 €/kWh = 2.1165 € → 2.12 €
    expect(reimbursementEur(7.5, 0.2822)).toBe(2.12);
    // 10 kWh × 0.3294 = 3.294 → 3.29
    expect(reimbursementEur(10, 0.3294)).toBe(3.29);
    expect(reimbursementEur(0, 0.3294)).toBe(0);
  });

  it("rounds a half cent up, whatever float noise says", () => {
    // 0.75 kWh × 0.3000 €/kWh = 0.225 € → 0.23, though 0.75 × 0.3 in floats is 0.22499999999999998.
    expect(0.75 * 0.3).toBeLessThan(0.225);
    expect(reimbursementEur(0.75, 0.3)).toBe(0.23);
    // 0.125 kWh × 0.3000 €/kWh = 0.0375 € → 0.04
    expect(reimbursementEur(0.125, 0.3)).toBe(0.04);
    // 50.05 kWh × 0.2822 = 14.12411 → 14.12
    expect(reimbursementEur(50.05, 0.2822)).toBe(14.12);
  });
});
