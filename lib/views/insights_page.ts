/**
 * The insights page ("Inzichten"): the standby load with its trend and yearly cost, and the solar
 * findings, each in plain words in the user's language; plus which findings are new to the user
 * (for the notice and the browser notification, shown once per finding).
 */
import { addDays, type LocalDay } from "../energy/calendar.ts";
import type { DayBucket } from "../energy/day_bucket.ts";
import {
  STANDBY_FLOOR_W,
  standbyLoad,
  standbyNightsOf,
  standbyYearCost,
} from "../energy/standby.ts";
import { formatEnergy, formatEuro, formatLocalDay, formatNumber } from "../i18n/format.ts";
import { fill, type Locale, type Messages } from "../i18n/messages.ts";
import { findFaults, judgedSpan, productionQuarters, type SolarFinding } from "../solar/faults.ts";
import type { TariffVersion } from "../tariff/contract.ts";
import type { PriceDay } from "../tariff/prices.ts";

/** What the solar model tells the fault detection (see `productionQuarters`). */
export interface SolarExpectation {
  expectedW: (instantMs: number) => number;
  clearIndex: (instantMs: number) => number;
  acLimitW?: number;
}

export interface InsightsInput {
  grid: DayBucket[];
  pv: DayBucket[];
  /** The home battery's quarters (imported = charged, exported = discharged), where recorded. */
  battery?: DayBucket[];
  versions: TariffVersion[];
  prices: Map<LocalDay, PriceDay>;
  /** `null` until the site's panel groups (and the model) are known. */
  solar: SolarExpectation | null;
}

/** One thing the page tells, with a stable id for "already notified". */
export interface InsightItem {
  id: string;
  /** A fault, or a change of the standby load (`false` for clipping: worth knowing, no fault). */
  alert: boolean;
  title: string;
  text: string;
}

export interface InsightsView {
  standby: {
    level: string;
    trend: string;
    year: string;
    nights: string;
    jumps: InsightItem[];
  } | null;
  /** How many nights were left out of the standby load (below the floor), or `null`. */
  standbySkipped: string | null;
  faults:
    | { status: "noPv" | "noModel" }
    | { status: "ok"; items: InsightItem[]; none: string | null };
}

/** Days the page looks at: a year of nights and of production. */
export const INSIGHTS_WINDOW_DAYS = 365;

/**
 * The days to load for the page from the stored period: the last year (365 days, the newest
 * stored day included) up to the newest stored day, or all of it when shorter.
 */
export function insightsWindow(stored: { from: LocalDay; to: LocalDay }): {
  from: LocalDay;
  to: LocalDay;
} {
  const yearFrom = addDays(stored.to, -(INSIGHTS_WINDOW_DAYS - 1));
  return { from: yearFrom > stored.from ? yearFrom : stored.from, to: stored.to };
}

const watts = (loc: Locale, w: number) => `${formatNumber(loc, w, 0)} W`;

