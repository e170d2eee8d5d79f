/**
 * The capacity tariff page: the running quarter and where it is heading (P1 `1.4.0`, or the
 * recorder's register count for meters without it), this month's peak, the monthly peaks with
 * the 2.5 kW floor, the 12-month average and what it costs, an alert before a new peak, and a
 * what-if for capped peaks.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import { dataVersion, loadEnergyDb } from "../app/browser/data_version.ts";
import { locale, t } from "../app/browser/i18n.ts";
import { reading } from "../app/browser/live_store.ts";
import { registerQuarter } from "../app/browser/live_quarter.ts";
import { currentSite } from "../app/browser/site.ts";
import { loadSetting, saveSetting } from "../app/browser/storage.ts";
import type { KnownPeak } from "../app/browser/cost_data.ts";
import { Card } from "../components/Card.tsx";
import { DataList } from "../components/DataList.tsx";
import { capacityBasis, capacityWhatIf, monthlyCapacityEur } from "../lib/capacity/annual.ts";
import { MINIMUM_MONTH_PEAK_KW, projectQuarter } from "../lib/capacity/quarter.ts";
import { addMonths, localDayOf } from "../lib/energy/calendar.ts";
import { formatDateTime, formatEuro, formatLocalDay, formatNumber } from "../lib/i18n/format.ts";
import { fill } from "../lib/i18n/messages.ts";
import { instantMs } from "../lib/p1/timestamp.ts";
import { parseDecimal } from "../lib/tariff/draft.ts";

const LIMIT_KEY = "capacityLimitKW";

interface Loaded {
  /** The last month shown: this month when live or when it has data, else the newest with data. */
  month: string;
  peaks: Map<string, KnownPeak>;
  rateEurPerKWYear: number | null;
}

export function CapacityView() {
  const m = t.value;
  const c = m.capacity;
  const loc = locale.value;
  const r = reading.value;
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [limit, setLimit] = useState(loadSetting(LIMIT_KEY) ?? "");
  const [permission, setPermission] = useState(
    typeof Notification === "undefined" ? "denied" : Notification.permission,
  );
  const [whatIf, setWhatIf] = useState({ cap: "", from: "", to: "" });
  const notifiedQuarter = useRef<number | null>(null);
  const live = r !== null;
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
      const peaks = await monthPeaks(db, siteId, addMonths(month, -12), month, reading.peek());
      const versions = await loadTariffVersions(db, siteId);
      const rate = versions.length > 0
        ? versions[versions.length - 1].distribution.capacityEurPerKWYear
        : null;
      if (!cancelled) setLoaded({ month, peaks, rateEurPerKWYear: rate });
    })();
    return () => {
      cancelled = true;
    };
  }, [dataVersion.value, siteId, live, r?.demand?.monthPeak?.kW]);

  // The running quarter: the meter's own 1.4.0, or the registers' count so far.
  const meterMs = instantMs(r?.meterTime ?? null);
  const importKW = r?.powerKW.import ?? 0;
  let quarter = null;
  if (meterMs !== null && r?.demand?.currentAverageKW != null) {
    quarter = projectQuarter(meterMs, r.demand.currentAverageKW, importKW);
  } else if (meterMs !== null && registerQuarter.value) {
    quarter = projectQuarter(meterMs, registerQuarter.value.importKWh * 4, importKW);
  }
  const month = loaded?.month ?? localDayOf(Date.now()).slice(0, 7);
  const monthPeak = r?.demand?.monthPeak ?? null;
  const peakSoFar = monthPeak?.kW ?? loaded?.peaks.get(month)?.kW ?? null;
  const limitKW = parseDecimal(limit);
  const overPeak = quarter !== null && peakSoFar !== null && quarter.projectedKW > peakSoFar;
  const overLimit = quarter !== null && limitKW !== null && quarter.projectedKW > limitKW;
  const kw = (v: number) => `${formatNumber(loc, v, 3)} kW`;
  const alert = !quarter ? null : overLimit
    ? fill(c.alertLimit, {
      kW: formatNumber(loc, quarter.projectedKW, 2),
      limit: formatNumber(loc, limitKW!, 2),
    })
    : overPeak
    ? fill(c.alertPeak, {
      kW: formatNumber(loc, quarter.projectedKW, 2),
      peak: formatNumber(loc, peakSoFar!, 2),
    })
    : null;

  useEffect(() => {
    if (!alert || meterMs === null || permission !== "granted") return;
    const quarterStart = meterMs - (meterMs % 900_000);
    if (notifiedQuarter.current === quarterStart) return;
    notifiedQuarter.current = quarterStart;
    new Notification(c.title, { body: alert, tag: "capacity" });
  }, [alert, meterMs, permission]);

  const basis = loaded ? capacityBasis(month, loaded.peaks) : null;
  const rate = loaded?.rateEurPerKWYear ?? null;
  const months = loaded
    ? Array.from({ length: 13 }, (_, i) => addMonths(month, i - 12)).map((mm) => ({
      month: mm,
      peak: loaded.peaks.get(mm) ?? null,
    }))
    : [];
  const scale = Math.max(MINIMUM_MONTH_PEAK_KW, ...months.map((x) => x.peak?.kW ?? 0)) * 1.1;
  const whatIfCap = parseDecimal(whatIf.cap);
  const whatIfFrom = whatIf.from || addMonths(month, -11);
  const whatIfTo = whatIf.to || month;
  const saved = loaded && rate !== null && whatIfCap !== null && whatIfFrom <= whatIfTo
    ? capacityWhatIf(whatIfFrom, whatIfTo, loaded.peaks, rate, whatIfCap)
    : null;

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
                  value: peakSoFar === null
                    ? "–"
                    : `${kw(peakSoFar)}${
                      monthPeak?.at ? ` (${formatDateTime(loc, monthPeak.at)})` : ""
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
                saveSetting(LIMIT_KEY, value);
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
        {basis && basis.months.length > 0
          ? (
            <>
              <p class="big-figure" data-testid="basis-average">{kw(basis.averageKW)}</p>
              {basis.shortHistory && (
                <p class="hint" data-testid="basis-short">
                  {fill(c.basisShort, { n: basis.months.length })}
                </p>
              )}
              <p class="hint">{c.floorNote}</p>
              {rate !== null
                ? (
                  <DataList
                    items={[
                      {
                        label: c.perMonth,
                        value: formatEuro(loc, monthlyCapacityEur(basis.averageKW, rate)),
                        testId: "capacity-per-month",
                      },
                      {
                        label: c.perYear,
                        value: formatEuro(loc, basis.averageKW * rate),
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
            {months.map(({ month: mm, peak }) => (
              <tr key={mm}>
                <th scope="row">{formatLocalDay(loc, mm, "monthLong")}</th>
                <td>
                  {peak
                    ? (
                      <span class="peak-cell">
                        <span
                          class="peak-bar"
                          aria-hidden="true"
                          style={{ width: `${(peak.kW / scale) * 100}%` }}
                        />
                        {formatNumber(loc, peak.kW, 3)}
                      </span>
                    )
                    : "–"}
                </td>
                <td>
                  {peak ? formatNumber(loc, Math.max(peak.kW, MINIMUM_MONTH_PEAK_KW), 3) : "–"}
                </td>
                <td>{peak ? (peak.source === "meter" ? c.fromMeter : c.fromQuarters) : ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
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
        {saved && (
          <p role="status" data-testid="whatif-result">
            {fill(c.whatIfResult, {
              cap: formatNumber(loc, whatIfCap!, 2),
              eur: formatEuro(loc, saved.savedEur),
            })}
          </p>
        )}
      </Card>
    </div>
  );
}
