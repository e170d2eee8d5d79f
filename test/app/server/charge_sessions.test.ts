/**
 * Charge sessions with the fields of a finished session's record (charger, tag, owner, address,
 * meter, km, solar, cost, CREG rate) sync through the real server over loopback, on both
 * databases; a malformed one is refused with 400 and nothing of its batch is stored; the EV-only
 * member still reads and writes them.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BACKENDS, servedTestServer, type TestServer } from "./backends.ts";
import { makeWorld, sampleDoc, type World } from "./world.ts";

function session(siteId: string, n: number): Record<string, unknown> {
  return {
    ...sampleDoc("charge_sessions", siteId, n),
    startMs: 1_717_261_200_000,
    endMs: 1_717_275_600_000,
    energyKWh: 7.5,
    chargerName: "Oprit links",
    idTag: "04A2B3C4D5E6F7",
    owner: "Acme BV",
    address: "Kerkstraat 1, 2000 Antwerpen",
    region: "flanders",
    meterStartKWh: 1520.25,
    meterStopKWh: 1527.75,
    consumptionKWhPer100km: 18,
    kmAdded: 41.67,
    solarKWh: 2.5,
    costEur: 1.62,
    cregEurPerKWh: 0.2822,
    reimbursementEur: 2.12,
    status: "finished",
  };
}

describe.each(BACKENDS)("charge sessions on %s", (backend) => {
  let server: TestServer;
  let world: World;

  beforeAll(async () => {
    server = await servedTestServer(backend);
    world = await makeWorld(server);
  });
  afterAll(async () => {
    await server.close();
  });

  async function push(cookie: string, docs: unknown[]) {
    const response = await server.request(
      `/api/sync/charge_sessions/push?site=${world.siteA}`,
      {
        method: "POST",
        headers: { Cookie: cookie, "Content-Type": "application/json" },
        body: JSON.stringify(docs.map((doc) => ({ newDocumentState: doc }))),
      },
    );
    return { status: response.status, body: await response.json() };
  }

  async function pull(cookie: string) {
    const response = await server.request(
      `/api/sync/charge_sessions/pull?site=${world.siteA}&limit=500`,
      { headers: { Cookie: cookie } },
    );
    return (await response.json()).documents as Record<string, unknown>[];
  }

  it("stores an extended session whole, and an old-style one as it was", async () => {
    const extended = session(world.siteA, 1);
    const old = sampleDoc("charge_sessions", world.siteA, 2);
    expect(await push(world.cookie.owner, [extended, old])).toEqual({ status: 200, body: [] });
    const pulled = await pull(world.cookie.user);
    expect(pulled.find((d) => d.id === extended.id)).toEqual(extended);
    expect(pulled.find((d) => d.id === old.id)).toEqual(old);
  });

  it("lets the EV-only member push a session and read every session", async () => {
    const own: Record<string, unknown> = {
      ...session(world.siteA, 3),
      owner: "Lid met laadpas",
      userId: "ev-user",
    };
    expect(await push(world.cookie.evUser, [own])).toEqual({ status: 200, body: [] });
    const ids = (await pull(world.cookie.evUser)).map((d) => d.id);
    expect(ids).toContain(own.id);
    expect(ids).toContain(`${world.siteA}-session-1`);
  });

  it("refuses a malformed session with 400 and stores nothing of its batch", async () => {
    const before = await pull(world.cookie.owner);
    const cases: [Record<string, unknown>, string][] = [
      [{ ...session(world.siteA, 4), solarKWh: 9 }, "solarKWh"],
      [{ ...session(world.siteA, 4), meterStopKWh: 1000 }, "meterStopKWh"],
      [{ ...session(world.siteA, 4), kmAdded: -5 }, "kmAdded"],
      [{ ...session(world.siteA, 4), idTag: "X".repeat(21) }, "idTag"],
      [{ ...session(world.siteA, 4), owner: "Acme\nBV" }, "owner"],
      [{ ...session(world.siteA, 4), region: "limburg" }, "region"],
      [{ ...session(world.siteA, 4), costEur: "1,62" }, "costEur"],
    ];
    for (const [bad, field] of cases) {
      const answer = await push(world.cookie.owner, [session(world.siteA, 5), bad]);
      expect(answer.status, field).toBe(400);
      expect(answer.body.code, field).toBe("request.invalidField");
      expect(answer.body.error, field).toMatch(new RegExp(`^1\\.newDocumentState\\.${field}: `));
    }
    // NUL is refused before the model looks (PostgreSQL's text cannot hold it).
    const nul = await push(world.cookie.owner, [{ ...session(world.siteA, 4), owner: "A\u0000" }]);
    expect(nul.status).toBe(400);
    expect(await pull(world.cookie.owner)).toEqual(before);
  });
});
