/** The gateway pushes the quarter-hours it counts to the sync server, signed in for the site. */
import { afterEach, describe, expect, it } from "vitest";
import { startGatewaySync } from "../../../app/gateway/sync.ts";
import { Quality } from "../../../lib/energy/day_bucket.ts";
import { P1Decoder } from "../../../lib/p1/decoder.ts";
import type { Reading } from "../../../lib/p1/reading.ts";
import { HouseholdSimulator } from "../../../lib/p1/simulator.ts";
import { servedTestServer } from "../server/backends.ts";
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
});
