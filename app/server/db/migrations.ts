/**
 * Versioned schema changes, applied in order at start and recorded in `schema_migrations`. The
 * SQL is written once for SQLite and PostgreSQL (portable types; BIGINT for epoch ms).
 */
import type { SqlDb } from "./sql.ts";

export interface Migration {
  version: number;
  name: string;
  statements: string[];
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
];

/** Applies the migrations the database has not seen; returns the versions applied. */
export async function migrate(db: SqlDb, migrations = MIGRATIONS): Promise<number[]> {
  await db.run(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_ms BIGINT NOT NULL
  )`);
  const applied: number[] = [];
  for (const migration of migrations) {
    await db.transaction(async (tx) => {
      // Two servers starting at once on one PostgreSQL: one migrates, the other waits.
      if (tx.dialect === "postgres") await tx.get("SELECT pg_advisory_xact_lock(727001)");
      const done = await tx.get("SELECT version FROM schema_migrations WHERE version = $1", [
        migration.version,
      ]);
      if (done) return;
      for (const statement of migration.statements) await tx.run(statement);
      await tx.run(
        "INSERT INTO schema_migrations (version, name, applied_ms) VALUES ($1, $2, $3)",
        [
          migration.version,
          migration.name,
          Date.now(),
        ],
      );
      applied.push(migration.version);
    });
  }
  return applied;
}
