/**
 * PWA entry: starts the app's parts in order (the stores, the recorder, the router), then renders
 * the shell, the language, the menu, the service worker prompt and the pages. Importing any of
 * those modules starts nothing; only this file does.
 */
import { type ComponentType, render } from "preact";
import { locale, startI18n, t } from "./browser/i18n.ts";
import { formatDateTime, formatNumber } from "../lib/i18n/format.ts";
import { whenIdle } from "./browser/idle.ts";
import { navigate, query, type Route, route, startRouter } from "./browser/router.ts";
import { LanguageSwitch } from "../islands/LanguageSwitch.tsx";
import { UpdatePrompt } from "../islands/UpdatePrompt.tsx";
import { NavBar } from "../components/NavBar.tsx";
import DashboardPage from "../routes/index.tsx";
import { lazyPage } from "./browser/lazy_page.tsx";
import { startAccount } from "./browser/account.ts";
import { startDemoLink } from "./browser/meter_link.ts";
import { gatewayScope, startGateway, startPvRecording } from "./browser/gateway.ts";
import { startHead } from "./browser/head.ts";
import { startRecording } from "./browser/live_store.ts";
import type { Recorder } from "./browser/recorder.ts";
import { startSite } from "./browser/site.ts";
import { startSyncStatus } from "./browser/sync_status.ts";
import { startWipeWatch } from "./browser/data_version.ts";
import { SiteBar } from "../islands/SiteBar.tsx";
import "./styles.css";

const PAGES: Record<Route, ComponentType> = {
  dashboard: DashboardPage,
  history: lazyPage(() => import("../routes/history.tsx")),
  capacity: lazyPage(() => import("../routes/capacity.tsx")),
  battery: lazyPage(() => import("../routes/battery.tsx")),
  charging: lazyPage(() => import("../routes/charging.tsx")),
  tariff: lazyPage(() => import("../routes/tariff.tsx")),
  import: lazyPage(() => import("../routes/import.tsx")),
  settings: lazyPage(() => import("../routes/settings.tsx")),
  account: lazyPage(() => import("../routes/account.tsx")),
  insights: lazyPage(() => import("../routes/insights.tsx")),
  whatIf: lazyPage(() => import("../routes/what-if.tsx")),
};

function App() {
  const Page = PAGES[route.value];
  return (
    <>
      <a class="skip-link" href="#main">{t.value.skipToContent}</a>
      <header class="top">
        <h1>
          <img src="/icon.svg" alt="" width="28" height="28" />
          <span>{t.value.appName}</span>
        </h1>
        <LanguageSwitch />
      </header>
      <NavBar
        current={route.value}
        t={t.value}
        evOnly={gatewayScope.value === "ev"}
        onNavigate={(path) => navigate(path)}
      />
      <SiteBar />
      <UpdatePrompt />
      <main id="main" tabIndex={-1}>
        <Page />
      </main>
    </>
  );
}

/**
 * Starts the app. Not at the module's top level: a saved French or English choice is awaited
 * first, and that language's chunk imports from the chunk this entry is in — a top-level await
 * on it would wait for itself.
 */
async function start(): Promise<void> {
  // Stores first (language, site, account, and sync, which follows the last two). A saved French
  // or English choice is shown from the first paint, never Dutch first.
  await startI18n();
  startSite();
  startAccount();
  startSyncStatus();
  // Another tab that deletes everything on this device reloads this one too.
  startWipeWatch();
  // The recorder, and the database with it, loads with the first reading of a meter.
  let recorder: Promise<Recorder> | null = null;
  startRecording((reading) => {
    recorder ??= import("./browser/recorder.ts").then((module) => module.startRecorder());
    void recorder.then((started) => started.record(reading));
  });
  // The gateway's PV source's counter: pv quarter-hours on this device too.
  startPvRecording((status) => {
    recorder ??= import("./browser/recorder.ts").then((module) => module.startRecorder());
    void recorder.then((started) => started.recordPv(status));
  });
  // A paired gateway feeds the dashboard when no cable is plugged in.
  startGateway();
  startRouter();
  startHead();
  // `/?demo` starts the demo household at once: a link for visitors without a meter.
  if (query.value.has("demo")) void startDemoLink();
  render(<App />, document.getElementById("app")!);
  // The browser loads its number and date formatting data on first use, which takes a noticeable
  // moment on a slow phone: that is done while the page is idle, not when the first reading comes.
  whenIdle(() => {
    formatNumber(locale.peek(), 0, 3);
    formatDateTime(locale.peek(), 0);
  });
}

void start();
