/**
 * Replication of a site's collections between this device's database and the server (loaded
 * when the user is signed in and picks a site), and moving this device's own data into a site.
 */
import { saveBuckets } from "../../lib/db/energy_repo.ts";
import { bucketId, type DayBucket } from "../../lib/energy/day_bucket.ts";
import type { CollectionName } from "../../lib/sync/collections.ts";
import { replicateSite, type SyncStatus } from "../../lib/sync/replication.ts";
import type { AccountSite } from "../../lib/contract/auth.ts";
import { database } from "./energy_db.ts";
import { LOCAL_SITE } from "./site.ts";
import { solarSetupId, SolarSetupModel } from "../../lib/solar/solar_setup.ts";

/** What the device keeps locally and may sync, for a membership's scope. */
function collectionsFor(site: AccountSite): CollectionName[] {
  // Chargers are the gateway's to describe; their sessions are kept and synced.
  return site.scope === "all"
    ? ["energy_days", "meters", "tariff_versions", "charge_sessions", "solar_setups"]
    : ["charge_sessions"];
}

export async function startSiteSync(site: AccountSite, onStatus: (status: SyncStatus) => void) {
  const db = await database();
  const collections = collectionsFor(site);
  if (collections.length === 0) {
    onStatus({ kind: "synced" });
    return { cancel: () => Promise.resolve() };
  }
  return replicateSite({
    db,
    siteId: site.id,
    collections,
    baseUrl: location.origin,
    fetch: (input, init) => fetch(input, { ...init, credentials: "same-origin" }),
    onStatus,
    // Waiting for tab leadership stalled sync for seconds after every reload; a second tab
    // replicating too costs a little traffic, and conflicts end the same way.
    waitForLeadership: false,
  });
}

/** Whether this device holds data of its own (not yet in any site). */
export async function hasLocalData(): Promise<boolean> {
  const db = await database();
  const selector = { siteId: LOCAL_SITE };
  return (await db.energy_days.count({ selector }).exec()) > 0 ||
    (await db.tariff_versions.count({ selector }).exec()) > 0;
}

/**
 * Moves this device's own data into a site: energy days merge with what the site holds (by
 * quality), tariffs, meters and the solar setup move as they are. The local copies are removed
 * afterwards.
 */
export async function moveLocalData(siteId: string): Promise<void> {
  const db = await database();
  const selector = { siteId: LOCAL_SITE };
  const days = await db.energy_days.find({ selector }).exec();
  const moved: DayBucket[] = days.map((doc) => {
    const bucket = doc.toMutableJSON() as DayBucket & Record<string, unknown>;
    const { _meta: _m, _rev: _r, _attachments: _a, _deleted: _d, ...plain } = bucket;
    return {
      ...(plain as DayBucket),
      siteId,
      id: bucketId(siteId, bucket.channel, bucket.day, bucket.slotMinutes),
    };
  });
  for (let i = 0; i < moved.length; i += 200) await saveBuckets(db, moved.slice(i, i + 200));
  await db.energy_days.bulkRemove(days.map((d) => d.id));
  for (const collection of [db.tariff_versions, db.meters] as const) {
    const docs = await collection.find({ selector }).exec();
    for (const doc of docs) await doc.incrementalPatch({ siteId, updatedAt: Date.now() });
  }
  // The solar setup's id names its site: it moves under the site's id, unless the site has one.
  const solar = await db.solar_setups.findOne(solarSetupId(LOCAL_SITE)).exec();
  if (solar) {
    const setup = SolarSetupModel.safeParse(solar.toJSON());
    const existing = await db.solar_setups.findOne(solarSetupId(siteId)).exec();
    if (setup.success && !existing) {
      await db.solar_setups.insert({
        ...setup.data,
        id: solarSetupId(siteId),
        siteId,
        updatedAt: Date.now(),
      });
    }
    await solar.remove();
  }
}
