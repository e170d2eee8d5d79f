/**
 * The battery's day: its state of charge as a line over the day's hours (Brussels time, % on
 * the right), and what it took in and gave out per hour or quarter-hour as bars (kWh on the
 * left; charging above the zero line, discharging below). A text legend says what is what, for
 * screen readers too, and a table holds the same numbers. Fed by a view from
 * `lib/views/battery_chart.ts`: a simulated day or today from the gateway.
 */
import { TableScroll } from "../components/TableScroll.tsx";
import type { Chart as ChartType, ChartConfiguration } from "chart.js";
import { useEffect, useRef, useState } from "preact/hooks";
import { CHART_COLORS, chartTheme, loadChart } from "../app/browser/chart.ts";
import { formatAxisTick } from "../lib/i18n/axis.ts";
import { formatNumber } from "../lib/i18n/format.ts";
import type { Locale, Messages } from "../lib/i18n/messages.ts";
import type { BatteryDayChart } from "../lib/views/battery_chart.ts";

type Point = { x: number; y: number | null };

function config(
  view: BatteryDayChart,
  loc: Locale,
  m: Messages,
): ChartConfiguration<"bar" | "line", Point[]> {
  const b = m.battery;
  const theme = chartTheme();
  const tickLabels = new Map(view.ticks.map((tick) => [tick.minute, tick.label]));
  const kwh = (value: number | null) =>
    value === null ? "–" : `${formatNumber(loc, value, view.slotMinutes === 15 ? 3 : 2)} kWh`;
  return {
    type: "bar",
    data: {
      datasets: [
        {
          type: "bar",
          label: b.charged,
          data: view.slots.map((slot) => ({ x: slot.centreMinute, y: slot.chargedKWh })),
          backgroundColor: CHART_COLORS.charged,
          yAxisID: "y",
          grouped: false,
          barPercentage: 0.8,
          categoryPercentage: 1,
          order: 2,
        },
        {
          type: "bar",
          label: b.discharged,
          data: view.slots.map((slot) => ({ x: slot.centreMinute, y: slot.dischargeBarKWh })),
          backgroundColor: CHART_COLORS.discharged,
          yAxisID: "y",
          grouped: false,
          barPercentage: 0.8,
          categoryPercentage: 1,
          order: 2,
        },
        {
          type: "line",
          label: b.soc,
          data: view.soc.map((point) => ({ x: point.minute, y: point.pct })),
          borderColor: CHART_COLORS.soc,
          backgroundColor: CHART_COLORS.soc,
          borderWidth: 2.5,
          // Less than an hour of samples (a gateway just paired): dots, so they show at all.
          pointRadius: view.socAsDots ? 3 : 0,
          spanGaps: false,
          yAxisID: "soc",
          order: 1,
        },
      ],
    },
    options: {
      animation: false,
      maintainAspectRatio: false,
      interaction: { mode: "nearest", axis: "x", intersect: false },
      scales: {
        x: {
          type: "linear",
          min: 0,
          max: view.dayMinutes,
          offset: false,
          title: { display: true, text: b.axisTime, color: theme.muted },
          // Every third hour of Brussels wall time, at its real place on a DST day.
          afterBuildTicks: (scale) => {
            scale.ticks = view.ticks.map((tick) => ({ value: tick.minute }));
          },
          ticks: {
            autoSkip: true,
            maxRotation: 0,
            color: theme.muted,
            callback: (value) => tickLabels.get(Number(value)) ?? "",
          },
          // Grid lines on the hours themselves, not between them as for categories.
          grid: { color: theme.grid, offset: false },
        },
        y: {
          position: "left",
          // Small flows stay small: the axis spans at least the view's range either way.
          suggestedMin: view.axisKWh.minKWh,
          suggestedMax: view.axisKWh.maxKWh,
          title: { display: true, text: "kWh", color: theme.muted },
          ticks: {
            color: theme.muted,
            maxTicksLimit: 7,
            // Magnitudes: charging above the zero line, discharging below (the legend says so).
            callback: (value) => formatAxisTick(loc, Number(value), { unsigned: true }),
          },
          grid: { color: (context) => (context.tick?.value === 0 ? theme.ink : theme.grid) },
        },
        soc: {
          position: "right",
          min: 0,
          max: 100,
          title: { display: true, text: b.axisSoc, color: theme.muted },
          ticks: {
            stepSize: 25,
            color: theme.muted,
            callback: (value) => formatAxisTick(loc, Number(value), { suffix: " %" }),
          },
          grid: { drawOnChartArea: false },
        },
      },
      plugins: {
        tooltip: {
          callbacks: {
            title: (items) => {
              const item = items[0];
              if (!item) return "";
              return item.datasetIndex === 2
                ? view.soc[item.dataIndex]?.label ?? ""
                : view.slots[item.dataIndex]?.label ?? "";
            },
            label: (item) => {
              if (item.datasetIndex === 2) {
                const pct = view.soc[item.dataIndex]?.pct ?? null;
                return `${b.soc}: ${pct === null ? "–" : `${formatNumber(loc, pct, 0)} %`}`;
              }
              const slot = view.slots[item.dataIndex];
              return item.datasetIndex === 0
                ? `${b.charged}: ${kwh(slot.chargedKWh)}`
                : `${b.discharged}: ${kwh(slot.dischargedKWh)}`;
            },
          },
        },
      },
    },
  };
}

