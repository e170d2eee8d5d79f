/**
 * The history bar chart: net grid exchange per bar (red above the zero line for import, green
 * below for export), an orange production line where known, gaps left empty, lighter bars where
 * part of the data is missing and striped ones where it is estimated. Both axes carry their unit;
 * the ticks are in the user's language. Chart.js is loaded on first use, so the dashboard's first
 * bundle does not carry it. On days with a solar forecast, its likely range (P10–P90) is a light
 * band behind the bars and the production line, its P50 a dotted line. A text legend under the canvas says what the colours mean, for
 * screen readers too (the canvas points to it); the table next to it holds the same numbers.
 */
import type { Chart as ChartType, ChartConfiguration } from "chart.js";
import { useEffect, useRef, useState } from "preact/hooks";
import {
  CHART_COLORS,
  chartTheme,
  lighter,
  loadChart,
  stripedCss,
  stripedFill,
} from "../app/browser/chart.ts";
import { formatAxisTick } from "../lib/i18n/axis.ts";
import { formatEnergy, formatEuro, formatNumber } from "../lib/i18n/format.ts";
import { fill, type Locale, type Messages } from "../lib/i18n/messages.ts";
import type { ChartBar, HistoryChartView } from "../lib/views/history_chart.ts";

function barColor(bar: ChartBar): string {
  return bar.direction === "export" ? CHART_COLORS.export : CHART_COLORS.import;
}

function barFill(bar: ChartBar): string | CanvasPattern {
  const color = bar.incomplete ? lighter(barColor(bar)) : barColor(bar);
  return bar.estimated ? stripedFill(color) : color;
}

function config(
  view: HistoryChartView,
  labels: string[],
  loc: Locale,
  m: Messages,
  onSelect: (index: number) => void,
  barEur: (number | null)[] | undefined,
): ChartConfiguration<"bar" | "line"> {
  const h = m.history;
  const theme = chartTheme();
  const kwh = (value: number | null) => `${formatNumber(loc, value ?? 0, view.decimals)} kWh`;
  return {
    type: "bar",
    data: {
      labels,
      datasets: [
        {
          type: "bar",
          label: m.energy.net,
          data: view.bars.map((bar) => bar.netKWh),
          backgroundColor: view.bars.map(barFill),
          order: 2,
        },
        ...(view.productionKWh
          ? [{
            type: "line" as const,
            label: m.energy.production,
            data: view.productionKWh,
            borderColor: CHART_COLORS.production,
            backgroundColor: CHART_COLORS.production,
            pointRadius: 0,
            spanGaps: false,
            order: 1,
          }]
          : []),
        ...(view.forecast
          ? [
            {
              type: "line" as const,
              label: m.solarForecast.p90,
              data: view.forecast.p90KWh,
              borderWidth: 0,
              backgroundColor: `${CHART_COLORS.production}33`,
              pointRadius: 0,
              fill: "+1",
              order: 3,
            },
            {
              type: "line" as const,
              label: m.solarForecast.p10,
              data: view.forecast.p10KWh,
              borderWidth: 0,
              pointRadius: 0,
              fill: false,
              order: 3,
            },
            {
              type: "line" as const,
              label: m.solarForecast.p50,
              data: view.forecast.p50KWh,
              borderColor: CHART_COLORS.production,
              borderDash: [3, 3],
              borderWidth: 1.5,
              pointRadius: 0,
              fill: false,
              order: 1,
            },
          ]
          : []),
      ],
    },
    options: {
      animation: false,
      maintainAspectRatio: false,
      color: theme.muted,
      scales: {
        y: {
          title: { display: true, text: "kWh", color: theme.muted },
          ticks: {
            color: theme.muted,
            // Magnitudes: above the zero line is import, below it export (the legend says so).
            callback: (value) => formatAxisTick(loc, Number(value), { unsigned: true }),
          },
          grid: {
            // The zero line between import and export stands out.
            color: (context) => (context.tick?.value === 0 ? theme.ink : theme.grid),
          },
        },
        x: {
          title: { display: true, text: h.axisTime[view.timeUnit], color: theme.muted },
          ticks: { autoSkip: true, maxRotation: 0, color: theme.muted },
          grid: { color: theme.grid },
        },
      },
      plugins: {
        tooltip: {
          callbacks: {
            label: (item) => {
              if (item.datasetIndex > 0) {
                // Production, or one of the forecast's lines: its name and its value.
                return `${item.dataset.label}: ${kwh(item.parsed.y)}`;
              }
              const bar = view.bars[item.dataIndex];
              const name = bar.direction === "export"
                ? h.netExport
                : bar.direction === "import"
                ? h.netImport
                : m.energy.net;
              return `${name}: ${kwh(bar.magnitudeKWh)}`;
            },
            footer: (items) => {
              const index = items[0]?.dataIndex ?? -1;
              const bar = view.bars[index];
              const notes = bar
                ? [bar.incomplete ? h.barIncomplete : "", bar.estimated ? h.barEstimated : ""]
                  .filter((note) => note !== "")
                : [];
              const eur = barEur?.[index];
              return [
                ...(notes.length > 0 ? [notes.join(", ")] : []),
                ...(eur === null || eur === undefined ? [] : [formatEuro(loc, eur)]),
              ];
            },
          },
        },
      },
      onClick: (_event, elements) => {
        if (elements.length > 0) onSelect(elements[0].index);
      },
    },
  };
}

