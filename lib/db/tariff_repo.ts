/** Tariff versions and day-ahead prices on the device, checked with their zod models. */
import { daysBetween, type LocalDay } from "../energy/calendar.ts";
import { type TariffVersion, TariffVersionModel } from "../tariff/contract.ts";
import { type PriceDay, priceDayId, PriceDayModel } from "../tariff/prices.ts";
import type { EnergyDatabase } from "./database.ts";

export async function saveTariffVersion(db: EnergyDatabase, version: TariffVersion): Promise<void> {
  await db.tariff_versions.upsert(TariffVersionModel.parse(version));
}

/** The site's tariff versions, oldest first. */
export async function loadTariffVersions(
  db: EnergyDatabase,
  siteId: string,
): Promise<TariffVersion[]> {
  const docs = await db.tariff_versions.find({
    selector: { siteId },
    sort: [{ effectiveFrom: "asc" }],
  }).exec();
  return docs.map((doc) => TariffVersionModel.parse(doc.toJSON()));
}

/** Removes a version (kept as a tombstone, so sync can pass the removal on). */
export async function removeTariffVersion(db: EnergyDatabase, id: string): Promise<void> {
  await db.tariff_versions.findOne(id).remove();
}

/** Stores price days; a day already held at quarter-hours is not replaced by hourly prices. */
export async function savePriceDays(db: EnergyDatabase, days: PriceDay[]): Promise<number> {
  for (const day of days) PriceDayModel.parse(day);
  const stored = await db.price_days.findByIds(days.map((d) => d.id)).exec();
  const writes = days.filter((d) => {
    const known = stored.get(d.id);
    return !(known && known.slotMinutes === 15 && d.slotMinutes === 60);
  });
  if (writes.length > 0) {
    const { error } = await db.price_days.bulkUpsert(writes);
    if (error.length > 0) throw new Error(`storing ${error.length} price days failed`);
  }
  return writes.length;
}

export async function loadPriceDays(
  db: EnergyDatabase,
  from: LocalDay,
  to: LocalDay,
  zone = "BE",
): Promise<Map<LocalDay, PriceDay>> {
  const docs = await db.price_days.findByIds(daysBetween(from, to).map((d) => priceDayId(zone, d)))
    .exec();
  const days = new Map<LocalDay, PriceDay>();
  for (const doc of docs.values()) {
    const day = PriceDayModel.parse(doc.toJSON());
    days.set(day.day, day);
  }
  return days;
}
