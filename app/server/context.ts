/** What every route gets: the store, settings, logger, mailer, and the signed-in user. */
import type { Context } from "hono";
import type { Config } from "./config.ts";
import type { Logger } from "./log.ts";
import type { Mailer } from "./mailer.ts";
import type { Store, User } from "./store.ts";
import type { ChangeFeed } from "./routes/sync.ts";

export interface Services {
  store: Store;
  config: Config;
  logger: Logger;
  mailer: Mailer;
  feed: ChangeFeed;
  /** Aborted at shutdown, so open event streams end and in-flight requests can finish. */
  closing: AbortSignal;
}

export type Env = {
  Variables: { user: User | null; sessionHash: string | null };
};

/** A JSON error the PWA can show: what went wrong, in plain words. */
export function problem(
  c: Context,
  status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 429,
  message: string,
) {
  return c.json({ error: message }, status);
}
