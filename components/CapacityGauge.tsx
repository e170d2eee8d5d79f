import { formatDateTime, formatMinutesSeconds, formatNumber } from "../lib/i18n/format.ts";
import { fill, type Locale, type Messages } from "../lib/i18n/messages.ts";
import type { DemandReading } from "../lib/p1/reading.ts";
import type { LiveDashboard } from "../lib/views/live_dashboard.ts";

/** The running quarter-hour against this month's peak, and the past months' peaks. */
export function CapacityGauge(
  props: {
    demand: DemandReading;
    view: LiveDashboard;
    locale: Locale;
    t: Messages;
  },
) {
  const { demand, locale, t } = props;
  const { quarter, gauge } = props.view;
  const peak = demand.monthPeak;
  const kw = (value: number) => `${formatNumber(locale, value, 3)} kW`;
  const width = (pct: number | null) => `${pct ?? 0}%`;
  const exceeds = gauge.alert !== null;
  return (
    <div class="capacity">
      {quarter && (
        <dl class="gauge">
          <div>
            <dt>{t.dashboard.quarterNow}</dt>
            <dd data-testid="quarter-average">{kw(quarter.currentAverageKW)}</dd>
            <div class="bar" aria-hidden="true">
              <span class="fill now" style={{ width: width(gauge.nowPct) }} />
              {peak && <span class="marker" style={{ left: width(gauge.monthPeakPct) }} />}
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
                style={{ width: width(gauge.projectedPct) }}
              />
              {peak && <span class="marker" style={{ left: width(gauge.monthPeakPct) }} />}
            </div>
          </div>
        </dl>
      )}
      {gauge.alert && (
        <p class="warning" role="alert">
          {gauge.alert.above === "floor" ? t.dashboard.aboveFloor : t.dashboard.aboveMonthPeak}
        </p>
      )}
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
      {gauge.history.length > 0 && (
        <figure class="history">
          <figcaption>{t.dashboard.peakHistory}</figcaption>
          <ol data-testid="peak-history">
            {gauge.history.map((h) => (
              <li key={h.month}>
                <span class="month">
                  {formatDateTime(locale, `${h.month}-15T12:00:00Z`, "month")}
                </span>
                <span class="bar" aria-hidden="true">
                  <span class="fill" style={{ width: `${h.pct}%` }} />
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
