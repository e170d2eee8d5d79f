/**
 * The capacity tariff page: the running quarter and where it is heading (P1 `1.4.0`, or the
 * recorder's register count for meters without it), this month's peak, the monthly peaks with
 * the 2.5 kW floor, the 12-month average and what it costs, an alert before a new peak, and a
 * what-if for capped peaks.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import { dataVersion, loadEnergyDb } from "../app/browser/data_version.ts";
import { locale, t } from "../app/browser/i18n.ts";
import { meterReading, reading } from "../app/browser/live_store.ts";
import { registerQuarter } from "../app/browser/live_quarter.ts";
import { currentSite } from "../app/browser/site.ts";
import { loadCapacityLimitText, saveCapacityLimitText } from "../app/browser/capacity_limit.ts";
import type { KnownPeak } from "../app/browser/cost_data.ts";
import { Card } from "../components/Card.tsx";
import { DataList } from "../components/DataList.tsx";
import { TableScroll } from "../components/TableScroll.tsx";
import { capacityPage } from "../lib/views/capacity_page.ts";
import type { TariffVersion } from "../lib/tariff/contract.ts";
import { addMonths, localDayOf } from "../lib/energy/calendar.ts";
import { formatDateTime, formatEuro, formatLocalDay, formatNumber } from "../lib/i18n/format.ts";
import { fill } from "../lib/i18n/messages.ts";
import { instantMs } from "../lib/p1/timestamp.ts";
import { parseDecimal } from "../lib/i18n/decimal_input.ts";

interface Loaded {
  /** The last month shown: this month when live or when it has data, else the newest with data. */
  month: string;
  peaks: Map<string, KnownPeak>;
  versions: TariffVersion[];
}

