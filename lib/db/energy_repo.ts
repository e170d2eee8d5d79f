/**
 * Reading and writing day buckets. A write validates every bucket first, merges each into the
 * stored one by quality, and stores only the buckets that changed, in one bulk write: a batch
 * that fails validation stores nothing, and writing the same data twice changes nothing.
 */
import { daysBetween, type LocalDay } from "../energy/calendar.ts";
import { bucketId, type Channel, type DayBucket } from "../energy/day_bucket.ts";
import { type Disagreement, mergeBucket } from "../energy/merge.ts";
import type { EnergyDatabase } from "./database.ts";
import { DayBucketModel, type Meter, MeterModel, type Site, SiteModel } from "./models.ts";

export interface SaveOutcome {
  /** Buckets written (new or changed). */
  writtenDays: number;
  changedSlots: number;
  disagreements: Disagreement[];
}

/** RxDB documents carry `_meta`, `_rev` and `_attachments`; callers get the plain bucket. */
function plainBucket(doc: DayBucket): DayBucket {
  const { id, siteId, channel, day, slotMinutes, unit, updatedAt } = doc;
  return {
    id,
    siteId,
    channel,
    day,
    slotMinutes,
    unit,
    imported: [...doc.imported],
    exported: [...doc.exported],
    quality: [...doc.quality],
    register: [...doc.register],
    source: [...doc.source],
    updatedAt,
    ...(doc.others?.length ? { others: doc.others.map((o) => ({ ...o })) } : {}),
  };
}

export async function saveBuckets(
  db: EnergyDatabase,
  buckets: DayBucket[],
  nowMs = Date.now(),
): Promise<SaveOutcome> {
  for (const bucket of buckets) {
    const check = DayBucketModel.safeParse(bucket);
    if (!check.success) {
      throw new Error(`day bucket ${bucket.id}: ${check.error.issues[0].message}`);
    }
  }
  const stored = await db.energy_days.findByIds(buckets.map((b) => b.id)).exec();
  const writes: DayBucket[] = [];
  const outcome: SaveOutcome = { writtenDays: 0, changedSlots: 0, disagreements: [] };
  for (const bucket of buckets) {
    const doc = stored.get(bucket.id);
    const merged = mergeBucket(
      doc ? plainBucket(doc.toJSON() as DayBucket) : undefined,
      bucket,
      nowMs,
    );
    outcome.disagreements.push(...merged.disagreements);
    if (!merged.changed) continue;
    outcome.changedSlots += merged.changedSlots;
    writes.push(merged.bucket);
  }
  if (writes.length > 0) {
    const { error } = await db.energy_days.bulkUpsert(writes);
    if (error.length > 0) {
      throw new Error(`storing ${error.length} day buckets failed: ${error[0].status}`);
    }
  }
  outcome.writtenDays = writes.length;
  return outcome;
}

/** The stored buckets of the days from `from` to `to`, by day; days without data are absent. */
export async function loadBuckets(
  db: EnergyDatabase,
  siteId: string,
  channel: Channel,
  from: LocalDay,
  to: LocalDay,
  slotMinutes = 15,
): Promise<Map<LocalDay, DayBucket>> {
  const ids = daysBetween(from, to).map((day) => bucketId(siteId, channel, day, slotMinutes));
  const docs = await db.energy_days.findByIds(ids).exec();
  const buckets = new Map<LocalDay, DayBucket>();
  for (const doc of docs.values()) {
    const bucket = plainBucket(doc.toJSON() as DayBucket);
    buckets.set(bucket.day, bucket);
  }
  return buckets;
}

/** The first and last day with data of a channel, or `null` when it has none. */
export async function storedPeriod(
  db: EnergyDatabase,
  siteId: string,
  channel: Channel,
): Promise<{ from: LocalDay; to: LocalDay } | null> {
  const selector = { siteId, channel };
  const first = await db.energy_days.findOne({ selector, sort: [{ day: "asc" }] }).exec();
  const last = await db.energy_days.findOne({ selector, sort: [{ day: "desc" }] }).exec();
  return first && last ? { from: first.day, to: last.day } : null;
}

export async function saveSite(db: EnergyDatabase, site: Site): Promise<void> {
  await db.sites.upsert(SiteModel.parse(site));
}

/** The household's site, created on first use: the app works without an account. */
export async function ensureLocalSite(db: EnergyDatabase, name: string): Promise<Site> {
  const existing = await db.sites.findOne("local").exec();
  if (existing) return existing.toJSON() as Site;
  const site: Site = { id: "local", name, updatedAt: Date.now() };
  await saveSite(db, site);
  return site;
}

export async function saveMeter(db: EnergyDatabase, meter: Meter): Promise<void> {
  await db.meters.upsert(MeterModel.parse(meter));
}

export async function findMeter(db: EnergyDatabase, id: string): Promise<Meter | null> {
  const doc = await db.meters.findOne(id).exec();
  return doc ? (doc.toJSON() as Meter) : null;
}
