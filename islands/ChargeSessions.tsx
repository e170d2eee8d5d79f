/**
 * The site's charging sessions on this device, per week, month or year, with totals, and each
 * period's sessions as a CSV per charger, per owner or per address (Belgian Excel style). The
 * figures come from `lib/views/charge_sessions.ts`, the file from `lib/sessions/session_csv.ts`.
 */
import { useEffect, useState } from "preact/hooks";
import { download } from "../app/browser/download.ts";
import { locale, t } from "../app/browser/i18n.ts";
import { dataVersion } from "../app/browser/data_version.ts";
import { currentSite } from "../app/browser/site.ts";
import { Card } from "../components/Card.tsx";
import { TableScroll } from "../components/TableScroll.tsx";
import type { ChargeSession } from "../lib/db/models.ts";
import { formatDateTime, formatEuro, formatLocalDay, formatNumber } from "../lib/i18n/format.ts";
import { fill } from "../lib/i18n/messages.ts";
import { sessionCsv, type SessionExportScope } from "../lib/sessions/session_csv.ts";
import {
  chargeSessionsView,
  type SessionGroup,
  type SessionPeriod,
} from "../lib/views/charge_sessions.ts";

const PERIODS: SessionPeriod[] = ["week", "month", "year"];

function groupTitle(group: SessionGroup): string {
  const c = t.value.charging;
  const loc = locale.value;
  if (group.period === "week") {
    return fill(c.weekTitle, {
      week: group.key.slice(6),
      from: formatLocalDay(loc, group.from, "long"),
      to: formatLocalDay(loc, group.to, "long"),
    });
  }
  return group.period === "month"
    ? formatLocalDay(loc, group.from.slice(0, 7), "monthLong")
    : group.key;
}

/** The choices of what a CSV holds: a charger, an owner or an address, as the view lists them. */
function scopeChoices(view: ReturnType<typeof chargeSessionsView>) {
  const c = t.value.charging;
  return [
    ...view.chargers.map((o) => ({
      key: `charger:${o.value}`,
      label: fill(c.scopes.charger, { name: o.label }),
      scope: { kind: "charger", deviceId: o.value } as SessionExportScope,
    })),
    ...view.owners.map((o) => ({
      key: `owner:${o.value}`,
      label: fill(c.scopes.owner, { name: o.label }),
      scope: { kind: "owner", owner: o.value } as SessionExportScope,
    })),
    ...view.addresses.map((o) => ({
      key: `address:${o.value}`,
      label: fill(c.scopes.address, { name: o.label }),
      scope: { kind: "address", address: o.value } as SessionExportScope,
    })),
  ];
}

function GroupCard(
  props: {
    group: SessionGroup;
    sessions: ChargeSession[];
    choices: ReturnType<typeof scopeChoices>;
  },
) {
  const m = t.value;
  const c = m.charging;
  const loc = locale.value;
  const { group, choices } = props;
  const [choice, setChoice] = useState(choices[0]?.key ?? "");
  const title = groupTitle(group);
  const testId = `sessions-${group.key}`;
  const pct = (v: number | null) => (v === null ? "–" : `${formatNumber(loc, v, 0)} %`);
  const euro = (v: number | null) => (v === null ? "–" : formatEuro(loc, v));
  return (
    <section class="session-group" aria-label={title} data-testid={testId}>
      <h3>{title}</h3>
      <TableScroll label={`${c.sessionsTitle}, ${title}`}>
        <table class="data-table">
          <thead>
            <tr>
              <th scope="col">{c.columns.start}</th>
              <th scope="col">{c.columns.charger}</th>
              <th scope="col">{c.columns.owner}</th>
              <th scope="col" class="num">{c.columns.energy}</th>
              <th scope="col" class="num">{c.columns.km}</th>
              <th scope="col" class="num">{c.columns.solar}</th>
              <th scope="col" class="num">{c.columns.cost}</th>
            </tr>
          </thead>
          <tbody>
            {[...group.lines].reverse().map((line) => (
              <tr key={line.id}>
                <th scope="row">{formatDateTime(loc, line.startMs)}</th>
                <td>{line.chargerName}</td>
                <td>{line.owner}</td>
                <td class="num">{formatNumber(loc, line.energyKWh, 2)}</td>
                <td class="num">
                  {line.kmAdded === null ? "–" : formatNumber(loc, line.kmAdded, 0)}
                </td>
                <td class="num">{pct(line.solarPct)}</td>
                <td class="num">{euro(line.costEur)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr data-testid={`${testId}-total`}>
              <th scope="row">{c.total}</th>
              <td>{group.totals.sessions}</td>
              <td />
              <td class="num">{formatNumber(loc, group.totals.energyKWh, 2)}</td>
              <td class="num">{formatNumber(loc, group.totals.kmAdded, 0)}</td>
              <td class="num">{pct(group.totals.solarPct)}</td>
              <td class="num">{formatEuro(loc, group.totals.costEur)}</td>
            </tr>
          </tfoot>
        </table>
      </TableScroll>
      {choices.length > 0 && (
        <div class="actions">
          <label class="field">
            <span>{c.exportFor}</span>
            <select
              value={choice}
              data-testid={`${testId}-scope`}
              onChange={(e) => setChoice((e.currentTarget as HTMLSelectElement).value)}
            >
              {choices.map((o) => <option key={o.key} value={o.key}>{o.label}</option>)}
            </select>
          </label>
          <button
            type="button"
            class="secondary"
            onClick={() => {
              const picked = choices.find((o) => o.key === choice) ?? choices[0];
              const csv = sessionCsv(props.sessions, {
                scope: picked.scope,
                from: group.from,
                to: group.to,
                texts: m.sessionsCsv,
              });
              download(csv.fileName, csv.text);
            }}
          >
            {c.exportButton}
          </button>
        </div>
      )}
    </section>
  );
}

export function ChargeSessions() {
  const c = t.value.charging;
  const siteId = currentSite.value;
  const [sessions, setSessions] = useState<ChargeSession[] | null>(null);
  const [period, setPeriod] = useState<SessionPeriod>("month");
  useEffect(() => {
    let current = true;
    void import("../app/browser/charge_sessions.ts")
      .then((m) => m.loadChargeSessions(siteId))
      .then((found) => current && setSessions(found));
    return () => {
      current = false;
    };
  }, [siteId, dataVersion.value]);
  if (sessions === null) return null;
  const view = chargeSessionsView(sessions, period);
  const choices = scopeChoices(view);
  return (
    <Card title={c.sessionsTitle} id="sessions-title" class="wide">
      {sessions.length === 0 ? <p class="hint" data-testid="no-sessions">{c.sessionsNone}</p> : (
        <>
          <label class="field">
            <span>{c.sessionsPer}</span>
            <select
              value={period}
              data-testid="sessions-period"
              onChange={(e) =>
                setPeriod((e.currentTarget as HTMLSelectElement).value as SessionPeriod)}
            >
              {PERIODS.map((p) => <option key={p} value={p}>{c.periods[p]}</option>)}
            </select>
          </label>
          {view.groups.map((group) => (
            <GroupCard key={group.key} group={group} sessions={sessions} choices={choices} />
          ))}
        </>
      )}
    </Card>
  );
}
