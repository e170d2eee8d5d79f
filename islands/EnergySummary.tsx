/** Dashboard history: yesterday's import, export and production, and net import per month. */
import { useEffect, useState } from "preact/hooks";
import { dataVersion, hasEnergyDb, loadEnergyDb } from "../app/browser/data_version.ts";
import { locale, t } from "../app/browser/i18n.ts";
import { Card } from "../components/Card.tsx";
import { DataList } from "../components/DataList.tsx";
import { addDays, addMonths, localDayOf } from "../lib/energy/calendar.ts";
import { withDailyTotals } from "../lib/energy/series.ts";
import { type EnergySummary as Summary, energySummary } from "../lib/views/energy_summary.ts";
import { formatEuro, formatLocalDay, formatNumber } from "../lib/i18n/format.ts";
import { CostLines } from "../components/CostLines.tsx";
import { reading } from "../app/browser/live_store.ts";
import { currentSite } from "../app/browser/site.ts";
import { fill } from "../lib/i18n/messages.ts";

const MONTHS_SHOWN = 12;

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
      // yesterday and this month so far all come from it.
      const to = last > today ? last : today;
      const [quarterGrid, dailyGrid, pv] = await Promise.all([
        loadBuckets(db, siteId, "grid", from, to),
        loadBuckets(db, siteId, "grid", from, to, 1440),
        loadBuckets(db, siteId, "pv", yesterday, yesterday),
      ]);
      const grid = withDailyTotals(quarterGrid, dailyGrid);
      const cost = await loadCost(db, siteId, from, to, grid, reading.peek());
      if (cancelled) return;
      setData(energySummary({ today, grid, pv, cost, monthsShown: MONTHS_SHOWN }));
    })().catch((e) => !cancelled && setError(String(e?.message ?? e)));
    return () => {
      cancelled = true;
    };
  }, [version, siteId]);

  if (error !== null) {
    return <p class="notice" role="alert">{fill(m.energy.loadFailed, { reason: error })}</p>;
  }
  if (data === null) return null;
  const kwh = (value: number | null) =>
    value === null ? m.energy.unknown : `${formatNumber(loc, value, 2)} kWh`;
  if (data.months.length === 0) {
    return <p class="hint" data-testid="no-history">{m.energy.noHistory}</p>;
  }
  const y = data.yesterday;
  return (
    <div class="dashboard energy-summary">
      <Card title={m.energy.yesterday} id="yesterday-title">
        {y.hasData
          ? (
            <DataList
              items={[
                {
                  label: m.energy.importKWh,
                  value: kwh(y.totals.importKWh),
                  testId: "yesterday-import",
                },
                {
                  label: m.energy.exportKWh,
                  value: kwh(y.totals.exportKWh),
                  testId: "yesterday-export",
                },
                {
                  label: m.energy.production,
                  value: kwh(y.totals.productionKWh),
                  testId: "yesterday-production",
                },
                ...(data.yesterdayCostEur !== null
                  ? [{
                    label: m.cost.totalEur,
                    value: formatEuro(loc, data.yesterdayCostEur),
                    testId: "yesterday-cost",
                  }]
                  : []),
              ]}
            />
          )
          : <p class="hint">{m.history.noData}</p>}
      </Card>
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
          {data.months.map((month) => (
            <li key={month.month}>
              <span>{formatLocalDay(loc, month.month, "monthLong")}</span>
              <span class={month.netKWh >= 0 ? "net-import" : "net-export"}>
                {month.netKWh > 0 ? "+" : ""}
                {formatNumber(loc, month.netKWh, 2)} kWh
                {month.totalEur !== null && ` · ${formatEuro(loc, month.totalEur)}`}
                {!month.complete && <small class="incomplete">({m.energy.incomplete})</small>}
              </span>
            </li>
          ))}
        </ul>
      </Card>
    </div>
  );
}
