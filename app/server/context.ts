/** What every route gets: the store, settings, logger, mailer, and the signed-in user. */
import type { Context } from "hono";
import type { Config } from "./config.ts";
import type { Logger } from "./log.ts";
import type { Mailer } from "./mailer.ts";
import type { Feed } from "./feed.ts";
import type { Outbox } from "./outbox.ts";
import type { Limits } from "./auth/rate_limit.ts";
import type { Store, User } from "./store.ts";
import type { ProblemBody, ProblemCode, ProblemParams } from "../../lib/i18n/problems.ts";

export interface Services {
  store: Store;
  config: Config;
  logger: Logger;
  mailer: Mailer;
  /** Every mail goes through here: queued in the database, sent by a worker. */
  outbox: Outbox;
  /** Rate limits kept in the database, shared by every server process. */
  limits: Limits;
  feed: Feed;
  /** Aborted at shutdown, so open event streams end and in-flight requests can finish. */
  closing: AbortSignal;
}

export type Env = {
  Variables: { user: User | null; sessionHash: string | null };
};

/**
 * A JSON error: `error` in plain English for API users, `code` (and `params`) for the PWA, which
 * words it in the user's language from `lib/i18n`'s `problems`.
 */
export function problem(
  c: Context,
  status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 421 | 429 | 502 | 503 | 507,
  message: string,
  code: ProblemCode,
  params?: ProblemParams,
) {
  const body: ProblemBody = params ? { error: message, code, params } : { error: message, code };
  return c.json(body, status);
}
