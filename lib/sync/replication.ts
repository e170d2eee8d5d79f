/**
 * The client side of sync: RxDB replication of the site's collections against the server's
 * `/api/sync` endpoints — pull by checkpoint, push with the server's copy back on conflict, and
 * a live event stream read over `fetch` (so the same code runs in the browser and in Deno).
 * Transport is injected (`fetch`), so the module holds no globals. Status says what a user needs:
 * synced, changes waiting, offline, or an error with its reason.
 */
import type { RxCollection, RxDatabase } from "rxdb";
import { replicateRxCollection } from "rxdb/plugins/replication";
import { Subject } from "rxjs";
import type { z } from "zod";
import { fillPath, ProblemModel } from "../contract/endpoint.ts";
import {
  type Changes,
  ChangesModel,
  type Checkpoint,
  MAX_PUSH_ROWS,
  SYNC,
  SYNC_STREAM_PATH,
} from "../contract/sync.ts";
import type { ProblemParams } from "../i18n/problems.ts";
import type { CollectionName } from "./collections.ts";

export type SyncStatus =
  | { kind: "connecting" }
  | { kind: "synced" }
  | { kind: "pending"; changes: number }
  | { kind: "offline"; changes: number }
  /** `reason` is the server's English; `code` and `params` let the app word it. */
  | { kind: "error"; reason: string; code?: string; params?: ProblemParams };

export interface SiteSync {
  /** Resolves when every collection has pulled what the server had at start. */
  initialised: Promise<void>;
  /** Resolves once local changes are pushed and remote ones pulled. */
  inSync(): Promise<void>;
  cancel(): Promise<void>;
}

type Fetch = typeof fetch;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code?: string,
    readonly params?: ProblemParams,
  ) {
    super(message);
  }
}

function strip(doc: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (!doc) return doc;
  const { _meta: _m, _rev: _r, _attachments: _a, ...rest } = doc;
  return rest;
}

/** The answer at `url`, read with the contract's `model`; a failure carries the server's words. */
async function json<T>(
  model: z.ZodType<T>,
  fetcher: Fetch,
  url: string,
  init?: RequestInit,
): Promise<T> {
  const response = await fetcher(url, init);
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    const problem = ProblemModel.safeParse(body);
    throw problem.success
      ? new HttpError(
        response.status,
        problem.data.error,
        problem.data.code,
        problem.data.params,
      )
      : new HttpError(response.status, `HTTP ${response.status}`);
  }
  const answer = model.safeParse(body);
  if (!answer.success) {
    throw new HttpError(response.status, `unexpected answer from ${url}: ${answer.error.message}`);
  }
  return answer.data;
}

/** Reads the server's event stream, reconnecting with a growing pause; emits `RESYNC` on each connect. */
function readStream(
  url: string,
  fetcher: Fetch,
  events: Subject<Changes | "RESYNC">,
  signal: AbortSignal,
): void {
  void (async () => {
    let pauseMs = 1000;
    while (!signal.aborted) {
      try {
        const response = await fetcher(url, { headers: { Accept: "text/event-stream" }, signal });
        if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
        pauseMs = 1000;
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = "";
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          buffer += value;
          let end;
          while ((end = buffer.indexOf("\n\n")) !== -1) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const data = block.split("\n").filter((l) => l.startsWith("data: ")).map((l) =>
              l.slice(6)
            )
              .join("\n");
            if (data === "RESYNC") events.next("RESYNC");
            else if (data) events.next(ChangesModel.parse(JSON.parse(data)));
          }
        }
      } catch {
        if (signal.aborted) return;
      }
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
      pauseMs = Math.min(pauseMs * 2, 30_000);
      // Whatever happened while disconnected is picked up by pulling again.
      events.next("RESYNC");
    }
  })();
}