export function CapacityView() {
  const m = t.value;
  const c = m.capacity;
  const loc = locale.value;
  const meter = meterReading.value;
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [limit, setLimit] = useState(loadCapacityLimitText);
  const [permission, setPermission] = useState(
    typeof Notification === "undefined" ? "denied" : Notification.permission,
  );
  const [whatIf, setWhatIf] = useState({ cap: "", from: "", to: "" });
  const notifiedQuarter = useRef<number | null>(null);
  const live = meter !== null;
  const siteId = currentSite.value;

  useEffect(() => {
    let cancelled = false;
    (async () => {
      const { database, loadTariffVersions, monthPeaks, storedPeriod } = await loadEnergyDb();
      const db = await database();
      const thisMonth = localDayOf(Date.now()).slice(0, 7);
      const stored = await storedPeriod(db, siteId, "grid");
      const month = live || !stored || stored.to.slice(0, 7) >= thisMonth
        ? thisMonth
        : stored.to.slice(0, 7);
      const peaks = await monthPeaks(db, siteId, addMonths(month, -12), month, meterReading.peek());
      const versions = await loadTariffVersions(db, siteId);
      if (!cancelled) setLoaded({ month, peaks, versions });
    })();
    return () => {
      cancelled = true;
    };
  }, [dataVersion.value, siteId, live, meter?.demand?.monthPeak?.kW]);

  const thisMonth = localDayOf(Date.now()).slice(0, 7);
  const month = loaded?.month ?? thisMonth;
  // The running quarter may be the demo's, shown when the page shows this month; the months and
  // this month's peak are never the demo's.
  const r = month === thisMonth ? reading.value : null;
  const whatIfFrom = whatIf.from || addMonths(month, -11);
  const whatIfTo = whatIf.to || month;
  const whatIfCap = parseDecimal(whatIf.cap);
  const limitKW = parseDecimal(limit);
  const page = capacityPage({
    month,
    peaks: loaded?.peaks ?? new Map(),
    versions: loaded?.versions ?? [],
    live: {
      meterTimeMs: instantMs(r?.meterTime ?? null),
      currentAverageKW: r?.demand?.currentAverageKW ?? null,
      registerQuarterKWh: registerQuarter.value?.fromStart ? registerQuarter.value.importKWh : null,
      importKW: r?.powerKW.import ?? null,
      monthPeak: meter?.demand?.monthPeak ?? null,
    },
    limitKW,
    whatIf: { capKW: whatIfCap, from: whatIfFrom, to: whatIfTo },
    today: localDayOf(Date.now()),
  });
  const { quarter, monthPeak, basis } = page;
  const rate = page.rateEurPerKWYear;
  const kw = (v: number) => `${formatNumber(loc, v, 3)} kW`;
  const alert = page.alert === null ? null : fill(
    page.alert.above === "limit"
      ? c.alertLimit
      : page.alert.above === "peak"
      ? c.alertPeak
      : c.alertFloor,
    {
      kW: formatNumber(loc, page.alert.projectedKW, 2),
      limit: formatNumber(loc, page.alert.thresholdKW, 2),
      peak: formatNumber(loc, page.alert.thresholdKW, 2),
    },
  );
  const quarterStart = page.quarterStartMs;

  useEffect(() => {
    if (!alert || quarterStart === null || permission !== "granted") return;
    if (notifiedQuarter.current === quarterStart) return;
    notifiedQuarter.current = quarterStart;
    new Notification(c.title, { body: alert, tag: "capacity" });
  }, [alert, quarterStart, permission]);

  return (
    <div class="dashboard capacity-page">
      <Card title={c.running} id="running-title">
        {alert && <p class="notice warn" role="alert" data-testid="capacity-alert">{alert}</p>}
        {quarter
          ? (
            <DataList
              items={[
                {
                  label: c.average,
                  value: kw(quarter.currentAverageKW),
                  testId: "running-average",
                },
                { label: c.projected, value: kw(quarter.projectedKW), testId: "running-projected" },
                {
                  label: c.monthPeak,
                  value: monthPeak === null
                    ? "–"
                    : `${kw(monthPeak.kW)}${
                      monthPeak.at ? ` (${formatDateTime(loc, monthPeak.at)})` : ""
                    }`,
                  testId: "month-peak",
                },
              ]}
            />
          )
          : <p class="hint">{c.noLive}</p>}
        <form class="retention" onSubmit={(e) => e.preventDefault()}>
          <label>
            {c.limit}
            <input
              type="text"
              inputMode="decimal"
              value={limit}
              onInput={(e) => {
                const value = (e.currentTarget as HTMLInputElement).value;
                setLimit(value);
                saveCapacityLimitText(value);
              }}
            />
          </label>
          {permission === "granted"
            ? <span>{c.notifyOn}</span>
            : permission === "denied"
            ? <span class="hint">{c.notifyDenied}</span>
            : (
              <button
                type="button"
                class="secondary"
                onClick={() => void Notification.requestPermission().then(setPermission)}
              >
                {c.notify}
              </button>
            )}
        </form>
      </Card>
      <Card title={c.basis} id="basis-title">
        {loaded && basis.months.length > 0
          ? (
            <>
              <p class="big-figure" data-testid="basis-average">{kw(basis.averageKW)}</p>
              {basis.shortHistory && (
                <p class="hint" data-testid="basis-short">
                  {fill(c.basisShort, { n: basis.months.length })}
                </p>
              )}
              <p class="hint">{c.floorNote}</p>
              {page.perMonthEur !== null && page.perYearEur !== null
                ? (
                  <DataList
                    items={[
                      {
                        label: c.perMonth,
                        value: formatEuro(loc, page.perMonthEur),
                        testId: "capacity-per-month",
                      },
                      {
                        label: c.perYear,
                        value: formatEuro(loc, page.perYearEur),
                        testId: "capacity-per-year",
                      },
                    ]}
                  />
                )
                : <p class="hint">{c.noRate}</p>}
              {rate !== null && (
                <p class="hint">{fill(c.rate, { rate: formatNumber(loc, rate, 2) })}</p>
              )}
            </>
          )
          : <p class="hint">{c.noData}</p>}
      </Card>
      <Card title={c.months} id="months-peaks-title" class="wide">
        <TableScroll label={c.months}>
          <table class="data-table peaks" data-testid="capacity-months">
            <thead>
              <tr>
                <th scope="col">{c.month}</th>
                <th scope="col">{c.peak}</th>
                <th scope="col">{c.counted}</th>
                <th scope="col">{c.source}</th>
              </tr>
            </thead>
            <tbody>
              {(loaded ? page.months : []).map((row) => (
                <tr key={row.month}>
                  <th scope="row">{formatLocalDay(loc, row.month, "monthLong")}</th>
                  <td>
                    {row.peakKW !== null
                      ? (
                        <span class="peak-cell">
                          <span
                            class="peak-bar"
                            aria-hidden="true"
                            style={{ width: `${row.barPct}%` }}
                          />
                          {formatNumber(loc, row.peakKW, 3)}
                        </span>
                      )
                      : "–"}
                  </td>
                  <td>{row.countedKW !== null ? formatNumber(loc, row.countedKW, 3) : "–"}</td>
                  <td>
                    {row.source === null
                      ? ""
                      : row.source === "meter"
                      ? c.fromMeter
                      : c.fromQuarters}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </Card>
      <Card title={c.whatIf} id="whatif-title">
        <form class="field-grid" onSubmit={(e) => e.preventDefault()}>
          <label class="field">
            <span>{c.cap}</span>
            <input
              type="text"
              inputMode="decimal"
              data-testid="whatif-cap"
              value={whatIf.cap}
              onInput={(e) =>
                setWhatIf({ ...whatIf, cap: (e.currentTarget as HTMLInputElement).value })}
            />
          </label>
          <label class="field">
            <span>{c.from}</span>
            <input
              type="month"
              value={whatIfFrom}
              onInput={(e) =>
                setWhatIf({ ...whatIf, from: (e.currentTarget as HTMLInputElement).value })}
            />
          </label>
          <label class="field">
            <span>{c.to}</span>
            <input
              type="month"
              value={whatIfTo}
              onInput={(e) =>
                setWhatIf({ ...whatIf, to: (e.currentTarget as HTMLInputElement).value })}
            />
          </label>
        </form>
        {rate === null && <p class="hint">{c.noRate}</p>}
        {page.whatIfSavedEur !== null && (
          <p role="status" data-testid="whatif-result">
            {fill(c.whatIfResult, {
              cap: formatNumber(loc, whatIfCap!, 2),
              eur: formatEuro(loc, page.whatIfSavedEur),
            })}
          </p>
        )}
      </Card>
    </div>
  );
}
