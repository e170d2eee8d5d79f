/**
 * Two devices (RxDB on memory storage) syncing one site through the real server over HTTP:
 * live edits arrive, partial days merge to their union, a device offline catches up, and the
 * newest tariff edit wins.
 */
import { getRxStorageMemory } from "rxdb/plugins/storage-memory";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type EnergyDatabase, openEnergyDatabase } from "../../../lib/db/database.ts";
import { loadBuckets, saveBuckets } from "../../../lib/db/energy_repo.ts";
import { deletePlanned, planDeletion } from "../../../lib/db/local_data.ts";
import { loadTariffVersions, saveTariffVersion } from "../../../lib/db/tariff_repo.ts";
import { emptyBucket, Quality, Source } from "../../../lib/energy/day_bucket.ts";
import { replicateSite, type SiteSync, type SyncStatus } from "../../../lib/sync/replication.ts";
import type { TariffVersion } from "../../../lib/tariff/contract.ts";
import { servedTestServer, type TestServer } from "../../app/server/backends.ts";
import { makeWorld, type World } from "../../app/server/world.ts";
import { until } from "../../until.ts";

interface Device {
  db: EnergyDatabase;
  sync: SiteSync;
  statuses: SyncStatus[];
  online: { value: boolean };
}

let server: TestServer & { url: string };
let world: World;
let devices: Device[] = [];
let n = 0;

beforeEach(async () => {
  server = await servedTestServer("sqlite");
  world = await makeWorld(server);
});
afterEach(async () => {
  for (const d of devices) {
    await d.sync.cancel();
    await d.db.remove();
  }
  devices = [];
  await server.close();
});

async function device(cookie: string): Promise<Device> {
  const db = await openEnergyDatabase(getRxStorageMemory(), `device${n++}`, false);
  const online = { value: true };
  const statuses: SyncStatus[] = [];
  const fetcher: typeof fetch = (input, init) => {
    if (!online.value) return Promise.reject(new TypeError("network down"));
    const headers = new Headers(init?.headers);
    headers.set("Cookie", cookie);
    return fetch(input, { ...init, headers });
  };
  const sync = replicateSite({
    db,
    siteId: world.siteA,
    collections: ["energy_days", "tariff_versions"],
    baseUrl: server.url,
    fetch: fetcher,
    onStatus: (s) => statuses.push(s),
    waitForLeadership: false,
    retryMs: 300,
  });
  const d = { db, sync, statuses, online };
  devices.push(d);
  return d;
}

function halfDay(siteId: string, from: number, to: number, kWh: number) {
  const b = emptyBucket(siteId, "grid", "2024-06-03");
  for (let i = from; i < to; i++) {
    b.imported[i] = kWh;
    b.exported[i] = 0;
    b.quality[i] = Quality.measured;
    b.source[i] = Source.p1;
  }
  return b;
}

function tariff(siteId: string, name: string, updatedAt: number): TariffVersion {
  return {
    id: "shared-tariff",
    siteId,
    name,
    effectiveFrom: "2024-01-01",
    energy: { kind: "single", offtakeEurPerKWh: 0.3, injectionEurPerKWh: 0.04 },
    fixedFeeEurPerMonth: 3,
    distribution: {
      area: "Fluvius Antwerpen",
      offtakeDayEurPerKWh: 0.06,
      offtakeNightEurPerKWh: 0.06,
      transmissionEurPerKWh: 0.02,
      capacityEurPerKWYear: 49.4,
      dataManagementEurPerYear: 18,
    },
    leviesEurPerKWh: 0.05,
    vatRate: 0.06,
    updatedAt,
  };
}

async function day(d: Device) {
  return (await loadBuckets(d.db, world.siteA, "grid", "2024-06-03", "2024-06-03")).get(
    "2024-06-03",
  );
}