export function replicateSite(options: {
  // deno-lint-ignore no-explicit-any
  db: RxDatabase<any>;
  siteId: string;
  collections: CollectionName[];
  baseUrl: string;
  fetch: Fetch;
  onStatus: (status: SyncStatus) => void;
  /** Only one tab of a browser needs to replicate. */
  waitForLeadership?: boolean;
  /** Pause before a failed pull or push is tried again. */
  retryMs?: number;
}): SiteSync {
  const { db, siteId, baseUrl, onStatus } = options;
  const fetcher = options.fetch;
  const abort = new AbortController();
  const pending = new Map<CollectionName, number>();
  let problem: { kind: "offline" } | Extract<SyncStatus, { kind: "error" }> | null = null;

  const report = () => {
    const changes = [...pending.values()].reduce((a, b) => a + b, 0);
    if (problem?.kind === "error") onStatus(problem);
    else if (problem?.kind === "offline") onStatus({ kind: "offline", changes });
    else if (changes > 0) onStatus({ kind: "pending", changes });
    else onStatus({ kind: "synced" });
  };
  const failed = (error: unknown) => {
    problem = error instanceof HttpError
      ? { kind: "error", reason: error.message, code: error.code, params: error.params }
      : { kind: "offline" };
    report();
  };

  onStatus({ kind: "connecting" });
  const states = options.collections.map((name) => {
    const url = (path: string, query: Record<string, string>) =>
      `${baseUrl}${fillPath(path, { collection: name })}?${new URLSearchParams(query)}`;
    const events = new Subject<Changes | "RESYNC">();
    readStream(url(SYNC_STREAM_PATH, { site: siteId }), fetcher, events, abort.signal);
    return replicateRxCollection<Record<string, unknown>, Checkpoint>({
      collection: (db.collections as Record<string, RxCollection>)[name],
      replicationIdentifier: `sync-${name}-${siteId}-${baseUrl}`,
      live: true,
      retryTime: options.retryMs ?? 5000,
      waitForLeadership: options.waitForLeadership ?? true,
      deletedField: "_deleted",
      pull: {
        batchSize: 200,
        stream$: events.asObservable() as never,
        async handler(checkpoint, batchSize) {
          try {
            const result = await json(
              SYNC.pull.answer,
              fetcher,
              url(SYNC.pull.path, {
                site: siteId,
                after: String(checkpoint?.seq ?? 0),
                limit: String(batchSize),
              }),
            );
            if (problem) {
              problem = null;
              report();
            }
            return {
              documents: result.documents as never,
              checkpoint: result.checkpoint,
            };
          } catch (error) {
            failed(error);
            throw error;
          }
        },
      },
      push: {
        batchSize: MAX_PUSH_ROWS,
        async handler(rows) {
          // Documents of other sites (or of this device only) are not this site's to send.
          const mine = rows.filter((row) => row.newDocumentState.siteId === siteId);
          if (mine.length === 0) return [];
          pending.set(name, mine.length);
          try {
            const conflicts = await json(
              SYNC.push.answer,
              fetcher,
              url(SYNC.push.path, { site: siteId }),
              {
                method: SYNC.push.method,
                headers: { "Content-Type": "application/json" },
                body: JSON.stringify(mine.map((row) => ({
                  assumedMasterState: strip(row.assumedMasterState as Record<string, unknown>) ??
                    null,
                  newDocumentState: strip(row.newDocumentState as Record<string, unknown>),
                }))),
              },
            );
            pending.set(name, 0);
            problem = null;
            report();
            return conflicts as never;
          } catch (error) {
            failed(error);
            throw error;
          }
        },
      },
    });
  });

  const initialised = Promise.all(states.map((s) => s.awaitInitialReplication())).then(() => {
    if (!problem) report();
  });
  return {
    initialised,
    async inSync() {
      await Promise.all(states.map((s) => s.awaitInSync()));
    },
    async cancel() {
      abort.abort();
      await Promise.all(states.map((s) => s.cancel()));
    },
  };
}
