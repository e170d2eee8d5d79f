/**
 * What this device holds, and deleting part of it. Day buckets are stored per site, channel and
 * local day, not per meter: a meter's data is its site's channel (an electricity meter's is
 * `grid`, a gas meter's `gas`). A deletion is planned first — which documents, how many slots
 * with a value, which days — so the user confirms exactly what goes; it then removes those
 * documents in one bulk write (one IndexedDB transaction: all of them or none).
 *
 * Removal leaves RxDB tombstones (`_deleted: true`). On this device's own site they stay here; on
 * a site that syncs they are what replication pushes, so the deletion reaches the server and the
 * site's other devices (`deletionReach` says which applies).
 */
import { addDays, dayStartMs, type LocalDay } from "../energy/calendar.ts";
import { type Channel, CHANNELS, type DayBucket, Quality } from "../energy/day_bucket.ts";
import type { EnergyDatabase } from "./database.ts";
import { storedPeriod } from "./energy_repo.ts";
import { type Meter, MeterModel } from "./models.ts";
import type { Role, Scope } from "../sync/collections.ts";

/** The kind of meter whose data a channel holds; `null` for channels no meter of ours writes. */
export function meterKindOf(channel: Channel): Meter["kind"] | null {
  return channel === "grid" ? "electricity" : channel === "gas" ? "gas" : null;
}

/** A channel of a site that holds data, the period it covers and the meters it comes from. */
export interface DataTarget {
  channel: Channel;
  from: LocalDay;
  to: LocalDay;
  /** The site's meters of the channel's kind (none for data a gateway sent, or solar). */
  meters: Meter[];
}

async function metersOf(db: EnergyDatabase, siteId: string): Promise<Meter[]> {
  const docs = await db.meters.find({ selector: { siteId }, sort: [{ id: "asc" }] }).exec();
  return docs.map((doc) => MeterModel.parse(doc.toJSON()));
}

/** Every channel of the site with data, in the order of `CHANNELS`. */
export async function deletionTargets(db: EnergyDatabase, siteId: string): Promise<DataTarget[]> {
  const meters = await metersOf(db, siteId);
  const targets: DataTarget[] = [];
  for (const channel of CHANNELS) {
    const period = await storedPeriod(db, siteId, channel);
    if (period === null) continue;
    const kind = meterKindOf(channel);
    targets.push({ channel, ...period, meters: meters.filter((m) => m.kind === kind) });
  }
  return targets;
}

/** Slots with a value, by slot length. */
export interface SlotCounts {
  quarters: number;
  hours: number;
  /** Daily totals (a Fluvius daily export). */
  days: number;
}

export interface DeletionPlan {
  siteId: string;
  channel: Channel;
  /** The period asked for, both days included. */
  from: LocalDay;
  to: LocalDay;
  /** The first and last day in it that hold data; `null` when none does. */
  firstDay: LocalDay | null;
  lastDay: LocalDay | null;
  /** The stored day documents that go. */
  ids: string[];
  slots: SlotCounts;
  meters: Meter[];
  /**
   * The one-second readings that go with them: those of the site's P1 meters (the electricity
   * channel only), from `fromMs` (included) to `toMs` (excluded), the period's local days.
   */
  raw: { meterIds: string[]; fromMs: number; toMs: number };
}

/** Counts the slots that hold a value (any quality above missing). */
export function countSlots(buckets: Iterable<DayBucket>): SlotCounts {
  const counts: SlotCounts = { quarters: 0, hours: 0, days: 0 };
  for (const bucket of buckets) {
    const filled = bucket.quality.filter((q) => q > Quality.missing).length;
    if (bucket.slotMinutes === 15) counts.quarters += filled;
    else if (bucket.slotMinutes === 60) counts.hours += filled;
    else counts.days += filled;
  }
  return counts;
}

/** What deleting the channel's data from `from` to `to` (both included) would remove. */
export async function planDeletion(
  db: EnergyDatabase,
  siteId: string,
  channel: Channel,
  from: LocalDay,
  to: LocalDay,
): Promise<DeletionPlan> {
  const docs = from > to ? [] : await db.energy_days.find({
    selector: { siteId, channel, day: { $gte: from, $lte: to } },
    sort: [{ day: "asc" }],
  }).exec();
  const buckets = docs.map((doc) => doc.toJSON() as DayBucket);
  const kind = meterKindOf(channel);
  const meters = (await metersOf(db, siteId)).filter((m) => m.kind === kind);
  return {
    siteId,
    channel,
    from,
    to,
    firstDay: buckets[0]?.day ?? null,
    lastDay: buckets.at(-1)?.day ?? null,
    ids: buckets.map((b) => b.id),
    slots: countSlots(buckets),
    meters,
    raw: {
      meterIds: channel === "grid" ? meters.filter((m) => m.source === "p1").map((m) => m.id) : [],
      fromMs: from > to ? 0 : dayStartMs(from),
      toMs: from > to ? 0 : dayStartMs(addDays(to, 1)),
    },
  };
}

/**
 * Removes the planned documents in one bulk write and returns how many went. Documents changed
 * since the plan go as they are now; ones added since stay (they were not confirmed).
 */
export async function deletePlanned(db: EnergyDatabase, plan: DeletionPlan): Promise<number> {
  if (plan.ids.length === 0) return 0;
  const { success, error } = await db.energy_days.bulkRemove(plan.ids);
  if (error.length > 0) {
    throw new Error(`deleting ${error.length} day buckets failed: ${error[0].status}`);
  }
  return success.length;
}

/** What the device's energy database holds, for "delete everything" and the export. */
export interface DeviceContents {
  sites: number;
  meters: number;
  /** Day documents (one per site, channel and day). */
  energyDays: number;
  tariffVersions: number;
  priceDays: number;
  /** Of `energyDays`, those of sites other than the device's own (sites that sync). */
  otherSitesEnergyDays: number;
}

export async function deviceContents(
  db: EnergyDatabase,
  localSiteId: string,
): Promise<DeviceContents> {
  const [sites, meters, energyDays, tariffVersions, priceDays, localDays] = await Promise.all([
    db.sites.count().exec(),
    db.meters.count().exec(),
    db.energy_days.count().exec(),
    db.tariff_versions.count().exec(),
    db.price_days.count().exec(),
    // By the site's index: RxDB counts only what an index answers.
    db.energy_days.count({ selector: { siteId: localSiteId } }).exec(),
  ]);
  const otherSitesEnergyDays = energyDays - localDays;
  return { sites, meters, energyDays, tariffVersions, priceDays, otherSitesEnergyDays };
}

/**
 * Who a deletion on the site reaches:
 * - `device`: this device only (its own site, or a site whose measurements do not sync here);
 * - `everywhere`: the site syncs, and the user may delete its measurements: the removal goes to
 *   the server and the site's other devices;
 * - `refused`: the site syncs, but the user's role may not delete measurements (the server would
 *   refuse the removal), or the app does not know the user's role (signed out).
 */
export type DeletionReach = "device" | "everywhere" | "refused";

export function deletionReach(
  siteId: string,
  localSiteId: string,
  membership: { role: Role; scope: Scope } | null | undefined,
): DeletionReach {
  if (siteId === localSiteId) return "device";
  if (!membership) return "refused";
  if (membership.scope !== "all") return "device";
  return membership.role === "user" ? "refused" : "everywhere";
}
