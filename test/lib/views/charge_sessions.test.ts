/**
 * The session history grouped per ISO week, month and year of Brussels time, around both DST
 * changes and the turn of the year, with totals worked out by hand from the printed lines.
 */
import { describe, expect, it } from "vitest";
import { wallTimeMs } from "../../../lib/energy/calendar.ts";
import type { ChargeSession } from "../../../lib/db/models.ts";
import { chargeSessionsView, sessionLines } from "../../../lib/views/charge_sessions.ts";

const at = (day: string, hour: number, minute = 0, occurrence: 0 | 1 = 0) =>
  wallTimeMs(day, hour, minute, 0, occurrence)!;

function session(
  id: string,
  startMs: number,
  fields: Partial<ChargeSession>,
): ChargeSession {
  return {
    id,
    siteId: "site",
    deviceId: "c1",
    chargerName: "Oprit",
    startMs,
    endMs: startMs + 3_600_000,
    energyKWh: 0,
    updatedAt: 1,
    ...fields,
  };
}

const ACME = { owner: "Acme BV", address: "Kerkstraat 1, 2000 Antwerpen" };

/** Local times: A Sunday 30 March 23:30 (the short day); B Monday 31 March 00:30, which is still
 * 30 March in UTC; C 1 April 00:15 (31 March UTC); D the second 02:30 of 26 October; E Monday
 * 29 December (ISO week 1 of 2026), still charging; F 1 January 2026 00:30 (2025 in UTC). */
const A = session("A", at("2025-03-30", 23, 30), {
  ...ACME,
  energyKWh: 7.5,
  kmAdded: 41.7,
  solarKWh: 2.5,
  costEur: 2,
  cregEurPerKWh: 0.2822,
  reimbursementEur: 2.12,
});
const B = session("B", at("2025-03-31", 0, 30), {
  idTag: "TAG1",
  address: "Dorpsstraat 9, 3000 Leuven",
  energyKWh: 10.001,
  kmAdded: 55.6,
  solarKWh: 0,
  costEur: 3.33,
  cregEurPerKWh: 0.2822,
  reimbursementEur: 2.82,
});
const C = session("C", at("2025-04-01", 0, 15), {
  ...ACME,
  deviceId: "c2",
  chargerName: "Garage",
  energyKWh: 5.555,
  kmAdded: 30.9,
  solarKWh: 5.555,
  costEur: 0.28,
  cregEurPerKWh: 0.3194,
  reimbursementEur: 1.77,
});
const D = session("D", at("2025-10-26", 2, 30, 1), {
  ...ACME,
  energyKWh: 12,
  kmAdded: 66.7,
  solarKWh: 0.75,
  costEur: 4.43,
});
const E = session("E", at("2025-12-29", 20), {
  userId: "u-7",
  endMs: null,
  energyKWh: 3.3,
});
const F = session("F", at("2026-01-01", 0, 30), {
  ...ACME,
  chargerName: "Oprit links",
  energyKWh: 1.1,
  kmAdded: 6.1,
  solarKWh: 0,
  costEur: 0.5,
});
const ALL = [F, C, A, E, D, B];

