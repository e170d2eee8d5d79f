/**
 * The whole authorisation matrix: every endpoint × every role and scope × (own site, a foreign
 * site, no session), each with the exact status written down here — not derived from the
 * server's own rules.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { COLLECTION_NAMES, type CollectionName } from "../../../lib/sync/collections.ts";
import { BACKENDS, client, signUp, type TestServer, testServer } from "./backends.ts";
import { type Actor, ACTORS, makeWorld, PASSWORD, sampleDoc, type World } from "./world.ts";

type Member = Exclude<Actor, "outsider">;
const MEMBERS: Member[] = ["owner", "installer", "user", "evUser"];

/** Expected status on the member's own site, per endpoint and member. */
const SITE_ENDPOINTS: {
  name: string;
  call: (w: World, site: string) => [string, string, unknown?];
  expect: Record<Member, number>;
  /** Changes the world: run each case on a fresh one. */
  destructive?: boolean;
}[] = [
  {
    name: "GET site",
    call: (_w, s) => ["GET", `/api/sites/${s}`],
    expect: { owner: 200, installer: 200, user: 200, evUser: 200 },
  },
  {
    name: "PATCH site settings",
    call: (_w, s) => ["PATCH", `/api/sites/${s}`, { name: "Renamed", settings: { mainFuseA: 40 } }],
    expect: { owner: 204, installer: 204, user: 403, evUser: 403 },
  },
  {
    name: "GET members",
    call: (_w, s) => ["GET", `/api/sites/${s}/members`],
    expect: { owner: 200, installer: 200, user: 403, evUser: 403 },
  },
  {
    name: "POST invitation of a user",
    call: (
      _w,
      s,
    ) => ["POST", `/api/sites/${s}/invitations`, { email: "new@example.be", role: "user" }],
    expect: { owner: 201, installer: 403, user: 403, evUser: 403 },
  },
  {
    name: "POST invitation of the owner",
    call: (
      _w,
      s,
    ) => ["POST", `/api/sites/${s}/invitations`, { email: "new@example.be", role: "owner" }],
    // Site A has an owner: only an owner may invite another one.
    expect: { owner: 201, installer: 403, user: 403, evUser: 403 },
  },
  {
    name: "DELETE a member",
    call: (w, s) => ["DELETE", `/api/sites/${s}/members/${w.userId.spare}`],
    expect: { owner: 204, installer: 403, user: 403, evUser: 403 },
    destructive: true,
  },
  {
    name: "POST transfer of ownership",
    call: (w, s) => ["POST", `/api/sites/${s}/transfer`, { userId: w.userId.spare }],
    expect: { owner: 204, installer: 403, user: 403, evUser: 403 },
    destructive: true,
  },
  {
    name: "DELETE site",
    call: (_w, s) => ["DELETE", `/api/sites/${s}`],
    expect: { owner: 204, installer: 403, user: 403, evUser: 403 },
    destructive: true,
  },
];

/** Per collection: who may read (pull, stream) and who may write (push). */
const READ: Record<CollectionName, Member[]> = {
  energy_days: ["owner", "installer", "user"],
  meters: ["owner", "installer", "user"],
  tariff_versions: ["owner", "installer", "user"],
  devices: ["owner", "installer", "user", "evUser"],
  charge_sessions: ["owner", "installer", "user", "evUser"],
  solar_setups: ["owner", "installer", "user"],
};
const WRITE: Record<CollectionName, Member[]> = {
  energy_days: ["owner", "installer", "user"],
  meters: ["owner", "installer", "user"],
  tariff_versions: ["owner", "installer"],
  devices: ["owner", "installer"],
  charge_sessions: ["owner", "installer", "user", "evUser"],
  solar_setups: ["owner", "installer"],
};

function sync(
  collection: CollectionName,
  kind: "pull" | "push" | "stream",
  site: string,
  doc?: unknown,
) {
  const path = `/api/sync/${collection}/${kind}?site=${site}`;
  return kind === "push"
    ? ["POST", path, [{ newDocumentState: doc }]] as const
    : ["GET", path] as const;
}

