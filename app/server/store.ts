/**
 * The server's data, over any `SqlDb`: accounts, sessions, one-time tokens, sites, memberships,
 * invitations and synced documents. Documents are never deleted here, only marked `_deleted`;
 * each write takes the next number of one server-wide sequence, so a pull by "after number N"
 * is deterministic and misses nothing.
 */
import {
  type CollectionName,
  type Role,
  type Scope,
  settlePush,
  type SyncDoc,
} from "../../lib/sync/collections.ts";
import type { SqlDb } from "./db/sql.ts";

export interface User {
  id: string;
  email: string;
  passwordHash: string;
  createdMs: number;
}

export interface Membership {
  siteId: string;
  userId: string;
  role: Role;
  scope: Scope;
}

export interface SiteRow {
  id: string;
  name: string;
  settings: Record<string, unknown>;
  createdMs: number;
  updatedMs: number;
}

export interface Invitation {
  siteId: string;
  email: string;
  role: Role;
  scope: Scope;
  invitedBy: string;
  expiresMs: number;
  acceptedMs: number | null;
}

const RANK: Record<Role, number> = { user: 0, installer: 1, owner: 2 };

const USAGE_TTL_MS = 10_000;

/** A document as stored: its JSON without the tombstone flag (a column of its own). */
const SERIALISED = new WeakMap<SyncDoc, { doc: SyncDoc; text: string }>();
function serialised(doc: SyncDoc): { doc: SyncDoc; text: string } {
  let done = SERIALISED.get(doc);
  if (!done) {
    const { _deleted: _, ...data } = doc;
    done = { doc, text: JSON.stringify(data) };
    SERIALISED.set(doc, done);
  }
  return done;
}

/** A stored document as it travels: its JSON with the tombstone flag put back. */
function docOf(row: Record<string, unknown>): SyncDoc {
  return { ...JSON.parse(String(row.data)), _deleted: Number(row.deleted) === 1 };
}

function higherRole(a: Role, b: Role): Role {
  return RANK[a] >= RANK[b] ? a : b;
}

/**
 * Who may invite whom: only an owner invites users, installers and owners — except that an
 * installer setting a site up for a customer invites its owner, while the site has none.
 */
export function mayInvite(sender: Role, invited: Role, siteHasOwner: boolean): boolean {
  if (sender === "owner") return true;
  return sender === "installer" && invited === "owner" && !siteHasOwner;
}

export function newId(): string {
  return crypto.randomUUID();
}

function user(row: Record<string, unknown> | undefined): User | null {
  return row
    ? {
      id: String(row.id),
      email: String(row.email),
      passwordHash: String(row.password_hash),
      createdMs: Number(row.created_ms),
    }
    : null;
}

function site(row: Record<string, unknown>): SiteRow {
  return {
    id: String(row.id),
    name: String(row.name),
    settings: JSON.parse(String(row.settings)),
    createdMs: Number(row.created_ms),
    updatedMs: Number(row.updated_ms),
  };
}

export class Store {
  constructor(readonly db: SqlDb) {}

  // Accounts

  async createUser(email: string, passwordHash: string, nowMs = Date.now()): Promise<User | null> {
    const id = newId();
    try {
      await this.db.run(
        "INSERT INTO users (id, email, password_hash, created_ms) VALUES ($1, $2, $3, $4)",
        [id, email, passwordHash, nowMs],
      );
    } catch (error) {
      if (/unique|duplicate/i.test(String(error))) return null;
      throw error;
    }
    return { id, email, passwordHash, createdMs: nowMs };
  }

  async userByEmail(email: string): Promise<User | null> {
    return user(await this.db.get("SELECT * FROM users WHERE email = $1", [email]));
  }

  async userById(id: string): Promise<User | null> {
    return user(await this.db.get("SELECT * FROM users WHERE id = $1", [id]));
  }

  /** `false` when another account already has the address. */
  async setEmail(userId: string, email: string): Promise<boolean> {
    try {
      await this.db.run("UPDATE users SET email = $1 WHERE id = $2", [email, userId]);
      return true;
    } catch (error) {
      if (/unique|duplicate/i.test(String(error))) return false;
      throw error;
    }
  }

