/**
 * Bumped whenever stored energy changes (in this tab or another), so views reload. Kept apart
 * from the database module, which is loaded lazily, so the first screen does not pull in RxDB.
 */
import { signal } from "@preact/signals";
import { dexieDatabasePrefix } from "../../lib/db/name.ts";

export const dataVersion = signal(0);

/** The database module, loaded on first use. */
export function loadEnergyDb() {
  return import("./energy_db.ts");
}

const DATA_CHANNEL = "thuisenergie-data";
/** A channel hears its own tab's other channels too: the wiping tab reloads on its own terms. */
let wipedHere = false;

/**
 * Tells the app's other tabs that this device's data was wiped, so they reload: none keeps
 * showing what went, or writes into the emptied database from what it still holds in memory.
 */
export function announceWipe(): void {
  wipedHere = true;
  try {
    const channel = new BroadcastChannel(DATA_CHANNEL);
    channel.postMessage("wiped");
    channel.close();
  } catch {
    // no BroadcastChannel: other tabs show the old data until they reload
  }
}

/** Reloads this tab when another one wiped the device's data. */
export function startWipeWatch(): () => void {
  if (typeof BroadcastChannel === "undefined") return () => {};
  const channel = new BroadcastChannel(DATA_CHANNEL);
  channel.onmessage = (event) => {
    if (event.data === "wiped" && !wipedHere) location.reload();
  };
  return () => channel.close();
}

/**
 * Whether this device holds a database at all: `false` on a first visit, before anything was
 * recorded, imported or synced, so the first screen can say "no history yet" without loading
 * RxDB. Where the browser cannot list its databases, it assumes one is there.
 */
export async function hasEnergyDb(): Promise<boolean> {
  const names = await indexedDB.databases?.().catch(() => null);
  if (!names) return true;
  const prefix = dexieDatabasePrefix();
  return names.some((db) => db.name?.startsWith(prefix));
}
