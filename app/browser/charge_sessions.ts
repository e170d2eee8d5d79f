/**
 * Charge sessions on this device: each session the gateway reports finished is recorded once,
 * under this device's tariff and the site's own quarter-hours (cost, solar share), into the
 * synced `charge_sessions` collection; and the site's sessions read for the charging page.
 * Loaded with the database, on the first sessions the gateway sends.
 */
import type { FinishedSession } from "../../lib/control/protocol.ts";
import type { ChargeSession } from "../../lib/db/models.ts";
import { loadBuckets } from "../../lib/db/energy_repo.ts";
import { loadPriceDays, loadTariffVersions } from "../../lib/db/tariff_repo.ts";
import { localDayOf } from "../../lib/energy/calendar.ts";
import { sessionFromGateway } from "../../lib/sessions/from_gateway.ts";
import { database } from "./energy_db.ts";

/** Records the sessions this device has not stored yet; how many it stored. */
export async function recordFinishedSessions(
  sessions: FinishedSession[],
  siteId: string,
): Promise<number> {
  if (sessions.length === 0) return 0;
  const db = await database();
  const known = await db.charge_sessions.findByIds(sessions.map((s) => s.id)).exec();
  const fresh = sessions.filter((s) => !known.has(s.id));
  if (fresh.length === 0) return 0;
  const from = localDayOf(Math.min(...fresh.map((s) => s.startMs)));
  const to = localDayOf(Math.max(...fresh.map((s) => s.endMs)));
  const [grid, tariffs, prices, site] = await Promise.all([
    loadBuckets(db, siteId, "grid", from, to),
    loadTariffVersions(db, siteId),
    loadPriceDays(db, from, to),
    db.sites.findOne(siteId).exec(),
  ]);
  const nowMs = Date.now();
  const docs = fresh.map((s) =>
    sessionFromGateway(s, siteId, { grid, tariffs, prices }, nowMs, site?.address)
  );
  const { error } = await db.charge_sessions.bulkInsert(docs);
  // Another tab recorded the same session a moment before: that copy stands.
  const failed = error.filter((e) => e.status !== 409);
  if (failed.length > 0) throw new Error(`storing charge sessions failed: ${failed[0].status}`);
  return docs.length - error.length;
}

/** The site's sessions, newest first. */
export async function loadChargeSessions(siteId: string): Promise<ChargeSession[]> {
  const db = await database();
  const docs = await db.charge_sessions.find({
    selector: { siteId },
    sort: [{ startMs: "desc" }],
  }).exec();
  return docs.map((d) => d.toJSON() as ChargeSession);
}
