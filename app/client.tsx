/** PWA entry: the shell, the language, the menu, the service worker prompt and the pages. */
import { type ComponentType, render } from "preact";
import { localeReady, t } from "./browser/i18n.ts";
import { navigate, type Route, route } from "./browser/router.ts";
import { LanguageSwitch } from "../islands/LanguageSwitch.tsx";
import { UpdatePrompt } from "../islands/UpdatePrompt.tsx";
import { NavBar } from "../components/NavBar.tsx";
import DashboardPage from "../routes/index.tsx";
import { lazyPage } from "./browser/lazy_page.tsx";
import { refreshSession } from "./browser/account.ts";
import { connectGateway } from "./browser/gateway.ts";
import "./browser/sync_status.ts";
import { SiteBar } from "../islands/SiteBar.tsx";
import "./styles.css";

const PAGES: Record<Route, ComponentType> = {
  dashboard: DashboardPage,
  history: lazyPage(() => import("../routes/history.tsx")),
  capacity: lazyPage(() => import("../routes/capacity.tsx")),
  battery: lazyPage(() => import("../routes/battery.tsx")),
  tariff: lazyPage(() => import("../routes/tariff.tsx")),
  import: lazyPage(() => import("../routes/import.tsx")),
  settings: lazyPage(() => import("../routes/settings.tsx")),
  account: lazyPage(() => import("../routes/account.tsx")),
};

function App() {
  const Page = PAGES[route.value];
  return (
    <>
      <header class="top">
        <h1>
          <img src="/icon.svg" alt="" width="28" height="28" />
          {t.value.appName}
        </h1>
        <LanguageSwitch />
      </header>
      <NavBar current={route.value} t={t.value} onNavigate={(path) => navigate(path)} />
      <SiteBar />
      <main>
        <Page />
      </main>
      <UpdatePrompt />
    </>
  );
}

// A saved French or English choice is shown from the first paint, never Dutch first.
await localeReady;
render(<App />, document.getElementById("app")!);

// Who is signed in: asked at start and whenever the network comes back.
void refreshSession();
addEventListener("online", () => void refreshSession());
// A paired gateway feeds the dashboard when no cable is plugged in.
connectGateway();
