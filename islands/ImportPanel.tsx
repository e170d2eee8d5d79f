/**
 * Import a Fluvius export: drop it or pick it, watch it being read, then see what was stored —
 * or, for a broken file, which line is wrong (and that nothing was stored).
 */
import { useState } from "preact/hooks";
import { loadEnergyDb } from "../app/browser/data_version.ts";
import { locale, t } from "../app/browser/i18n.ts";
import { currentSite } from "../app/browser/site.ts";
import type { ImportWorkerMessage } from "../app/browser/import_worker.ts";
import { Card } from "../components/Card.tsx";
import { DataList } from "../components/DataList.tsx";
import type { ImportSummary } from "../lib/db/fluvius_store.ts";
import { formatEnergy, formatLocalDay, formatNumber } from "../lib/i18n/format.ts";
import { monthOf, monthsBetween } from "../lib/energy/calendar.ts";
import { historyPath } from "../app/browser/router.ts";
import { AppLink } from "../components/AppLink.tsx";
import { fill } from "../lib/i18n/messages.ts";
import {
  type ImportProblem,
  type PvImportProblem,
  wordImportProblem,
  wordPvImportProblem,
} from "../lib/i18n/problems.ts";
import { looksLikePvCsv, parsePvCsv, PvCsvError, resolutionOf } from "../lib/solar/pv_csv.ts";
import type { PvImportSummary } from "../lib/db/pv_store.ts";

/** Enough of a file to tell a portal's production export from a Fluvius one. */
const HEAD_BYTES = 8192;

/** The newest imported months linked to their history: a year's export lists each month. */
const MONTH_LINKS = 13;

type State =
  | { kind: "idle" }
  | { kind: "reading"; fraction: number }
  | { kind: "storing" }
  | { kind: "done"; file: string; summary: ImportSummary }
  | ({ kind: "failed" } & ImportProblem)
  | { kind: "pvDone"; file: string; summary: PvImportSummary }
  | ({ kind: "pvFailed" } & PvImportProblem);

function parseInWorker(file: File, siteId: string, onProgress: (fraction: number) => void) {
  return new Promise<Extract<ImportWorkerMessage, { kind: "done" | "failed" }>>((resolve) => {
    const worker = new Worker(new URL("../app/import_worker.ts", import.meta.url), {
      type: "module",
    });
    worker.onmessage = (event: MessageEvent<ImportWorkerMessage>) => {
      const message = event.data;
      if (message.kind === "progress") {
        onProgress(message.totalBytes > 0 ? message.readBytes / message.totalBytes : 1);
        return;
      }
      worker.terminate();
      resolve(message);
    };
    worker.onerror = (event) => {
      worker.terminate();
      resolve({
        kind: "failed",
        code: "unreadable",
        line: 0,
        detail: "",
        params: {},
        message: event.message,
      });
    };
    worker.postMessage({ file, siteId });
  });
}

