import { useSignal } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";
import { startDemo } from "../app/browser/demo_source.ts";
import { loadSetting, saveSetting } from "../app/browser/storage.ts";
import { t } from "../app/browser/i18n.ts";
import {
  active,
  endSession,
  feed,
  setStatus,
  startSession,
  status,
} from "../app/browser/live_store.ts";
import {
  type LineSettings,
  serialApi,
  SerialConnection,
  serialSupport,
} from "../app/browser/serial_source.ts";
import { fill } from "../lib/i18n/messages.ts";

const SETTINGS_KEY = "lineSettings";

/** Connect to the meter over Web Serial, or start the demo; says where serial is missing. */
export function ConnectPanel(props: { compact: boolean }) {
  const support = serialSupport();
  const settings = useSignal<LineSettings>(
    (loadSetting(SETTINGS_KEY) as LineSettings | null) ?? "115200-8N1",
  );
  const connection = useRef<SerialConnection | null>(null);
  const stopDemo = useRef<(() => void) | null>(null);

  async function ensureConnection(): Promise<SerialConnection | null> {
    if (connection.current) return connection.current;
    const serial = await serialApi();
    if (serial === null) return null;
    connection.current = new SerialConnection(serial, feed, setStatus);
    return connection.current;
  }

  // A port granted in an earlier visit reconnects without asking.
  useEffect(() => {
    if (support === "none") return;
    void (async () => {
      const conn = await ensureConnection();
      if (conn && (await conn.resume(settings.value))) startSession();
    })();
    return () => connection.current?.dispose();
  }, []);

  async function connect() {
    stopDemo.current?.();
    stopDemo.current = null;
    saveSetting(SETTINGS_KEY, settings.value);
    const conn = await ensureConnection();
    if (conn === null) return;
    startSession();
    await conn.choose(settings.value);
  }

  async function demo() {
    await connection.current?.stop();
    stopDemo.current?.();
    startSession();
    setStatus({ kind: "demo" });
    stopDemo.current = startDemo(feed);
  }

  async function disconnect() {
    stopDemo.current?.();
    stopDemo.current = null;
    await connection.current?.stop();
    endSession();
    setStatus({ kind: "idle" });
  }

  const m = t.value.connect;
  const s = status.value;
  const statusText = s.kind === "error"
    ? fill(m.status.error, { reason: s.reason })
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
