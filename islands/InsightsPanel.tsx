/**
 * The insights page: the standby load (level, trend, a year's cost, changes) and the solar
 * findings, each explained; what is new since the last visit as a notice, and — once the user
 * asks for it with the button — as a browser notification, once per finding. The texts come from
 * `lib/views/insights_page.ts`.
 */
import { useEffect, useState } from "preact/hooks";
import { dataVersion, loadEnergyDb } from "../app/browser/data_version.ts";
import { locale, t } from "../app/browser/i18n.ts";
import { markInsightsSeen, notifyInsights, seenInsights } from "../app/browser/insight_notices.ts";
import { currentSite } from "../app/browser/site.ts";
import { faultExpectation } from "../app/browser/solar_model.ts";
import { Card } from "../components/Card.tsx";
import { DataList } from "../components/DataList.tsx";
import { fill } from "../lib/i18n/messages.ts";
import {
  alertItems,
  type InsightItem,
  type InsightsView,
  insightsView,
  insightsWindow,
  unseenItems,
} from "../lib/views/insights_page.ts";

function permissionNow(): NotificationPermission | "unsupported" {
  return typeof Notification === "undefined" ? "unsupported" : Notification.permission;
}

function Item(props: { item: InsightItem }) {
  return (
    <li data-testid="insight" data-id={props.item.id}>
      <h3>{props.item.title}</h3>
      <p>{props.item.text}</p>
    </li>
  );
}

export function InsightsPanel() {
  const m = t.value;
  const s = m.insights;
  const loc = locale.value;
  const version = dataVersion.value;
  const siteId = currentSite.value;
  const [view, setView] = useState<InsightsView | "empty" | null>(null);
  const [fresh, setFresh] = useState<InsightItem[]>([]);
  const [permission, setPermission] = useState(permissionNow);

  useEffect(() => {
    void loadEnergyDb().then(async (energy) => {
      const db = await energy.database();
      const stored = await energy.storedPeriod(db, siteId, "grid");
      if (stored === null) {
        setView("empty");
        return;
      }
      // The last year of nights (and of production) up to the newest stored day.
      const { from, to } = insightsWindow(stored);
      const next = insightsView(
        {
          grid: [...(await energy.loadBuckets(db, siteId, "grid", from, to)).values()],
          pv: [...(await energy.loadBuckets(db, siteId, "pv", from, to)).values()],
          battery: [...(await energy.loadBuckets(db, siteId, "battery", from, to)).values()],
          versions: await energy.loadTariffVersions(db, siteId),
          prices: await energy.loadPriceDays(db, stored.to, stored.to),
          solar: await faultExpectation(siteId),
        },
        t.peek(),
        locale.peek(),
      );
      setView(next);
      setFresh(unseenItems(alertItems(next), seenInsights()));
    });
  }, [version, siteId, loc]);

  // Told once per finding, and only with the user's permission.
  useEffect(() => {
    if (permission === "granted" && view && view !== "empty") notifyInsights(alertItems(view));
  }, [view, permission]);

  if (view === null) return <p role="status" aria-busy="true" />;
  if (view === "empty") {
    return (
      <Card title={m.titles.insights} id="insights-title">
        <p data-testid="insights-empty">{s.standbyNone}</p>
      </Card>
    );
  }
  const faults = view.faults;
  // Nights left out of the standby load (an unrecorded battery), said under the nights.
  const skipped = view.standbySkipped && (
    <p class="hint" data-testid="standby-skipped">{view.standbySkipped}</p>
  );
  return (
    <>
      <Card title={m.titles.insights} id="insights-title" class="wide">
        <p>{s.intro}</p>
        {fresh.length > 0 && (
          <div class="notice" role="status" data-testid="insights-new">
            <p>
              <strong>{s.newTitle}</strong>: {fill(s.newCount, { n: fresh.length })}
            </p>
            <ul>
              {fresh.map((item) => <li key={item.id}>{item.title}</li>)}
            </ul>
            <button
              type="button"
              class="button secondary"
              onClick={() => {
                markInsightsSeen(fresh.map((item) => item.id));
                setFresh([]);
              }}
            >
              {s.markSeen}
            </button>
          </div>
        )}
        <p data-testid="insights-notify">
          {permission === "granted"
            ? s.notifyOn
            : permission === "denied"
            ? s.notifyDenied
            : permission === "unsupported"
            ? s.notifyUnsupported
            : (
              <button
                type="button"
                class="button secondary"
                onClick={() => void Notification.requestPermission().then(setPermission)}
              >
                {s.notifyOffer}
              </button>
            )}
        </p>
      </Card>
      <Card title={s.standbyTitle} id="standby-title">
        <p class="hint">{s.standbyHow}</p>
        {view.standby === null
          ? (
            <>
              <p data-testid="standby-none">{s.standbyNone}</p>
              {skipped}
            </>
          )
          : (
            <>
              <DataList
                items={[
                  { label: s.standbyLevel, value: view.standby.level, testId: "standby-level" },
                  { label: s.standbyTrend, value: view.standby.trend, testId: "standby-trend" },
                  { label: s.standbyYear, value: view.standby.year, testId: "standby-year" },
                ]}
              />
              <p class="hint">{view.standby.nights}</p>
              {skipped}
              {view.standby.jumps.length > 0 && (
                <ul class="insights" data-testid="standby-jumps">
                  {view.standby.jumps.map((item) => <Item key={item.id} item={item} />)}
                </ul>
              )}
            </>
          )}
      </Card>
      <Card title={s.faultsTitle} id="faults-title">
        <p class="hint">{s.faultsHow}</p>
        {faults.status === "noPv" && <p data-testid="faults-status">{s.faultsNoPv}</p>}
        {faults.status === "noModel" && <p data-testid="faults-status">{s.faultsNoModel}</p>}
        {faults.status === "ok" && (
          <>
            {faults.none && <p data-testid="faults-status">{faults.none}</p>}
            {faults.items.length > 0 && (
              <ul class="insights" data-testid="faults">
                {faults.items.map((item) => <Item key={item.id} item={item} />)}
              </ul>
            )}
          </>
        )}
      </Card>
    </>
  );
}