describe("charge sessions per period", () => {
  it("groups per month by the Brussels day each session started", () => {
    expect(new Date(B.startMs).toISOString()).toBe("2025-03-30T22:30:00.000Z");
    expect(new Date(F.startMs).toISOString()).toBe("2025-12-31T23:30:00.000Z");
    const view = chargeSessionsView(ALL, "month");
    expect(view.groups.map((g) => [g.key, g.from, g.to, g.lines.map((l) => l.id)])).toEqual([
      ["2026-01", "2026-01-01", "2026-01-31", ["F"]],
      ["2025-12", "2025-12-01", "2025-12-31", ["E"]],
      ["2025-10", "2025-10-01", "2025-10-31", ["D"]],
      ["2025-04", "2025-04-01", "2025-04-30", ["C"]],
      ["2025-03", "2025-03-01", "2025-03-31", ["A", "B"]],
    ]);
    // March: 7.5 + 10.001 = 17.501 kWh; 41.7 + 55.6 = 97.3 km; solar 2.5 / 17.501 = 14.3 % → 14;
    // 2.00 + 3.33 = 5.33 €; refunds 2.12 + 2.82 = 4.94 €.
    expect(view.groups[4].totals).toEqual({
      sessions: 2,
      energyKWh: 17.501,
      kmAdded: 97.3,
      solarKWh: 2.5,
      solarPct: 14,
      costEur: 5.33,
      reimbursementEur: 4.94,
      withoutCost: 0,
      withoutKm: 0,
      withoutSolar: 0,
      withoutReimbursement: 0,
      running: 0,
    });
  });

  it("groups per ISO week: Monday to Sunday of Brussels time, the year of its Thursday", () => {
    const view = chargeSessionsView(ALL, "week");
    expect(view.groups.map((g) => [g.key, g.from, g.to, g.lines.map((l) => l.id)])).toEqual([
      ["2026-W01", "2025-12-29", "2026-01-04", ["E", "F"]],
      ["2025-W43", "2025-10-20", "2025-10-26", ["D"]],
      ["2025-W14", "2025-03-31", "2025-04-06", ["B", "C"]],
      ["2025-W13", "2025-03-24", "2025-03-30", ["A"]],
    ]);
    // Week 14: 10.001 + 5.555 = 15.556 kWh; 55.6 + 30.9 = 86.5 km; solar 5.555 / 15.556 = 35.7 % → 36;
    // 3.33 + 0.28 = 3.61 €; refunds 2.82 + 1.77 = 4.59 €.
    expect(view.groups[2].totals).toMatchObject({
      energyKWh: 15.556,
      kmAdded: 86.5,
      solarKWh: 5.555,
      solarPct: 36,
      costEur: 3.61,
      reimbursementEur: 4.59,
    });
    // Week 1 of 2026: E runs still, with no km, solar, cost or refund yet.
    expect(view.groups[0].totals).toMatchObject({
      sessions: 2,
      energyKWh: 4.4,
      kmAdded: 6.1,
      solarKWh: 0,
      solarPct: 0,
      costEur: 0.5,
      withoutCost: 1,
      withoutKm: 1,
      withoutSolar: 1,
      withoutReimbursement: 2,
      running: 1,
    });
    const e = view.groups[0].lines[0];
    expect(e).toMatchObject({ running: true, endMs: null, durationMinutes: null, owner: "u-7" });
  });

  it("groups per year of Brussels time, and totals everything from the printed lines", () => {
    const view = chargeSessionsView(ALL, "year");
    expect(view.groups.map((g) => [g.key, g.lines.map((l) => l.id)])).toEqual([
      ["2026", ["F"]],
      ["2025", ["A", "B", "C", "D", "E"]],
    ]);
    // 7.5 + 10.001 + 5.555 + 12 + 3.3 + 1.1 = 39.456 kWh; km 41.7 + 55.6 + 30.9 + 66.7 + 6.1 =
    // 201 (E has none); cost 2 + 3.33 + 0.28 + 4.43 + 0.5 = 10.54 €; refunds 6.71 €;
    // solar (2.5 + 0 + 5.555 + 0.75 + 0) / (39.456 − 3.3) = 8.805 / 36.156 = 24.4 % → 24.
    expect(view.totals).toMatchObject({
      sessions: 6,
      energyKWh: 39.456,
      kmAdded: 201,
      solarKWh: 8.805,
      solarPct: 24,
      costEur: 10.54,
      reimbursementEur: 6.71,
      withoutCost: 1,
    });
    // The groups' totals add up to the whole, and each to its lines.
    const lines = view.groups.flatMap((g) => g.lines);
    expect(lines).toHaveLength(6);
    const cents = (v: number) => Math.round(v * 100);
    expect(view.groups.reduce((n, g) => n + cents(g.totals.costEur), 0)).toBe(cents(10.54));
    // A plain float sum of the same lines is off in the last digits; the totals are not.
    expect([41.7, 55.6, 30.9, 66.7, 6.1].reduce((a, b) => a + b)).toBe(201.00000000000003);
    expect([7.5, 10.001, 5.555, 12, 3.3, 1.1].reduce((a, b) => a + b)).toBe(39.455999999999996);
    expect([2.12, 2.82, 1.77].reduce((a, b) => a + b)).toBe(6.709999999999999);
  });

  it("filters by charger, owner (label, tag or app user), address and days", () => {
    const ids = (filter: Parameters<typeof sessionLines>[1]) =>
      sessionLines(ALL, filter).map((l) => l.id);
    expect(ids({ deviceId: "c2" })).toEqual(["C"]);
    expect(ids({ owner: "owner:Acme BV" })).toEqual(["A", "C", "D", "F"]);
    expect(ids({ owner: "tag:TAG1" })).toEqual(["B"]);
    expect(ids({ owner: "user:u-7" })).toEqual(["E"]);
    expect(ids({ address: "Dorpsstraat 9, 3000 Leuven" })).toEqual(["B"]);
    expect(ids({ deviceId: "c1", owner: "owner:Acme BV" })).toEqual(["A", "D", "F"]);
    // Days of Brussels time: B (31 March 00:30 local) is in, A (30 March) is out.
    expect(ids({ from: "2025-03-31", to: "2025-04-01" })).toEqual(["B", "C"]);
    expect(ids({ from: "2026-01-01" })).toEqual(["F"]);
  });

  it("offers every charger by its newest name, every owner and every address", () => {
    const view = chargeSessionsView(ALL, "month", { deviceId: "c2" });
    expect(view.groups.flatMap((g) => g.lines.map((l) => l.id))).toEqual(["C"]);
    expect(view.chargers).toEqual([
      { value: "c2", label: "Garage" },
      { value: "c1", label: "Oprit links" },
    ]);
    expect(view.owners).toEqual([
      { value: "owner:Acme BV", label: "Acme BV" },
      { value: "tag:TAG1", label: "TAG1" },
      { value: "user:u-7", label: "u-7" },
    ]);
    expect(view.addresses.map((a) => a.value)).toEqual([
      "Dorpsstraat 9, 3000 Leuven",
      "Kerkstraat 1, 2000 Antwerpen",
    ]);
  });

  it("gives each line its price per kWh and solar share", () => {
    const [a] = sessionLines([A]);
    // 2.00 € / 7.5 kWh = 0.26667 → 0.2667 €/kWh; 2.5 / 7.5 = 33 %.
    expect(a).toMatchObject({
      eurPerKWh: 0.2667,
      solarPct: 33,
      durationMinutes: 60,
      day: "2025-03-30",
    });
    const empty = sessionLines([
      session("Z", A.startMs, { energyKWh: 0, costEur: 0, solarKWh: 0 }),
    ]);
    expect(empty[0]).toMatchObject({ eurPerKWh: null, solarPct: null });
    expect(chargeSessionsView([], "week")).toMatchObject({
      groups: [],
      totals: { sessions: 0, solarPct: null },
    });
  });
});
