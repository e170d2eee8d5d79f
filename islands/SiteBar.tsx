/** The site selector and the sync state, under the menu, for a signed-in user. */
import { session } from "../app/browser/account.ts";
import { locale, t } from "../app/browser/i18n.ts";
import { currentSite, LOCAL_SITE } from "../app/browser/site.ts";
import { syncStatus } from "../app/browser/sync_status.ts";
import { fill } from "../lib/i18n/messages.ts";
import { wordProblem } from "../lib/i18n/problems.ts";

export function SiteBar() {
  const s = session.value;
  if (!s) return null;
  const m = t.value;
  const status = syncStatus.value;
  const text = !status
    ? null
    : status.kind === "connecting"
    ? m.sync.connecting
    : status.kind === "synced"
    ? m.sync.synced
    : status.kind === "pending"
    ? fill(m.sync.pending, { n: status.changes })
    : status.kind === "offline"
    ? fill(m.sync.offline, { n: status.changes })
    : fill(m.sync.error, {
      reason: wordProblem(m, locale.value, { ...status, error: status.reason }),
    });
  return (
    <div class="site-bar">
      <label>
        <span>{m.sync.site}</span>
        <select
          data-testid="site-select"
          value={currentSite.value}
          onChange={(e) => (currentSite.value = (e.currentTarget as HTMLSelectElement).value)}
        >
          <option value={LOCAL_SITE}>{m.sync.thisDevice}</option>
          {s.sites.map((site) => (
            <option key={site.id} value={site.id}>
              {site.name} ({m.account.role[site.role]})
            </option>
          ))}
        </select>
      </label>
      {text && (
        <span
          class={`sync-status ${status!.kind}`}
          role={status!.kind === "error" ? "alert" : "status"}
          data-testid="sync-status"
        >
          {text}
        </span>
      )}
    </div>
  );
}
