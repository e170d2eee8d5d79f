/**
 * A session's figures worked out by hand, each case's sum written next to it. Prices exclude VAT
 * (6 %); a grid kWh costs (energy + distribution + transmission + levies) × 1.06, a solar kWh
 * the injection compensation it forwent.
 */
import { describe, expect, it } from "vitest";
import { slotsInDay, slotStartMs, wallTimeMs } from "../../../lib/energy/calendar.ts";
import { type DayBucket, emptyBucket, Quality, Register } from "../../../lib/energy/day_bucket.ts";
import type { TariffVersion } from "../../../lib/tariff/contract.ts";
import type { PriceDay } from "../../../lib/tariff/prices.ts";
import {
  buildSessionRecord,
  quartersFromMeter,
  type SessionContext,
  type SessionReport,
} from "../../../lib/sessions/session_record.ts";

/** Single rate: a grid kWh costs (0.30 + 0.06 + 0.02 + 0.05) × 1.06 = 0.4558 €; injection 0.05 €. */
function tariff(overrides: Partial<TariffVersion> = {}): TariffVersion {
  return {
    id: "t",
    siteId: "site",
    name: "test",
    effectiveFrom: "2024-01-01",
    energy: { kind: "single", offtakeEurPerKWh: 0.3, injectionEurPerKWh: 0.05 },
    fixedFeeEurPerMonth: 5,
    distribution: {
      area: "test",
      offtakeDayEurPerKWh: 0.06,
      offtakeNightEurPerKWh: 0.04,
      transmissionEurPerKWh: 0.02,
      capacityEurPerKWYear: 50,
      dataManagementEurPerYear: 18,
    },
    leviesEurPerKWh: 0.05,
    vatRate: 0.06,
    updatedAt: 0,
    ...overrides,
  };
}

/** Day/night: a night grid kWh (0.26 + 0.04 + 0.02 + 0.05) × 1.06 = 0.3922 €; night injection 0.03 €. */
const DAY_NIGHT = tariff({
  energy: {
    kind: "dayNight",
    offtakeDayEurPerKWh: 0.32,
    offtakeNightEurPerKWh: 0.26,
    injectionDayEurPerKWh: 0.05,
    injectionNightEurPerKWh: 0.03,
  },
});

/** A grid bucket with the given slots measured: `[import, export]` kWh. */
function grid(
  day: string,
  slots: Record<number, [number, number]>,
  register: Register = Register.day,
): DayBucket {
  const b = emptyBucket("site", "grid", day);
  for (const [slot, [importKWh, exportKWh]] of Object.entries(slots)) {
    b.imported[+slot] = importKWh;
    b.exported[+slot] = exportKWh;
    b.quality[+slot] = Quality.measured;
    b.register[+slot] = register;
  }
  return b;
}

const at = (day: string, hour: number, minute = 0, occurrence: 0 | 1 = 0) =>
  wallTimeMs(day, hour, minute, 0, occurrence)!;

/** The car's kWh per slot of a day, as quarters. */
function quarters(day: string, kWh: Record<number, number>) {
  return Object.entries(kWh).map(([slot, value]) => ({
    startMs: slotStartMs(day, +slot),
    kWh: value,
  }));
}

function report(overrides: Partial<SessionReport>): SessionReport {
  return {
    id: "site-s1",
    siteId: "site",
    deviceId: "site-charger",
    chargerName: "Oprit",
    idTag: "04A2B3C4",
    owner: "Acme BV",
    address: "Kerkstraat 1, 2000 Antwerpen",
    region: "flanders",
    startMs: at("2025-06-02", 12),
    endMs: at("2025-06-02", 13),
    meterStart: { value: 1_520_250, unit: "Wh" },
    meterStop: { value: 1_527_750, unit: "Wh" },
    quarters: [],
    status: "finished",
    updatedAt: 1,
    ...overrides,
  };
}

function context(overrides: Partial<SessionContext> = {}): SessionContext {
  return { grid: new Map(), tariffs: [tariff()], prices: new Map(), ...overrides };
}

