import { describe, expect, it } from "vitest";
import { addDays, dayStartMs, localTimeOf, slotStartMs } from "../../../lib/energy/calendar.ts";
import { type DayBucket, emptyBucket, Quality } from "../../../lib/energy/day_bucket.ts";
import { formatEuro } from "../../../lib/i18n/format.ts";
import { DUTCH } from "../../../lib/i18n/messages.ts";
import type { TariffVersion } from "../../../lib/tariff/contract.ts";
import {
  alertItems,
  findingItem,
  type InsightsInput,
  insightsView,
  insightsWindow,
  unseenItems,
} from "../../../lib/views/insights_page.ts";
import { clearSkyW } from "../solar/synthetic_production.ts";

/** 20 nights from 1 March 2026: 0.05 kWh a quarter (200 W), from the 11th 0.0875 (350 W). */
function grid(): DayBucket[] {
  return Array.from({ length: 20 }, (_, d) => {
    const day = addDays("2026-03-01", d);
    const bucket = emptyBucket("s", "grid", day);
    for (let i = 0; i < bucket.imported.length; i++) {
      const night = localTimeOf(slotStartMs(day, i)) < "06:00";
      bucket.imported[i] = night ? (d >= 10 ? 0.0875 : 0.05) : 0.3;
      bucket.exported[i] = 0;
      bucket.quality[i] = Quality.measured;
    }
    return bucket;
  });
}

const tariff = {
  id: "t",
  siteId: "s",
  name: "x",
  effectiveFrom: "2026-01-01",
  energy: { kind: "single", offtakeEurPerKWh: 0.25, injectionEurPerKWh: 0.05 },
  fixedFeeEurPerMonth: 5,
  distribution: {
    area: "x",
    offtakeDayEurPerKWh: 0.05,
    offtakeNightEurPerKWh: 0.05,
    transmissionEurPerKWh: 0,
    capacityEurPerKWYear: 50,
    dataManagementEurPerYear: 10,
  },
  leviesEurPerKWh: 0,
  vatRate: 0,
  updatedAt: 0,
} as TariffVersion;

const base: InsightsInput = {
  grid: grid(),
  pv: [],
  versions: [tariff],
  prices: new Map(),
  solar: null,
};

describe("insightsView: standby", () => {
  it("words the level, its yearly cost and the jump", () => {
    const view = insightsView(base, DUTCH, "nl");
    const standby = view.standby!;
    // The last 14 nights: 4 at 200 W and 10 at 350 W → median 350 W.
    expect(standby.level).toBe("350 W");
    // 0.35 kW × 8760 h = 3066 kWh, at 0.25 + 0.05 = 0.30 €/kWh = 919.80 €.
    expect(standby.year).toBe(`3.066,0 kWh, ${formatEuro("nl", 919.8)} aan je tarief`);
    expect(standby.nights).toBe("Gemeten over 20 nachten.");
    expect(standby.jumps.map((j) => [j.id, j.title, j.text])).toEqual([[
      "standbyJump|2026-03-11",
      "Sluipverbruik veranderd",
      `Je sluipverbruik steeg van 200 W naar 350 W op 11 maart 2026. ${DUTCH.insights.jumpHint}`,
    ]]);
  });

  it("says how many nights were left out below the floor", () => {
    // Nights 3–5 (3–5 March) read 0.001 kWh a quarter = 4 W: below 20 W, left out. The other 17
    // still show the jump on 11 March (7 nights at 200 W before it: 1, 2, 6–10 March).
    const grid = base.grid.map((b, d) =>
      d >= 2 && d <= 4
        ? {
          ...b,
          imported: b.imported.map((v, i) =>
            localTimeOf(slotStartMs(b.day, i)) < "06:00" ? 0.001 : v
          ),
        }
        : b
    );
    const view = insightsView({ ...base, grid }, DUTCH, "nl");
    expect(view.standby!.nights).toBe("Gemeten over 17 nachten.");
    expect(view.standbySkipped).toBe(
      "3 nachten tellen niet mee: het laagste kwartier lag onder 20 W, wat geen bewoond huis haalt. Een thuisbatterij (die hier niet gemeten wordt) dekte dan wellicht het verbruik.",
    );
    expect(view.standby!.jumps.map((j) => j.id)).toEqual(["standbyJump|2026-03-11"]);
    expect(insightsView(base, DUTCH, "nl").standbySkipped).toBeNull();
  });

  it("counts a recorded battery in, so its nights are not left out", () => {
    const grid = base.grid.map((b, d) =>
      d >= 2 && d <= 4
        ? {
          ...b,
          imported: b.imported.map((v, i) =>
            localTimeOf(slotStartMs(b.day, i)) < "06:00" ? 0.001 : v
          ),
        }
        : b
    );
    // The battery gave 0.049 kWh a quarter those nights: 0.001 + 0.049 = 0.05 kWh = 200 W.
    const battery = grid.slice(2, 5).map((b) => {
      const bucket = emptyBucket("s", "battery", b.day);
      for (let i = 0; i < bucket.imported.length; i++) {
        bucket.imported[i] = 0;
        bucket.exported[i] = 0.049;
        bucket.quality[i] = Quality.measured;
      }
      return bucket;
    });
    const view = insightsView({ ...base, grid, battery }, DUTCH, "nl");
    expect(view.standbySkipped).toBeNull();
    expect(view.standby!.nights).toBe("Gemeten over 20 nachten.");
  });

  it("has no standby without nights", () => {
    expect(insightsView({ ...base, grid: [] }, DUTCH, "nl").standby).toBeNull();
  });
});