/** What the colours and marks mean, as text a screen reader reads too. */
function Legend(props: { view: HistoryChartView; m: Messages; id: string; locale: Locale }) {
  const { legend } = props.view;
  const h = props.m.history;
  const swatch = (background: string, line = false) => (
    <span class={line ? "swatch line" : "swatch"} style={{ background }} aria-hidden="true" />
  );
  const counts = (n: number) => ({ n, total: legend.bars });
  return (
    <ul class="chart-legend" id={props.id} aria-label={h.legend} data-testid="history-legend">
      {legend.import && <li>{swatch(CHART_COLORS.import)}{h.legendImport}</li>}
      {legend.export && <li>{swatch(CHART_COLORS.export)}{h.legendExport}</li>}
      {legend.production && <li>{swatch(CHART_COLORS.production, true)}{h.legendProduction}</li>}
      {props.view.forecast && (
        <li data-testid="legend-forecast">
          {swatch(`${CHART_COLORS.production}55`)}
          {props.m.solarForecast.legendBand}
          <span class="visually-hidden" data-testid="forecast-summary">
            {" "}
            {fill(props.m.solarForecast.bandSummary, {
              p50: formatEnergy(props.locale, props.view.forecast.total.p50KWh),
              p10: formatEnergy(props.locale, props.view.forecast.total.p10KWh),
              p90: formatEnergy(props.locale, props.view.forecast.total.p90KWh),
            })}
          </span>
        </li>
      )}
      {legend.incompleteBars > 0 && (
        <li data-testid="legend-incomplete">
          {swatch(lighter(CHART_COLORS.import))}
          {fill(h.legendIncomplete, counts(legend.incompleteBars))}
        </li>
      )}
      {legend.estimatedBars > 0 && (
        <li data-testid="legend-estimated">
          {swatch(stripedCss(CHART_COLORS.import))}
          {fill(h.legendEstimated, counts(legend.estimatedBars))}
        </li>
      )}
    </ul>
  );
}

export function HistoryChart(props: {
  view: HistoryChartView;
  labels: string[];
  ariaLabel: string;
  locale: Locale;
  messages: Messages;
  onSelect: (index: number) => void;
  onDrawn?: () => void;
  /** The cost of each bar, shown in its tooltip. */
  barEur?: (number | null)[];
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<ChartType<"bar" | "line"> | null>(null);
  const [failed, setFailed] = useState(false);
  const { view, labels, locale: loc, messages: m, onSelect, barEur } = props;

  useEffect(() => {
    let cancelled = false;
    loadChart().then((Chart) => {
      if (cancelled || canvas.current === null) return;
      const next = config(view, labels, loc, m, onSelect, barEur);
      if (chart.current) {
        chart.current.data = next.data;
        chart.current.options = next.options!;
        chart.current.update();
      } else {
        chart.current = new Chart(canvas.current, next);
      }
      // The axes as drawn, for the browser tests (the canvas itself cannot be read).
      const scales = chart.current.scales;
      canvas.current.dataset.yTicks = scales.y.ticks.map((tick) => tick.label).join(";");
      const xOptions = scales.x.options as { title?: { text?: unknown } };
      canvas.current.dataset.xTitle = String(xOptions.title?.text ?? "");
      canvas.current.dataset.ready = "true";
      props.onDrawn?.();
    }).catch(() => setFailed(true));
    return () => {
      cancelled = true;
    };
  }, [view, labels, loc, m, onSelect, barEur]);

  useEffect(() => () => chart.current?.destroy(), []);

  return (
    <>
      <div class="chart-box">
        {failed ? <p class="notice" role="alert">{m.history.chartFailed}</p> : (
          <canvas
            ref={canvas}
            role="img"
            aria-label={props.ariaLabel}
            aria-describedby="history-legend"
            data-testid="history-chart"
          />
        )}
      </div>
      <Legend view={view} m={m} id="history-legend" locale={loc} />
    </>
  );
}
