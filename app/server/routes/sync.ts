/**
 * RxDB replication for every synced collection, per site: pull after a checkpoint (the server's
 * write sequence), push returning the server's copy on conflict, and an SSE stream of changes.
 * Role and scope are checked on every call; a pushed document must belong to the site pushed to,
 * and a batch with one bad document stores nothing.
 */
import { Hono } from "hono";
import { streamSSE } from "hono/streaming";
import { MAX_PULL, pushBodyOf, SYNC, SYNC_STREAM_PATH } from "../../../lib/contract/sync.ts";
import {
  canDelete,
  canRead,
  canWrite,
  isCollection,
  isVisible,
  type Scope,
  type SyncDoc,
} from "../../../lib/sync/collections.ts";
import { type Env, problem, type Services } from "../context.ts";
import { siteAccess } from "./access.ts";
import { readJson } from "./body.ts";
import { answer, serve } from "./contract.ts";
import type { FeedEvent } from "../feed.ts";

/**
 * Changes waiting for one stream. A client that reads slower than this falls behind: it is
 * dropped, and its reconnect starts with RESYNC, so the server never buffers for it.
 */
export const MAX_QUEUED_CHANGES = 16;

export function syncRoutes(services: Services): Hono<Env> {
  const app = new Hono<Env>();
  const { store, feed } = services;

  async function open(c: Parameters<typeof siteAccess>[0], write: boolean) {
    const collection = c.req.param("collection") ?? "";
    if (!isCollection(collection)) {
      return {
        ok: false as const,
        response: problem(c, 404, "no such collection", "request.noEndpoint"),
      };
    }
    const access = await siteAccess(c, services, c.req.query("site"), "any");
    if (!access.ok) return access;
    const { role, scope } = access.membership;
    const allowed = write ? canWrite(collection, role, scope) : canRead(collection, scope);
    if (!allowed) {
      return {
        ok: false as const,
        response: problem(
          c,
          403,
          `your role on this site does not allow ${write ? "changing" : "reading"} ${collection}`,
          "sync.roleDenied",
        ),
      };
    }
    return { ok: true as const, collection, siteId: access.membership.siteId, scope, role };
  }

  serve(app, SYNC.pull, async (c) => {
    const opened = await open(c, false);
    if (!opened.ok) return opened.response;
    const [afterText, limitText] = [c.req.query("after") ?? "0", c.req.query("limit") ?? "100"];
    // Digits only, and no more than a sequence number can hold ("1e21" is not one).
    if (!/^\d{1,15}$/.test(afterText) || !/^\d{1,4}$/.test(limitText) || Number(limitText) < 1) {
      return problem(c, 400, "after and limit must be whole numbers", "request.invalid");
    }
    const after = Number(afterText);
    const limit = Math.min(Number(limitText), MAX_PULL);
    const rows = await store.pull(opened.collection, opened.siteId, after, limit);
    return answer(c, SYNC.pull, {
      documents: rows.map((r) => r.doc).filter((doc) =>
        isVisible(opened.collection, doc, opened.scope)
      ),
      // The checkpoint passes filtered rows too, so the client never asks for them again.
      checkpoint: { seq: rows.length > 0 ? rows[rows.length - 1].seq : after },
    });
  });

  serve(app, SYNC.push, async (c) => {
    const opened = await open(c, true);
    if (!opened.ok) return opened.response;
    const { collection, siteId, scope } = opened;
    const body = await readJson(c, pushBodyOf(collection));
    if (!body.ok) return body.response;
    for (const [i, row] of body.data.entries()) {
      const doc = row.newDocumentState as SyncDoc;
      if (doc.siteId !== siteId) {
        return problem(c, 403, `document ${i} belongs to another site`, "sync.otherSite");
      }
      if (!isVisible(collection, doc, scope)) {
        return problem(
          c,
          403,
          `document ${i} is outside what your access allows`,
          "sync.outsideScope",
        );
      }
      if (doc._deleted && !canDelete(collection, opened.role)) {
        return problem(
          c,
          403,
          `your role on this site does not allow deleting ${collection}`,
          "sync.roleDenied",
        );
      }
    }
    const result = await store.push(
      collection,
      siteId,
      body.data as { assumedMasterState?: SyncDoc | null; newDocumentState: SyncDoc }[],
      services.config.QUOTA_MB_PER_ACCOUNT * 1_000_000,
    );
    if (!result.ok) {
      const mb = (bytes: number) => Math.round(bytes / 100_000) / 10;
      const [used, quota] = [mb(result.usedBytes), mb(result.quotaBytes)];
      return problem(
        c,
        507,
        `the storage of this site's account is full (${used.toFixed(1)} of ${
          quota.toFixed(1)
        } MB used): nothing was stored`,
        "sync.quotaFull",
        { used, quota },
      );
    }
    if (result.writes.length > 0) {
      await feed.publish({
        kind: "change",
        collection,
        siteId,
        documents: result.writes,
        fromSeq: result.firstSeq,
        checkpoint: { seq: result.seq },
      });
    }
    return answer(c, SYNC.push, result.conflicts);
  });

  app.get(SYNC_STREAM_PATH, async (c) => {
    const opened = await open(c, false);
    if (!opened.ok) return opened.response;
    const { collection, siteId, scope } = opened;
    const user = c.get("user")!;
    const sessionHash = c.get("sessionHash");
    return streamSSE(c, async (stream) => {
      let closed = false;
      const queue: Extract<FeedEvent, { kind: "change" }>[] = [];
      let wake: (() => void) | null = null;
      let recheck = false;
      const stop = () => {
        closed = true;
        wake?.();
      };
      const unsubscribe = feed.subscribe((event) => {
        if (event.kind === "sessionsEnded") {
          if (
            event.userId === user.id && (!event.sessionHash || event.sessionHash === sessionHash)
          ) {
            stop();
            stream.abort();
          }
          return;
        }
        if (event.kind === "accessChanged") {
          if (event.siteId === siteId && event.userId === user.id) recheck = true;
        } else if (event.collection === collection && event.siteId === siteId) {
          if (queue.length >= MAX_QUEUED_CHANGES) {
            // Not reading: drop it rather than hold its changes (a write may be stuck on it).
            queue.length = 0;
            stop();
            stream.abort();
            return;
          }
          queue.push(event);
        } else {
          return;
        }
        wake?.();
      });
      stream.onAbort(stop);
      services.closing.addEventListener("abort", stop);
      // A stream that (re)connects may have missed changes: the client pulls again.
      await stream.writeSSE({ data: "RESYNC" });
      while (!closed) {
        if (recheck || queue.length > 0) {
          // Access can be withdrawn while a stream is open: checked before anything is sent.
          recheck = false;
          const membership = await store.membership(siteId, user.id);
          if (!membership || !canRead(collection, membership.scope as Scope)) break;
        }
        if (queue.length === 0) {
          await new Promise<void>((resolve) => {
            wake = resolve;
            setTimeout(resolve, 25_000); // a comment line keeps proxies from closing the stream
          });
          wake = null;
          if (queue.length === 0 && !closed && !recheck) await stream.write(": keep-alive\n\n");
          continue;
        }
        const change = queue.shift()!;
        const documents = change.documents.filter((doc) => isVisible(collection, doc, scope));
        if (documents.length > 0) {
          await stream.writeSSE({
            data: JSON.stringify({ documents, checkpoint: change.checkpoint }),
          });
        }
      }
      unsubscribe();
      services.closing.removeEventListener("abort", stop);
    });
  });

  return app;
}
