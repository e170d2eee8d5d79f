import type { PlanChart as Chart } from "../lib/views/charger_page.ts";
import { PLAN_CHART } from "../lib/views/charger_page.ts";

/**
 * A departure plan drawn: a bar per planned slot (solar ones in the solar colour), the day-ahead
 * price as a stepped line, hours along the bottom. Named by its summary for screen readers.
 */
export function PlanChart(props: { chart: Chart; label: string; testId?: string }) {
  const { width, height } = PLAN_CHART;
  const { chart } = props;
  return (
    <svg
      class="plan-chart"
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={props.label}
      data-testid={props.testId}
    >
      <line class="axis" x1="0" x2={width} y1={height - 20} y2={height - 20} />
      {chart.bars.map((bar) => (
        <rect
          key={bar.startMs}
          class={bar.solar ? "plan-bar solar" : "plan-bar"}
          x={bar.x}
          y={bar.y}
          width={bar.width}
          height={bar.height}
        />
      ))}
      {chart.pricePoints && <polyline class="price" points={chart.pricePoints} />}
      {chart.ticks.map((tick) => (
        <text key={tick.label} x={tick.x} y={height - 4} text-anchor="middle">{tick.label}</text>
      ))}
    </svg>
  );
}
