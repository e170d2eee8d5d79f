/**
 * The history bar chart: net grid exchange per bar (red for import, green for export), an orange
 * production line where known, gaps left empty. Chart.js is loaded on first use, so the
 * dashboard's first bundle does not carry it. The canvas is an image to screen readers; the
 * table next to it holds the same numbers.
 */
import type { Chart as ChartType, ChartConfiguration } from "chart.js";
import { useEffect, useRef, useState } from "preact/hooks";
import type { Series } from "../lib/energy/series.ts";
import { loadChart } from "../app/browser/chart.ts";

const IMPORT = "#dc2626";
const EXPORT = "#15803d";
const PRODUCTION = "#ea8a0c";

function config(
  series: Series,
  labels: string[],
  names: { net: string; production: string },
  formatKWh: (value: number) => string,
  onSelect: (index: number) => void,
  barEur: (number | null)[] | undefined,
  formatEur: ((value: number) => string) | undefined,
): ChartConfiguration<"bar" | "line"> {
  const net = series.bars.map((bar) => bar.netKWh);
  const colors = series.bars.map((bar) =>
    `${(bar.netKWh ?? 0) >= 0 ? IMPORT : EXPORT}${bar.incomplete ? "88" : ""}`
  );
  const hasProduction = series.bars.some((bar) => bar.productionKWh !== null);
  return {
    type: "bar",
    data: {
      labels,
      datasets: [
        { type: "bar", label: names.net, data: net, backgroundColor: colors, order: 2 },
        ...(hasProduction
          ? [{
            type: "line" as const,
            label: names.production,
            data: series.bars.map((bar) => bar.productionKWh),
            borderColor: PRODUCTION,
            backgroundColor: PRODUCTION,
            pointRadius: 0,
            spanGaps: false,
            order: 1,
          }]
          : []),
      ],
    },
    options: {
      animation: false,
      maintainAspectRatio: false,
      scales: {
        y: { title: { display: true, text: "kWh" }, ticks: { callback: (v) => formatKWh(+v) } },
        x: { ticks: { autoSkip: true, maxRotation: 0 } },
      },
      plugins: {
        tooltip: {
          callbacks: {
            label: (item) => `${item.dataset.label}: ${formatKWh(item.parsed.y ?? 0)} kWh`,
            footer: (items) => {
              const eur = barEur?.[items[0]?.dataIndex ?? -1];
              return eur === null || eur === undefined || !formatEur ? "" : formatEur(eur);
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

export function HistoryChart(props: {
  series: Series;
  labels: string[];
  ariaLabel: string;
  names: { net: string; production: string };
  failedText: string;
  formatKWh: (value: number) => string;
  onSelect: (index: number) => void;
  onDrawn?: () => void;
  /** The cost of each bar, shown in its tooltip. */
  barEur?: (number | null)[];
  formatEur?: (value: number) => string;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<ChartType<"bar" | "line"> | null>(null);
  const [failed, setFailed] = useState(false);
  const { series, labels, names, formatKWh, onSelect, barEur, formatEur } = props;

  useEffect(() => {
    let cancelled = false;
    loadChart().then((Chart) => {
      if (cancelled || canvas.current === null) return;
      const next = config(series, labels, names, formatKWh, onSelect, barEur, formatEur);
      if (chart.current) {
        chart.current.data = next.data;
        chart.current.options = next.options!;
        chart.current.update();
      } else {
        chart.current = new Chart(canvas.current, next);
      }
      canvas.current.dataset.ready = "true";
      props.onDrawn?.();
    }).catch(() => setFailed(true));
    return () => {
      cancelled = true;
    };
  }, [series, labels, names, formatKWh, onSelect, barEur, formatEur]);

  useEffect(() => () => chart.current?.destroy(), []);

  return (
    <div class="chart-box">
      {failed ? <p class="notice" role="alert">{props.failedText}</p> : (
        <canvas
          ref={canvas}
          role="img"
          aria-label={props.ariaLabel}
          data-testid="history-chart"
        />
      )}
    </div>
  );
}