export function ImportPanel() {
  const [state, setState] = useState<State>({ kind: "idle" });
  const [over, setOver] = useState(false);
  const m = t.value;
  const im = m.importer;
  const loc = locale.value;
  const busy = state.kind === "reading" || state.kind === "storing";

  /** A portal's export: small (a year of days, or of quarters, is a few hundred KB), read whole. */
  async function importPv(file: File) {
    setState({ kind: "reading", fraction: 0 });
    try {
      const parsed = parsePvCsv(await file.text(), currentSite.peek());
      setState({ kind: "storing" });
      const { database, storePvImport } = await loadEnergyDb();
      const summary = await storePvImport(await database(), parsed);
      setState({ kind: "pvDone", file: file.name, summary });
    } catch (error) {
      if (error instanceof PvCsvError) {
        const { code, line, column, detail } = error;
        setState({ kind: "pvFailed", code, line, column, detail });
      } else {
        setState({
          kind: "failed",
          code: "storage",
          line: 0,
          detail: String((error as Error).message ?? error),
          params: {},
        });
      }
    }
  }

  async function importFile(file: File) {
    if (looksLikePvCsv(await file.slice(0, HEAD_BYTES).text())) return importPv(file);
    // User Timing marks: visible in the browser's performance tools, read by `deno task bench`.
    const started = performance.now();
    setState({ kind: "reading", fraction: 0 });
    const parsed = await parseInWorker(
      file,
      currentSite.peek(),
      (fraction) => setState({ kind: "reading", fraction }),
    );
    performance.measure("fluvius-parse", { start: started });
    if (parsed.kind === "failed") {
      const { code, line, detail, params } = parsed;
      setState({ kind: "failed", code, line, detail, params });
      return;
    }
    setState({ kind: "storing" });
    try {
      const { database, storeFluviusImport } = await loadEnergyDb();
      const summary = await storeFluviusImport(await database(), parsed.result);
      performance.measure("fluvius-import", { start: started });
      setState({ kind: "done", file: file.name, summary });
    } catch (error) {
      const e = error as Partial<ImportProblem> & { message?: string };
      setState({
        kind: "failed",
        code: e.code ?? "storage",
        line: 0,
        detail: e.detail ?? String(e.message ?? error),
        params: e.params ?? {},
      });
    }
  }

  const kwh = (value: number) => formatEnergy(loc, value);
  return (
    <Card title={im.title} id="import-title">
      <p>{im.intro}</p>
      <p>{im.pvIntro}</p>
      <label
        class={`drop-zone${over ? " over" : ""}`}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => {
          e.preventDefault();
          setOver(false);
          const file = e.dataTransfer?.files[0];
          if (file && !busy) void importFile(file);
        }}
      >
        <span class="drop-title">{im.drop}</span>
        <span class="button secondary">{im.choose}</span>
        <input
          type="file"
          accept=".csv,text/csv"
          data-testid="import-file"
          disabled={busy}
          class="visually-hidden"
          onChange={(e) => {
            const input = e.currentTarget as HTMLInputElement;
            const file = input.files?.[0];
            input.value = "";
            if (file) void importFile(file);
          }}
        />
      </label>
      <div aria-live="polite">
        {state.kind === "reading" && (
          <div class="progress">
            <progress max={1} value={state.fraction} />
            <span>{fill(im.reading, { percent: `${Math.round(state.fraction * 100)} %` })}</span>
          </div>
        )}
        {state.kind === "storing" && <p role="status">{im.storing}</p>}
        {state.kind === "failed" && (
          <p class="notice error" role="alert" data-testid="import-error">
            {fill(im.failed, { reason: wordImportProblem(m, state) })}
          </p>
        )}
        {state.kind === "pvFailed" && (
          <p class="notice error" role="alert" data-testid="import-error">
            {fill(im.failed, { reason: wordPvImportProblem(m, state) })}
          </p>
        )}
        {state.kind === "pvDone" && (
          <div class="import-summary" data-testid="pv-import-summary">
            <h3>{im.pv.done}</h3>
            <p>{fill(im.pv.detected, { layout: im.pv.layouts[state.summary.layout] })}</p>
            {state.summary.writtenDays === 0 && <p role="status">{im.unchanged}</p>}
            <DataList
              items={[
                { label: im.file, value: state.file },
                {
                  label: im.period,
                  value: `${formatLocalDay(loc, state.summary.from, "long")} – ${
                    formatLocalDay(loc, state.summary.to, "long")
                  }`,
                  testId: "import-period",
                },
                { label: im.days, value: String(state.summary.days), testId: "import-days" },
                {
                  label: im.pv.production,
                  value: kwh(state.summary.totalKWh),
                  testId: "import-production",
                },
                {
                  label: im.pv.resolution,
                  value: im.pv.resolutions[resolutionOf(state.summary.slotMinutes)],
                  testId: "import-resolution",
                },
                {
                  label: im.pv.missingRows,
                  value: String(state.summary.missingRows),
                  testId: "import-missing",
                },
                {
                  label: im.pv.disagreements,
                  value: String(state.summary.disagreements),
                  testId: "import-disagreements",
                },
              ]}
            />
            <ul class="import-months" data-testid="import-months">
              {monthsBetween(monthOf(state.summary.from), monthOf(state.summary.to)).reverse()
                .slice(0, MONTH_LINKS).map((month) => (
                  <li key={month}>
                    <AppLink href={historyPath("month", `${month}-01`)}>
                      {fill(m.energy.openMonth, {
                        month: formatLocalDay(loc, month, "monthLong"),
                      })}
                    </AppLink>
                  </li>
                ))}
            </ul>
          </div>
        )}
        {state.kind === "done" && (
          <div class="import-summary" data-testid="import-summary">
            <h3>{im.done}</h3>
            {state.summary.writtenDays === 0 && <p role="status">{im.unchanged}</p>}
            <DataList
              items={[
                { label: im.file, value: state.file },
                { label: "EAN", value: state.summary.ean, testId: "import-ean" },
                {
                  label: im.period,
                  value: `${formatLocalDay(loc, state.summary.from, "long")} – ${
                    formatLocalDay(loc, state.summary.to, "long")
                  }`,
                  testId: "import-period",
                },
                { label: im.days, value: String(state.summary.days), testId: "import-days" },
                {
                  label: m.energy.importKWh,
                  value: state.summary.kind === "gas"
                    ? `${formatNumber(loc, state.summary.totals.importKWh, 3)} m³`
                    : kwh(state.summary.totals.importKWh),
                  testId: "import-import",
                },
                ...(state.summary.kind === "gas" ? [] : [{
                  label: m.energy.exportKWh,
                  value: kwh(state.summary.totals.exportKWh),
                  testId: "import-export",
                }]),
                {
                  label: im.gaps,
                  value: String(state.summary.missingSlots),
                  testId: "import-gaps",
                },
                {
                  label: im.disagreements,
                  value: String(state.summary.disagreementsWithP1),
                  testId: "import-disagreements",
                },
              ]}
            />
            {state.summary.kind !== "gas" && (
              <ul class="import-months" data-testid="import-months">
                {monthsBetween(monthOf(state.summary.from), monthOf(state.summary.to)).reverse()
                  .slice(0, MONTH_LINKS).map((month) => (
                    <li key={month}>
                      <AppLink href={historyPath("month", `${month}-01`)}>
                        {fill(m.energy.openMonth, {
                          month: formatLocalDay(loc, month, "monthLong"),
                        })}
                      </AppLink>
                    </li>
                  ))}
              </ul>
            )}
          </div>
        )}
      </div>
    </Card>
  );
}