describe("a session's record", () => {
  it("splits solar from grid per quarter, prices both, and counts km and the CREG refund", () => {
    // Monday 2 June 2025, 12:00–13:00 = slots 48–51. The car: 2 + 2 + 2 + 1.5 = 7.5 kWh.
    // Grid import 0.5, 2.5, 0 (exporting) and missing:
    //   q48 grid 0.5 solar 1.5 · q49 grid 2 solar 0 · q50 grid 0 solar 2 · q51 unknown → grid 1.5
    // solar 3.5 kWh, grid 4 kWh; cost 4 × 0.4558 + 3.5 × 0.05 = 1.8232 + 0.175 = 1.9982 → 2.00 €.
    // km 7.5 / 18 × 100 = 41.67 → 41.7; CREG Q2 2025 Flanders 0.3194: 7.5 × 0.3194 = 2.3955 → 2.40.
    const day = "2025-06-02";
    const record = buildSessionRecord(
      report({ quarters: quarters(day, { 48: 2, 49: 2, 50: 2, 51: 1.5 }) }),
      context({
        grid: new Map([[day, grid(day, { 48: [0.5, 0], 49: [2.5, 0], 50: [0, 1] })]]),
        reimbursement: "creg",
      }),
    );
    expect(record.session).toEqual({
      id: "site-s1",
      siteId: "site",
      deviceId: "site-charger",
      startMs: at(day, 12),
      endMs: at(day, 13),
      energyKWh: 7.5,
      updatedAt: 1,
      chargerName: "Oprit",
      idTag: "04A2B3C4",
      owner: "Acme BV",
      address: "Kerkstraat 1, 2000 Antwerpen",
      region: "flanders",
      meterStartKWh: 1520.25,
      meterStopKWh: 1527.75,
      consumptionKWhPer100km: 18,
      kmAdded: 41.7,
      solarKWh: 3.5,
      costEur: 2,
      cregEurPerKWh: 0.3194,
      reimbursementEur: 2.4,
      status: "finished",
    });
    expect(record.gridUnknownKWh).toBe(1.5);
    expect(record.unallocatedKWh).toBe(0);
    expect(record.missing).toEqual([]);
  });

  it("puts the quarters of the repeated autumn hour in their own slots, at the night rate", () => {
    // Sunday 26 October 2025 has 100 quarters; 01:30 (summer) to 03:30 (winter) is 12 quarters,
    // slots 6–17, 1 kWh each. Slot 13 is 02:15 of the second 02:00 hour, where the site imported
    // only 0.25 kWh: 0.75 kWh solar there. Night register throughout.
    // 11.25 × 0.3922 + 0.75 × 0.03 = 4.41225 + 0.0225 = 4.43475 → 4.43 €.
    const day = "2025-10-26";
    expect(slotsInDay(day)).toBe(100);
    const car: Record<number, number> = {};
    const imports: Record<number, [number, number]> = {};
    for (let slot = 6; slot <= 17; slot++) {
      car[slot] = 1;
      imports[slot] = [slot === 13 ? 0.25 : 1.2, 0];
    }
    expect(slotStartMs(day, 13)).toBe(at(day, 2, 15, 1));
    const record = buildSessionRecord(
      report({
        startMs: at(day, 1, 30),
        endMs: at(day, 3, 30),
        meterStart: { value: 100, unit: "kWh" },
        meterStop: { value: 112, unit: "kWh" },
        quarters: quarters(day, car),
      }),
      context({
        grid: new Map([[day, grid(day, imports, Register.night)]]),
        tariffs: [DAY_NIGHT],
      }),
    );
    expect(record.session.energyKWh).toBe(12);
    expect(record.session.solarKWh).toBe(0.75);
    expect(record.session.costEur).toBe(4.43);
    expect(record.session.kmAdded).toBe(66.7);
    // No reimbursement asked: a private car.
    expect(record.session.cregEurPerKWh).toBeUndefined();
  });

  it("prices each day under the tariff in force, and refunds at the start's quarter", () => {
    // 30 June 23:30 → 1 July 00:30 2025, 1 kWh per quarter, all from the grid (day register).
    // June: 0.4558 €/kWh; July (offtake 0.20): (0.20 + 0.06 + 0.02 + 0.05) × 1.06 = 0.3498.
    // 2 × 0.4558 + 2 × 0.3498 = 0.9116 + 0.6996 = 1.6112 → 1.61 €.
    // CREG of Q2 (the start) 0.3194: 4 × 0.3194 = 1.2776 → 1.28 €.
    const june = "2025-06-30";
    const july = "2025-07-01";
    const record = buildSessionRecord(
      report({
        startMs: at(june, 23, 30),
        endMs: at(july, 0, 30),
        meterStart: { value: 0, unit: "Wh" },
        meterStop: { value: 4000, unit: "Wh" },
        quarters: [...quarters(june, { 94: 1, 95: 1 }), ...quarters(july, { 0: 1, 1: 1 })],
      }),
      context({
        grid: new Map([
          [june, grid(june, { 94: [3, 0], 95: [3, 0] })],
          [july, grid(july, { 0: [3, 0], 1: [3, 0] })],
        ]),
        tariffs: [
          tariff({
            id: "b",
            effectiveFrom: july,
            energy: { kind: "single", offtakeEurPerKWh: 0.2, injectionEurPerKWh: 0.05 },
          }),
          tariff({ id: "a" }),
        ],
        reimbursement: "creg",
      }),
    );
    expect(record.session.costEur).toBe(1.61);
    expect(record.session.solarKWh).toBe(0);
    expect(record.session.cregEurPerKWh).toBe(0.3194);
    expect(record.session.reimbursementEur).toBe(1.28);
  });

  it("leaves out what it cannot know, and says why", () => {
    const day = "2025-06-02";
    const car = quarters(day, { 48: 2, 49: 2, 50: 2, 51: 1.5 });
    // No tariff: no cost. 2024: no CREG rate in the table.
    const noTariff = buildSessionRecord(
      report({ quarters: car, startMs: at("2024-06-03", 12), endMs: at("2024-06-03", 13) }),
      context({ tariffs: [], reimbursement: "creg" }),
    );
    expect(noTariff.session.costEur).toBeUndefined();
    expect(noTariff.session.cregEurPerKWh).toBeUndefined();
    expect(noTariff.missing).toEqual(["tariff", { cregRateFor: "2024-Q2" }]);
    // The meter counted 8 kWh, the quarters 7.5: 0.5 kWh unaccounted for, no cost.
    const gap = buildSessionRecord(
      report({ quarters: car, meterStop: { value: 1_528_250, unit: "Wh" } }),
      context({ reimbursement: 0.25 }),
    );
    expect(gap.session.energyKWh).toBe(8);
    expect(gap.unallocatedKWh).toBe(0.5);
    expect(gap.session.costEur).toBeUndefined();
    expect(gap.missing).toEqual(["quarters"]);
    // An employer's own rate: 8 × 0.25 = 2.00 €.
    expect(gap.session.reimbursementEur).toBe(2);
    // CREG asked, no region known.
    const noRegion = buildSessionRecord(
      report({ quarters: car, region: undefined }),
      context({ reimbursement: "creg" }),
    );
    expect(noRegion.missing).toEqual(["region"]);
    expect("region" in noRegion.session).toBe(false);
  });

  it("gives no cost on a dynamic contract that lacks a price for one of its quarters", () => {
    // Quarter prices 100 €/MWh except slot 50 (none). Dynamic offtake 1 × spot + 0.02.
    const day = "2025-06-02";
    const prices: PriceDay = {
      id: `BE|${day}`,
      zone: "BE",
      day,
      slotMinutes: 15,
      eurPerMWh: Array.from({ length: 96 }, (_, i) => (i === 50 ? null : 100)),
      source: "csv",
      updatedAt: 0,
    };
    const dynamic = tariff({
      energy: {
        kind: "dynamic",
        offtake: { spotMultiplier: 1, addEurPerKWh: 0.02 },
        injection: { spotMultiplier: 1, addEurPerKWh: -0.01 },
        billing: "quarter",
      },
    });
    const car = quarters(day, { 48: 2, 49: 2, 50: 2, 51: 1.5 });
    const grid48 = grid(day, { 48: [3, 0], 49: [3, 0], 50: [3, 0], 51: [3, 0] });
    const unpriced = buildSessionRecord(
      report({ quarters: car }),
      context({
        grid: new Map([[day, grid48]]),
        tariffs: [dynamic],
        prices: new Map([[day, prices]]),
      }),
    );
    expect(unpriced.unpricedQuarters).toBe(1);
    expect(unpriced.missing).toEqual(["prices"]);
    expect(unpriced.session.costEur).toBeUndefined();
    // With every price: (0.10 + 0.02 + 0.06 + 0.02 + 0.05) × 1.06 = 0.265 €/kWh × 7.5 = 1.9875 → 1.99.
    prices.eurPerMWh[50] = 100;
    const priced = buildSessionRecord(
      report({ quarters: car }),
      context({
        grid: new Map([[day, grid48]]),
        tariffs: [dynamic],
        prices: new Map([[day, prices]]),
      }),
    );
    expect(priced.session.costEur).toBe(1.99);
  });

  it("keeps a site address typed on two lines as one line, and drops empty labels", () => {
    const record = buildSessionRecord(
      report({ address: "Kerkstraat 1\r\n2000 Antwerpen ", owner: " \t", idTag: "04A2\u0000" }),
      context(),
    );
    expect(record.session.address).toBe("Kerkstraat 1 2000 Antwerpen");
    expect(record.session.idTag).toBe("04A2");
    expect("owner" in record.session).toBe(false);
  });

  it("counts a running session by its quarters", () => {
    const day = "2025-06-02";
    const record = buildSessionRecord(
      report({
        endMs: null,
        meterStop: undefined,
        status: "running",
        consumptionKWhPer100km: 15,
        quarters: quarters(day, { 48: 1.25, 49: 1.25 }),
      }),
      context({ tariffs: [] }),
    );
    // 2.5 kWh; 2.5 / 15 × 100 = 16.67 → 16.7 km; no grid data at all: the solar part is unknown.
    expect(record.session).toMatchObject({ energyKWh: 2.5, kmAdded: 16.7, endMs: null });
    expect("solarKWh" in record.session).toBe(false);
    expect(record.gridUnknownKWh).toBe(2.5);
  });

  it("refuses quarters off the grid or with impossible energy", () => {
    const day = "2025-06-02";
    expect(() =>
      buildSessionRecord(report({ quarters: [{ startMs: at(day, 12, 5), kWh: 1 }] }), context())
    ).toThrow(RangeError);
    expect(() =>
      buildSessionRecord(report({ quarters: quarters(day, { 48: Number.NaN }) }), context())
    ).toThrow(RangeError);
    expect(() => buildSessionRecord(report({ quarters: quarters(day, { 48: -1 }) }), context()))
      .toThrow(RangeError);
    // A meter that ran backwards cannot make a valid document.
    expect(() =>
      buildSessionRecord(
        report({ meterStart: { value: 10, unit: "kWh" }, meterStop: { value: 9, unit: "kWh" } }),
        context(),
      )
    ).toThrow();
  });
});

