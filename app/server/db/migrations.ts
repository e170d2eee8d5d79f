/**
 * Versioned schema changes, applied in order at start and recorded in `schema_migrations`. The
 * SQL is written once for SQLite and PostgreSQL (portable types; BIGINT for epoch ms).
 */
import type { SqlDb } from "./sql.ts";

export interface Migration {
  version: number;
  name: string;
  statements: string[];
  /** Run after `statements` on PostgreSQL only. */
  postgres?: string[];
}

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: "accounts, sites and synced documents",
    statements: [
      `CREATE TABLE users (
        id TEXT PRIMARY KEY,
        email TEXT NOT NULL UNIQUE,
        password_hash TEXT NOT NULL,
        created_ms BIGINT NOT NULL
      )`,
      `CREATE TABLE sessions (
        token_hash TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        created_ms BIGINT NOT NULL,
        expires_ms BIGINT NOT NULL
      )`,
      `CREATE INDEX sessions_user ON sessions (user_id)`,
      `CREATE TABLE tokens (
        token_hash TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        data TEXT NOT NULL,
        expires_ms BIGINT NOT NULL,
        used_ms BIGINT
      )`,
      `CREATE TABLE sites (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        settings TEXT NOT NULL,
        created_ms BIGINT NOT NULL,
        updated_ms BIGINT NOT NULL
      )`,
      `CREATE TABLE memberships (
        site_id TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        role TEXT NOT NULL,
        scope TEXT NOT NULL,
        created_ms BIGINT NOT NULL,
        PRIMARY KEY (site_id, user_id)
      )`,
      `CREATE INDEX memberships_user ON memberships (user_id)`,
      `CREATE TABLE invitations (
        token_hash TEXT PRIMARY KEY,
        site_id TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
        email TEXT NOT NULL,
        role TEXT NOT NULL,
        scope TEXT NOT NULL,
        invited_by TEXT NOT NULL,
        created_ms BIGINT NOT NULL,
        expires_ms BIGINT NOT NULL,
        accepted_ms BIGINT
      )`,
      `CREATE TABLE docs (
        collection TEXT NOT NULL,
        id TEXT NOT NULL,
        site_id TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
        seq BIGINT NOT NULL,
        deleted INTEGER NOT NULL,
        data TEXT NOT NULL,
        PRIMARY KEY (collection, id)
      )`,
      `CREATE UNIQUE INDEX docs_seq ON docs (seq)`,
      `CREATE INDEX docs_pull ON docs (collection, site_id, seq)`,
    ],
  },
  {
    version: 2,
    name: "document ids per site; storage counted per site",
    statements: [
      // An id is unique within its site only: nobody can take, block or probe another site's id.
      `DROP INDEX docs_seq`,
      `DROP INDEX docs_pull`,
      `ALTER TABLE docs RENAME TO docs_v1`,
      `CREATE TABLE docs (
        site_id TEXT NOT NULL REFERENCES sites(id) ON DELETE CASCADE,
        collection TEXT NOT NULL,
        id TEXT NOT NULL,
        seq BIGINT NOT NULL,
        deleted INTEGER NOT NULL,
        bytes INTEGER NOT NULL,
        data TEXT NOT NULL,
        CONSTRAINT docs_site_key PRIMARY KEY (site_id, collection, id)
      )`,
      `INSERT INTO docs (site_id, collection, id, seq, deleted, bytes, data)
        SELECT site_id, collection, id, seq, deleted, LENGTH(data), data FROM docs_v1`,
      `DROP TABLE docs_v1`,
      `CREATE UNIQUE INDEX docs_seq ON docs (seq)`,
      `CREATE INDEX docs_pull ON docs (site_id, collection, seq)`,
      `ALTER TABLE sites ADD COLUMN bytes BIGINT NOT NULL DEFAULT 0`,
      `UPDATE sites SET bytes = COALESCE((SELECT SUM(bytes) FROM docs WHERE docs.site_id = sites.id), 0)`,
    ],
  },
  {
    version: 3,
    name: "limits shared by every server process, a mail queue, sign-ups confirmed by mail",
    statements: [
      // One counter per key and window: sign-in failures, mails per address, account and site.
      `CREATE TABLE rate_limits (
        key TEXT PRIMARY KEY,
        started_ms BIGINT NOT NULL,
        count INTEGER NOT NULL
      )`,
      `CREATE TABLE outbox (
        id TEXT PRIMARY KEY,
        to_addr TEXT NOT NULL,
        subject TEXT NOT NULL,
        body TEXT NOT NULL,
        link TEXT NOT NULL,
        created_ms BIGINT NOT NULL,
        attempts INTEGER NOT NULL,
        next_ms BIGINT NOT NULL,
        sent_ms BIGINT,
        error TEXT
      )`,
      `CREATE INDEX outbox_due ON outbox (sent_ms, next_ms)`,
      `CREATE TABLE signups (
        token_hash TEXT PRIMARY KEY,
        email TEXT NOT NULL,
        password_hash TEXT NOT NULL,
        expires_ms BIGINT NOT NULL,
        used_ms BIGINT
      )`,
      `CREATE INDEX invitations_sender ON invitations (site_id, invited_by)`,
      `CREATE INDEX tokens_user ON tokens (user_id, kind)`,
    ],
  },
  {
    version: 4,
    name: "PostgreSQL: sequence numbers from a sequence, so sites write side by side",
    statements: [],
    // Writers of one site queue on that site's lock and take numbers from the sequence under
    // it: within a site (what a pull reads) numbers follow commit order.
    postgres: [
      `CREATE SEQUENCE docs_seq_counter`,
      `SELECT setval('docs_seq_counter', COALESCE((SELECT MAX(seq) FROM docs), 0) + 1, false)`,
    ],
  },
];

/**
 * Applies the migrations the database has not seen, all in one transaction; returns the versions
 * applied. Servers starting at once on one PostgreSQL queue on a lock taken before anything is
 * read: one migrates, the others then find nothing left to do.
 */
export async function migrate(db: SqlDb, migrations = MIGRATIONS): Promise<number[]> {
  return await db.transaction(async (tx) => {
    if (tx.dialect === "postgres") await tx.get("SELECT pg_advisory_xact_lock(727001)");
    await tx.run(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY,
      name TEXT NOT NULL,
      applied_ms BIGINT NOT NULL
    )`);
    const done = new Set(
      (await tx.all("SELECT version FROM schema_migrations")).map((r) => Number(r.version)),
    );
    const applied: number[] = [];
    for (const migration of migrations) {
      if (done.has(migration.version)) continue;
      const statements = [
        ...migration.statements,
        ...(tx.dialect === "postgres" ? migration.postgres ?? [] : []),
      ];
      for (const statement of statements) await tx.run(statement);
      await tx.run(
        "INSERT INTO schema_migrations (version, name, applied_ms) VALUES ($1, $2, $3)",
        [migration.version, migration.name, Date.now()],
      );
      applied.push(migration.version);
    }
    return applied;
  });
}
