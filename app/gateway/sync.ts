/**
 * The gateway's quarter-hours to the sync server: it signs in with the site's credentials,
 * counts quarters from the meter's registers like the app does, and replicates them through the
 * same code as the PWA (a database in memory; on a restart it pulls the site's days back first).
 * Quarters merge by quality with what the household's devices measured. The PV source's `pv`
 * quarter-hours (counted from its energy counter by `PvMeter`) go the same way.
 */
import { getRxStorageMemory } from "rxdb/plugins/storage-memory";
import type { z } from "zod";
import { AUTH } from "../../lib/contract/auth.ts";
import { openEnergyDatabase } from "../../lib/db/database.ts";
import { saveBuckets } from "../../lib/db/energy_repo.ts";
import { QuarterAccumulator, quartersToBuckets } from "../../lib/energy/accumulator.ts";
import { type CounterQuarter, productionBuckets } from "../../lib/energy/counter_quarters.ts";
import { registerReadingOf } from "../../lib/p1/energy_input.ts";
import type { Reading } from "../../lib/p1/reading.ts";
import type { SolarSetup } from "../../lib/solar/solar_setup.ts";
import { loadSolarSetup } from "../../lib/db/solar_setup_store.ts";
import { replicateSite, type SiteSync, type SyncStatus } from "../../lib/sync/replication.ts";

export interface SyncCredentials {
  url: string;
  email: string;
  password: string;
  siteId: string;
}

export interface GatewaySync {
  record(reading: Reading): Promise<void>;
  /** Production quarter-hours of the PV source, as `pv` day buckets. */
  recordProduction(quarters: CounterQuarter[]): Promise<void>;
  /** The site's solar setup as the app's owner or installer last saved it, or `null`. */
  solarSetup(): Promise<SolarSetup | null>;
  sync: SiteSync;
  stop(): Promise<void>;
}

export async function startGatewaySync(
  credentials: SyncCredentials,
  onStatus: (status: SyncStatus) => void = () => {},
): Promise<GatewaySync> {
  let cookie = "";
  const signIn = async () => {
    // Not the contract's client: the session cookie it answers with is what is needed here.
    const body: z.input<typeof AUTH.signIn.body> = {
      email: credentials.email,
      password: credentials.password,
    };
    const response = await fetch(`${credentials.url}${AUTH.signIn.path}`, {
      method: AUTH.signIn.method,
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    if (!response.ok) {
      throw new Error(`signing in to ${credentials.url} failed: HTTP ${response.status}`);
    }
    cookie = response.headers.get("Set-Cookie")?.split(";")[0] ?? "";
  };
  await signIn();
  // Sessions end: sign in again once on a 401, then retry the request.
  const fetcher: typeof fetch = async (input, init) => {
    const send = () => {
      const headers = new Headers(init?.headers);
      headers.set("Cookie", cookie);
      return fetch(input, { ...init, headers });
    };
    const response = await send();
    if (response.status !== 401) return response;
    await response.body?.cancel();
    await signIn();
    return send();
  };
  const db = await openEnergyDatabase(
    getRxStorageMemory(),
    `gateway-${crypto.randomUUID()}`,
    false,
  );
  const sync = replicateSite({
    db,
    siteId: credentials.siteId,
    // The solar setup comes down too: the battery's cheapest mode plans with its forecast.
    collections: ["energy_days", "solar_setups"],
    baseUrl: credentials.url,
    fetch: fetcher,
    onStatus,
    waitForLeadership: false,
  });
  const accumulator = new QuarterAccumulator();
  return {
    sync,
    async record(reading) {
      const registers = registerReadingOf(reading, Date.now());
      if (!registers) return;
      const closed = accumulator.push(registers);
      if (closed.length > 0) await saveBuckets(db, quartersToBuckets(credentials.siteId, closed));
    },
    async recordProduction(quarters) {
      if (quarters.length > 0) {
        await saveBuckets(db, productionBuckets(credentials.siteId, quarters));
      }
    },
    solarSetup: () => loadSolarSetup(db, credentials.siteId),
    async stop() {
      await sync.cancel();
      await db.remove();
    },
  };
}
