import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import {
  connectMeter,
  disconnectMeter,
  resumeMeterLink,
  startDemoLink,
} from "../app/browser/meter_link.ts";
import { loadSetting, saveSetting } from "../app/browser/storage.ts";
import { locale, t } from "../app/browser/i18n.ts";
import { active, status } from "../app/browser/live_store.ts";
import { type LineSettings, serialSupport } from "../app/browser/serial_source.ts";
import { fill } from "../lib/i18n/messages.ts";
import { wordProblem } from "../lib/i18n/problems.ts";
import { PATHS } from "../app/browser/router.ts";
import { AppLink } from "../components/AppLink.tsx";

const SETTINGS_KEY = "lineSettings";

/** Connect to the meter over Web Serial, or start the demo; says where serial is missing. */
export function ConnectPanel(props: { compact: boolean }) {
  const support = serialSupport();
  const settings = useSignal<LineSettings>(
    (loadSetting(SETTINGS_KEY) as LineSettings | null) ?? "115200-8N1",
  );

  useEffect(() => {
    if (support !== "none") void resumeMeterLink(settings.value);
  }, []);

  function connect() {
    saveSetting(SETTINGS_KEY, settings.value);
    void connectMeter(settings.value);
  }
  const demo = () => void startDemoLink();
  const disconnect = () => void disconnectMeter();

  const m = t.value.connect;
  const s = status.value;
  const statusText = s.kind === "error"
    ? fill(m.status.error, {
      reason: wordProblem(t.value, locale.value, { error: s.reason, code: s.code }),
    })
    : m.status[s.kind];
  const speed = support !== "none" && (
    <>
      <label>
        <span>{m.speed}</span>
        <select
          data-testid="line-settings"
          aria-describedby="speed-hint"
          value={settings.value}
          onChange={(e) =>
            settings.value = (e.currentTarget as HTMLSelectElement).value as LineSettings}
        >
          <option value="115200-8N1">{m.speedModern}</option>
          <option value="9600-7E1">{m.speedLegacy}</option>
        </select>
      </label>
      <small id="speed-hint" class="hint">{m.speedHint}</small>
    </>
  );
  const connectButton = support !== "none" && (
    <button type="button" class="primary" data-testid="connect" onClick={connect}>
      {m.button}
    </button>
  );
  const demoButton = (
    <button type="button" class="secondary" data-testid="demo" onClick={demo}>
      {m.demo}
    </button>
  );
  const statusLine = (
    <p class={`status ${s.kind}`} role="status" data-testid="status">{statusText}</p>
  );
  const serialNotice = (
    <>
      {support === "none" && <p class="notice" data-testid="no-serial">{m.noSerial}</p>}
      {support === "polyfill" && <p class="notice">{m.polyfill}</p>}
    </>
  );

  // Nothing connected on the home page: the ways in, each with what it needs.
  if (!props.compact && !active.value) {
    return (
      <section class="connect start" aria-labelledby="connect-title">
        <h2 id="connect-title">{m.start}</h2>
        <ul class="ways" data-testid="ways-in">
          <li class="way">
            <h3>{m.cableTitle}</h3>
            <p>{m.cableNeeds}</p>
            {serialNotice}
            {speed}
            {connectButton}
          </li>
          <li class="way">
            <h3>{m.importTitle}</h3>
            <p>{m.importNeeds}</p>
            <AppLink href={PATHS.import} class="button secondary" testId="start-import">
              {m.importButton}
            </AppLink>
          </li>
          <li class="way">
            <h3>{m.demoTitle}</h3>
            <p>{m.demoNeeds}</p>
            {demoButton}
          </li>
        </ul>
        {s.kind !== "idle" && statusLine}
      </section>
    );
  }

  return (
    <section class={`connect ${props.compact ? "compact" : ""}`} aria-labelledby="connect-title">
      <h2 id="connect-title" class={props.compact ? "visually-hidden" : ""}>{m.title}</h2>
      {!props.compact && <p>{m.intro}</p>}
      {serialNotice}
      <div class="actions">
        {!active.value && connectButton}
        {!active.value && demoButton}
        {active.value && (
          <button type="button" class="secondary" data-testid="disconnect" onClick={disconnect}>
            {m.stop}
          </button>
        )}
      </div>
      {statusLine}
    </section>
  );
}
