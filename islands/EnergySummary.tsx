/**
 * Dashboard history: today's and yesterday's figures as a row of tiles, this month's cost so far,
 * and net import per month, each month a link to its history.
 */
import { useEffect, useState } from "preact/hooks";
import { dataVersion, hasEnergyDb, loadEnergyDb } from "../app/browser/data_version.ts";
import { locale, t } from "../app/browser/i18n.ts";
import { historyPath } from "../app/browser/router.ts";
import { AppLink } from "../components/AppLink.tsx";
import { Card } from "../components/Card.tsx";
import { addDays, addMonths, localDayOf } from "../lib/energy/calendar.ts";
import { withDailyTotals } from "../lib/energy/series.ts";
import {
  type EnergySummary as Summary,
  energySummary,
  isShareMeasure,
  type TileMeasure,
} from "../lib/views/energy_summary.ts";
import { formatEnergy, formatEuro, formatLocalDay, formatShare } from "../lib/i18n/format.ts";
import { CostLines } from "../components/CostLines.tsx";
import { meterReading } from "../app/browser/live_store.ts";
import { currentSite } from "../app/browser/site.ts";
import { fill, type Locale, type Messages } from "../lib/i18n/messages.ts";

const MONTHS_SHOWN = 12;

function tileLabel(m: Messages, measure: TileMeasure): string {
  switch (measure) {
    case "import":
      return m.energy.importKWh;
    case "export":
      return m.energy.exportKWh;
    case "production":
      return m.energy.production;
    case "selfConsumed":
      return m.energy.selfConsumed;
    case "selfConsumption":
      return m.energy.selfConsumption;
    case "selfSufficiency":
      return m.energy.selfSufficiency;
    case "cost":
      return m.energy.cost;
  }
}

export function EnergySummary() {
  const m = t.value;
  const loc = locale.value;
  const [data, setData] = useState<Summary | null>(null);
  const [error, setError] = useState<string | null>(null);
  const version = dataVersion.value;
  const siteId = currentSite.value;

  useEffect(() => {
    let cancelled = false;
    (async () => {
      const today = localDayOf(Date.now());
      // A first visit has no database: nothing to show, and no reason to load RxDB for it.
      if (!(await hasEnergyDb())) {
        const none = { today, grid: new Map(), pv: new Map(), cost: null };
        if (!cancelled) setData(energySummary({ ...none, monthsShown: MONTHS_SHOWN }));
        return;
      }
      const { database, loadBuckets, loadCost, storedPeriod } = await loadEnergyDb();
      const db = await database();
      const yesterday = addDays(today, -1);
      // The newest months with data: an import of older years still shows here.
      const stored = await storedPeriod(db, siteId, "grid");
      const last = stored?.to ?? yesterday;
      const from = `${addMonths(last.slice(0, 7), -(MONTHS_SHOWN - 1))}-01`;
      // One load and one cost over the newest months and up to today: the month list,
      // today, yesterday and this month so far all come from it.
      const to = last > today ? last : today;
      const [quarterGrid, dailyGrid, quarterPv, hourPv, dailyPv] = await Promise.all([
        loadBuckets(db, siteId, "grid", from, to),
        loadBuckets(db, siteId, "grid", from, to, 1440),
        loadBuckets(db, siteId, "pv", yesterday, today),
        loadBuckets(db, siteId, "pv", yesterday, today, 60),
        loadBuckets(db, siteId, "pv", yesterday, today, 1440),
      ]);
      const grid = withDailyTotals(quarterGrid, dailyGrid);
      // Production: the finest a day has (a gateway's quarters, else a portal's hours or day).
      const pv = withDailyTotals(withDailyTotals(quarterPv, hourPv), dailyPv);
      const cost = await loadCost(db, siteId, from, to, grid, meterReading.peek());
      if (cancelled) return;
      setData(
        energySummary({
          today,
          grid,
          pv,
          cost,
          monthsShown: MONTHS_SHOWN,
          newestDay: stored?.to ?? null,
        }),
      );
    })().catch((e) => !cancelled && setError(String(e?.message ?? e)));
    return () => {
      cancelled = true;
    };
  }, [version, siteId]);

  if (error !== null) {
    return <p class="notice" role="alert">{fill(m.energy.loadFailed, { reason: error })}</p>;
  }
  if (data === null) return null;
  if (data.months.length === 0) {
    return <p class="hint" data-testid="no-history">{m.energy.noHistory}</p>;
  }
  return (
    <div class="dashboard energy-summary">
      <DayTiles data={data} m={m} loc={loc} />
      {data.monthToDate && (
        <Card title={m.cost.monthToDate} id="month-to-date-title">
          <CostLines
            lines={data.monthToDate.lines}
            totalEur={data.monthToDate.totalEur}
            t={m}
            locale={loc}
            testId="month-to-date"
          />
          <p class="hint">{fill(m.cost.coveredDays, { n: data.monthToDate.days })}</p>
        </Card>
      )}
      <Card title={m.energy.months} id="months-title">
        <p class="hint">{m.energy.monthsHint}</p>
        <ul class="month-list" data-testid="month-list">
          {data.months.map((month) => {
            const name = formatLocalDay(loc, month.month, "monthLong");
            return (
              <li key={month.month}>
                <AppLink
                  href={historyPath("month", `${month.month}-01`)}
                  label={fill(m.energy.openMonth, { month: name })}
                >
                  {name}
                </AppLink>
                <span class={month.netKWh >= 0 ? "net-import" : "net-export"}>
                  {month.netKWh > 0 ? "+" : ""}
                  {formatEnergy(loc, month.netKWh)}
                  {month.totalEur !== null && ` · ${formatEuro(loc, month.totalEur)}`}
                  {!month.complete && <small class="incomplete">({m.energy.incomplete})</small>}
                </span>
              </li>
            );
          })}
        </ul>
      </Card>
    </div>
  );
}

