/**
 * Day, week, month and year views of the stored quarter-hours: a chart, the totals under it, a
 * table with the same numbers, CSV export, and prev/next by button, swipe or date. The period
 * lives in the URL, so a reload or a shared link shows the same view.
 */
import { download } from "../app/browser/download.ts";
import { useCallback, useEffect, useMemo, useRef, useState } from "preact/hooks";
import { locale, t } from "../app/browser/i18n.ts";
import { dataVersion, loadEnergyDb } from "../app/browser/data_version.ts";
import { historyPath, navigate, PATHS, query } from "../app/browser/router.ts";
import { AppLink } from "../components/AppLink.tsx";
import { Card } from "../components/Card.tsx";
import { DataList } from "../components/DataList.tsx";
import { TableScroll } from "../components/TableScroll.tsx";
import { isLocalDay, type LocalDay, localDayOf, localTimeOf } from "../lib/energy/calendar.ts";
import { bucketsToCsv, type CsvStyle } from "../lib/energy/csv_export.ts";
import type { DayBucket } from "../lib/energy/day_bucket.ts";
import {
  netDirection,
  type PeriodKind,
  periodRange,
  periodSeries,
  type Series,
  stepPeriod,
  withDailyTotals,
} from "../lib/energy/series.ts";
import { formatEnergy, formatLocalDay, formatNumber, formatShare } from "../lib/i18n/format.ts";
import type { PeriodCost } from "../lib/tariff/cost.ts";
import { completeTotalEur } from "../lib/tariff/cost_lines.ts";
import { barCosts } from "../lib/tariff/series_cost.ts";
import { CostLines } from "../components/CostLines.tsx";
import { meterReading } from "../app/browser/live_store.ts";
import { currentSite } from "../app/browser/site.ts";
import { fill, type Locale, type Messages } from "../lib/i18n/messages.ts";
import { historyChartView } from "../lib/views/history_chart.ts";
import { forecastBand } from "../lib/views/solar_forecast.ts";
import { refreshSolarForecast, solarForecast } from "../app/browser/solar_forecast.ts";
import { HistoryChart } from "./HistoryChart.tsx";

const KINDS: PeriodKind[] = ["day", "week", "month", "year"];

interface Loaded {
  key: string;
  series: Series;
  grid: DayBucket[];
  /** `null` without a tariff. */
  cost: PeriodCost | null;
  barEur: (number | null)[];
  /** Values of other sources that disagree with the kept ones, in the period. */
  others: number;
  /** An empty period's pointer: the newest day with data of the site, anywhere. */
  newest: LocalDay | null;
}

function barLabel(loc: Locale, series: Series, index: number): string {
  const bar = series.bars[index];
  if (series.kind === "day") return localTimeOf(bar.startMs!);
  if (series.kind === "week") return formatLocalDay(loc, bar.key, "weekday");
  if (series.kind === "month") return formatLocalDay(loc, bar.key, "dayOfMonth");
  return formatLocalDay(loc, bar.key, "monthShort");
}

function periodTitle(loc: Locale, kind: PeriodKind, anchor: string): string {
  const { from, to } = periodRange(kind, anchor);
  if (kind === "day") return formatLocalDay(loc, anchor, "weekdayLong");
  if (kind === "week") {
    return `${formatLocalDay(loc, from, "long")} – ${formatLocalDay(loc, to, "long")}`;
  }
  if (kind === "month") return formatLocalDay(loc, anchor.slice(0, 7), "monthLong");
  return anchor.slice(0, 4);
}