describe("quarters from meter samples", () => {
  it("interpolates the register at each quarter boundary, on the short spring day", () => {
    // Sunday 30 March 2025 (92 quarters): 01:30 local = 00:30 UTC; 03:00 local = 01:00 UTC.
    // Samples 100 kWh at 00:30Z, 101.5 at 01:07:30Z, 102 at 01:30Z:
    //   00:30–00:45 0.6 · 00:45–01:00 0.6 · 01:00–01:15 0.3 + 0.5 / 3 · 01:15–01:30 1 / 3
    const day = "2025-03-30";
    expect(slotsInDay(day)).toBe(92);
    const t0 = Date.UTC(2025, 2, 30, 0, 30);
    const got = quartersFromMeter([
      { atMs: Date.UTC(2025, 2, 30, 1, 30), meterKWh: 102 },
      { atMs: t0, meterKWh: 100 },
      { atMs: Date.UTC(2025, 2, 30, 1, 7, 30), meterKWh: 101.5 },
      // A register that went backwards is left out.
      { atMs: Date.UTC(2025, 2, 30, 1, 10), meterKWh: 50 },
    ]);
    expect(got.map((q) => q.startMs)).toEqual([
      slotStartMs(day, 6),
      slotStartMs(day, 7),
      slotStartMs(day, 8),
      slotStartMs(day, 9),
    ]);
    expect(slotStartMs(day, 8)).toBe(at(day, 3, 0));
    expect(got.map((q) => q.kWh)).toEqual([
      expect.closeTo(0.6, 9),
      expect.closeTo(0.6, 9),
      expect.closeTo(0.3 + 0.5 / 3, 9),
      expect.closeTo(1 / 3, 9),
    ]);
    // Fed to the record, the quarters add up to the meter's 2 kWh.
    const record = buildSessionRecord(
      report({
        startMs: t0,
        endMs: Date.UTC(2025, 2, 30, 1, 30),
        meterStart: { value: 100, unit: "kWh" },
        meterStop: { value: 102, unit: "kWh" },
        quarters: got,
      }),
      context(),
    );
    expect(record.session.energyKWh).toBe(2);
    expect(record.unallocatedKWh).toBe(0);
    // 2 kWh from the grid (no grid data): 2 × 0.4558 = 0.9116 → 0.91 €.
    expect(record.session.costEur).toBe(0.91);
  });

  it("starts mid-quarter and needs two samples", () => {
    const start = Date.UTC(2025, 5, 2, 10, 5);
    expect(quartersFromMeter([{ atMs: start, meterKWh: 1 }])).toEqual([]);
    const got = quartersFromMeter([
      { atMs: start, meterKWh: 1 },
      { atMs: start + 20 * 60_000, meterKWh: 3 },
    ]);
    // 10:05–10:15 → 1 kWh, 10:15–10:25 → 1 kWh.
    expect(got).toEqual([
      { startMs: Date.UTC(2025, 5, 2, 10, 0), kWh: 1 },
      { startMs: Date.UTC(2025, 5, 2, 10, 15), kWh: 1 },
    ]);
  });
});
