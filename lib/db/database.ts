/**
 * The local database: RxDB collections for sites, meters and energy day buckets on any RxDB
 * storage (Dexie on IndexedDB in the browser, memory or fake-indexeddb in tests). Migration
 * strategies are registered per schema version from version 0 on, so a later schema change
 * only adds a function here.
 */
import {
  addRxPlugin,
  createRxDatabase,
  type RxCollection,
  type RxConflictHandler,
  type RxDatabase,
  type RxStorage,
} from "rxdb";
import { RxDBMigrationSchemaPlugin } from "rxdb/plugins/migration-schema";
import type { DayBucket } from "../energy/day_bucket.ts";
import { canonical } from "../sync/canonical.ts";
import { type CollectionName, resolveConflict, type SyncDoc } from "../sync/collections.ts";
import { type TariffVersion, TariffVersionModel } from "../tariff/contract.ts";
import { type PriceDay, PriceDayModel } from "../tariff/prices.ts";
import { type SolarSetup, SolarSetupModel } from "../solar/solar_setup.ts";
import { ENERGY_DB_NAME } from "./name.ts";
import {
  type ChargeSession,
  ChargeSessionModel,
  chargeSessionSchema,
  DayBucketModel,
  dayBucketSchema,
  type Meter,
  MeterModel,
  meterSchema,
  priceDaySchema,
  type Site,
  SiteModel,
  siteSchema,
  solarSetupSchema,
  tariffVersionSchema,
} from "./models.ts";

export type EnergyCollections = {
  sites: RxCollection<Site>;
  meters: RxCollection<Meter>;
  energy_days: RxCollection<DayBucket>;
  tariff_versions: RxCollection<TariffVersion>;
  price_days: RxCollection<PriceDay>;
  charge_sessions: RxCollection<ChargeSession>;
  solar_setups: RxCollection<SolarSetup>;
};
export type EnergyDatabase = RxDatabase<EnergyCollections>;

/**
 * Conflicts with the server's copy end by the rules of `lib/sync/collections.ts`: energy days
 * merge slot by slot by quality; the rest keep the newest edit.
 */
// deno-lint-ignore no-explicit-any
function conflictHandler(collection: CollectionName): RxConflictHandler<any> {
  return {
    isEqual: (a, b) => canonical(a) === canonical(b),
    resolve: (input) =>
      Promise.resolve(
        resolveConflict(
          collection,
          input.newDocumentState as SyncDoc,
          input.realMasterState as SyncDoc,
        ) as never,
      ),
  };
}

/**
 * Every stored document: its RxDB schema and the zod model each write is checked with. The two
 * are written out apart (a derived schema would change its hash, and so need a migration, at
 * every edit of a model); `test/lib/db/schemas.test.ts` holds them to each other.
 */
export const STORED_DOCUMENTS = {
  sites: { schema: siteSchema, model: SiteModel },
  meters: { schema: meterSchema, model: MeterModel },
  energy_days: { schema: dayBucketSchema, model: DayBucketModel },
  tariff_versions: { schema: tariffVersionSchema, model: TariffVersionModel },
  price_days: { schema: priceDaySchema, model: PriceDayModel },
  charge_sessions: { schema: chargeSessionSchema, model: ChargeSessionModel },
  solar_setups: { schema: solarSetupSchema, model: SolarSetupModel },
} as const;

/** Migrations per collection and schema version (`{ 1: (old) => new }`). */
export const MIGRATIONS = {
  sites: {},
  meters: {},
  // v1 added the optional `others`: a v0 bucket is a v1 bucket without disagreements.
  energy_days: { 1: (doc: DayBucket) => doc },
  tariff_versions: {},
  price_days: {},
  charge_sessions: {},
  solar_setups: {},
};

export async function openEnergyDatabase(
  // deno-lint-ignore no-explicit-any
  storage: RxStorage<any, any>,
  name = ENERGY_DB_NAME,
  multiInstance = true,
): Promise<EnergyDatabase> {
  // Registered here, not at import: RxDB adds a plugin once however often this runs.
  addRxPlugin(RxDBMigrationSchemaPlugin);
  const db = await createRxDatabase<EnergyCollections>({
    name,
    storage,
    multiInstance,
    closeDuplicates: true,
  });
  await db.addCollections({
    sites: { schema: STORED_DOCUMENTS.sites.schema, migrationStrategies: MIGRATIONS.sites },
    meters: {
      schema: STORED_DOCUMENTS.meters.schema,
      migrationStrategies: MIGRATIONS.meters,
      conflictHandler: conflictHandler("meters"),
    },
    energy_days: {
      schema: STORED_DOCUMENTS.energy_days.schema,
      migrationStrategies: MIGRATIONS.energy_days,
      conflictHandler: conflictHandler("energy_days"),
    },
    tariff_versions: {
      schema: STORED_DOCUMENTS.tariff_versions.schema,
      migrationStrategies: MIGRATIONS.tariff_versions,
      conflictHandler: conflictHandler("tariff_versions"),
    },
    price_days: {
      schema: STORED_DOCUMENTS.price_days.schema,
      migrationStrategies: MIGRATIONS.price_days,
    },
    charge_sessions: {
      schema: STORED_DOCUMENTS.charge_sessions.schema,
      migrationStrategies: MIGRATIONS.charge_sessions,
      conflictHandler: conflictHandler("charge_sessions"),
    },
    solar_setups: {
      schema: STORED_DOCUMENTS.solar_setups.schema,
      migrationStrategies: MIGRATIONS.solar_setups,
      conflictHandler: conflictHandler("solar_setups"),
    },
  });
  return db;
}
