/** What this device stores: space used, whether the browser may evict it, raw-data retention. */
import { useEffect, useState } from "preact/hooks";
import { dataVersion, loadEnergyDb } from "../app/browser/data_version.ts";
import { locale, t } from "../app/browser/i18n.ts";
import { RAW_RETENTION_KEY, rawRetentionDays, saveSetting } from "../app/browser/storage.ts";
import { Card } from "../components/Card.tsx";
import { formatBytes } from "../lib/i18n/format.ts";
import { fill } from "../lib/i18n/messages.ts";

interface StorageState {
  usedBytes: number | null;
  quotaBytes: number | null;
  persisted: boolean | null;
}

export function StorageSettings() {
  const m = t.value;
  const s = m.settings;
  const loc = locale.value;
  const [state, setState] = useState<StorageState | null>(null);
  const [retention, setRetention] = useState(String(rawRetentionDays()));
  const [saved, setSaved] = useState(false);

  const refresh = () => void loadEnergyDb().then((db) => db.storageState()).then(setState);
  // Again after a deletion or a restore, which may also have brought another retention.
  useEffect(() => {
    refresh();
    setRetention(String(rawRetentionDays()));
  }, [dataVersion.value]);

  const size = (bytes: number | null) => bytes === null ? "–" : formatBytes(loc, bytes);
  return (
    <Card title={s.title} id="settings-title">
      <h3>{s.storage}</h3>
      {state && (
        <>
          <p data-testid="storage-used">
            {fill(s.used, { used: size(state.usedBytes), quota: size(state.quotaBytes) })}
          </p>
          <p data-testid="storage-persisted">{state.persisted ? s.persisted : s.notPersisted}</p>
          {!state.persisted && (
            <button
              type="button"
              class="secondary"
              onClick={() =>
                void loadEnergyDb().then((db) => db.requestPersistence()).then(refresh)}
            >
              {s.persist}
            </button>
          )}
        </>
      )}
      <form
        class="retention"
        onSubmit={(e) => {
          e.preventDefault();
          saveSetting(RAW_RETENTION_KEY, retention);
          setSaved(true);
        }}
      >
        <label>
          {s.retention}
          <input
            type="number"
            min={1}
            max={366}
            required
            value={retention}
            onInput={(e) => {
              setRetention((e.currentTarget as HTMLInputElement).value);
              setSaved(false);
            }}
          />
        </label>
        <button type="submit" class="primary">OK</button>
        <span role="status">{saved ? s.saved : ""}</span>
      </form>
      <p class="hint">{s.retentionHint}</p>
    </Card>
  );
}