  async deleteUser(userId: string): Promise<void> {
    await this.db.run("DELETE FROM users WHERE id = $1", [userId]);
  }

  // Sessions and one-time tokens (stored as hashes only)

  async createSession(userId: string, tokenHash: string, expiresMs: number): Promise<void> {
    await this.db.run(
      "INSERT INTO sessions (token_hash, user_id, created_ms, expires_ms) VALUES ($1, $2, $3, $4)",
      [tokenHash, userId, Date.now(), expiresMs],
    );
  }

  async sessionUser(tokenHash: string, nowMs = Date.now()): Promise<User | null> {
    return user(
      await this.db.get(
        `SELECT users.* FROM sessions JOIN users ON users.id = sessions.user_id
         WHERE sessions.token_hash = $1 AND sessions.expires_ms > $2`,
        [tokenHash, nowMs],
      ),
    );
  }

  async deleteSession(tokenHash: string): Promise<void> {
    await this.db.run("DELETE FROM sessions WHERE token_hash = $1", [tokenHash]);
  }

  async createToken(
    kind: "reset" | "email",
    userId: string,
    tokenHash: string,
    data: Record<string, unknown>,
    expiresMs: number,
    db: SqlDb = this.db,
  ): Promise<void> {
    await db.run(
      "INSERT INTO tokens (token_hash, kind, user_id, data, expires_ms) VALUES ($1, $2, $3, $4, $5)",
      [tokenHash, kind, userId, JSON.stringify(data), expiresMs],
    );
  }

  /** An open token's user and data, without using it. */
  async peekToken(
    kind: "reset" | "email",
    tokenHash: string,
    nowMs = Date.now(),
  ): Promise<{ userId: string; data: Record<string, unknown> } | null> {
    const row = await this.db.get(
      "SELECT * FROM tokens WHERE token_hash = $1 AND kind = $2 AND used_ms IS NULL AND expires_ms > $3",
      [tokenHash, kind, nowMs],
    );
    return row ? { userId: String(row.user_id), data: JSON.parse(String(row.data)) } : null;
  }

  /** Uses a one-time token: its user and data if it is of `kind`, unused and unexpired. */
  async takeToken(
    kind: "reset" | "email",
    tokenHash: string,
    nowMs = Date.now(),
    db: SqlDb = this.db,
  ): Promise<{ userId: string; data: Record<string, unknown> } | null> {
    return await db.transaction(async (tx) => {
      const row = await tx.get(
        "SELECT * FROM tokens WHERE token_hash = $1 AND kind = $2 AND used_ms IS NULL AND expires_ms > $3",
        [tokenHash, kind, nowMs],
      );
      if (!row) return null;
      const used = await tx.run(
        "UPDATE tokens SET used_ms = $1 WHERE token_hash = $2 AND used_ms IS NULL",
        [nowMs, tokenHash],
      );
      if (used === 0) return null; // taken by a request that ran at the same time
      return { userId: String(row.user_id), data: JSON.parse(String(row.data)) };
    });
  }

  /** Makes every open token of the kind unusable (a newer link, a new e-mail address). */
  async voidTokens(db: SqlDb, userId: string, kind: "reset" | "email", nowMs = Date.now()) {
    await db.run(
      "UPDATE tokens SET used_ms = $1 WHERE user_id = $2 AND kind = $3 AND used_ms IS NULL",
      [nowMs, userId, kind],
    );
  }

  /** A sign-up waiting for its address to be confirmed. */
  async createSignup(
    db: SqlDb,
    tokenHash: string,
    email: string,
    passwordHash: string,
    expiresMs: number,
  ): Promise<void> {
    await db.run(
      "INSERT INTO signups (token_hash, email, password_hash, expires_ms) VALUES ($1, $2, $3, $4)",
      [tokenHash, email, passwordHash, expiresMs],
    );
  }