/** Makes the call; for a stream, reads its first event and closes it. */
async function call(
  server: TestServer,
  cookie: string | null,
  [method, path, body]: readonly [string, string, unknown?],
): Promise<{ status: number; first?: string }> {
  const response = await server.request(path, {
    method,
    headers: {
      ...(cookie ? { Cookie: cookie } : {}),
      ...(body !== undefined ? { "Content-Type": "application/json" } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (path.includes("/stream") && response.status === 200) {
    const reader = response.body!.getReader();
    const { value } = await reader.read();
    await reader.cancel();
    return { status: 200, first: new TextDecoder().decode(value) };
  }
  await response.body?.cancel();
  return { status: response.status };
}

describe.each(BACKENDS)("authorisation matrix on %s", (backend) => {
  let server: TestServer;
  let world: World;

  beforeAll(async () => {
    server = await testServer(backend);
    world = await makeWorld(server);
    // A battery (not a charger) on site A, so the EV scope has something to not see.
    const { store } = server.services;
    await store.db.transaction(async (tx) => {
      await store.lockDocs(tx, world.siteA);
      await store.writeDocs(tx, "devices", world.siteA, [
        sampleDoc("devices", world.siteA, 1) as never,
        { ...sampleDoc("devices", world.siteA, 2), kind: "charger", name: "Laadpaal" } as never,
      ]);
    });
  });
  afterAll(async () => {
    await server.close();
  });

  for (const endpoint of SITE_ENDPOINTS) {
    for (const member of MEMBERS) {
      it(`${endpoint.name}: ${member} on the own site → ${endpoint.expect[member]}`, async () => {
        let w = world;
        let s = server;
        if (endpoint.destructive) {
          s = await testServer(backend);
          w = await makeWorld(s);
        }
        try {
          expect((await call(s, w.cookie[member], endpoint.call(w, w.siteA))).status).toBe(
            endpoint.expect[member],
          );
        } finally {
          if (endpoint.destructive) await s.close();
        }
      });
    }
    for (const actor of ACTORS) {
      it(`${endpoint.name}: ${actor} on a foreign site → 404`, async () => {
        const foreign = actor === "outsider" ? world.siteA : world.siteB;
        expect((await call(server, world.cookie[actor], endpoint.call(world, foreign))).status)
          .toBe(404);
      });
    }
    it(`${endpoint.name}: no session → 401`, async () => {
      expect((await call(server, null, endpoint.call(world, world.siteA))).status).toBe(401);
    });
  }

  for (const collection of COLLECTION_NAMES) {
    for (const kind of ["pull", "push", "stream"] as const) {
      for (const member of MEMBERS) {
        const allowed = (kind === "push" ? WRITE : READ)[collection].includes(member);
        const status = allowed ? 200 : 403;
        it(`${collection} ${kind}: ${member} on the own site → ${status}`, async () => {
          const doc = {
            ...sampleDoc(collection, world.siteA, 5),
            ...(collection === "devices" ? { kind: "charger" } : {}),
          };
          const result = await call(
            server,
            world.cookie[member],
            sync(collection, kind, world.siteA, doc),
          );
          expect(result.status).toBe(status);
          if (kind === "stream" && allowed) expect(result.first).toBe("data: RESYNC\n\n");
        });
      }
      for (const actor of ACTORS) {
        it(`${collection} ${kind}: ${actor} on a foreign site → 404`, async () => {
          const foreign = actor === "outsider" ? world.siteA : world.siteB;
          const doc = sampleDoc(collection, foreign, 6);
          expect(
            (await call(server, world.cookie[actor], sync(collection, kind, foreign, doc))).status,
          ).toBe(404);
        });
      }
      it(`${collection} ${kind}: no session → 401`, async () => {
        const doc = sampleDoc(collection, world.siteA, 7);
        expect((await call(server, null, sync(collection, kind, world.siteA, doc))).status).toBe(
          401,
        );
      });
    }
  }

  it("shows an EV-only user the chargers, not the battery — in pulls and in the export", async () => {
    const pull = await (await server.request(`/api/sync/devices/pull?site=${world.siteA}`, {
      headers: { Cookie: world.cookie.evUser },
    })).json();
    expect(pull.documents.length).toBeGreaterThan(0);
    expect(pull.documents.every((d: { kind: string }) => d.kind === "charger")).toBe(true);
    const owner = await (await server.request(`/api/sync/devices/pull?site=${world.siteA}`, {
      headers: { Cookie: world.cookie.owner },
    })).json();
    expect(owner.documents.some((d: { kind: string }) => d.kind === "battery")).toBe(true);
    const exported = await (await server.request("/api/account/export", {
      headers: { Cookie: world.cookie.evUser },
    })).json();
    const collections = new Set(
      exported.sites.flatMap((site: { documents: { collection: string }[] }) =>
        site.documents.map((d) => d.collection)
      ),
    );
    expect([...collections].every((c) => c === "devices" || c === "charge_sessions")).toBe(true);
    expect(
      exported.sites[0].documents.filter((d: { collection: string }) => d.collection === "devices")
        .every((d: { kind: string }) => d.kind === "charger"),
    ).toBe(true);
  });

  it("keeps the unsigned endpoints closed without a session", async () => {
    const closed: [string, string, unknown?][] = [
      ["GET", "/api/sites"],
      ["POST", "/api/sites", { name: "X" }],
      ["GET", "/api/auth/me"],
      ["POST", "/api/invitations/accept", { token: "x".repeat(43) }],
      ["GET", "/api/account/export"],
      ["GET", "/api/account/export/energy.csv"],
      ["POST", "/api/account/email", { email: "a@b.be", password: "x" }],
      ["DELETE", "/api/account", { password: "x" }],
    ];
    for (const request of closed) {
      expect((await call(server, null, request)).status, request.join(" ")).toBe(401);
    }
  });
});

/**
 * Sequences in which an installer could try to take a site, and what an owner may do to another
 * owner — each step with the status written down.
 */
describe.each(BACKENDS)("installer and owner sequences on %s", (backend) => {
  let server: TestServer;
  beforeEach(async () => {
    server = await testServer(backend);
  });
  afterEach(async () => {
    await server.close();
  });

  /** Signs up `email` and returns its client; invitations sent to it are read from the mails. */
  async function person(email: string) {
    const c = client(server);
    await signUp(server, c, email, PASSWORD);
    return c;
  }
  async function invite(
    from: ReturnType<typeof client>,
    site: string,
    email: string,
    role: string,
  ) {
    const response = await from.call("POST", `/api/sites/${site}/invitations`, { email, role });
    await server.deliverMail();
    const mail = server.mails.findLast((m) => m.to === email);
    return { status: response.status, token: mail ? tokenOf(mail.link) : null };
  }
  function tokenOf(link: string) {
    return new URL(link).searchParams.get("invite");
  }
  async function accept(who: ReturnType<typeof client>, token: string | null) {
    return (await who.call("POST", "/api/invitations/accept", { token })).status;
  }
  async function idOf(email: string) {
    return (await server.services.store.userByEmail(email))!.id;
  }
  async function roleOf(site: string, email: string) {
    return (await server.services.store.membership(site, await idOf(email)))?.role ?? null;
  }

  it("an installer cannot invite an accomplice as owner of a site that has one", async () => {
    const owner = await person("owner@example.be");
    const installer = await person("installer@example.be");
    const accomplice = await person("accomplice@example.be");
    const { site } = await (await owner.call("POST", "/api/sites", { name: "Thuis" })).json();
    const asInstaller = await invite(owner, site.id, "installer@example.be", "installer");
    expect(asInstaller.status).toBe(201);
    expect(await accept(installer, asInstaller.token)).toBe(200);
    expect((await invite(installer, site.id, "accomplice@example.be", "owner")).status).toBe(403);
    expect((await invite(installer, site.id, "accomplice@example.be", "user")).status).toBe(403);
    // Nor remove the owner, nor hand the site over.
    const ownerId = await idOf("owner@example.be");
    expect((await installer.call("DELETE", `/api/sites/${site.id}/members/${ownerId}`)).status)
      .toBe(403);
    expect(
      (await installer.call("POST", `/api/sites/${site.id}/transfer`, {
        userId: await idOf("accomplice@example.be"),
      })).status,
    ).toBe(403);
    expect(await roleOf(site.id, "accomplice@example.be")).toBeNull();
    expect(await roleOf(site.id, "owner@example.be")).toBe("owner");
    expect((await accomplice.call("GET", `/api/sites/${site.id}`)).status).toBe(404);
  });

  it("an installer's second owner invitation dies once the customer has accepted the first", async () => {
    const installer = await person("installer@example.be");
    const customer = await person("customer@example.be");
    const accomplice = await person("accomplice@example.be");
    const { site } = await (await installer.call("POST", "/api/sites", {
      name: "Klant",
      asInstaller: true,
    })).json();
    const forCustomer = await invite(installer, site.id, "customer@example.be", "owner");
    const forAccomplice = await invite(installer, site.id, "accomplice@example.be", "owner");
    expect([forCustomer.status, forAccomplice.status]).toEqual([201, 201]);
    expect(await accept(customer, forCustomer.token)).toBe(200);
    expect(await roleOf(site.id, "customer@example.be")).toBe("owner");
    expect(await accept(accomplice, forAccomplice.token)).toBe(400);
    expect(await roleOf(site.id, "accomplice@example.be")).toBeNull();
    // And now the installer may not invite owners any more.
    expect((await invite(installer, site.id, "accomplice@example.be", "owner")).status).toBe(403);
  });

  it("pending invitations die with the member who sent them: the attack of the issue", async () => {
    const owner = await person("owner@example.be");
    const installer = await person("installer@example.be");
    const accomplice = await person("accomplice@example.be");
    // The installer sets up the site and invites an accomplice as owner before the customer.
    const { site } = await (await installer.call("POST", "/api/sites", {
      name: "Klant",
      asInstaller: true,
    })).json();
    const forOwner = await invite(installer, site.id, "owner@example.be", "owner");
    const forAccomplice = await invite(installer, site.id, "accomplice@example.be", "owner");
    expect(await accept(owner, forOwner.token)).toBe(200);
    // The owner removes the installer; the accomplice accepts later: refused.
    expect(
      (await owner.call(
        "DELETE",
        `/api/sites/${site.id}/members/${await idOf("installer@example.be")}`,
      ))
        .status,
    ).toBe(204);
    expect(await accept(accomplice, forAccomplice.token)).toBe(400);
    expect(await roleOf(site.id, "accomplice@example.be")).toBeNull();
    // A co-owner's invitation dies when the co-owner leaves.
    const bob = await person("bob@example.be");
    const cas = await person("cas@example.be");
    const coOwner = await invite(owner, site.id, "bob@example.be", "owner");
    expect(await accept(bob, coOwner.token)).toBe(200);
    const forCas = await invite(bob, site.id, "cas@example.be", "user");
    expect(forCas.status).toBe(201);
    expect(
      (await bob.call("DELETE", `/api/sites/${site.id}/members/${await idOf("bob@example.be")}`))
        .status,
    ).toBe(204);
    expect(await accept(cas, forCas.token)).toBe(400);
    expect(await roleOf(site.id, "cas@example.be")).toBeNull();
  });

  it("an owner is removed by nobody but themselves, and the last owner cannot leave", async () => {
    const ann = await person("ann@example.be");
    const bob = await person("bob@example.be");
    const { site } = await (await ann.call("POST", "/api/sites", { name: "Thuis" })).json();
    const coOwner = await invite(ann, site.id, "bob@example.be", "owner");
    expect(coOwner.status).toBe(201);
    expect(await accept(bob, coOwner.token)).toBe(200);
    const [annId, bobId] = [await idOf("ann@example.be"), await idOf("bob@example.be")];
    expect((await bob.call("DELETE", `/api/sites/${site.id}/members/${annId}`)).status).toBe(403);
    expect((await ann.call("DELETE", `/api/sites/${site.id}/members/${bobId}`)).status).toBe(403);
    // Accepting a lesser invitation never demotes an owner.
    const demote = await invite(ann, site.id, "bob@example.be", "user");
    expect(await accept(bob, demote.token)).toBe(200);
    expect(await roleOf(site.id, "bob@example.be")).toBe("owner");
    // Bob leaves by himself; Ann, now the only owner, cannot.
    expect((await bob.call("DELETE", `/api/sites/${site.id}/members/${bobId}`)).status).toBe(204);
    expect((await ann.call("DELETE", `/api/sites/${site.id}/members/${annId}`)).status).toBe(409);
    expect(await roleOf(site.id, "ann@example.be")).toBe("owner");
  });

  it("a member may leave; a user may not remove others", async () => {
    const ann = await person("ann@example.be");
    const bob = await person("bob@example.be");
    const cas = await person("cas@example.be");
    const { site } = await (await ann.call("POST", "/api/sites", { name: "Thuis" })).json();
    for (const [who, email] of [[bob, "bob@example.be"], [cas, "cas@example.be"]] as const) {
      const inv = await invite(ann, site.id, email, "user");
      expect(await accept(who, inv.token)).toBe(200);
    }
    const [bobId, casId] = [await idOf("bob@example.be"), await idOf("cas@example.be")];
    expect((await bob.call("DELETE", `/api/sites/${site.id}/members/${casId}`)).status).toBe(403);
    expect((await bob.call("DELETE", `/api/sites/${site.id}/members/${bobId}`)).status).toBe(204);
    expect((await bob.call("GET", `/api/sites/${site.id}`)).status).toBe(404);
  });
});
