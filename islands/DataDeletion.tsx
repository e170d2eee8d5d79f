/**
 * Deleting data: one meter's (one channel's) days over a period of the current site, or
 * everything the app keeps on this device — each after a dialog that says exactly what goes and
 * whom it reaches (this device, or the synced site's server and devices). The figures and
 * sentences come from `lib/db/local_data.ts` and `lib/views/settings_page.ts`.
 */
import { useEffect, useState } from "preact/hooks";
import { session } from "../app/browser/account.ts";
import { dataVersion, loadEnergyDb } from "../app/browser/data_version.ts";
import { locale, t } from "../app/browser/i18n.ts";
import { navigate, PATHS, query } from "../app/browser/router.ts";
import { currentSite, LOCAL_SITE } from "../app/browser/site.ts";
import { Card } from "../components/Card.tsx";
import { ConfirmDialog } from "../components/ConfirmDialog.tsx";
import { type DataTarget, type DeletionPlan, deletionReach } from "../lib/db/local_data.ts";
import {
  deletedSentence,
  type DeletionView,
  deletionView,
  targetLabel,
  wipeView,
} from "../lib/views/settings_page.ts";
import { fill, type Locale, type Messages } from "../lib/i18n/messages.ts";

/** What happened, worded in the language shown now (a switch rewords it). */
type Notice = { say: (m: Messages, loc: Locale) => string; error?: boolean } | null;

function NoticeLine(props: { notice: Notice; testId: string }) {
  return (
    <p role="status" class={props.notice?.error ? "error" : undefined} data-testid={props.testId}>
      {props.notice?.say(t.value, locale.value) ?? ""}
    </p>
  );
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The current site's membership, as deletion needs it (`null` for this device's own site). */
function membership(siteId: string) {
  return session.value?.sites.find((s) => s.id === siteId) ?? null;
}

function PeriodDeletion() {
  const m = t.value;
  const s = m.settings;
  const loc = locale.value;
  const siteId = currentSite.value;
  const site = membership(siteId);
  const [targets, setTargets] = useState<DataTarget[] | null>(null);
  const [channel, setChannel] = useState("");
  const [period, setPeriod] = useState({ from: "", to: "" });
  const [asked, setAsked] = useState<
    { plan: DeletionPlan; rawHours: number; view: DeletionView } | null
  >(null);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<Notice>(null);

  useEffect(() => {
    let cancelled = false;
    void loadEnergyDb().then(async ({ database, deletionTargets }) => {
      const found = await deletionTargets(await database(), siteId);
      if (cancelled) return;
      setTargets(found);
      // Keep the choice while it still has data; otherwise the first channel, whole.
      const chosen = found.find((f) => f.channel === channel) ?? found[0];
      if (chosen && chosen.channel !== channel) {
        setChannel(chosen.channel);
        setPeriod({ from: chosen.from, to: chosen.to });
      }
    });
    return () => {
      cancelled = true;
    };
  }, [siteId, dataVersion.value]);

  const target = targets?.find((f) => f.channel === channel);
  const reach = deletionReach(siteId, LOCAL_SITE, site);

  async function ask() {
    if (!target) return;
    setNotice(null);
    const db = await loadEnergyDb();
    const plan = await db.planDeletion(
      await db.database(),
      siteId,
      target.channel,
      period.from,
      period.to,
    );
    const rawHours = await db.plannedRawHours(plan);
    const view = deletionView(m, loc, plan, rawHours, reach, site?.name ?? "");
    if (!view.hasData) {
      setNotice({ say: (m, loc) => deletionView(m, loc, plan, 0, reach, "").sentence });
      return;
    }
    setAsked({ plan, rawHours, view });
  }

  async function confirm() {
    if (!asked) return;
    setBusy(true);
    try {
      const done = await (await loadEnergyDb()).deletePlannedData(asked.plan);
      const { plan } = asked;
      setNotice({ say: (m, loc) => deletedSentence(m, loc, plan, done.rawHours) });
      dataVersion.value++;
    } catch (error) {
      setNotice({
        say: (m) => fill(m.settings.deleteFailed, { reason: reason(error) }),
        error: true,
      });
    } finally {
      setBusy(false);
      setAsked(null);
    }
  }

  if (targets === null) return null;
  const refused = reach === "refused";
  return (
    <section aria-labelledby="delete-period-title">
      <h3 id="delete-period-title">{s.deletePeriodTitle}</h3>
      {targets.length === 0 ? <p>{s.deleteNothing}</p> : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void ask();
          }}
        >
          <div class="field-grid">
            <label class="field wide">
              <span>{s.deleteWhich}</span>
              <select
                value={channel}
                data-testid="delete-target"
                onChange={(e) => {
                  const next = targets.find((f) => f.channel === e.currentTarget.value)!;
                  setChannel(next.channel);
                  setPeriod({ from: next.from, to: next.to });
                }}
              >
                {targets.map((f) => (
                  <option key={f.channel} value={f.channel}>{targetLabel(s, loc, f)}</option>
                ))}
              </select>
            </label>
            <label class="field">
              <span>{s.deleteFrom}</span>
              <input
                type="date"
                required
                value={period.from}
                data-testid="delete-from"
                onInput={(e) => setPeriod({ ...period, from: e.currentTarget.value })}
              />
            </label>
            <label class="field">
              <span>{s.deleteTo}</span>
              <input
                type="date"
                required
                min={period.from}
                value={period.to}
                data-testid="delete-to"
                onInput={(e) => setPeriod({ ...period, to: e.currentTarget.value })}
              />
            </label>
          </div>
          {refused && (
            <p class="notice" data-testid="delete-refused">
              {fill(s.reach.refused, { site: site?.name ?? siteId })}
            </p>
          )}
          <div class="actions">
            <button type="submit" class="secondary" disabled={refused}>
              {s.deleteButton}
            </button>
          </div>
        </form>
      )}
      <NoticeLine notice={notice} testId="delete-result" />
      <ConfirmDialog
        open={asked !== null}
        id="delete-dialog"
        title={s.deleteAsk}
        confirm={s.deleteDo}
        cancel={s.cancel}
        busy={busy}
        onConfirm={() => void confirm()}
        onCancel={() => setAsked(null)}
      >
        {asked && (
          <>
            <p data-testid="delete-what">{asked.view.sentence}</p>
            {asked.view.raw && <p>{asked.view.raw}</p>}
            <p data-testid="delete-reach">{asked.view.reach}</p>
          </>
        )}
      </ConfirmDialog>
    </section>
  );
}