  /** Uses a sign-up link: the address and password hash it was made with. */
  async takeSignup(
    tokenHash: string,
    nowMs = Date.now(),
  ): Promise<{ email: string; passwordHash: string } | null> {
    return await this.db.transaction(async (tx) => {
      const row = await tx.get(
        "SELECT * FROM signups WHERE token_hash = $1 AND used_ms IS NULL AND expires_ms > $2",
        [tokenHash, nowMs],
      );
      if (!row) return null;
      const used = await tx.run(
        "UPDATE signups SET used_ms = $1 WHERE token_hash = $2 AND used_ms IS NULL",
        [nowMs, tokenHash],
      );
      return used === 0
        ? null
        : { email: String(row.email), passwordHash: String(row.password_hash) };
    });
  }

  // Sites and memberships

  async createSite(
    name: string,
    creatorId: string,
    role: Role,
    settings: Record<string, unknown> = {},
    nowMs = Date.now(),
  ): Promise<SiteRow> {
    const id = newId();
    await this.db.transaction(async (tx) => {
      await tx.run(
        "INSERT INTO sites (id, name, settings, created_ms, updated_ms) VALUES ($1, $2, $3, $4, $4)",
        [id, name, JSON.stringify(settings), nowMs],
      );
      await tx.run(
        "INSERT INTO memberships (site_id, user_id, role, scope, created_ms) VALUES ($1, $2, $3, 'all', $4)",
        [id, creatorId, role, nowMs],
      );
    });
    return { id, name, settings, createdMs: nowMs, updatedMs: nowMs };
  }

  async site(id: string): Promise<SiteRow | null> {
    const row = await this.db.get("SELECT * FROM sites WHERE id = $1", [id]);
    return row ? site(row) : null;
  }

  async updateSite(id: string, name: string, settings: Record<string, unknown>): Promise<void> {
    await this.db.run("UPDATE sites SET name = $1, settings = $2, updated_ms = $3 WHERE id = $4", [
      name,
      JSON.stringify(settings),
      Date.now(),
      id,
    ]);
  }

  /** Deletes a site with its memberships, invitations and documents. */
  async deleteSite(id: string): Promise<void> {
    await this.db.run("DELETE FROM sites WHERE id = $1", [id]);
  }

  async sitesOf(userId: string): Promise<(SiteRow & Membership)[]> {
    const rows = await this.db.all(
      `SELECT sites.*, memberships.role, memberships.scope, memberships.user_id
       FROM memberships JOIN sites ON sites.id = memberships.site_id
       WHERE memberships.user_id = $1 ORDER BY sites.created_ms, sites.id`,
      [userId],
    );
    return rows.map((row) => ({
      ...site(row),
      siteId: String(row.id),
      userId: String(row.user_id),
      role: row.role as Role,
      scope: row.scope as Scope,
    }));
  }

  async membership(siteId: string, userId: string): Promise<Membership | null> {
    const row = await this.db.get(
      "SELECT * FROM memberships WHERE site_id = $1 AND user_id = $2",
      [siteId, userId],
    );
    return row ? { siteId, userId, role: row.role as Role, scope: row.scope as Scope } : null;
  }

  async members(siteId: string): Promise<(Membership & { email: string })[]> {
    const rows = await this.db.all(
      `SELECT memberships.*, users.email FROM memberships JOIN users ON users.id = memberships.user_id
       WHERE site_id = $1 ORDER BY memberships.created_ms, users.email`,
      [siteId],
    );
    return rows.map((row) => ({
      siteId,
      userId: String(row.user_id),
      email: String(row.email),
      role: row.role as Role,
      scope: row.scope as Scope,
    }));
  }

  async setMembership(m: Membership): Promise<void> {
    await this.db.run(
      `INSERT INTO memberships (site_id, user_id, role, scope, created_ms) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (site_id, user_id) DO UPDATE SET role = excluded.role, scope = excluded.scope`,
      [m.siteId, m.userId, m.role, m.scope, Date.now()],
    );
  }

  async removeMember(siteId: string, userId: string): Promise<boolean> {
    return (await this.db.run("DELETE FROM memberships WHERE site_id = $1 AND user_id = $2", [
      siteId,
      userId,
    ])) > 0;
  }