export function insightsView(input: InsightsInput, m: Messages, loc: Locale): InsightsView {
  const s = m.insights;
  const day = (d: LocalDay) => formatLocalDay(loc, d, "long");
  // Standby.
  const nightsOf = standbyNightsOf(input.grid, input.pv, input.battery ?? []);
  const load = standbyLoad(nightsOf.nights);
  const skipped = nightsOf.belowFloor.length;
  const standbySkipped = skipped === 0
    ? null
    : fill(s.nightsSkipped, { n: skipped, floor: watts(loc, STANDBY_FLOOR_W) });
  let standby: InsightsView["standby"] = null;
  if (load.levelW !== null) {
    const last = load.nights[load.nights.length - 1].day;
    const registers = input.grid.find((b) => b.day === last && b.slotMinutes === 15)?.register ??
      null;
    const cost = standbyYearCost(
      load.levelW,
      last,
      input.versions,
      registers,
      input.prices.get(last),
    );
    const trend = load.trendWPerMonth;
    standby = {
      level: watts(loc, load.levelW),
      trend: trend === null ? s.trendNone : fill(s.trendValue, {
        value: `${trend > 0 ? "+" : trend < 0 ? "−" : ""}${watts(loc, Math.abs(trend))}`,
      }),
      year: cost.yearEur === null
        ? fill(s.yearNoTariff, { kWh: formatEnergy(loc, cost.yearKWh) })
        : fill(s.yearValue, {
          kWh: formatEnergy(loc, cost.yearKWh),
          eur: formatEuro(loc, cost.yearEur),
        }),
      nights: fill(s.nights, { n: load.nights.length }),
      jumps: load.jumps.map((jump) => ({
        id: `standbyJump|${jump.day}`,
        alert: true,
        title: s.kinds.standbyJump,
        text: `${
          fill(jump.toW > jump.fromW ? s.jumpRose : s.jumpFell, {
            from: watts(loc, jump.fromW),
            to: watts(loc, jump.toW),
            day: day(jump.day),
          })
        } ${s.jumpHint}`,
      })),
    };
  }
  // Solar.
  const hasPv = input.pv.some((b) => b.imported.some((v) => v !== null));
  let faults: InsightsView["faults"];
  if (!hasPv) faults = { status: "noPv" };
  else if (input.solar === null) faults = { status: "noModel" };
  else {
    const quarters = productionQuarters(input.pv, input.solar.expectedW, input.solar.clearIndex);
    const findings = findFaults(quarters, { acLimitW: input.solar.acLimitW });
    // "None" speaks only of the days judged (clear quarters with an expectation), not of
    // every stored day of production.
    const span = judgedSpan(quarters);
    faults = {
      status: "ok",
      items: findings.map((f) => findingItem(f, m, loc)),
      none: findings.some((f) => f.fault)
        ? null
        : span === null
        ? s.faultsNothingJudged
        : fill(s.faultsNone, { from: day(span.fromDay), to: day(span.toDay) }),
    };
  }
  return { standby, standbySkipped, faults };
}

/** A finding in plain words. */
export function findingItem(f: SolarFinding, m: Messages, loc: Locale): InsightItem {
  const e = m.insights.explain;
  const day = (d: LocalDay) => formatLocalDay(loc, d, "long");
  const pct = (v: number, digits = 0) => `${formatNumber(loc, v, digits)} %`;
  let text: string;
  switch (f.kind) {
    case "inverterOff":
      text = fill(e.inverterOff, {
        from: day(f.fromDay),
        to: day(f.toDay),
        hours: f.hours,
        kWh: formatEnergy(loc, f.missedKWh),
      });
      break;
    case "noData":
      text = fill(e.noData, {
        from: day(f.fromDay),
        to: day(f.toDay),
        hours: f.hours,
        kWh: formatEnergy(loc, f.missedKWh),
      });
      break;
    case "stepLoss":
      text = f.shareOfArray === null
        ? fill(e.stepLoss, {
          from: day(f.fromDay),
          pct: pct(f.lossPct),
          last: day(f.lastNormalDay),
        })
        : fill(e.stepLossShare, {
          from: day(f.fromDay),
          pct: pct(f.lossPct),
          n: f.shareOfArray,
          last: day(f.lastNormalDay),
        });
      break;
    case "shading":
      text = fill(e.shading, {
        from: day(f.fromDay),
        fromTime: f.fromTime,
        toTime: f.toTime,
        // The clock time shown is that of the finding's last day's season.
        clock: f.summerTime ? e.clockSummer : e.clockWinter,
        pct: pct(f.deficitPct),
        days: f.daysWithDeficit,
        clearDays: f.clearDays,
      });
      break;
    case "drift":
      text = fill(e.drift, {
        from: day(f.fromDay),
        to: day(f.toDay),
        pct: pct(Math.abs(f.pctPerMonth), 1),
      });
      break;
    case "clipping":
      text = fill(e.clipping, {
        days: f.days,
        power: `${formatNumber(loc, f.limitW / 1000, 2)} kW`,
        kWh: formatEnergy(loc, f.clippedKWh),
      });
      break;
  }
  return { id: f.id, alert: f.fault, title: m.insights.kinds[f.kind], text };
}

/** Every item the page tells that counts as news (faults and standby changes). */
export function alertItems(view: InsightsView): InsightItem[] {
  const fromFaults = view.faults.status === "ok" ? view.faults.items : [];
  return [...(view.standby?.jumps ?? []), ...fromFaults].filter((i) => i.alert);
}

/** The items not yet in `seen` (ids), in order. */
export function unseenItems(items: InsightItem[], seen: ReadonlySet<string>): InsightItem[] {
  return items.filter((i) => !seen.has(i.id));
}
