/**
 * What syncs, who may see and change it, and how conflicts end — one table for the server (which
 * enforces it on every pull, push and stream) and the client (which resolves conflicts).
 *
 * Roles on a site: `owner` (everything), `installer` (configures), `user` (reads; may add
 * measurements, not change settings). A membership's scope is `all`, or `ev`: EV charging only —
 * charger devices and charge sessions, nothing from the meter. A site's solar setup (location and
 * panel groups) is the owner's or the installer's to describe.
 *
 * Conflict rules: settings, tariffs, devices and sessions — the newest edit (`updatedAt`) wins,
 * the server's copy being the one compared against; energy day buckets — merged slot by slot by
 * quality (validated > measured > estimated > partial > missing), so two devices that each
 * measured part of a day end with the union.
 */
import { z } from "zod";
import { canonical } from "./canonical.ts";
import { type DayBucket } from "../energy/day_bucket.ts";
import { mergeBucket } from "../energy/merge.ts";
import { SolarSetupModel } from "../solar/solar_setup.ts";
import { TariffVersionModel } from "../tariff/contract.ts";
import { ChargeSessionModel, DayBucketModel, DeviceModel, MeterModel } from "../db/models.ts";

import type { Role, Scope } from "./roles.ts";
export { type Role, ROLES, type Scope, SCOPES } from "./roles.ts";

export interface SyncCollection {
  // deno-lint-ignore no-explicit-any
  model: z.ZodType<any>;
  /** Scopes that see the collection at all. */
  scopes: Scope[];
  /** Within a scope, which documents show (EV scope: chargers only). */
  visible?: (doc: Record<string, unknown>, scope: Scope) => boolean;
  writers: Role[];
  /** Who may push a tombstone (`_deleted: true`): measurements are not a user's to erase. */
  deleters: Role[];
  conflict: "newest" | "mergeByQuality";
}

export const SYNC_COLLECTIONS = {
  energy_days: {
    model: DayBucketModel,
    scopes: ["all"],
    writers: ["owner", "installer", "user"],
    deleters: ["owner", "installer"],
    conflict: "mergeByQuality",
  },
  meters: {
    model: MeterModel,
    scopes: ["all"],
    writers: ["owner", "installer", "user"],
    deleters: ["owner", "installer"],
    conflict: "newest",
  },
  tariff_versions: {
    model: TariffVersionModel,
    scopes: ["all"],
    writers: ["owner", "installer"],
    deleters: ["owner", "installer"],
    conflict: "newest",
  },
  devices: {
    model: DeviceModel,
    scopes: ["all", "ev"],
    visible: (doc, scope) => scope === "all" || doc.kind === "charger",
    writers: ["owner", "installer"],
    deleters: ["owner", "installer"],
    conflict: "newest",
  },
  charge_sessions: {
    model: ChargeSessionModel,
    scopes: ["all", "ev"],
    writers: ["owner", "installer", "user"],
    deleters: ["owner", "installer", "user"],
    conflict: "newest",
  },
  solar_setups: {
    model: SolarSetupModel,
    scopes: ["all"],
    writers: ["owner", "installer"],
    deleters: ["owner", "installer"],
    conflict: "newest",
  },
} satisfies Record<string, SyncCollection>;

export type CollectionName = keyof typeof SYNC_COLLECTIONS;
export const COLLECTION_NAMES = Object.keys(SYNC_COLLECTIONS) as CollectionName[];

export function isCollection(name: string): name is CollectionName {
  return Object.hasOwn(SYNC_COLLECTIONS, name);
}

export function canRead(collection: CollectionName, scope: Scope): boolean {
  return (SYNC_COLLECTIONS[collection].scopes as Scope[]).includes(scope);
}

export function canWrite(collection: CollectionName, role: Role, scope: Scope): boolean {
  return canRead(collection, scope) &&
    (SYNC_COLLECTIONS[collection].writers as Role[]).includes(role);
}

export function canDelete(collection: CollectionName, role: Role): boolean {
  return (SYNC_COLLECTIONS[collection].deleters as Role[]).includes(role);
}

export function isVisible(collection: CollectionName, doc: Record<string, unknown>, scope: Scope) {
  const c: SyncCollection = SYNC_COLLECTIONS[collection];
  return c.visible ? c.visible(doc, scope) : true;
}

/** A synced document as it travels: the model's fields plus the tombstone flag. */
export type SyncDoc = Record<string, unknown> & { id: string; siteId: string; _deleted: boolean };

/** How the client settles a conflict between its edit and the server's copy. */
export function resolveConflict(
  collection: CollectionName,
  local: SyncDoc,
  server: SyncDoc,
): SyncDoc {
  if (
    SYNC_COLLECTIONS[collection].conflict === "mergeByQuality" && !local._deleted &&
    !server._deleted
  ) {
    const merged = mergeBucket(
      server as unknown as DayBucket,
      local as unknown as DayBucket,
      Math.max(Number(local.updatedAt), Number(server.updatedAt)),
    );
    return { ...(merged.bucket as unknown as SyncDoc), _deleted: false };
  }
  return Number(local.updatedAt) > Number(server.updatedAt) ? local : server;
}

/** What the server does with one pushed row: store `write` (if any), answer `conflict` (if any). */
export interface Settled {
  write: SyncDoc | null;
  conflict: SyncDoc | null;
}

/**
 * The server's side of a push, for one row, given the stored copy (`master`, of the same site):
 * - newest-wins collections accept the row only when it was made from the stored copy
 *   (`assumed` equals it); otherwise the stored copy goes back as the conflict;
 * - energy buckets are merged slot by slot by quality whatever the client assumed, so no push
 *   can replace a better slot with a worse one; when the merge is not what the client sent, it
 *   goes back as the conflict, and the client takes it.
 * A tombstone is never merged: it needs the stored copy it was made from, like any newest edit.
 */
export function settlePush(
  collection: CollectionName,
  master: SyncDoc | undefined,
  assumed: Record<string, unknown> | null | undefined,
  incoming: SyncDoc,
): Settled {
  const mergeable = SYNC_COLLECTIONS[collection].conflict === "mergeByQuality" &&
    !incoming._deleted && master !== undefined && !master._deleted;
  if (mergeable) {
    const merged = mergeBucket(
      master as unknown as DayBucket,
      incoming as unknown as DayBucket,
      Math.max(Number(master.updatedAt), Number(incoming.updatedAt)),
    );
    const result = merged.changed
      ? { ...(merged.bucket as unknown as SyncDoc), _deleted: false }
      : master;
    return {
      write: merged.changed ? result : null,
      conflict: canonical(result) === canonical(incoming) ? null : result,
    };
  }
  if (master && (!assumed || canonical(assumed) !== canonical(master))) {
    return { write: null, conflict: master };
  }
  return { write: incoming, conflict: null };
}
