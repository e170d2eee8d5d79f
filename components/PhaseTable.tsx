import type { Locale, Messages } from "../lib/i18n/messages.ts";
import { formatNumber } from "../lib/i18n/format.ts";
import type { PhaseReading } from "../lib/p1/reading.ts";
import type { LiveDashboard } from "../lib/views/live_dashboard.ts";
import { TableScroll } from "./TableScroll.tsx";

const dash = "–";

/** U, I and P per phase, with a bar for each phase's net power. */
export function PhaseTable(
  props: {
    phases: PhaseReading[];
    bars: LiveDashboard["phaseBars"];
    locale: Locale;
    t: Messages;
  },
) {
  const { phases, locale, t } = props;
  const n = (value: number | null, decimals: number) =>
    value === null ? dash : formatNumber(locale, value, decimals);
  return (
    <TableScroll label={t.dashboard.phases}>
      <table class="phases" data-testid="phases">
        <thead>
          <tr>
            <th scope="col">{t.dashboard.phase}</th>
            <th scope="col">{t.dashboard.voltage} (V)</th>
            <th scope="col">{t.dashboard.current} (A)</th>
            <th scope="col">{t.dashboard.powerImport} (kW)</th>
            <th scope="col">{t.dashboard.powerExport} (kW)</th>
          </tr>
        </thead>
        <tbody>
          {phases.map((p, i) => {
            const bar = props.bars[i];
            return (
              <tr key={p.phase} data-testid={`phase-${p.phase}`}>
                <th scope="row">
                  L{p.phase}
                  <span
                    class={`phase-bar ${bar.netKW < 0 ? "export" : "import"}`}
                    style={{ width: `${bar.pct}%` }}
                    aria-hidden="true"
                  />
                </th>
                <td>{n(p.voltageV, 1)}</td>
                <td>{n(p.currentA, 2)}</td>
                <td class="import">{n(p.importKW, 3)}</td>
                <td class="export">{n(p.exportKW, 3)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </TableScroll>
  );
}