export function HistoryView() {
  const m = t.value;
  const h = m.history;
  const loc = locale.value;
  const params = query.value;
  const kind = (KINDS as string[]).includes(params.get("period") ?? "")
    ? params.get("period") as PeriodKind
    : "day";
  const dateParam = params.get("date") ?? "";
  const anchor = isLocalDay(dateParam) ? dateParam : localDayOf(Date.now());
  const quarters = kind === "day" && params.get("zoom") === "quarters";
  const siteId = currentSite.value;
  const key = `${siteId}|${kind}|${anchor}|${quarters}|${dataVersion.value}`;
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<string | null>(null);

  const go = useCallback((next: { period?: PeriodKind; date?: string; zoom?: boolean }) => {
    const p = new URLSearchParams();
    p.set("period", next.period ?? kind);
    p.set("date", next.date ?? anchor);
    if (next.zoom ?? quarters) p.set("zoom", "quarters");
    navigate(`/history?${p}`, true);
  }, [kind, anchor, quarters]);

  const loadStarted = useRef(0);
  useEffect(() => {
    let cancelled = false;
    loadStarted.current = performance.now();
    (async () => {
      const { database, loadBuckets, loadCost, storedPeriod } = await loadEnergyDb();
      const db = await database();
      // Where the newest data is, asked only when it matters: opened without a date (nothing
      // today, as after an import of older months, opens the newest day), or an empty period.
      const newestDay = async () => (await storedPeriod(db, siteId, "grid"))?.to ?? null;
      if (!isLocalDay(dateParam)) {
        const newest = await newestDay();
        if (newest !== null && newest < anchor) {
          if (!cancelled) go({ date: newest });
          return;
        }
      }
      const { from, to } = periodRange(kind, anchor);
      const [quarterGrid, dailyGrid, quarterPv, hourPv, dailyPv] = await Promise.all([
        loadBuckets(db, siteId, "grid", from, to),
        loadBuckets(db, siteId, "grid", from, to, 1440),
        loadBuckets(db, siteId, "pv", from, to),
        loadBuckets(db, siteId, "pv", from, to, 60),
        loadBuckets(db, siteId, "pv", from, to, 1440),
      ]);
      const grid = withDailyTotals(quarterGrid, dailyGrid);
      // Production: the finest a day has (a gateway's quarters, else a portal's hours or day).
      const pv = withDailyTotals(withDailyTotals(quarterPv, hourPv), dailyPv);
      const series = periodSeries(kind, anchor, grid, pv, quarters);
      const cost = await loadCost(db, siteId, from, to, grid, meterReading.peek());
      const newest = series.hasData ? null : await newestDay();
      if (cancelled) return;
      setLoaded({
        key,
        series,
        grid: [...grid.values()],
        cost,
        barEur: cost ? barCosts(series, cost) : series.bars.map(() => null),
        others: [...grid.values()].reduce((n, b) => n + (b.others?.length ?? 0), 0),
        newest,
      });
      setError(null);
    })().catch((e) => !cancelled && setError(String(e?.message ?? e)));
    return () => {
      cancelled = true;
    };
  }, [key]);

  const series = loaded?.series ?? null;
  // In the quarter-hour table, the other source's import beside each disagreeing quarter.
  const quarterOthers = useMemo(() => {
    if (!loaded || kind !== "day" || !quarters) return null;
    const day = loaded.grid.find((b) => b.day === anchor && b.slotMinutes === 15);
    if (!day?.others?.length) return null;
    return new Map(day.others.map((o) => [o.slot, o.importKWh ?? 0]));
  }, [loaded, kind, quarters, anchor]);
  const labels = useMemo(
    () => (series ? series.bars.map((_, i) => barLabel(loc, series, i)) : []),
    [series, loc],
  );
  // The solar forecast's band behind a day's production, where the forecast reaches that day.
  const forecast = solarForecast.value;
  useEffect(() => {
    refreshSolarForecast(siteId).catch(() => {});
  }, [siteId]);
  const band = useMemo(
    () =>
      series?.kind === "day" && forecast.kind === "ready" && forecast.siteId === siteId
        ? forecastBand(forecast.banded, series.bars, quarters ? 900_000 : 3_600_000)
        : null,
    [series, forecast, quarters, siteId],
  );
  const chartView = useMemo(
    () => (series ? historyChartView(series, quarters, band) : null),
    [series, quarters, band],
  );
  const onSelect = useCallback((index: number) => {
    if (!series || series.kind === "day") return;
    const bar = series.bars[index];
    if (series.kind === "year") go({ period: "month", date: `${bar.key}-01` });
    else go({ period: "day", date: bar.key });
  }, [series, go]);

  // From reading IndexedDB to the drawn chart, for the browser's tools and `deno task bench`.
  const onDrawn = useCallback(() => {
    performance.measure(`history-${kind}`, { start: loadStarted.current });
  }, [kind]);
  const swipeStart = useRef<{ x: number; y: number } | null>(null);
  const kwh = (value: number | null) =>
    value === null ? m.energy.unknown : formatEnergy(loc, value);
  const share = (value: number | null) =>
    value === null ? m.energy.unknown : formatShare(loc, value);
  const title = periodTitle(loc, kind, anchor);
  const net = series ? netDirection(series.totals.netKWh) : null;

  return (
    <div class="history">
      <div class="history-toolbar">
        <div role="group" aria-label={h.period} class="segmented">
          {KINDS.map((k) => (
            <button
              type="button"
              key={k}
              aria-pressed={k === kind}
              onClick={() => go({ period: k, zoom: false })}
            >
              {h[k]}
            </button>
          ))}
        </div>
        <div class="stepper">
          <button
            type="button"
            aria-label={h.previous}
            onClick={() => go({ date: stepPeriod(kind, anchor, -1) })}
          >
            <span aria-hidden="true">‹</span>
            <span class="step-label" aria-hidden="true">{h.previous}</span>
          </button>
          <label>
            <span class="visually-hidden">{h.date}</span>
            <input
              type="date"
              value={anchor}
              data-testid="history-date"
              onChange={(e) => {
                const value = (e.currentTarget as HTMLInputElement).value;
                if (isLocalDay(value)) go({ date: value });
              }}
            />
          </label>
          <button
            type="button"
            aria-label={h.next}
            onClick={() => go({ date: stepPeriod(kind, anchor, 1) })}
          >
            <span class="step-label" aria-hidden="true">{h.next}</span>
            <span aria-hidden="true">›</span>
          </button>
        </div>
      </div>
      <Card title={title} id="history-title">
        {kind === "day" && (
          <label class="check">
            <input
              type="checkbox"
              checked={quarters}
              onChange={(e) => go({ zoom: (e.currentTarget as HTMLInputElement).checked })}
            />
            {h.quarters}
          </label>
        )}
        {error !== null && (
          <p class="notice" role="alert">{fill(m.energy.loadFailed, { reason: error })}</p>
        )}
        {series === null && error === null && <p role="status">{m.energy.loading}</p>}
        {series !== null && (
          <>
            <div
              class="swipe"
              onPointerDown={(e) => (swipeStart.current = { x: e.clientX, y: e.clientY })}
              onPointerUp={(e) => {
                const start = swipeStart.current;
                swipeStart.current = null;
                if (!start || e.pointerType === "mouse") return;
                const dx = e.clientX - start.x;
                if (Math.abs(dx) > 60 && Math.abs(e.clientY - start.y) < 40) {
                  go({ date: stepPeriod(kind, anchor, dx < 0 ? 1 : -1) });
                }
              }}
            >
              <HistoryChart
                view={chartView!}
                labels={labels}
                ariaLabel={fill(h.chartLabel, { period: title })}
                locale={loc}
                messages={m}
                onSelect={onSelect}
                onDrawn={onDrawn}
                barEur={loaded!.barEur}
              />
            </div>
            {!series.hasData && (
              <EmptyPeriod newest={loaded!.newest} kind={kind} locale={loc} m={m} />
            )}
            {series.hasData && (
              <>
                <DataList
                  class="totals"
                  items={[
                    {
                      label: m.energy.importKWh,
                      value: kwh(series.totals.importKWh),
                      testId: "total-import",
                    },
                    {
                      label: m.energy.exportKWh,
                      value: kwh(series.totals.exportKWh),
                      testId: "total-export",
                    },
                    {
                      // The direction in words, never a minus sign.
                      label: net!.direction === "export" ? h.netExport : h.netImport,
                      value: kwh(net!.kWh),
                      testId: "total-net",
                    },
                    {
                      label: m.energy.production,
                      value: kwh(series.totals.productionKWh),
                      testId: "total-production",
                    },
                    ...(series.totals.selfUse
                      ? [
                        {
                          label: m.energy.selfConsumption,
                          value: share(series.totals.selfUse.selfConsumption),
                          testId: "total-self-consumption",
                        },
                        {
                          label: m.energy.selfSufficiency,
                          value: share(series.totals.selfUse.selfSufficiency),
                          testId: "total-self-sufficiency",
                        },
                      ]
                      : []),
                  ]}
                />
                {series.totals.selfUse?.partial && (
                  <p class="hint" data-testid="self-use-partial">{m.energy.selfUsePartial}</p>
                )}
                {loaded!.cost
                  ? (
                    <section aria-labelledby="cost-title" class="cost">
                      <h3 id="cost-title">{m.cost.title}</h3>
                      <CostLines
                        lines={loaded!.cost.lines}
                        totalEur={completeTotalEur(loaded!.cost)}
                        t={m}
                        locale={loc}
                        testId="cost"
                      />
                      <p class="hint" data-testid="cost-days">
                        {fill(m.cost.coveredDays, { n: loaded!.cost.days.size })}
                      </p>
                      {loaded!.cost.unpricedSlots > 0 && (
                        <p class="notice" role="status">
                          {fill(m.cost.unpriced, { n: loaded!.cost.unpricedSlots })}
                        </p>
                      )}
                      {kind === "day" && <p class="hint">{m.cost.hourNote}</p>}
                    </section>
                  )
                  : (
                    <p class="hint" data-testid="no-tariff">
                      <AppLink href={PATHS.tariff}>{m.cost.noTariff}</AppLink>
                    </p>
                  )}
                {loaded!.others > 0 && (
                  <p class="hint" data-testid="disagreements">
                    {fill(h.disagree, { n: loaded!.others })}
                  </p>
                )}
                {series.hasData && series.totals.missingSlots > 0 && (
                  <p class="hint" data-testid="gaps">
                    {fill(h.gaps, { n: series.totals.missingSlots })}
                  </p>
                )}
                <details>
                  <summary>{h.table}</summary>
                  <TableScroll label={h.table}>
                    <table class="data-table" data-testid="history-table">
                      <thead>
                        <tr>
                          <th scope="col">
                            {kind === "day" ? h.time : kind === "year" ? h.month : h.day}
                          </th>
                          <th scope="col">{m.energy.importKWh} (kWh)</th>
                          <th scope="col">{m.energy.exportKWh} (kWh)</th>
                          <th scope="col">{m.energy.net} (kWh)</th>
                          <th scope="col">{m.energy.production} (kWh)</th>
                          {series.totals.selfUse && (
                            <>
                              <th scope="col">{m.energy.selfConsumption}</th>
                              <th scope="col">{m.energy.selfSufficiency}</th>
                            </>
                          )}
                          {loaded!.cost && <th scope="col">{m.cost.perBar}</th>}
                          {quarterOthers && <th scope="col">{h.otherSource}</th>}
                        </tr>
                      </thead>
                      <tbody>
                        {series.bars.map((bar, i) => (
                          <tr key={bar.key}>
                            <th scope="row">{labels[i]}</th>
                            {[bar.importKWh, bar.exportKWh, bar.netKWh, bar.productionKWh].map((
                              v,
                              j,
                            ) => <td key={j}>{v === null ? "–" : formatNumber(loc, v, 3)}</td>)}
                            {series.totals.selfUse && (
                              <>
                                <td>
                                  {bar.selfConsumption === null ? "–" : share(bar.selfConsumption)}
                                </td>
                                <td>
                                  {bar.selfSufficiency === null ? "–" : share(bar.selfSufficiency)}
                                </td>
                              </>
                            )}
                            {loaded!.cost && (
                              <td>
                                {loaded!.barEur[i] === null
                                  ? "–"
                                  : formatNumber(loc, loaded!.barEur[i]!, 2)}
                              </td>
                            )}
                            {quarterOthers && (
                              <td>
                                {quarterOthers.has(i)
                                  ? formatNumber(loc, quarterOthers.get(i)!, 3)
                                  : ""}
                              </td>
                            )}
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </TableScroll>
                </details>
                <div class="actions">
                  <span>{h.exportCsv}:</span>
                  {(["be", "iso"] as CsvStyle[]).map((style) => (
                    <button
                      type="button"
                      class="secondary"
                      key={style}
                      onClick={() =>
                        download(
                          `thuisenergie_${series.from}_${series.to}.csv`,
                          bucketsToCsv(loaded!.grid, style),
                        )}
                    >
                      {style === "be" ? h.csvBe : h.csvIso}
                    </button>
                  ))}
                </div>
              </>
            )}
          </>
        )}
      </Card>
    </div>
  );
}

/** An empty period says what to do: look at the newest data, or bring some in. */
function EmptyPeriod(
  props: { newest: LocalDay | null; kind: PeriodKind; locale: Locale; m: Messages },
) {
  const { newest, kind, locale, m } = props;
  const h = m.history;
  return (
    <p class="notice" role="status" data-testid="empty-period">
      {h.noData} {newest
        ? (
          <AppLink href={historyPath(kind, newest)} testId="open-newest-data">
            {fill(h.openNewest, { when: formatLocalDay(locale, newest, "long") })}
          </AppLink>
        )
        : <AppLink href={PATHS.import}>{h.bringData}</AppLink>}
    </p>
  );
}
