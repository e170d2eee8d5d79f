import { MINIMUM_MONTH_PEAK_KW, type QuarterProjection } from "../lib/capacity/quarter.ts";
import { formatDateTime, formatMinutesSeconds, formatNumber } from "../lib/i18n/format.ts";
import { fill, type Locale, type Messages } from "../lib/i18n/messages.ts";
import type { DemandReading } from "../lib/p1/reading.ts";

/** The running quarter-hour against this month's peak, and the past months' peaks. */
export function CapacityGauge(
  props: {
    demand: DemandReading;
    quarter: QuarterProjection | null;
    locale: Locale;
    t: Messages;
  },
) {
  const { demand, quarter, locale, t } = props;
  const peak = demand.monthPeak;
  const kw = (value: number) => `${formatNumber(locale, value, 3)} kW`;
  const scale = Math.max(peak?.kW ?? 0, quarter?.projectedKW ?? 0, MINIMUM_MONTH_PEAK_KW) * 1.15;
  const width = (value: number) => `${Math.min(value / scale, 1) * 100}%`;
  const exceeds = quarter !== null && peak !== null && quarter.projectedKW > peak.kW;
  const history = demand.history.filter((h) => h.month !== null);
  const historyMax = Math.max(1, ...history.map((h) => h.kW));
  return (
    <div class="capacity">
      {quarter && (
        <dl class="gauge">
          <div>
            <dt>{t.dashboard.quarterNow}</dt>
            <dd data-testid="quarter-average">{kw(quarter.currentAverageKW)}</dd>
            <div class="bar" aria-hidden="true">
              <span class="fill now" style={{ width: width(quarter.currentAverageKW) }} />
              {peak && <span class="marker" style={{ left: width(peak.kW) }} />}
            </div>
          </div>
          <div>
            <dt>{t.dashboard.quarterProjected}</dt>
            <dd data-testid="quarter-projected">
              {kw(quarter.projectedKW)}{" "}
              <small>
                ({fill(t.dashboard.quarterLeft, {
                  time: formatMinutesSeconds(quarter.remainingS),
                })})
              </small>
            </dd>
            <div class="bar" aria-hidden="true">
              <span
                class={`fill projected ${exceeds ? "over" : ""}`}
                style={{ width: width(quarter.projectedKW) }}
              />
              {peak && <span class="marker" style={{ left: width(peak.kW) }} />}
            </div>
          </div>
        </dl>
      )}
      {exceeds && <p class="warning" role="alert">{t.dashboard.aboveMonthPeak}</p>}
      {peak && (
        <p class="month-peak">
          {t.dashboard.monthPeak}: <strong data-testid="month-peak">{kw(peak.kW)}</strong>
          {peak.at && (
            <span data-testid="month-peak-at">
              {" "}
              {fill(t.dashboard.monthPeakAt, { when: formatDateTime(locale, peak.at) })}
            </span>
          )}
        </p>
      )}
      {history.length > 0 && (
        <figure class="history">
          <figcaption>{t.dashboard.peakHistory}</figcaption>
          <ol data-testid="peak-history">
            {history.map((h) => (
              <li key={h.month}>
                <span class="month">
                  {formatDateTime(locale, `${h.month}-15T12:00:00Z`, "month")}
                </span>
                <span class="bar" aria-hidden="true">
                  <span class="fill" style={{ width: `${(h.kW / historyMax) * 100}%` }} />
                </span>
                <span class="kw">{kw(h.kW)}</span>
              </li>
            ))}
          </ol>
        </figure>
      )}
    </div>
  );
}
