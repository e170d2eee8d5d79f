/**
 * The feed between server processes on one PostgreSQL: every event goes out with `NOTIFY` and
 * comes back to every process (this one included) through `LISTEN`, so a push to one process
 * reaches the streams open on another. A notification carries at most 8000 bytes, so a change
 * travels as its collection, site and sequence numbers; each process reads the documents back.
 */
import postgres from "postgres";
import type { CollectionName } from "../../../lib/sync/collections.ts";
import { type Feed, type FeedEvent, MemoryFeed } from "../feed.ts";
import type { Logger } from "../log.ts";
import type { Store } from "../store.ts";

const CHANNEL = "thuisenergie_feed";

type Wire =
  | { kind: "change"; collection: CollectionName; siteId: string; fromSeq: number; toSeq: number }
  | Exclude<FeedEvent, { kind: "change" }>;

export async function postgresFeed(url: string, store: Store, logger: Logger): Promise<Feed> {
  const listener = postgres(url, { max: 1, onnotice: () => {} });
  const local = new MemoryFeed();
  const receive = async (payload: string) => {
    const wire = JSON.parse(payload) as Wire;
    if (wire.kind !== "change") return local.deliver(wire);
    const rows = await store.changed(wire.collection, wire.siteId, wire.fromSeq, wire.toSeq);
    if (rows.length === 0) return; // written over since: a later notification carries them
    local.deliver({
      kind: "change",
      collection: wire.collection,
      siteId: wire.siteId,
      documents: rows.map((r) => r.doc),
      fromSeq: wire.fromSeq,
      checkpoint: { seq: wire.toSeq },
    });
  };
  const { unlisten } = await listener.listen(CHANNEL, (payload) => {
    receive(payload).catch((error) =>
      logger.log("error", "feed notification lost", { error: String(error) })
    );
  });
  return {
    subscribe: (listen) => local.subscribe(listen),
    get listeners() {
      return local.listeners;
    },
    async publish(event) {
      // Between these numbers, the site's documents are this change's: its writers queue.
      const wire: Wire = event.kind === "change"
        ? {
          kind: "change",
          collection: event.collection,
          siteId: event.siteId,
          fromSeq: event.fromSeq,
          toSeq: event.checkpoint.seq,
        }
        : event;
      await store.db.run("SELECT pg_notify($1, $2)", [CHANNEL, JSON.stringify(wire)]);
    },
    async close() {
      await unlisten().catch(() => {});
      await listener.end({ timeout: 5 });
    },
  };
}
