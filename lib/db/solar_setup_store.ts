/** Reading and writing a site's solar setup (one synced document per site). */
import { type SolarSetup, solarSetupId, SolarSetupModel } from "../solar/solar_setup.ts";
import type { EnergyDatabase } from "./database.ts";

/** The site's setup, or `null` when none was saved (or it was deleted). */
export async function loadSolarSetup(
  db: EnergyDatabase,
  siteId: string,
): Promise<SolarSetup | null> {
  const doc = await db.solar_setups.findOne(solarSetupId(siteId)).exec();
  if (!doc) return null;
  const parsed = SolarSetupModel.safeParse(doc.toJSON());
  return parsed.success ? parsed.data : null;
}

/** Validates and stores the setup; a setup that fails its model throws and stores nothing. */
export async function saveSolarSetup(db: EnergyDatabase, setup: SolarSetup): Promise<void> {
  await db.solar_setups.upsert(SolarSetupModel.parse(setup));
}
