/**
 * Sync keeps every acknowledged write, on both databases: concurrent pushes from one assumed
 * state, energy buckets merged by quality on the server, tombstones only from those allowed,
 * ids scoped by site, bad values answered with 400 and a storage quota per account.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Quality, Source } from "../../../lib/energy/day_bucket.ts";
import { BACKENDS, type TestServer, testServer } from "./backends.ts";
import { makeWorld, sampleDoc, type World } from "./world.ts";

const SLOTS = 96;

/** A day bucket of site `siteId` with the given slots measured by P1 at `kWh` each. */
function bucket(
  siteId: string,
  day: string,
  slots: number[],
  options: { kWh?: number; quality?: Quality; source?: Source; updatedAt?: number } = {},
) {
  const { kWh = 0.1, quality = Quality.measured, source = Source.p1 } = options;
  const updatedAt = options.updatedAt ?? 1_700_000_000_000;
  const imported: (number | null)[] = new Array(SLOTS).fill(null);
  const exported: (number | null)[] = new Array(SLOTS).fill(null);
  const qualities: number[] = new Array(SLOTS).fill(Quality.missing);
  const sources: number[] = new Array(SLOTS).fill(0);
  for (const slot of slots) {
    imported[slot] = kWh;
    exported[slot] = 0;
    qualities[slot] = quality;
    sources[slot] = source;
  }
  return {
    id: `${siteId}|grid|15|${day}`,
    siteId,
    channel: "grid",
    day,
    slotMinutes: 15,
    unit: "kWh",
    imported,
    exported,
    quality: qualities,
    register: new Array(SLOTS).fill(1),
    source: sources,
    updatedAt,
    _deleted: false,
  };
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

describe.each(BACKENDS)("sync integrity on %s", (backend) => {
  let server: TestServer;
  let world: World;

  beforeAll(async () => {
    server = await testServer(backend, { QUOTA_MB_PER_ACCOUNT: "0.2" });
    world = await makeWorld(server);
  });
  afterAll(async () => {
    await server.close();
  });

  async function push(cookie: string, collection: string, site: string, rows: unknown[]) {
    const response = await server.request(`/api/sync/${collection}/push?site=${site}`, {
      method: "POST",
      headers: { Cookie: cookie, "Content-Type": "application/json" },
      body: JSON.stringify(rows),
    });
    return { status: response.status, body: await response.json() };
  }

  async function pull(cookie: string, collection: string, site: string) {
    const response = await server.request(
      `/api/sync/${collection}/pull?site=${site}&limit=500`,
      { headers: { Cookie: cookie } },
    );
    return (await response.json()).documents as Record<string, unknown>[];
  }

  it("accepts exactly one of 20 concurrent pushes from one assumed state", async () => {
    const base = sampleDoc("tariff_versions", world.siteA, 1);
    expect(
      (await push(world.cookie.owner, "tariff_versions", world.siteA, [{
        newDocumentState: base,
      }])).body,
    ).toEqual([]);
    const edits = Array.from({ length: 20 }, (_, i) => ({
      ...base,
      name: `Edit ${i}`,
      updatedAt: Number(base.updatedAt) + 1 + i,
    }));
    const results = await Promise.all(
      edits.map((edit) =>
        push(world.cookie.owner, "tariff_versions", world.siteA, [{
          assumedMasterState: base,
          newDocumentState: edit,
        }])
      ),
    );
    expect(results.every((r) => r.status === 200)).toBe(true);
    const accepted = results.filter((r) => r.body.length === 0);
    expect(accepted).toHaveLength(1);
    const winner = edits[results.findIndex((r) => r.body.length === 0)];
    // Every other push is told what the server now holds: the winner's edit.
    for (const result of results.filter((r) => r.body.length > 0)) {
      expect(result.body).toEqual([winner]);
    }
    const stored = await pull(world.cookie.owner, "tariff_versions", world.siteA);
    expect(stored.find((d) => d.id === base.id)?.name).toBe(winner.name);
  });

  it("keeps all 96 slots when two devices each push half of a day at once, 20 days over", async () => {
    const days = range(1, 21).map((d) => `2024-03-${String(d).padStart(2, "0")}`);
    const first = days.map((day) => bucket(world.siteA, day, range(0, 48)));
    const second = days.map((day) => bucket(world.siteA, day, range(48, SLOTS)));
    const results = await Promise.all(
      days.flatMap((_, i) => [
        push(world.cookie.owner, "energy_days", world.siteA, [{
          assumedMasterState: null,
          newDocumentState: first[i],
        }]),
        push(world.cookie.user, "energy_days", world.siteA, [{
          assumedMasterState: null,
          newDocumentState: second[i],
        }]),
      ]),
    );
    expect(results.every((r) => r.status === 200)).toBe(true);
    const stored = await pull(world.cookie.owner, "energy_days", world.siteA);
    for (const day of days) {
      const doc = stored.find((d) => d.day === day)!;
      expect((doc.quality as number[]).filter((q) => q === Quality.measured)).toHaveLength(SLOTS);
      expect((doc.imported as number[]).reduce((a, b) => a + b, 0)).toBeCloseTo(9.6, 9);
    }
  });

  it("never replaces a validated slot with a measured one, whatever the client assumed", async () => {
    const day = "2024-04-01";
    const validated = bucket(world.siteA, day, [10, 11], {
      kWh: 0.3,
      quality: Quality.validated,
      source: Source.fluvius,
    });
    expect(
      (await push(world.cookie.owner, "energy_days", world.siteA, [{
        newDocumentState: validated,
      }])).body,
    ).toEqual([]);
    // A device that read the validated copy pushes a lower-quality value over it.
    const worse = bucket(world.siteA, day, [10, 11, 12], {
      kWh: 0.1,
      updatedAt: 1_800_000_000_000,
    });
    const answer = await push(world.cookie.user, "energy_days", world.siteA, [{
      assumedMasterState: validated,
      newDocumentState: worse,
    }]);
    expect(answer.status).toBe(200);
    // The server's merge goes back: slots 10 and 11 validated at 0.3, slot 12 measured at 0.1.
    expect(answer.body).toHaveLength(1);
    const merged = answer.body[0];
    expect(merged.imported.slice(10, 13)).toEqual([0.3, 0.3, 0.1]);
    expect(merged.quality.slice(10, 13)).toEqual([
      Quality.validated,
      Quality.validated,
      Quality.measured,
    ]);
    const stored = (await pull(world.cookie.owner, "energy_days", world.siteA)).find((d) =>
      d.day === day
    )!;
    expect((stored.imported as number[]).slice(10, 13)).toEqual([0.3, 0.3, 0.1]);
    expect((stored.quality as number[]).slice(10, 13)).toEqual(merged.quality.slice(10, 13));
  });

  it("refuses tombstones over meters and buckets from a user, and takes them from the owner", async () => {
    const meter = sampleDoc("meters", world.siteA, 3);
    const day = bucket(world.siteA, "2024-04-02", [0]);
    await push(world.cookie.owner, "meters", world.siteA, [{ newDocumentState: meter }]);
    await push(world.cookie.owner, "energy_days", world.siteA, [{ newDocumentState: day }]);
    for (const [collection, doc] of [["meters", meter], ["energy_days", day]] as const) {
      const refused = await push(world.cookie.user, collection, world.siteA, [{
        assumedMasterState: doc,
        newDocumentState: { ...doc, _deleted: true, updatedAt: Number(doc.updatedAt) + 1 },
      }]);
      expect(refused).toEqual({
        status: 403,
        body: {
          error: `your role on this site does not allow deleting ${collection}`,
          code: "sync.roleDenied",
        },
      });
      expect(
        (await pull(world.cookie.owner, collection, world.siteA)).find((d) => d.id === doc.id)
          ?._deleted,
      ).toBe(false);
    }
    const deleted = await push(world.cookie.owner, "meters", world.siteA, [{
      assumedMasterState: meter,
      newDocumentState: { ...meter, _deleted: true, updatedAt: Number(meter.updatedAt) + 1 },
    }]);
    expect(deleted).toEqual({ status: 200, body: [] });
    expect(
      (await pull(world.cookie.owner, "meters", world.siteA)).find((d) => d.id === meter.id)
        ?._deleted,
    ).toBe(true);
  });

  it("scopes ids by site: a stranger's copy of the victim's meter id blocks and reveals nothing", async () => {
    const ean = "541448820044719745";
    const victims = { ...sampleDoc("meters", world.siteA, 4), id: ean, ean };
    const strangers = { ...victims, siteId: world.siteB, source: "fluvius" };
    // The stranger stores a meter with the victim's EAN as its id first: his own site, no clue.
    expect(
      await push(world.cookie.outsider, "meters", world.siteB, [{
        newDocumentState: strangers,
      }]),
    ).toEqual({ status: 200, body: [] });
    // The victim's device, which never saw the server's copy, stores its meter as usual.
    expect(
      await push(world.cookie.owner, "meters", world.siteA, [{
        assumedMasterState: null,
        newDocumentState: victims,
      }]),
    ).toEqual({ status: 200, body: [] });
    const inA = (await pull(world.cookie.owner, "meters", world.siteA)).filter((d) => d.id === ean);
    const inB = (await pull(world.cookie.outsider, "meters", world.siteB)).filter((d) =>
      d.id === ean
    );
    expect(inA).toEqual([victims]);
    expect(inB).toEqual([strangers]);
  });

  it("answers bad values with 400, never 500", async () => {
    const nulName = await server.request("/api/sites", {
      method: "POST",
      headers: { Cookie: world.cookie.owner, "Content-Type": "application/json" },
      body: JSON.stringify({ name: "Thuis\u0000" }),
    });
    expect(nulName.status).toBe(400);
    expect((await nulName.json()).error).toBe("name: contains a NUL character");
    const nulId = await push(world.cookie.owner, "meters", world.siteA, [{
      newDocumentState: { ...sampleDoc("meters", world.siteA, 5), id: "meter\u00001" },
    }]);
    expect(nulId).toEqual({
      status: 400,
      body: { error: "0.newDocumentState.id: contains a NUL character", code: "request.invalid" },
    });
    for (const after of ["1e21", "99999999999999999999", "1.5", "0x10"]) {
      const response = await server.request(
        `/api/sync/meters/pull?site=${world.siteA}&after=${after}`,
        { headers: { Cookie: world.cookie.owner } },
      );
      expect(response.status, after).toBe(400);
      expect(await response.json()).toEqual({
        error: "after and limit must be whole numbers",
        code: "request.invalid",
      });
    }
    const nulSite = await server.request(`/api/sync/meters/pull?site=${world.siteA}%00`, {
      headers: { Cookie: world.cookie.owner },
    });
    expect(nulSite.status).toBe(404);
    await nulSite.body?.cancel();
  });

  it("refuses a 5,000-deep document, so nothing un-updatable is stored", async () => {
    let settings: Record<string, unknown> = { leaf: true };
    for (let i = 0; i < 5000; i++) settings = { next: settings };
    const device = { ...sampleDoc("devices", world.siteA, 7), settings } as Record<string, unknown>;
    const answer = await push(world.cookie.owner, "devices", world.siteA, [{
      newDocumentState: device,
    }]);
    expect(answer).toEqual({
      status: 400,
      body: { error: "the body is nested deeper than 32 levels", code: "request.invalid" },
    });
    expect((await pull(world.cookie.owner, "devices", world.siteA)).some((d) => d.id === device.id))
      .toBe(false);
  });

  it("stops an account at its storage quota with a clear error, storing nothing of the push", async () => {
    // The quota is 0.2 MB; each full day bucket is about 2.6 kB.
    const days = range(0, 150).map((i) =>
      bucket(
        world.siteB,
        `2023-${String(1 + Math.floor(i / 28)).padStart(2, "0")}-${
          String(1 + (i % 28)).padStart(2, "0")
        }`,
        range(0, SLOTS),
        { kWh: 0.123456789 },
      )
    );
    let refused: {
      status: number;
      body: { error: string; code?: string; params?: { used: number; quota: number } };
    } | null = null;
    let stored = 0;
    for (let i = 0; i < days.length && !refused; i += 10) {
      const batch = days.slice(i, i + 10).map((d) => ({ newDocumentState: d }));
      const answer = await push(world.cookie.outsider, "energy_days", world.siteB, batch);
      if (answer.status === 200) stored += batch.length;
      else refused = answer;
    }
    expect(refused?.status).toBe(507);
    expect(refused?.body.error).toMatch(
      /^the storage of this site's account is full \(0\.\d of 0\.2 MB used\): nothing was stored$/,
    );
    // The app words it from the code, with the same figures.
    expect(refused?.body.code).toBe("sync.quotaFull");
    expect(refused?.body.params?.quota).toBe(0.2);
    expect(refused?.body.error).toContain(`${refused?.body.params?.used.toFixed(1)} of`);
    const kept = (await pull(world.cookie.outsider, "energy_days", world.siteB)).filter((d) =>
      String(d.day).startsWith("2023-")
    );
    expect(kept).toHaveLength(stored);
    expect(stored).toBeGreaterThan(0);
  });
});