describe("insightsView: solar faults", () => {
  /** 40 clear days of production at 90 % of the model, 30 % lower from the 21st. */
  function pv(): DayBucket[] {
    return Array.from({ length: 40 }, (_, d) => {
      const day = addDays("2026-05-01", d);
      const bucket = emptyBucket("s", "pv", day);
      const start = dayStartMs(day);
      for (let i = 0; i < bucket.imported.length; i++) {
        const kWh = clearSkyW(start + i * 900_000 + 450_000) / 4000 * 0.9;
        bucket.imported[i] = d >= 20 ? kWh * 0.7 : kWh;
        bucket.exported[i] = 0;
        bucket.quality[i] = Quality.measured;
      }
      return bucket;
    });
  }

  it("says what is missing: production, or the model", () => {
    expect(insightsView(base, DUTCH, "nl").faults).toEqual({ status: "noPv" });
    expect(insightsView({ ...base, pv: pv() }, DUTCH, "nl").faults).toEqual({ status: "noModel" });
  });

  it("explains a step loss in plain words, as news", () => {
    const view = insightsView(
      {
        ...base,
        pv: pv(),
        solar: { expectedW: (ms) => clearSkyW(ms), clearIndex: () => 1 },
      },
      DUTCH,
      "nl",
    );
    if (view.faults.status !== "ok") throw new Error();
    // 1 − 0.7 = 30 %, a third of the array; the 21st day is 21 May.
    expect(view.faults.items.map((i) => [i.id, i.title, i.text])).toEqual([[
      "stepLoss|2026-05-21",
      "Deel van de installatie uitgevallen",
      "Sinds 21 mei 2026 maken je panelen op heldere dagen 30 % minder dan voordien, ongeveer 1/3 van de installatie (de laatste normale dag was 20 mei 2026). Dat wijst op een string of optimizer die uitviel. Laat je installateur de strings nameten.",
    ]]);
    expect(view.faults.none).toBeNull();
    const news = alertItems(view).map((i) => i.id);
    expect(news).toEqual(["standbyJump|2026-03-11", "stepLoss|2026-05-21"]);
    expect(unseenItems(alertItems(view), new Set(["standbyJump|2026-03-11"])).map((i) => i.id))
      .toEqual(["stepLoss|2026-05-21"]);
  });

  it("says none were found on a healthy installation", () => {
    const healthy = pv().map((b, d) =>
      d >= 20 ? { ...b, imported: b.imported.map((v) => v! / 0.7) } : b
    );
    const view = insightsView(
      {
        ...base,
        pv: healthy,
        solar: { expectedW: (ms) => clearSkyW(ms), clearIndex: () => 1 },
      },
      DUTCH,
      "nl",
    );
    expect(view.faults).toEqual({
      status: "ok",
      items: [],
      none: "Geen storingen gevonden op de heldere dagen van 1 mei 2026 tot 9 juni 2026.",
    });
  });

  it("says which days were judged: only those the weather (the expectation) covers", () => {
    const healthy = pv().map((b, d) =>
      d >= 20 ? { ...b, imported: b.imported.map((v) => v! / 0.7) } : b
    );
    // The expectation exists from 21 May only (the weather's ~91 days): 1–20 May are not judged.
    const covered = dayStartMs("2026-05-21");
    const view = insightsView(
      {
        ...base,
        pv: healthy,
        solar: { expectedW: (ms) => (ms >= covered ? clearSkyW(ms) : 0), clearIndex: () => 1 },
      },
      DUTCH,
      "nl",
    );
    if (view.faults.status !== "ok") throw new Error();
    expect(view.faults.none).toBe(
      "Geen storingen gevonden op de heldere dagen van 21 mei 2026 tot 9 juni 2026.",
    );
    // Without any expectation nothing is judged, and the page says so.
    const none = insightsView(
      { ...base, pv: healthy, solar: { expectedW: () => 0, clearIndex: () => 1 } },
      DUTCH,
      "nl",
    );
    if (none.faults.status !== "ok") throw new Error();
    expect(none.faults.none).toBe(DUTCH.insights.faultsNothingJudged);
  });
});

