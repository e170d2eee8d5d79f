/** PWA entry: the shell, the language, the service worker prompt and the dashboard route. */
import { render } from "preact";
import { t } from "./browser/i18n.ts";
import { LanguageSwitch } from "../islands/LanguageSwitch.tsx";
import { UpdatePrompt } from "../islands/UpdatePrompt.tsx";
import DashboardPage from "../routes/index.tsx";
import "./styles.css";

function App() {
  return (
    <>
      <header class="top">
        <h1>
          <img src="/icon.svg" alt="" width="28" height="28" />
          {t.value.appName}
        </h1>
        <LanguageSwitch />
      </header>
      <main>
        <DashboardPage />
      </main>
      <UpdatePrompt />
    </>
  );
}

render(<App />, document.getElementById("app")!);
