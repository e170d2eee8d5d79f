/**
 * Mail goes out from a queue in the database: a request only adds a row (so it answers as fast
 * whether or not a mail is due, with SMTP up or down), and a worker sends what is due, retrying
 * with a growing pause. Several server processes can run workers: each mail is claimed before
 * it is sent.
 */
import { newId } from "./store.ts";
import type { SqlDb } from "./db/sql.ts";
import type { Logger } from "./log.ts";
import type { Mail, Mailer } from "./mailer.ts";

/** How long a claimed mail is left to its sender before another worker may try it. */
const CLAIM_MS = 60_000;
const MAX_ATTEMPTS = 8;

export class Outbox {
  #timer: ReturnType<typeof setInterval> | null = null;
  #running: Promise<number> | null = null;
  /** A mail was queued while a run was under way: run once more after it. */
  #again = false;

  constructor(readonly db: SqlDb, readonly mailer: Mailer, readonly logger: Logger) {}

  /** Queues a mail; `db` may be a transaction, so the mail goes only if the rest commits. */
  async enqueue(mail: Mail, db: SqlDb = this.db, nowMs = Date.now()): Promise<void> {
    await db.run(
      `INSERT INTO outbox (id, to_addr, subject, body, link, created_ms, attempts, next_ms)
       VALUES ($1, $2, $3, $4, $5, $6, 0, $6)`,
      [newId(), mail.to, mail.subject, mail.text, mail.link, nowMs],
    );
    if (this.#timer) {
      // A mail queued inside a transaction is visible once that commits: look a moment later
      // (and the worker's own round catches it in any case).
      setTimeout(() => {
        if (!this.#timer) return; // stopped meanwhile
        if (this.#running) this.#again = true;
        else void this.deliver().catch(() => {});
      }, 20);
    }
  }

  /** Sends every mail that is due; returns how many went out. One run at a time per process. */
  deliver(nowMs?: number): Promise<number> {
    this.#running ??= this.#deliver(nowMs).finally(() => {
      this.#running = null;
      if (this.#again && this.#timer) {
        this.#again = false;
        void this.deliver().catch(() => {});
      }
    });
    return this.#running;
  }

  async #deliver(nowMs = Date.now()): Promise<number> {
    const due = await this.db.all(
      `SELECT id, to_addr, subject, body, link, attempts, next_ms FROM outbox
       WHERE sent_ms IS NULL AND next_ms <= $1 AND attempts < $2 ORDER BY created_ms LIMIT 50`,
      [nowMs, MAX_ATTEMPTS],
    );
    let sent = 0;
    for (const row of due) {
      const claimed = await this.db.run(
        "UPDATE outbox SET next_ms = $1 WHERE id = $2 AND sent_ms IS NULL AND next_ms = $3",
        [nowMs + CLAIM_MS, row.id as string, Number(row.next_ms)],
      );
      if (claimed === 0) continue; // another worker has it
      const mail: Mail = {
        to: String(row.to_addr),
        subject: String(row.subject),
        text: String(row.body),
        link: String(row.link),
      };
      try {
        await this.mailer.send(mail);
        await this.db.run("UPDATE outbox SET sent_ms = $1 WHERE id = $2", [
          Date.now(),
          String(row.id),
        ]);
        sent++;
      } catch (error) {
        const attempts = Number(row.attempts) + 1;
        const pauseMs = Math.min(30_000 * 2 ** (attempts - 1), 3_600_000);
        await this.db.run(
          "UPDATE outbox SET attempts = $1, next_ms = $2, error = $3 WHERE id = $4",
          [attempts, Date.now() + pauseMs, String(error).slice(0, 500), String(row.id)],
        );
        this.logger.log(attempts >= MAX_ATTEMPTS ? "error" : "warn", "mail not sent", {
          attempts,
          error: String(error),
          givenUp: attempts >= MAX_ATTEMPTS,
        });
      }
    }
    return sent;
  }

  /** Starts the worker: what is due every `everyMs`, and right after each `enqueue`. */
  start(everyMs = 1000): void {
    this.#timer ??= setInterval(() => void this.deliver().catch(() => {}), everyMs);
  }

  /** Stops the worker and waits for a run in progress. */
  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    await this.#running?.catch(() => {});
  }
}