  /** Makes `toUserId` the owner and the previous owner a user, in one step. */
  async transferOwnership(siteId: string, fromUserId: string, toUserId: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.run(
        "UPDATE memberships SET role = 'user', scope = 'all' WHERE site_id = $1 AND user_id = $2",
        [siteId, fromUserId],
      );
      await tx.run(
        "UPDATE memberships SET role = 'owner', scope = 'all' WHERE site_id = $1 AND user_id = $2",
        [siteId, toUserId],
      );
    });
  }

  async createInvitation(
    tokenHash: string,
    invitation: Invitation,
    db: SqlDb = this.db,
  ): Promise<void> {
    await db.run(
      `INSERT INTO invitations (token_hash, site_id, email, role, scope, invited_by, created_ms, expires_ms)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        tokenHash,
        invitation.siteId,
        invitation.email,
        invitation.role,
        invitation.scope,
        invitation.invitedBy,
        Date.now(),
        invitation.expiresMs,
      ],
    );
  }

  /**
   * Accepts an open invitation for `email`: the membership it grants, or `null`. The inviter
   * must still be allowed to send it now (`mayInvite`): an installer's invitation of an owner
   * dies once the site has one, and any invitation dies with its sender's membership. Accepting
   * never lowers what the account already has on the site.
   */
  async acceptInvitation(
    tokenHash: string,
    userId: string,
    email: string,
    nowMs = Date.now(),
  ): Promise<Membership | null> {
    return await this.db.transaction(async (tx) => {
      const row = await tx.get(
        `SELECT * FROM invitations WHERE token_hash = $1 AND accepted_ms IS NULL AND expires_ms > $2`,
        [tokenHash, nowMs],
      );
      if (!row || String(row.email) !== email) return null;
      const siteId = String(row.site_id);
      const sender = await tx.get(
        "SELECT role FROM memberships WHERE site_id = $1 AND user_id = $2",
        [siteId, String(row.invited_by)],
      );
      const owned = await this.hasOwner(siteId, tx);
      if (!sender || !mayInvite(sender.role as Role, row.role as Role, owned)) return null;
      const used = await tx.run(
        "UPDATE invitations SET accepted_ms = $1 WHERE token_hash = $2 AND accepted_ms IS NULL",
        [nowMs, tokenHash],
      );
      if (used === 0) return null;
      const had = await tx.get(
        "SELECT role, scope FROM memberships WHERE site_id = $1 AND user_id = $2",
        [siteId, userId],
      );
      const membership: Membership = {
        siteId,
        userId,
        role: had ? higherRole(had.role as Role, row.role as Role) : row.role as Role,
        scope: had?.scope === "all" || row.scope === "all" ? "all" : "ev",
      };
      await tx.run(
        `INSERT INTO memberships (site_id, user_id, role, scope, created_ms) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (site_id, user_id) DO UPDATE SET role = excluded.role, scope = excluded.scope`,
        [siteId, userId, membership.role, membership.scope, nowMs],
      );
      return membership;
    });
  }

  async hasOwner(siteId: string, db: SqlDb = this.db): Promise<boolean> {
    return (await db.get(
      "SELECT 1 AS one FROM memberships WHERE site_id = $1 AND role = 'owner' LIMIT 1",
      [siteId],
    )) !== undefined;
  }

  /** Removes the invitations not yet accepted that `userId` sent (of one site, or of all). */
  async deleteInvitationsBy(userId: string, siteId?: string): Promise<void> {
    await this.db.run(
      siteId
        ? "DELETE FROM invitations WHERE invited_by = $1 AND accepted_ms IS NULL AND site_id = $2"
        : "DELETE FROM invitations WHERE invited_by = $1 AND accepted_ms IS NULL",
      siteId ? [userId, siteId] : [userId],
    );
  }

  // Synced documents

  /** Documents of a site changed after `afterSeq`, in sequence order. */
  async pull(
    collection: CollectionName,
    siteId: string,
    afterSeq: number,
    limit: number,
  ): Promise<{ seq: number; doc: SyncDoc }[]> {
    const rows = await this.db.all(
      `SELECT seq, data, deleted FROM docs WHERE site_id = $1 AND collection = $2 AND seq > $3
       ORDER BY seq LIMIT $4`,
      [siteId, collection, afterSeq, limit],
    );
    return rows.map((row) => ({
      seq: Number(row.seq),
      doc: docOf(row),
    }));
  }

  /** A site's documents of one collection written with these sequence numbers (a change). */
  async changed(
    collection: CollectionName,
    siteId: string,
    fromSeq: number,
    toSeq: number,
  ): Promise<{ seq: number; doc: SyncDoc }[]> {
    const rows = await this.db.all(
      `SELECT seq, data, deleted FROM docs WHERE site_id = $1 AND collection = $2
       AND seq >= $3 AND seq <= $4 ORDER BY seq`,
      [siteId, collection, fromSeq, toSeq],
    );
    return rows.map((row) => ({
      seq: Number(row.seq),
      doc: docOf(row),
    }));
  }

  /**
   * Takes the lock every writer of a site's documents holds until it commits, before anything
   * is read, so a push compares and writes against one state and the site's sequence numbers
   * follow commit order. PostgreSQL: an advisory lock per site. SQLite: its writes are
   * serialised already.
   */
  async lockDocs(tx: SqlDb, siteId: string): Promise<void> {
    if (tx.dialect === "postgres") {
      await tx.get("SELECT pg_advisory_xact_lock(727002, hashtext($1))", [siteId]);
    }
  }

  /** The stored documents of one site with these ids, by id: one query for the whole batch. */
  async docs(
    tx: SqlDb,
    collection: CollectionName,
    siteId: string,
    ids: string[],
  ): Promise<Map<string, { doc: SyncDoc; bytes: number }>> {
    const found = new Map<string, { doc: SyncDoc; bytes: number }>();
    if (ids.length === 0) return found;
    const placeholders = ids.map((_, i) => `$${i + 3}`).join(", ");
    const rows = await tx.all(
      `SELECT id, data, deleted, bytes FROM docs
       WHERE site_id = $1 AND collection = $2 AND id IN (${placeholders})`,
      [siteId, collection, ...ids],
    );
    for (const row of rows) {
      found.set(String(row.id), {
        doc: docOf(row),
        bytes: Number(row.bytes),
      });
    }
    return found;
  }

  /**
   * Writes documents of one site, each with the next sequence number, and counts their size
   * against the site; returns the first and last number. Call inside a transaction, after
   * `lockDocs` for the site.
   */
  async writeDocs(
    tx: SqlDb,
    collection: CollectionName,
    siteId: string,
    docs: SyncDoc[],
    stored?: Map<string, { bytes: number }>,
  ): Promise<{ firstSeq: number; seq: number }> {
    // SQLite has one writer: the next number is the highest plus one. PostgreSQL's come from
    // its sequence, taken under the site's lock.
    let next = tx.dialect === "sqlite"
      ? Number(
        (await tx.get<{ seq: number | null }>("SELECT MAX(seq) AS seq FROM docs"))?.seq ?? 0,
      ) +
        1
      : null;
    stored ??= await this.docs(tx, collection, siteId, docs.map((d) => d.id));
    let grownBytes = 0;
    const seqs: number[] = [];
    for (const { doc, text } of docs.map(serialised)) {
      grownBytes += text.length - (stored.get(doc.id)?.bytes ?? 0);
      const row = await tx.get<{ seq: number }>(
        `INSERT INTO docs (site_id, collection, id, seq, deleted, bytes, data)
         VALUES ($1, $2, $3, ${next === null ? "nextval('docs_seq_counter')" : "$7"}, $4, $5, $6)
         ON CONFLICT (site_id, collection, id) DO UPDATE SET seq = excluded.seq,
           deleted = excluded.deleted, bytes = excluded.bytes, data = excluded.data
         RETURNING seq`,
        [
          siteId,
          collection,
          doc.id,
          doc._deleted ? 1 : 0,
          text.length,
          text,
          ...(next === null ? [] : [next++]),
        ],
      );
      seqs.push(Number(row!.seq));
    }
    if (grownBytes !== 0) {
      await tx.run("UPDATE sites SET bytes = bytes + $1 WHERE id = $2", [grownBytes, siteId]);
    }
    return { firstSeq: seqs[0], seq: seqs[seqs.length - 1] };
  }

  /**
   * The accounts a site's storage counts against — its owners, or while it has none (an
   * installer setting it up) its installers — with what each of them uses over all such sites.
   */
  async storageOf(tx: SqlDb, siteId: string): Promise<{ userId: string; bytes: number }[]> {
    const holds = (m: string) =>
      `(${m}.role = 'owner' OR (${m}.role = 'installer' AND NOT EXISTS (
        SELECT 1 FROM memberships o WHERE o.site_id = ${m}.site_id AND o.role = 'owner')))`;
    const rows = await tx.all(
      `SELECT m.user_id, (SELECT COALESCE(SUM(s.bytes), 0) FROM memberships m2
          JOIN sites s ON s.id = m2.site_id WHERE m2.user_id = m.user_id AND ${
        holds("m2")
      }) AS bytes
       FROM memberships m WHERE m.site_id = $1 AND ${holds("m")}`,
      [siteId],
    );
    return rows.map((row) => ({ userId: String(row.user_id), bytes: Number(row.bytes) }));
  }

  /**
   * What the accounts charged for a site use, as last read (at most `USAGE_TTL_MS` ago) plus
   * what this process wrote since: the quota is a safeguard, not a bill, and reading it on every
   * push would cost as much as the push.
   */
  readonly #usage = new Map<
    string,
    { readMs: number; accounts: { userId: string; bytes: number }[] }
  >();

  async #usageOf(tx: SqlDb, siteId: string, nowMs: number) {
    const cached = this.#usage.get(siteId);
    if (cached && nowMs - cached.readMs < USAGE_TTL_MS) return cached.accounts;
    const accounts = await this.storageOf(tx, siteId);
    if (this.#usage.size > 10_000) this.#usage.clear();
    this.#usage.set(siteId, { readMs: nowMs, accounts });
    return accounts;
  }

  /**
   * A push, compared and written under one lock: each row settled against the stored copy
   * (`settlePush`), the writes stored with new sequence numbers. Refused whole, storing
   * nothing, when it would take an account past `quotaBytes`.
   */
  async push(
    collection: CollectionName,
    siteId: string,
    rows: { assumedMasterState?: Record<string, unknown> | null; newDocumentState: SyncDoc }[],
    quotaBytes: number,
    nowMs = Date.now(),
  ): Promise<
    | { ok: true; conflicts: SyncDoc[]; writes: SyncDoc[]; firstSeq: number; seq: number }
    | { ok: false; usedBytes: number; quotaBytes: number }
  > {
    return await this.db.transaction(async (tx) => {
      await this.lockDocs(tx, siteId);
      const stored = await this.docs(
        tx,
        collection,
        siteId,
        rows.map((r) => r.newDocumentState.id),
      );
      const conflicts: SyncDoc[] = [];
      const writes = new Map<string, SyncDoc>();
      for (const row of rows) {
        const doc = row.newDocumentState;
        const master = writes.get(doc.id) ?? stored.get(doc.id)?.doc;
        const settled = settlePush(collection, master, row.assumedMasterState, doc);
        if (settled.conflict) conflicts.push(settled.conflict);
        if (settled.write) writes.set(doc.id, settled.write);
      }
      const written = [...writes.values()];
      const grownBytes = written.reduce(
        (sum, doc) => sum + serialised(doc).text.length - (stored.get(doc.id)?.bytes ?? 0),
        0,
      );
      if (grownBytes > 0) {
        const accounts = await this.#usageOf(tx, siteId, nowMs);
        const over = accounts.find((a) => a.bytes + grownBytes > quotaBytes);
        if (over) return { ok: false as const, usedBytes: over.bytes, quotaBytes };
        for (const account of accounts) account.bytes += grownBytes;
      }
      const { firstSeq, seq } = written.length > 0
        ? await this.writeDocs(tx, collection, siteId, written, stored)
        : { firstSeq: 0, seq: 0 };
      return { ok: true as const, conflicts, writes: written, firstSeq, seq };
    });
  }

  /** Everything of a site, for a user's data export. */
  async allDocs(siteId: string): Promise<{ collection: string; doc: SyncDoc }[]> {
    const rows = await this.db.all(
      "SELECT collection, data, deleted FROM docs WHERE site_id = $1 ORDER BY collection, id",
      [siteId],
    );
    return rows.map((row) => ({
      collection: String(row.collection),
      doc: docOf(row),
    }));
  }
}