/** Today's figure large, yesterday's under it, per measure; or where the newest data is. */
function DayTiles(props: { data: Summary; m: Messages; loc: Locale }) {
  const { data, m, loc } = props;
  const e = m.energy;
  const value = (measure: TileMeasure, v: number | null) =>
    v === null
      ? "–"
      : measure === "cost"
      ? formatEuro(loc, v)
      : isShareMeasure(measure)
      ? formatShare(loc, v)
      : formatEnergy(loc, v);
  const newest = data.newestDay;
  return (
    <section class="card wide day-tiles" aria-labelledby="days-title">
      <h2 id="days-title">
        {e.days}
        {data.today.incomplete && <small class="incomplete">({e.soFar})</small>}
      </h2>
      {newest
        ? (
          <p class="hint" data-testid="no-recent-data">
            {fill(e.noRecentData, { when: formatLocalDay(loc, newest, "long") })}{" "}
            <AppLink href={historyPath("day", newest)} testId="open-newest">
              {fill(e.openNewest, { when: formatLocalDay(loc, newest, "long") })}
            </AppLink>
          </p>
        )
        : (
          <ul class="tiles" data-testid="day-tiles">
            {data.tiles.map((tile) => (
              <li key={tile.measure} class={`tile tile-${tile.measure}`}>
                <span class="tile-label">{tileLabel(m, tile.measure)}</span>
                <AppLink href={historyPath("day", data.today.day)} class="tile-today">
                  <span class="visually-hidden">{e.today}:</span>
                  <span data-testid={`today-${tile.measure}`}>
                    {value(tile.measure, tile.today)}
                  </span>
                  {tile.todayPartial && <small class="incomplete">({e.partial})</small>}
                </AppLink>
                <AppLink href={historyPath("day", data.yesterday.day)} class="tile-yesterday">
                  {fill(e.yesterdayValue, {
                    value: value(tile.measure, tile.yesterday),
                  })}
                  {tile.yesterdayPartial && ` (${e.partial})`}
                </AppLink>
              </li>
            ))}
          </ul>
        )}
    </section>
  );
}
