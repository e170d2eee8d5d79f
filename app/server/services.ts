/** Opens what the server runs on: the database (migrated), the store, logs, mail, change feed. */
import { mkdirSync } from "node:fs";
import type { Config } from "./config.ts";
import type { Services } from "./context.ts";
import { migrate } from "./db/migrations.ts";
import { postgresDb } from "./db/postgres.ts";
import type { SqlDb } from "./db/sql.ts";
import { SqliteDb } from "./db/sqlite.ts";
import { jsonLogger, type Logger } from "./log.ts";
import { Limits } from "./auth/rate_limit.ts";
import { type Feed, MemoryFeed } from "./feed.ts";
import { postgresFeed } from "./db/postgres_feed.ts";
import { logMailer, type Mailer, smtpMailer } from "./mailer.ts";
import { Outbox } from "./outbox.ts";
import { Store } from "./store.ts";

export interface Running extends Services {
  /** Ends the open event streams, so the HTTP server can drain. */
  endStreams(): void;
  /** Ends streams and closes the database: call after the HTTP server has drained. */
  close(): Promise<void>;
}

export function openDatabase(config: Config): SqlDb {
  if (config.DATABASE_URL) return postgresDb(config.DATABASE_URL);
  mkdirSync(config.DATA_DIR, { recursive: true });
  return new SqliteDb(`${config.DATA_DIR}/thuisenergie.db`, { sync: config.SQLITE_SYNC });
}

export async function openServices(
  config: Config,
  options: {
    logger?: Logger;
    mailer?: Mailer;
    db?: SqlDb;
    /** Start the mail worker (tests send the queue themselves, with `outbox.deliver()`). */
    workers?: boolean;
  } = {},
): Promise<Running> {
  const logger = options.logger ?? jsonLogger(config.LOG_LEVEL);
  const db = options.db ?? openDatabase(config);
  const applied = await migrate(db);
  if (applied.length > 0) logger.log("info", "database migrated", { dialect: db.dialect, applied });
  const mailer = options.mailer ??
    (config.SMTP_URL ? smtpMailer(config.SMTP_URL, config.MAIL_FROM) : logMailer(logger));
  const closing = new AbortController();
  const outbox = new Outbox(db, mailer, logger);
  if (options.workers !== false) outbox.start();
  const store = new Store(db);
  // Processes sharing one PostgreSQL share their feed; the embedded SQLite has one process.
  const feed: Feed = config.DATABASE_URL && db.dialect === "postgres"
    ? await postgresFeed(config.DATABASE_URL, store, logger)
    : new MemoryFeed();
  return {
    store,
    config,
    logger,
    mailer,
    outbox,
    limits: new Limits(db),
    feed,
    closing: closing.signal,
    endStreams: () => closing.abort(),
    async close() {
      closing.abort();
      await outbox.stop();
      await feed.close();
      await db.close();
    },
  };
}
