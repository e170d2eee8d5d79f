/** Dashboard history: yesterday's import, export and production, and net import per month. */
import { useEffect, useState } from "preact/hooks";
import { dataVersion, loadEnergyDb } from "../app/browser/data_version.ts";
import { locale, t } from "../app/browser/i18n.ts";
import { Card } from "../components/Card.tsx";
import { DataList } from "../components/DataList.tsx";
import { addDays, addMonths, localDayOf } from "../lib/energy/calendar.ts";
import {
  type MonthNet,
  monthNetList,
  periodSeries,
  type Series,
  withDailyTotals,
} from "../lib/energy/series.ts";
import { formatEuro, formatLocalDay, formatNumber } from "../lib/i18n/format.ts";
import { addLines, type CostLines as Lines, emptyLines } from "../lib/tariff/cost_lines.ts";
import { CostLines } from "../components/CostLines.tsx";
import { reading } from "../app/browser/live_store.ts";
import { currentSite } from "../app/browser/site.ts";
import { fill } from "../lib/i18n/messages.ts";

const MONTHS_SHOWN = 12;

export function EnergySummary() {
  const m = t.value;
  const loc = locale.value;
  const [data, setData] = useState<
    {
      yesterday: Series;
      yesterdayCost: Lines | null;
      monthToDate: Lines | null;
      months: MonthNet[];
      monthEur: Map<string, number> | null;
    } | null
  >(null);
  const [error, setError] = useState<string | null>(null);
  const version = dataVersion.value;
  const siteId = currentSite.value;

  useEffect(() => {
    let cancelled = false;
    (async () => {
      const { database, loadBuckets, loadCost, storedPeriod } = await loadEnergyDb();
      const db = await database();
      const today = localDayOf(Date.now());
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
      // A month's cost covers the days it has data for.
      const monthEur = cost ? new Map<string, number>() : null;
      const thisMonth = today.slice(0, 7);
      let monthToDate: Lines | null = null;
      for (const [day, dayCost] of cost?.days ?? []) {
        const month = day.slice(0, 7);
        monthEur!.set(month, (monthEur!.get(month) ?? 0) + dayCost.lines.totalEur);
        if (month === thisMonth) monthToDate = addLines(monthToDate ?? emptyLines(), dayCost.lines);
      }
      if (cancelled) return;
      setData({
        yesterday: periodSeries("day", yesterday, grid, pv),
        yesterdayCost: cost?.days.get(yesterday)?.lines ?? null,
        monthToDate,
        months: monthNetList(grid.values()).slice(0, MONTHS_SHOWN),
        monthEur,
      });
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
                ...(data.yesterdayCost
                  ? [{
                    label: m.cost.totalEur,
                    value: formatEuro(loc, data.yesterdayCost.totalEur),
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
          <CostLines lines={data.monthToDate} t={m} locale={loc} testId="month-to-date" />
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
                {data.monthEur?.has(month.month) &&
                  ` · ${formatEuro(loc, data.monthEur.get(month.month)!)}`}
                {!month.complete && <small class="incomplete">({m.energy.incomplete})</small>}
              </span>
            </li>
          ))}
        </ul>
      </Card>
    </div>
  );
}
