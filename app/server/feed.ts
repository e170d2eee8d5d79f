/**
 * What open event streams hear: changes to a site's documents, sessions that ended (sign-out,
 * reset, deletion) and access taken away. `MemoryFeed` is one process's; `postgresFeed` (in
 * `db/postgres_feed.ts`) carries the same events between processes on one PostgreSQL.
 */
import type { Checkpoint } from "../../lib/contract/sync.ts";
import type { CollectionName, SyncDoc } from "../../lib/sync/collections.ts";

export type FeedEvent =
  | {
    kind: "change";
    collection: CollectionName;
    siteId: string;
    documents: SyncDoc[];
    /** The sequence numbers of the documents run from `fromSeq` to the checkpoint's. */
    fromSeq: number;
    checkpoint: Checkpoint;
  }
  /** Every session of the user ended, or only the one with this hash. */
  | { kind: "sessionsEnded"; userId: string; sessionHash?: string }
  /** The user's membership of the site was removed or changed. */
  | { kind: "accessChanged"; siteId: string; userId: string };

export interface Feed {
  subscribe(listener: (event: FeedEvent) => void): () => void;
  /** Delivers to every subscriber (of every process, for a shared feed). */
  publish(event: FeedEvent): Promise<void>;
  /** Subscribers of this process: open streams. */
  readonly listeners: number;
  close(): Promise<void>;
}

export class MemoryFeed implements Feed {
  #listeners = new Set<(event: FeedEvent) => void>();

  subscribe(listener: (event: FeedEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Delivers to this process's subscribers, now. */
  deliver(event: FeedEvent): void {
    for (const listener of this.#listeners) listener(event);
  }

  publish(event: FeedEvent): Promise<void> {
    this.deliver(event);
    return Promise.resolve();
  }

  get listeners(): number {
    return this.#listeners.size;
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