function WipeDevice() {
  const m = t.value;
  const s = m.settings;
  const loc = locale.value;
  // Shown once after the reload that follows a wipe.
  const [notice, setNotice] = useState<Notice>(
    query.value.get("wiped") === "1" ? { say: (m) => m.settings.wiped } : null,
  );
  const [asked, setAsked] = useState<ReturnType<typeof wipeView> | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (query.peek().get("wiped") === "1") navigate(PATHS.settings, true);
  }, []);

  async function ask() {
    setNotice(null);
    const db = await loadEnergyDb();
    const contents = await db.deviceContents(await db.database(), LOCAL_SITE);
    const rawHours = await db.storedRawHours();
    setAsked(wipeView(m, loc, contents, rawHours, Boolean(session.value)));
  }

  async function confirm() {
    setBusy(true);
    try {
      await (await loadEnergyDb()).wipeDevice();
      // Nothing of the old state may stay in this tab's memory: start afresh.
      location.replace(`${PATHS.settings}?wiped=1`);
    } catch (error) {
      setBusy(false);
      setAsked(null);
      setNotice({
        say: (m) => fill(m.settings.deleteFailed, { reason: reason(error) }),
        error: true,
      });
    }
  }

  return (
    <section aria-labelledby="wipe-title">
      <h3 id="wipe-title">{s.wipeTitle}</h3>
      <p class="hint">{s.wipeIntro}</p>
      <div class="actions">
        <button type="button" class="danger" onClick={() => void ask()}>{s.wipeButton}</button>
      </div>
      <NoticeLine notice={notice} testId="wipe-result" />
      <ConfirmDialog
        open={asked !== null}
        id="wipe-dialog"
        title={s.wipeAsk}
        confirm={s.wipeDo}
        cancel={s.cancel}
        busy={busy}
        onConfirm={() => void confirm()}
        onCancel={() => setAsked(null)}
      >
        {asked && (
          <>
            <p data-testid="wipe-what">{asked.sentence}</p>
            <p>{asked.server}</p>
            <p>{asked.keeps}</p>
          </>
        )}
      </ConfirmDialog>
    </section>
  );
}

export function DataDeletion() {
  return (
    <Card title={t.value.settings.deleteTitle} id="deletion-title">
      <PeriodDeletion />
      <WipeDevice />
    </Card>
  );
}
