/** The gateway pushes the quarter-hours it counts to the sync server, signed in for the site. */
import { getRxStorageMemory } from "rxdb/plugins/storage-memory";
import { afterEach, describe, expect, it } from "vitest";
import { PvMeter } from "../../../app/gateway/pv_meter.ts";
import { ManualClock } from "../../../app/gateway/sim_charger.ts";
import { serveModbusTcp } from "../../../app/gateway/sim_me3000sp.ts";
import { SimulatedSunSpec } from "../../../app/gateway/sim_sunspec.ts";
import { SunSpecInverter } from "../../../app/gateway/sunspec_inverter.ts";
import { startGatewaySync } from "../../../app/gateway/sync.ts";
import { openEnergyDatabase } from "../../../lib/db/database.ts";
import { loadBuckets } from "../../../lib/db/energy_repo.ts";
import { wallTimeMs } from "../../../lib/energy/calendar.ts";
import { Quality, Source } from "../../../lib/energy/day_bucket.ts";
import { solarSetupId } from "../../../lib/solar/solar_setup.ts";
import { replicateSite } from "../../../lib/sync/replication.ts";
import { P1Decoder } from "../../../lib/p1/decoder.ts";
import type { Reading } from "../../../lib/p1/reading.ts";
import { HouseholdSimulator } from "../../../lib/p1/simulator.ts";
import { BACKENDS, servedTestServer } from "../server/backends.ts";
import { makeWorld, PASSWORD } from "../server/world.ts";
import { until } from "../../until.ts";

let cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const done of cleanup.reverse()) await done();
  cleanup = [];
});

describe("gateway to sync server", () => {
  it("pushes measured quarter-hours of the site", async () => {
    const server = await servedTestServer("sqlite");
    const world = await makeWorld(server);
    cleanup.push(() => server.close());
    const gateway = await startGatewaySync({
      url: server.url,
      email: "installer@example.be",
      password: PASSWORD,
      siteId: world.siteA,
    });
    cleanup.push(() => gateway.stop());
    // 16 minutes of telegrams from 18:59:30 Brussels time: the 19:00 quarter closes measured.
    const household = new HouseholdSimulator({
      startMs: Date.UTC(2024, 5, 12, 16, 59, 30),
      seed: 9,
    });
    const readings: Reading[] = [];
    const decoder = new P1Decoder((r) => readings.push(r));
    for (let i = 0; i < 960; i++) decoder.push(new TextEncoder().encode(household.next()));
    for (const r of readings) await gateway.record(r);
    await gateway.sync.inSync();
    let docs = await server.services.store.pull("energy_days", world.siteA, 0, 10);
    await until(async () => {
      docs = await server.services.store.pull("energy_days", world.siteA, 0, 10);
      return docs.length > 0;
    });
    expect(docs.map((d) => d.doc.day)).toEqual(["2024-06-12"]);
    const quality = docs[0].doc.quality as number[];
    expect(quality[76]).toBe(Quality.measured); // 19:00–19:15
    expect(quality[75]).toBe(Quality.partial); // 18:59:30 start: only half a minute seen
  });

  for (const backend of BACKENDS) {
    it(`pushes pv quarter-hours from the SunSpec inverter's counter, pulled by another device (${backend})`, async () => {
      const server = await servedTestServer(backend);
      const world = await makeWorld(server);
      cleanup.push(() => server.close());
      const gateway = await startGatewaySync({
        url: server.url,
        email: "installer@example.be",
        password: PASSWORD,
        siteId: world.siteA,
      });
      cleanup.push(() => gateway.stop());
      // The simulated inverter's clock from 12:59:55 Brussels time, read every 5 s to 13:30:05.
      const clock = new ManualClock(wallTimeMs("2024-06-12", 12, 59, 55)!);
      const sim = new SimulatedSunSpec({ now: clock.now, peakW: 4000, initialWh: 5_000_000 });
      const served = serveModbusTcp(sim);
      const inverter = SunSpecInverter.tcp("127.0.0.1", served.port, { now: clock.now });
      cleanup.push(() => served.close(), () => inverter.close());
      const pushes: Promise<void>[] = [];
      const meter = new PvMeter({
        source: "sunspec",
        counter: "lifetime",
        onStatus: () => {},
        onQuarters: (quarters) => pushes.push(gateway.recordProduction(quarters)),
      });
      for (let i = 0; i <= 6 * 60 + 2; i++) {
        const reading = await inverter.read();
        meter.take({
          atMs: reading.atMs,
          powerW: reading.powerW,
          counterWh: reading.energyWh,
          wrapWh: reading.energyWrapWh,
        });
        clock.advance(5000);
      }
      await Promise.all(pushes);
      await gateway.sync.inSync();

      // The household's phone, signed in as a user of the site, pulls them.
      const db = await openEnergyDatabase(getRxStorageMemory(), `phone-${backend}`, false);
      const phone = replicateSite({
        db,
        siteId: world.siteA,
        collections: ["energy_days"],
        baseUrl: server.url,
        fetch: (input, init) => {
          const headers = new Headers(init?.headers);
          headers.set("Cookie", world.cookie.user);
          return fetch(input, { ...init, headers });
        },
        onStatus: () => {},
        waitForLeadership: false,
      });
      cleanup.push(async () => {
        await phone.cancel();
        await db.remove();
      });
      let pv = new Map();
      await until(async () => {
        pv = await loadBuckets(db, world.siteA, "pv", "2024-06-12", "2024-06-12");
        return (pv.get("2024-06-12")?.quality[53] ?? 0) === Quality.measured;
      });
      const day = pv.get("2024-06-12")!;
      // 12:45 was seen from 12:59:55 only (partial); 13:00 and 13:15 whole.
      expect(day.quality.slice(51, 55)).toEqual([
        Quality.partial,
        Quality.measured,
        Quality.measured,
        Quality.missing,
      ]);
      expect(day.source[52]).toBe(Source.gateway);
      // The counter E = 5 000 000 Wh + the bell's energy since 12:59:55, read in 10 Wh steps;
      // the bell's energy to x (of 07:00–19:00) is 4 000 W · 12 h · (1 − cos πx) / π.
      //   13:00 (x = 0.5):    + 48 000 · (cos 89.985° − cos 90°) / π ≈ + 5.6 Wh → reads 5 000 000
      //   13:15 (x = 0.5208): + 5.6 + 48 000 · (cos 90° − cos 93.75°) / π
      //                       = 5.6 + 48 000 · 0.065403 / π = 5.6 + 999.3 → reads 5 001 000
      // so the 13:00 quarter holds 1 000 Wh.
      expect(day.imported[52]).toBe(1);
      expect(day.exported[52]).toBe(0);
    });
  }
});

