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
  return (
    <section class={`connect ${props.compact ? "compact" : ""}`} aria-labelledby="connect-title">
      <h2 id="connect-title" class={props.compact ? "visually-hidden" : ""}>{m.title}</h2>
      {!props.compact && <p>{m.intro}</p>}
      {support === "none" && <p class="notice" data-testid="no-serial">{m.noSerial}</p>}
      {support === "polyfill" && <p class="notice">{m.polyfill}</p>}
      <div class="actions">
        {!props.compact && support !== "none" && (
          <label>
            <span>{m.speed}</span>
            <select
              data-testid="line-settings"
              value={settings.value}
              onChange={(e) =>
                settings.value = (e.currentTarget as HTMLSelectElement).value as LineSettings}
            >
              <option value="115200-8N1">{m.speedModern}</option>
              <option value="9600-7E1">{m.speedLegacy}</option>
            </select>
          </label>
        )}
        {support !== "none" && !active.value && (
          <button type="button" class="primary" data-testid="connect" onClick={connect}>
            {m.button}
          </button>
        )}
        {!active.value && (
          <button type="button" class="secondary" data-testid="demo" onClick={demo}>
            {m.demo}
          </button>
        )}
        {active.value && (
          <button type="button" class="secondary" data-testid="disconnect" onClick={disconnect}>
            {m.stop}
          </button>
        )}
      </div>
      <p class={`status ${s.kind}`} role="status" data-testid="status">{statusText}</p>
    </section>
  );
}
