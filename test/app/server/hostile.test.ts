/**
 * Requests made to hurt: forged and expired tokens, documents aimed at another site, oversized
 * and malformed bodies. Each gets a clear 4xx, and nothing of it is stored.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashToken, newToken } from "../../../app/shared/tokens.ts";
import { BACKENDS, type TestServer, testServer } from "./backends.ts";
import { makeWorld, PASSWORD, sampleDoc, type World } from "./world.ts";

describe.each(BACKENDS)("hostile requests on %s", (backend) => {
  let server: TestServer;
  let world: World;

  beforeAll(async () => {
    server = await testServer(backend, { MAX_BODY_BYTES: "50000" });
    world = await makeWorld(server);
  });
  afterAll(async () => {
    await server.close();
  });

  async function send(
    cookie: string | null,
    method: string,
    path: string,
    body?: string,
    type = "application/json",
  ) {
    const response = await server.request(path, {
      method,
      headers: {
        ...(cookie ? { Cookie: cookie } : {}),
        ...(body !== undefined ? { "Content-Type": type } : {}),
      },
      body,
    });
    return { status: response.status, body: await response.json().catch(() => null) };
  }

  async function docCount(): Promise<number> {
    const row = await server.services.store.db.get<{ n: number }>("SELECT COUNT(*) AS n FROM docs");
    return Number(row!.n);
  }

  it("refuses a forged, a malformed and an expired session", async () => {
    expect((await send(`sid=${newToken()}`, "GET", "/api/auth/me")).status).toBe(401);
    expect((await send("sid=../../etc/passwd", "GET", "/api/auth/me")).status).toBe(401);
    expect((await send(`sid=${"x".repeat(5000)}`, "GET", "/api/auth/me")).status).toBe(401);
    const token = newToken();
    await server.services.store.createSession(
      world.userId.owner,
      hashToken(token),
      Date.now() - 1000,
    );
    expect((await send(`sid=${token}`, "GET", "/api/auth/me")).status).toBe(401);
    // The same token is no good as a hash either: only the hash is stored.
    const live = world.cookie.owner.slice(4);
    expect((await send(`sid=${hashToken(live)}`, "GET", "/api/auth/me")).status).toBe(401);
  });

  it("refuses forged and expired reset links and invitations, changing nothing", async () => {
    const before = await server.services.store.userById(world.userId.owner);
    const forged = await send(
      null,
      "POST",
      "/api/auth/reset",
      JSON.stringify({ token: newToken(), password: "a whole new password" }),
    );
    expect(forged).toEqual({
      status: 400,
      body: { error: "this link is not valid or has expired", code: "link.expired" },
    });
    const expired = newToken();
    await server.services.store.createToken(
      "reset",
      world.userId.owner,
      hashToken(expired),
      {},
      Date.now() - 1,
    );
    expect(
      (await send(
        null,
        "POST",
        "/api/auth/reset",
        JSON.stringify({ token: expired, password: "a whole new password" }),
      )).status,
    )
      .toBe(400);
    expect((await server.services.store.userById(world.userId.owner))!.passwordHash).toBe(
      before!.passwordHash,
    );

    const invite = await send(
      world.cookie.owner,
      "POST",
      `/api/sites/${world.siteA}/invitations`,
      JSON.stringify({ email: "friend@example.be", role: "user" }),
    );
    expect(invite.status).toBe(201);
    await server.deliverMail();
    const link = server.mails.at(-1)!.link;
    const token = new URL(link).searchParams.get("invite")!;
    // Another account cannot use a link meant for friend@example.be.
    const stolen = await send(
      world.cookie.outsider,
      "POST",
      "/api/invitations/accept",
      JSON.stringify({ token }),
    );
    expect(stolen.status).toBe(400);
    expect(await server.services.store.membership(world.siteA, world.userId.outsider)).toBeNull();
    expect(
      (await send(
        world.cookie.outsider,
        "POST",
        "/api/invitations/accept",
        JSON.stringify({ token: newToken() }),
      )).status,
    ).toBe(400);
  });

  it("refuses documents aimed at another site, storing none of the batch", async () => {
    const before = await docCount();
    // A document of site B pushed through site A.
    const other = sampleDoc("energy_days", world.siteB, 1);
    const intoA = await send(
      world.cookie.owner,
      "POST",
      `/api/sync/energy_days/push?site=${world.siteA}`,
      JSON.stringify([
        { newDocumentState: sampleDoc("energy_days", world.siteA, 2) },
        { newDocumentState: other },
      ]),
    );
    expect(intoA).toEqual({
      status: 403,
      body: { error: "document 1 belongs to another site", code: "sync.otherSite" },
    });
    expect(await docCount()).toBe(before);
    // Site B's document id, relabelled as site A's: a document of site A, B's stays as it was.
    await send(
      world.cookie.outsider,
      "POST",
      `/api/sync/energy_days/push?site=${world.siteB}`,
      JSON.stringify([{ newDocumentState: other }]),
    );
    const relabelled = await send(
      world.cookie.owner,
      "POST",
      `/api/sync/energy_days/push?site=${world.siteA}`,
      JSON.stringify([{
        newDocumentState: {
          ...other,
          siteId: world.siteA,
          imported: [9, ...(other.imported as number[]).slice(1)],
        },
        assumedMasterState: null,
      }]),
    );
    expect(relabelled).toEqual({ status: 200, body: [] });
    expect(await docCount()).toBe(before + 2);
    const b = await (await server.request(`/api/sync/energy_days/pull?site=${world.siteB}`, {
      headers: { Cookie: world.cookie.outsider },
    })).json();
    expect(b.documents.map((d: { imported: number[] }) => d.imported[0])).toEqual([0.25]);
  });

  it("answers oversized, malformed and invalid bodies with a clear 4xx", async () => {
    const before = await docCount();
    const push = `/api/sync/energy_days/push?site=${world.siteA}`;
    const huge = JSON.stringify([{
      newDocumentState: {
        ...sampleDoc("energy_days", world.siteA, 4),
        padding: "x".repeat(60_000),
      },
    }]);
    expect((await send(world.cookie.owner, "POST", push, huge)).status).toBe(413);
    expect(await send(world.cookie.owner, "POST", push, "[{not json")).toEqual({
      status: 400,
      body: { error: "the body is not valid JSON", code: "request.invalid" },
    });
    expect((await send(world.cookie.owner, "POST", push, "[]", "text/plain")).status).toBe(415);
    const broken = { ...sampleDoc("energy_days", world.siteA, 4), quality: [3] };
    const invalid = await send(
      world.cookie.owner,
      "POST",
      push,
      JSON.stringify([{ newDocumentState: broken }]),
    );
    expect(invalid.status).toBe(400);
    expect(invalid.body.error).toMatch(/^0\.newDocumentState/);
    const tooMany = Array.from(
      { length: 201 },
      () => ({ newDocumentState: sampleDoc("meters", world.siteA, 1) }),
    );
    expect(
      (await send(
        world.cookie.owner,
        "POST",
        `/api/sync/meters/push?site=${world.siteA}`,
        JSON.stringify(tooMany),
      )).body,
    )
      .toEqual({ error: "at most 200 documents per push", code: "request.invalid" });
    expect(
      (await send(
        world.cookie.owner,
        "GET",
        `/api/sync/energy_days/pull?site=${world.siteA}&after=-1`,
      )).status,
    ).toBe(400);
    expect(
      (await send(world.cookie.owner, "GET", `/api/sync/nothing/pull?site=${world.siteA}`)).status,
    ).toBe(404);
    expect(
      (await send(world.cookie.owner, "POST", "/api/sites", JSON.stringify({ name: "" }))).status,
    ).toBe(400);
    expect(
      (await send(
        null,
        "POST",
        "/api/auth/signup",
        JSON.stringify({ email: "not-an-address", password: PASSWORD }),
      )).body,
    )
      .toEqual({ error: "email: is not an e-mail address", code: "request.badEmail" });
    expect(
      (await send(
        null,
        "POST",
        "/api/auth/signup",
        JSON.stringify({ email: "x@example.be", password: "short" }),
      )).body,
    )
      .toEqual({
        error: "password: must have at least 10 characters",
        code: "password.tooShort",
        params: { min: 10 },
      });
    expect(await docCount()).toBe(before);
  });
});
