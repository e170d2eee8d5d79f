/**
 * What the device holds, exporting all of it as one JSON file, and restoring such a file. The
 * sentences come from `lib/views/settings_page.ts`; the file from `lib/db/export_file.ts`.
 */
import { download } from "../app/browser/download.ts";
import { useEffect, useState } from "preact/hooks";
import { dataVersion, loadEnergyDb } from "../app/browser/data_version.ts";
import { locale, setLocale, t } from "../app/browser/i18n.ts";
import { LOCAL_SITE } from "../app/browser/site.ts";
import { loadSetting } from "../app/browser/storage.ts";
import { Card } from "../components/Card.tsx";
import type { DeviceContents } from "../lib/db/local_data.ts";
import { fill, initialLocale, type Locale, type Messages } from "../lib/i18n/messages.ts";
import {
  exportFileName,
  holdsSentence,
  rawExportLabel,
  restoredSentence,
} from "../lib/views/settings_page.ts";

/** What happened, worded in the language shown now (a switch rewords it). */
type Notice = { say: (m: Messages, loc: Locale) => string; error?: boolean } | null;

export function DataTransfer() {
  const m = t.value;
  const s = m.settings;
  const loc = locale.value;
  const [held, setHeld] = useState<{ contents: DeviceContents; rawHours: number } | null>(null);
  const [withRaw, setWithRaw] = useState(false);
  const [busy, setBusy] = useState(false);
  const [exported, setExported] = useState<Notice>(null);
  const [restored, setRestored] = useState<Notice>(null);

  useEffect(() => {
    let cancelled = false;
    void loadEnergyDb().then(async (db) => {
      const contents = await db.deviceContents(await db.database(), LOCAL_SITE);
      const rawHours = await db.storedRawHours();
      if (!cancelled) setHeld({ contents, rawHours });
    });
    return () => {
      cancelled = true;
    };
  }, [dataVersion.value]);

  async function exportAll() {
    setBusy(true);
    setExported({ say: (m) => m.settings.exporting });
    try {
      const blob = await (await loadEnergyDb()).exportBlob(withRaw && (held?.rawHours ?? 0) > 0);
      const name = exportFileName(Date.now());
      download(name, blob);
      setExported({ say: (m) => fill(m.settings.exported, { file: name }) });
    } catch (error) {
      setExported({ say: () => String(error), error: true });
    } finally {
      setBusy(false);
    }
  }

  async function restore(file: File) {
    setBusy(true);
    setRestored({ say: (m) => m.settings.restoring });
    const db = await loadEnergyDb();
    try {
      const done = await db.restoreText(await file.text());
      setRestored({ say: (m, loc) => restoredSentence(m, loc, done.summary, done.rawHours) });
      // The file's language, if it brought one, shows at once.
      const saved = initialLocale(loadSetting("locale"));
      if (saved !== loc) await setLocale(saved);
      dataVersion.value++;
    } catch (error) {
      const say = error instanceof db.ExportFileError
        ? (m: Messages) =>
          fill(m.settings.restoreError[error.code], { version: error.detail, detail: error.detail })
        : () => String(error);
      setRestored({ say, error: true });
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card title={s.dataTitle} id="data-title">
      <p data-testid="device-holds">
        {held ? holdsSentence(m, loc, held.contents, held.rawHours) : "\u00a0"}
      </p>
      <section aria-labelledby="export-title">
        <h3 id="export-title">{s.exportTitle}</h3>
        <p class="hint">{s.exportIntro}</p>
        {held && held.rawHours > 0 && (
          <label class="check">
            <input
              type="checkbox"
              checked={withRaw}
              onChange={(e) => setWithRaw(e.currentTarget.checked)}
            />
            {rawExportLabel(m, loc, held.rawHours)}
          </label>
        )}
        <div class="actions">
          <button
            type="button"
            class="primary"
            disabled={busy}
            onClick={() => void exportAll()}
          >
            {s.exportButton}
          </button>
        </div>
        <p role="status" class={exported?.error ? "error" : undefined} data-testid="export-result">
          {exported?.say(m, loc) ?? ""}
        </p>
      </section>
      <section aria-labelledby="restore-title">
        <h3 id="restore-title">{s.restoreTitle}</h3>
        <p class="hint">{s.restoreIntro}</p>
        <label class="button secondary file-button">
          {s.restoreLabel}
          <input
            type="file"
            accept="application/json,.json"
            disabled={busy}
            data-testid="restore-file"
            class="visually-hidden"
            onChange={(e) => {
              const input = e.currentTarget;
              const file = input.files?.[0];
              if (file) void restore(file).finally(() => (input.value = ""));
            }}
          />
        </label>
        <p role="status" class={restored?.error ? "error" : undefined} data-testid="restore-result">
          {restored?.say(m, loc) ?? ""}
        </p>
      </section>
    </Card>
  );
}
