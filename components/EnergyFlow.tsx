import { formatNumber, formatPower } from "../lib/i18n/format.ts";
import { fill, type Locale, type Messages } from "../lib/i18n/messages.ts";
import type { EnergyFlow as Flow, FlowEnd } from "../lib/views/energy_flow.ts";

/** Where each node sits in the 300 × 240 picture: the sun above, the battery below. */
const AT: Record<FlowEnd, [number, number]> = {
  solar: [150, 34],
  grid: [44, 110],
  home: [256, 110],
  battery: [150, 186],
};

/**
 * Grid, solar, battery and home with the power flowing between them: each flow's width follows
 * its power, its colour its source. The same flows are listed as text for screen readers.
 */
export function EnergyFlow(props: { flow: Flow; locale: Locale; t: Messages }) {
  const { flow, locale, t } = props;
  const f = t.flow;
  const names: Record<FlowEnd, string> = {
    grid: f.grid,
    solar: f.solar,
    battery: f.battery,
    home: f.home,
  };
  const { grid, solar, battery, home } = flow.nodes;
  const nodes: { end: FlowEnd; value: string; detail?: string }[] = [
    ...(grid
      ? [{
        end: "grid" as const,
        value: formatPower(locale, grid.importKW > 0 ? grid.importKW : grid.exportKW),
        detail: grid.importKW > 0 ? f.importing : grid.exportKW > 0 ? f.exporting : undefined,
      }]
      : []),
    ...(solar ? [{ end: "solar" as const, value: formatPower(locale, solar.kW) }] : []),
    ...(battery
      ? [{
        end: "battery" as const,
        value: formatPower(locale, battery.chargeKW > 0 ? battery.chargeKW : battery.dischargeKW),
        // The direction in words, not a sign: "ontladen · 64 %".
        detail: [
          battery.chargeKW > 0 ? f.charging : battery.dischargeKW > 0 ? f.discharging : null,
          battery.socPct === null ? null : `${formatNumber(locale, battery.socPct, 0)} %`,
        ].filter((part) => part !== null).join(" · ") || undefined,
      }]
      : []),
    { end: "home", value: formatPower(locale, home.kW) },
  ];
  // Without a sun or a battery, the picture keeps only the row it draws.
  const top = solar ? 0 : 70;
  const bottom = battery ? 240 : 160;
  return (
    <figure class="energy-flow" data-testid="energy-flow">
      <svg viewBox={`0 ${top} 300 ${bottom - top}`} aria-hidden="true">
        {flow.flows.map((line) => {
          const [x1, y1] = AT[line.from];
          const [x2, y2] = AT[line.to];
          return (
            <path
              key={`${line.from}-${line.to}`}
              class={`flow from-${line.from}`}
              d={`M ${x1} ${y1} L ${x2} ${y2}`}
              stroke-width={2 + 8 * line.width}
            />
          );
        })}
        {nodes.map((node) => {
          const [x, y] = AT[node.end];
          return (
            <g key={node.end} class={`node ${node.end}`} transform={`translate(${x} ${y})`}>
              <circle r="30" />
              <text class="name" y="-5">{names[node.end]}</text>
              <text class="value" y="11" data-testid={`flow-${node.end}`}>{node.value}</text>
              {node.detail && (
                <text class="detail" y="45" data-testid={`flow-${node.end}-detail`}>
                  {node.detail}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <figcaption class="visually-hidden">
        <ul>
          {flow.flows.map((line) => (
            <li key={`${line.from}-${line.to}`}>
              {fill(f.line, {
                from: names[line.from],
                to: names[line.to],
                power: formatPower(locale, line.kW),
              })}
            </li>
          ))}
        </ul>
      </figcaption>
      {flow.unbalanced && <p class="hint">{f.unbalanced}</p>}
    </figure>
  );
}
