/**
 * What the history chart draws, from a period's series: each bar's net exchange and its direction
 * in words (above the zero line: taken from the grid; below: given to it), which bars are
 * incomplete or estimated, the production line, the unit of the time axis, and which entries
 * the chart's text legend needs.
 */
import type { Series } from "../energy/series.ts";
import type { ForecastBand } from "./solar_forecast.ts";

/** What one bar on the time axis covers. */
export type TimeUnit = "hour" | "quarter" | "day" | "month";

export interface ChartBar {
  /** The bar's height: import − export, positive when taken from the grid; `null`: a gap. */
  netKWh: number | null;
  /** The direction in words, for the colour and the tooltip; `null` for a gap. */
  direction: "import" | "export" | "balanced" | null;
  /** The net without its sign (the direction says it). */
  magnitudeKWh: number | null;
  /** Part of the bar's quarter-hours are missing or were seen only in part. */
  incomplete: boolean;
  /** Part of the bar's quarter-hours are the grid operator's estimate. */
  estimated: boolean;
}

export interface HistoryChartView {
  bars: ChartBar[];
  /** The production line, where the period has any. */
  productionKWh: (number | null)[] | null;
  /** The solar forecast's band (P10–P90) and P50 per bar, on days with a forecast. */
  forecast: ForecastBand | null;
  timeUnit: TimeUnit;
  /** Decimals of a bar's kWh in its tooltip: an hour's few kWh need more than a month's. */
  decimals: number;
  legend: {
    import: boolean;
    export: boolean;
    production: boolean;
    forecast: boolean;
    /** How many of the bars are incomplete, and estimated, of `bars`. */
    incompleteBars: number;
    estimatedBars: number;
    bars: number;
  };
}

const UNITS: Record<Series["kind"], TimeUnit> = {
  day: "hour",
  week: "day",
  month: "day",
  year: "month",
};

/** The chart of a series; `quarters` when a day is shown per quarter-hour. */
export function historyChartView(
  series: Series,
  quarters = false,
  forecast: ForecastBand | null = null,
): HistoryChartView {
  const bars: ChartBar[] = series.bars.map((bar) => {
    const net = bar.netKWh;
    return {
      netKWh: net,
      direction: net === null ? null : net > 0 ? "import" : net < 0 ? "export" : "balanced",
      magnitudeKWh: net === null ? null : Math.abs(net),
      // An empty bar is a gap: nothing drawn, nothing to mark.
      incomplete: net !== null && bar.incomplete,
      estimated: net !== null && bar.estimated,
    };
  });
  const hasProduction = series.bars.some((bar) => bar.productionKWh !== null);
  return {
    bars,
    productionKWh: hasProduction ? series.bars.map((bar) => bar.productionKWh) : null,
    forecast,
    timeUnit: series.kind === "day" && quarters ? "quarter" : UNITS[series.kind],
    decimals: series.kind === "day" ? 3 : 1,
    legend: {
      // The two directions are always explained once there is data, so the legend does not
      // change from one period to the next.
      import: series.hasData,
      export: series.hasData,
      production: hasProduction,
      forecast: forecast !== null,
      incompleteBars: bars.filter((bar) => bar.incomplete).length,
      estimatedBars: bars.filter((bar) => bar.estimated).length,
      bars: bars.length,
    },
  };
}
