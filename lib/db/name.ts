/**
 * The device's database name. RxDB's Dexie storage keeps each collection in an IndexedDB
 * database named `rxdb-dexie-<name>--<schema version>--<collection>`.
 */
export const ENERGY_DB_NAME = "thuisenergie";

/** The prefix of the IndexedDB databases RxDB's Dexie storage opens for database `name`. */
export function dexieDatabasePrefix(name: string = ENERGY_DB_NAME): string {
  return `rxdb-dexie-${name}--`;
}
