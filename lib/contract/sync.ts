/**
 * Replication per collection and site (`?site=`): pull after a checkpoint, push rows with the
 * state they were made from (the answer: the server's copies that conflict), and an SSE stream
 * whose events carry the same shape as a pull's answer.
 */
import { z } from "zod";
import { type CollectionName, SYNC_COLLECTIONS, type SyncDoc } from "../sync/collections.ts";
import { endpoint } from "./endpoint.ts";

/** Rows in one push; the client sends its changes in batches of this size. */
export const MAX_PUSH_ROWS = 200;
/** Documents in one pull, whatever `limit` asks. */
export const MAX_PULL = 500;

/** A synced document as it travels; each collection's own model checks the rest on a push. */
export const SyncDocModel = z.looseObject({
  id: z.string(),
  siteId: z.string(),
  _deleted: z.boolean(),
}) satisfies z.ZodType<SyncDoc>;

export const CheckpointModel = z.object({ seq: z.number().int().min(0) });
export type Checkpoint = z.infer<typeof CheckpointModel>;

/** A pull's answer, and each event of the stream. */
export const ChangesModel = z.object({
  documents: z.array(SyncDocModel),
  /** Past every row looked at, filtered ones too, so they are never asked for again. */
  checkpoint: CheckpointModel,
});
export type Changes = z.infer<typeof ChangesModel>;

/** A push of documents described by `doc` (a tombstone flag of `false` may be left out). */
function pushBody<Doc extends z.ZodType>(doc: Doc) {
  const row = doc.and(z.object({ _deleted: z.boolean().default(false) }));
  return z.array(z.object({ assumedMasterState: row.nullish(), newDocumentState: row }))
    .max(MAX_PUSH_ROWS, `at most ${MAX_PUSH_ROWS} documents per push`);
}

const pushBodies = new Map<CollectionName, ReturnType<typeof pushBody<z.ZodType>>>();

/** The body of a push to `collection`, every document checked by the collection's model. */
export function pushBodyOf(collection: CollectionName) {
  let model = pushBodies.get(collection);
  if (model === undefined) {
    // Built on first use: zod compiles a model when it first parses with it.
    model = pushBody(SYNC_COLLECTIONS[collection].model);
    pushBodies.set(collection, model);
  }
  return model;
}

export const SYNC = {
  pull: endpoint({
    method: "GET",
    path: "/api/sync/:collection/pull",
    body: null,
    status: 200,
    answer: ChangesModel,
  }),
  push: endpoint({
    method: "POST",
    path: "/api/sync/:collection/push",
    body: pushBody(z.looseObject({ id: z.string(), siteId: z.string() })),
    status: 200,
    answer: z.array(SyncDocModel),
  }),
};

/** The stream's path; its events are `RESYNC` or `ChangesModel` JSON. */
export const SYNC_STREAM_PATH = "/api/sync/:collection/stream";