describe("two devices on one site", () => {
  it("sees the other's edit within seconds, through the live stream", async () => {
    const a = await device(world.cookie.owner);
    const b = await device(world.cookie.user);
    await a.sync.initialised;
    await b.sync.initialised;
    await saveTariffVersion(a.db, tariff(world.siteA, "Van A", 1000));
    // Replication pulls on the stream's events only (there is no polling): B seeing it at all
    // means the stream carried it. No clock is raced.
    await until(async () =>
      (await loadTariffVersions(b.db, world.siteA)).some((v) => v.name === "Van A")
    );
    await until(() => Promise.resolve(a.statuses.at(-1)?.kind === "synced"));
  });

  it("ends with the union when each device measured part of a day", async () => {
    const a = await device(world.cookie.owner);
    const b = await device(world.cookie.user);
    await saveBuckets(a.db, [halfDay(world.siteA, 0, 48, 0.1)]);
    await saveBuckets(b.db, [halfDay(world.siteA, 48, 96, 0.2)]);
    const union = async (d: Device) =>
      (await day(d))?.quality.every((q) => q === Quality.measured) ?? false;
    await until(async () => (await union(a)) && (await union(b)));
    expect((await day(b))!.imported.slice(46, 50)).toEqual([0.1, 0.1, 0.2, 0.2]);
    expect((await day(a))!.imported.slice(46, 50)).toEqual([0.1, 0.1, 0.2, 0.2]);
    const onServer = await server.services.store.pull("energy_days", world.siteA, 0, 10);
    expect((onServer.at(-1)!.doc.quality as number[]).every((q) => q === Quality.measured)).toBe(
      true,
    );
  });

  it(
    "keeps changes made offline and sends them when the network returns",
    { timeout: 30_000 },
    async () => {
      const a = await device(world.cookie.owner);
      const b = await device(world.cookie.user);
      await a.sync.initialised;
      a.online.value = false;
      await saveBuckets(a.db, [halfDay(world.siteA, 0, 96, 0.3)]);
      await until(() =>
        Promise.resolve(a.statuses.some((s) => s.kind === "offline" && s.changes === 1))
      );
      expect(await day(b)).toBeUndefined();
      a.online.value = true;
      await until(async () => (await day(b)) !== undefined, 15_000);
      await until(() => Promise.resolve(a.statuses.at(-1)?.kind === "synced"), 15_000);
    },
  );

  it("keeps the newest edit of a tariff changed on both devices", { timeout: 30_000 }, async () => {
    const a = await device(world.cookie.owner);
    const b = await device(world.cookie.owner);
    await saveTariffVersion(a.db, tariff(world.siteA, "Eerste", 1000));
    await until(async () => (await loadTariffVersions(b.db, world.siteA)).length === 1);
    a.online.value = false;
    b.online.value = false;
    await saveTariffVersion(a.db, tariff(world.siteA, "Ouder", 2000));
    await saveTariffVersion(b.db, tariff(world.siteA, "Nieuwer", 3000));
    b.online.value = true;
    await until(
      async () =>
        (await server.services.store.pull("tariff_versions", world.siteA, 0, 10)).at(-1)?.doc
          .name === "Nieuwer",
      15_000,
    );
    a.online.value = true;
    const named = async (d: Device) => (await loadTariffVersions(d.db, world.siteA))[0]?.name;
    await until(
      async () => (await named(a)) === "Nieuwer" && (await named(b)) === "Nieuwer",
      15_000,
    );
  });

  it("passes an owner's deletion of a period on to the server and the other device", async () => {
    const a = await device(world.cookie.owner);
    const b = await device(world.cookie.user);
    await saveBuckets(a.db, [halfDay(world.siteA, 0, 96, 0.1)]);
    await until(async () => (await day(b)) !== undefined);
    const plan = await planDeletion(a.db, world.siteA, "grid", "2024-06-01", "2024-06-30");
    expect([plan.ids.length, plan.slots.quarters]).toEqual([1, 96]);
    await deletePlanned(a.db, plan);
    await until(async () => (await day(b)) === undefined);
    const onServer = await server.services.store.pull("energy_days", world.siteA, 0, 10);
    expect(onServer.at(-1)!.doc._deleted).toBe(true);
    await until(() => Promise.resolve(a.statuses.at(-1)?.kind === "synced"));
  });

  it("says why when the server refuses", async () => {
    const ev = await device(world.cookie.evUser);
    await until(() => Promise.resolve(ev.statuses.some((s) => s.kind === "error")));
    // Energy and tariffs are not an EV-only user's to read; the server's words are shown.
    expect(ev.statuses.find((s) => s.kind === "error")).toMatchObject({
      kind: "error",
      reason: expect.stringMatching(
        /^your role on this site does not allow reading (energy_days|tariff_versions)$/,
      ),
    });
  });
});
