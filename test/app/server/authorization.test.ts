/**
 * The whole authorisation matrix: every endpoint × every role and scope × (own site, a foreign
 * site, no session), each with the exact status written down here — not derived from the
 * server's own rules.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COLLECTION_NAMES, type CollectionName } from "../../../lib/sync/collections.ts";
import { BACKENDS, type TestServer, testServer } from "./backends.ts";
import { type Actor, ACTORS, makeWorld, sampleDoc, type World } from "./world.ts";

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
    expect: { owner: 201, installer: 201, user: 403, evUser: 403 },
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
};
const WRITE: Record<CollectionName, Member[]> = {
  energy_days: ["owner", "installer", "user"],
  meters: ["owner", "installer", "user"],
  tariff_versions: ["owner", "installer"],
  devices: ["owner", "installer"],
  charge_sessions: ["owner", "installer", "user", "evUser"],
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
    await server.services.store.db.transaction((tx) =>
      server.services.store.writeDocs(tx, "devices", world.siteA, [
        sampleDoc("devices", world.siteA, 1) as never,
        { ...sampleDoc("devices", world.siteA, 2), kind: "charger", name: "Laadpaal" } as never,
      ])
    );
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