describe("findingItem", () => {
  it("words a shade at the clock time of its season, saying which", () => {
    const item = findingItem(
      {
        id: "shading|14:00Z|2026-03-02",
        kind: "shading",
        fault: true,
        fromDay: "2026-03-02",
        toDay: "2026-08-30",
        fromUtcMinute: 840,
        toUtcMinute: 870,
        fromTime: "16:00",
        toTime: "16:30",
        summerTime: true,
        deficitPct: 60,
        daysWithDeficit: 120,
        clearDays: 125,
      },
      DUTCH,
      "nl",
    );
    expect(item.text).toBe(
      "Sinds 2 maart 2026 maken je panelen tussen 16:00 en 16:30 (zomertijd; in de wintertijd een uur vroeger op de klok) op 120 van de 125 heldere dagen 60 % minder dan de rest van de dag. Dat is schaduw die telkens terugkomt: een boom, een gebouw, een schoorsteen.",
    );
  });

  it("words missing data from the inverter as a fault", () => {
    const item = findingItem(
      {
        id: "noData|2026-04-10",
        kind: "noData",
        fault: true,
        fromDay: "2026-04-10",
        toDay: "2026-04-12",
        hours: 20,
        missedKWh: 31.5,
      },
      DUTCH,
      "nl",
    );
    expect([item.alert, item.title]).toEqual([true, "Geen gegevens van de omvormer"]);
    expect(item.text).toBe(
      "Van 10 april 2026 tot 12 april 2026: 20 heldere uren overdag zonder gegevens van de omvormer, terwijl er ongeveer 31,5 kWh verwacht werd. De omvormer of zijn verbinding (wifi, kabel, gateway) stond misschien uit. Kijk of de omvormer aanstaat en nog verbonden is.",
    );
  });
});

describe("insightsWindow", () => {
  it("is the last 365 days up to the newest stored day", () => {
    // 30 June 2026 − 364 days = 1 July 2025: July 2025 to June 2026, 365 days (no 29 February).
    expect(insightsWindow({ from: "2025-01-01", to: "2026-06-30" })).toEqual({
      from: "2025-07-01",
      to: "2026-06-30",
    });
    expect(insightsWindow({ from: "2025-07-01", to: "2026-06-30" }).from).toBe("2025-07-01");
  });

  it("is the whole stored period when shorter than a year", () => {
    expect(insightsWindow({ from: "2026-05-01", to: "2026-06-30" })).toEqual({
      from: "2026-05-01",
      to: "2026-06-30",
    });
  });
});