export function BatteryChart(props: {
  view: BatteryDayChart;
  ariaLabel: string;
  locale: Locale;
  messages: Messages;
  /** Distinguishes the live chart from the simulation's on one page. */
  id: string;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<ChartType<"bar" | "line", Point[]> | null>(null);
  const [failed, setFailed] = useState(false);
  const { view, locale: loc, messages: m, id } = props;
  const b = m.battery;

  useEffect(() => {
    let cancelled = false;
    loadChart().then((Chart) => {
      if (cancelled || canvas.current === null) return;
      const next = config(view, loc, m);
      if (chart.current) {
        chart.current.data = next.data;
        chart.current.options = next.options!;
        chart.current.update();
      } else {
        chart.current = new Chart(canvas.current, next);
      }
      // The axes as drawn, for the browser tests (the canvas itself cannot be read).
      const scales = chart.current.scales;
      const labels = (axis: string) => scales[axis].ticks.map((tick) => tick.label).join(";");
      canvas.current.dataset.xTicks = labels("x");
      canvas.current.dataset.yTicks = labels("y");
      canvas.current.dataset.socTicks = labels("soc");
      canvas.current.dataset.ready = "true";
    }).catch(() => setFailed(true));
    return () => {
      cancelled = true;
    };
  }, [view, loc, m]);

  useEffect(() => () => chart.current?.destroy(), []);

  const kwh = (value: number | null) =>
    value === null ? "–" : formatNumber(loc, value, view.slotMinutes === 15 ? 3 : 2);
  const rows = view.slots.filter((slot) =>
    slot.chargedKWh !== null || slot.dischargedKWh !== null || slot.socEndPct !== null
  );
  return (
    <div class="battery-chart">
      <div class="chart-box">
        {failed ? <p class="notice" role="alert">{m.history.chartFailed}</p> : (
          <canvas
            ref={canvas}
            role="img"
            aria-label={props.ariaLabel}
            aria-describedby={`${id}-legend`}
            data-testid={`${id}-chart`}
          />
        )}
      </div>
      <ul class="chart-legend" id={`${id}-legend`} aria-label={m.history.legend}>
        <li>
          <span class="swatch line" style={{ background: CHART_COLORS.soc }} aria-hidden="true" />
          {b.legendSoc}
        </li>
        <li>
          <span class="swatch" style={{ background: CHART_COLORS.charged }} aria-hidden="true" />
          {b.legendCharged}
        </li>
        <li>
          <span class="swatch" style={{ background: CHART_COLORS.discharged }} aria-hidden="true" />
          {b.legendDischarged}
        </li>
      </ul>
      {rows.length > 0 && (
        <details>
          <summary>{m.history.table}</summary>
          <TableScroll label={m.history.table}>
            <table class="data-table" data-testid={`${id}-table`}>
              <thead>
                <tr>
                  <th scope="col">{b.time}</th>
                  <th scope="col">{b.charged} (kWh)</th>
                  <th scope="col">{b.discharged} (kWh)</th>
                  <th scope="col">{b.soc} (%)</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((slot) => (
                  <tr key={slot.startMinute}>
                    <th scope="row">{slot.label}</th>
                    <td>{kwh(slot.chargedKWh)}</td>
                    <td>{kwh(slot.dischargedKWh)}</td>
                    <td>{slot.socEndPct === null ? "–" : formatNumber(loc, slot.socEndPct, 0)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        </details>
      )}
    </div>
  );
}
