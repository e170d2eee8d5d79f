/**
 * The home screen's solar forecast: today's remaining and tomorrow's expected production (P50)
 * with the likely range (P10–P90) in words, where the site has a solar setup with a location.
 * The forecast refreshes on opening and every hour (app/browser/solar_forecast.ts keeps it at
 * most an hour old and shows the last one offline).
 */
import { useEffect } from "preact/hooks";
import { dataVersion } from "../app/browser/data_version.ts";
import { locale, t } from "../app/browser/i18n.ts";
import { currentSite } from "../app/browser/site.ts";
import { REFRESH_MS, refreshSolarForecast, solarForecast } from "../app/browser/solar_forecast.ts";
import { Card } from "../components/Card.tsx";
import { formatDateTime, formatEnergy } from "../lib/i18n/format.ts";
import { fill, type Locale, type Messages } from "../lib/i18n/messages.ts";
import { type ForecastRange, solarForecastView } from "../lib/views/solar_forecast.ts";

function Figure(
  props: { label: string; range: ForecastRange; m: Messages; loc: Locale; testId: string },
) {
  const { range, m, loc } = props;
  const s = m.solarForecast;
  return (
    <div class="solar-figure" data-testid={props.testId}>
      <dt>{props.label}</dt>
      <dd>
        <strong data-testid={`${props.testId}-p50`}>
          {fill(s.expected, { kWh: formatEnergy(loc, range.p50KWh) })}
        </strong>
        <span class="solar-range" data-testid={`${props.testId}-range`}>
          {fill(s.range, {
            low: formatEnergy(loc, range.p10KWh),
            high: formatEnergy(loc, range.p90KWh),
          })}
        </span>
      </dd>
    </div>
  );
}

export function SolarForecastCard() {
  const m = t.value;
  const loc = locale.value;
  const siteId = currentSite.value;
  const version = dataVersion.value;
  const state = solarForecast.value;

  useEffect(() => {
    refreshSolarForecast(siteId).catch(() => {});
    const timer = setInterval(() => refreshSolarForecast(siteId).catch(() => {}), REFRESH_MS);
    return () => clearInterval(timer);
  }, [siteId, version]);

  const s = m.solarForecast;
  if (state.kind === "none") return null;
  if (state.kind === "loading") {
    return (
      <Card title={s.title} id="solar-forecast-title" class="solar-forecast">
        <p class="hint" role="status">{s.loading}</p>
      </Card>
    );
  }
  if (state.kind === "failed") {
    return (
      <Card title={s.title} id="solar-forecast-title" class="solar-forecast">
        <p class="notice" role="alert" data-testid="solar-forecast-failed">
          {fill(s.failed, { reason: state.reason })}
        </p>
      </Card>
    );
  }
  const view = solarForecastView(state.banded, Date.now());
  const when = formatDateTime(loc, state.fetchedAtMs);
  return (
    <Card title={s.title} id="solar-forecast-title" class="solar-forecast">
      <dl class="solar-figures" data-testid="solar-forecast">
        {view.todayRemaining && (
          <Figure
            label={s.todayRemaining}
            range={view.todayRemaining}
            m={m}
            loc={loc}
            testId="solar-today"
          />
        )}
        {view.tomorrow && (
          <Figure
            label={s.tomorrow}
            range={view.tomorrow}
            m={m}
            loc={loc}
            testId="solar-tomorrow"
          />
        )}
      </dl>
      {state.refreshFailed !== null && (
        <p class="notice" role="status" data-testid="solar-forecast-stale">
          {fill(s.stale, { reason: state.refreshFailed, when })}
        </p>
      )}
      <p class="hint">
        {state.daysLearned > 0 ? fill(s.learned, { n: state.daysLearned }) : s.notLearned}{" "}
        {state.refreshFailed === null && fill(s.source, { when })}
      </p>
    </Card>
  );
}
