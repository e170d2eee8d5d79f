import { t } from "../app/browser/i18n.ts";
import { health } from "../app/browser/live_store.ts";
import { DataList } from "../components/DataList.tsx";
import { formatNumber } from "../lib/i18n/format.ts";
import { locale } from "../app/browser/i18n.ts";

/** Instead of an empty screen: what to check when no valid telegram arrives. */
export function Troubleshooting() {
  const h = health.value;
  if (h === null || h.diagnosis === "ok" || h.diagnosis === "waiting") return null;
  const m = t.value.trouble;
  const d = t.value.dashboard;
  const title = h.diagnosis === "garbled"
    ? m.garbledTitle
    : h.diagnosis === "stalled"
    ? m.stalledTitle
    : m.title;
  // Order the advice by what the counters point at.
  const advice = h.diagnosis === "garbled"
    ? [m.speed, m.cable]
    : [m.portClosed, m.noPower, m.cable, m.speed];
  const n = (value: number) => formatNumber(locale.value, value, 0);
  return (
    <section class="card trouble" aria-labelledby="trouble-title" data-testid="troubleshooting">
      <h2 id="trouble-title">{title}</h2>
      <ul>
        {advice.map((text) => <li key={text}>{text}</li>)}
      </ul>
      <h3>{m.counters}</h3>
      <DataList
        items={[
          { label: d.bytesReceived, value: n(h.bytesReceived) },
          { label: d.bytesDiscarded, value: n(h.bytesDiscarded) },
          { label: d.crcErrors, value: n(h.crcFailures) },
        ]}
      />
    </section>
  );
}