describe("gateway from sync server", () => {
  it("gets the site's solar setup as the owner saved it in the app", async () => {
    const server = await servedTestServer("sqlite");
    const world = await makeWorld(server);
    cleanup.push(() => server.close());
    // The owner's app saves the panels; the gateway, signed in as the installer, receives them.
    const db = await openEnergyDatabase(getRxStorageMemory(), "owner-app", false);
    const app = replicateSite({
      db,
      siteId: world.siteA,
      collections: ["solar_setups"],
      baseUrl: server.url,
      fetch: (input, init) => {
        const headers = new Headers(init?.headers);
        headers.set("Cookie", world.cookie.owner);
        return fetch(input, { ...init, headers });
      },
      onStatus: () => {},
      waitForLeadership: false,
    });
    cleanup.push(async () => {
      await app.cancel();
      await db.remove();
    });
    const setup = {
      id: solarSetupId(world.siteA),
      siteId: world.siteA,
      location: { latitudeDeg: 51.05, longitudeDeg: 3.72, source: "entered" as const },
      groups: [{
        id: "oost",
        name: "Oost",
        panelCount: 8,
        panelWp: 410,
        azimuthDeg: 90,
        tiltDeg: 30,
      }],
      updatedAt: 1_700_000_000_000,
    };
    await db.solar_setups.insert(setup);
    await app.inSync();
    const gateway = await startGatewaySync({
      url: server.url,
      email: "installer@example.be",
      password: PASSWORD,
      siteId: world.siteA,
    });
    cleanup.push(() => gateway.stop());
    let received: Awaited<ReturnType<typeof gateway.solarSetup>> = null;
    await until(async () => {
      received = await gateway.solarSetup();
      return received !== null;
    });
    expect(received).toEqual(setup);
  });
});
