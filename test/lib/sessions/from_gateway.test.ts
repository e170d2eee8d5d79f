import { describe, expect, it } from "vitest";
import type { FinishedSession } from "../../../lib/control/protocol.ts";
import { emptyBucket, Quality } from "../../../lib/energy/day_bucket.ts";
import { reportOfFinished, sessionFromGateway } from "../../../lib/sessions/from_gateway.ts";

// 19:00–19:30 Brussels on 1 Dec 2026 (UTC+1): two quarter-hours, 1.5 kWh each.
const start = Date.UTC(2026, 11, 1, 18, 0);
const finished: FinishedSession = {
  id: `oprit-${start}`,
  chargerId: "oprit",
  chargerName: "Oprit",
  idTag: "app-ab12cd34",
  startMs: start,
  endMs: start + 30 * 60_000,
  samples: [[start, 1000], [start + 15 * 60_000, 1001.5], [start + 30 * 60_000, 1003]],
  energyKWh: 3,
  solarKWh: 0.4,
  consumptionKWhPer100km: 20,
};

describe("a session from the gateway", () => {
  it("turns the charger's samples into quarters and its first and last into the meter", () => {
    const report = reportOfFinished(finished, "site-1", 5, "Kerkstraat 1");
    expect(report.quarters).toEqual([
      { startMs: start, kWh: 1.5 },
      { startMs: start + 15 * 60_000, kWh: 1.5 },
    ]);
    expect(report.meterStart).toEqual({ value: 1000, unit: "kWh" });
    expect(report.meterStop).toEqual({ value: 1003, unit: "kWh" });
    expect(report).toMatchObject({ deviceId: "oprit", idTag: "app-ab12cd34", status: "finished" });
  });

  it("takes the solar part from the grid's quarters where the device has them", () => {
    const day = emptyBucket("site-1", "grid", "2026-12-01");
    // Slots 76 and 77 are 19:00 and 19:15. The site imported 1.0 and 1.5 kWh: 0.5 kWh of the
    // car's 3 kWh came from the sun.
    day.imported[76] = 1.0;
    day.imported[77] = 1.5;
    day.quality[76] = Quality.measured;
    day.quality[77] = Quality.measured;
    const session = sessionFromGateway(finished, "site-1", {
      grid: new Map([["2026-12-01", day]]),
      tariffs: [],
      prices: new Map(),
    }, 5);
    expect(session.energyKWh).toBe(3);
    expect(session.solarKWh).toBe(0.5);
    // 3 kWh at 20 kWh per 100 km: 15 km.
    expect(session.kmAdded).toBe(15);
  });

  it("keeps the gateway's own solar split where the device has no grid data (an EV-only phone)", () => {
    const session = sessionFromGateway(finished, "site-1", {
      grid: new Map(),
      tariffs: [],
      prices: new Map(),
    }, 5);
    expect(session.solarKWh).toBe(0.4);
    expect(session.costEur).toBeUndefined();
  });

  it("pays a company car back at the CREG rate of the session's quarter and region", () => {
    // Q1 2025, Flanders: 28.22 c€/kWh (lib/sessions/creg.ts). 3 kWh: € 0.85.
    const q1 = Date.UTC(2025, 1, 10, 18, 0);
    const session = sessionFromGateway(
      {
        ...finished,
        id: `oprit-${q1}`,
        startMs: q1,
        endMs: q1 + 30 * 60_000,
        samples: [[q1, 1000], [q1 + 15 * 60_000, 1001.5], [q1 + 30 * 60_000, 1003]],
        reimbursement: { kind: "creg", region: "flanders" },
      },
      "site-1",
      { grid: new Map(), tariffs: [], prices: new Map() },
      5,
    );
    expect(session.region).toBe("flanders");
    expect(session.cregEurPerKWh).toBe(0.2822);
    expect(session.reimbursementEur).toBe(0.85);
  });
});
