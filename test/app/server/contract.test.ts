/**
 * The server answers as the contract (`lib/contract`) says: every endpoint is called here through
 * the app's own client, which reads each answer with the endpoint's model and throws on anything
 * else — on SQLite and on PostgreSQL, whose drivers hand back numbers differently.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACCOUNT } from "../../../lib/contract/account.ts";
import { AUTH } from "../../../lib/contract/auth.ts";
import { type ApiCall, apiClient, ApiError } from "../../../lib/contract/client.ts";
import { DAY_AHEAD, ENTSOE_TOKEN_HEADER } from "../../../lib/contract/day_ahead.ts";
import { type Endpoint, endpoint } from "../../../lib/contract/endpoint.ts";
import { HEALTH } from "../../../lib/contract/health.ts";
import { SITES } from "../../../lib/contract/sites.ts";
import { SYNC } from "../../../lib/contract/sync.ts";
import { BACKENDS, type TestServer, testServer } from "./backends.ts";
import { z } from "zod";

const PASSWORD = "correct horse battery";
const ENDPOINTS: Endpoint[] = [AUTH, ACCOUNT, SITES, SYNC, DAY_AHEAD, HEALTH].flatMap((group) =>
  Object.values(group)
);

let upstream: Deno.HttpServer<Deno.NetAddr>;

beforeAll(() => {
  // Stands in for ENTSO-E: one day of hourly prices, for any token.
  upstream = Deno.serve(
    { port: 0, hostname: "127.0.0.1", onListen() {} },
    () =>
      new Response(`<Publication_MarketDocument><TimeSeries><Period>
      <timeInterval><start>2024-06-01T22:00Z</start><end>2024-06-02T22:00Z</end></timeInterval>
      <resolution>PT60M</resolution><Point><position>1</position><price.amount>42</price.amount></Point>
    </Period></TimeSeries></Publication_MarketDocument>`),
  );
});

afterAll(async () => {
  await upstream.shutdown();
});

/** A person using the app: the contract's client over the test server, keeping its cookie. */
function person(server: TestServer, called: Set<Endpoint>): ApiCall {
  let cookie = "";
  const fetcher: typeof fetch = async (input, init) => {
    const headers = new Headers(init?.headers);
    if (cookie) headers.set("Cookie", cookie);
    const url = new URL(String(input));
    const response = await server.request(`${url.pathname}${url.search}`, { ...init, headers });
    const set = response.headers.get("Set-Cookie");
    if (set) {
      const pair = set.split(";")[0];
      cookie = pair.endsWith("=") ? "" : pair;
    }
    return response;
  };
  const call = apiClient(fetcher, "https://app.invalid");
  return ((endpoint: Endpoint, options: never) => {
    called.add(endpoint);
    return call(endpoint, options);
  }) as ApiCall;
}

/** The link of the last mail to `email`, and its token named `param`. */
async function mailedToken(server: TestServer, email: string, param: string): Promise<string> {
  await server.deliverMail();
  const mail = server.mails.findLast((m) => m.to === email);
  return new URL(mail!.link).searchParams.get(param)!;
}

describe.each(BACKENDS)("the API's answers on %s", (backend) => {
  let server: TestServer;
  const called = new Set<Endpoint>();

  beforeAll(async () => {
    server = await testServer(backend, {
      ENTSOE_API_URL: `http://127.0.0.1:${upstream.addr.port}/api`,
    });
  });

  afterAll(async () => {
    await server.close();
  });

  it("fit the contract through an account's whole life", async () => {
    const owner = person(server, called);
    const helper = person(server, called);

    expect(await owner(HEALTH.check)).toEqual({ status: "ok", database: backend });
    // Signed out is an answer of the session probe, not a failure.
    expect(await owner(AUTH.session)).toEqual({ signedIn: false });

    // Sign-up through the mailed link.
    expect(await owner(AUTH.signUp, { body: { email: "Owner@Example.be", password: PASSWORD } }))
      .toEqual({ sent: true });
    const signup = await mailedToken(server, "owner@example.be", "signup");
    const { user } = await owner(AUTH.confirmSignUp, { body: { token: signup } });
    expect(user.email).toBe("owner@example.be");
    expect(await owner(AUTH.me)).toEqual({ user, sites: [] });
    expect(await owner(AUTH.session)).toEqual({ signedIn: true, user, sites: [] });

    // A site, its settings and its people.
    const { site } = await owner(SITES.create, {
      body: { name: "Thuis", settings: { phases: 3, mainFuseA: 40 } },
    });
    expect(site).toEqual({ id: site.id, name: "Thuis", settings: { phases: 3, mainFuseA: 40 } });
    const params = { id: site.id };
    expect(await owner(SITES.list)).toEqual({
      sites: [{ id: site.id, name: "Thuis", role: "owner", scope: "all" }],
    });
    expect(await owner(SITES.update, { params, body: { name: "Huis" } })).toBeUndefined();
    expect(await owner(SITES.get, { params })).toEqual({
      site: { ...site, name: "Huis" },
      role: "owner",
      scope: "all",
    });
    const invited = await owner(SITES.invite, {
      params,
      body: { email: "helper@example.be", role: "user", scope: "ev" },
    });
    expect(invited).toMatchObject({ invited: "helper@example.be", role: "user", scope: "ev" });
    expect(invited.expiresMs).toBeGreaterThan(Date.now());
    const invitation = await mailedToken(server, "helper@example.be", "invite");
    await helper(AUTH.signUp, { body: { email: "helper@example.be", password: PASSWORD } });
    await helper(AUTH.confirmSignUp, {
      body: { token: await mailedToken(server, "helper@example.be", "signup") },
    });
    expect(await helper(SITES.acceptInvitation, { body: { token: invitation } })).toEqual({
      siteId: site.id,
      role: "user",
      scope: "ev",
    });
    const { members } = await owner(SITES.members, { params });
    expect(members.map((m) => [m.email, m.role, m.scope]).sort()).toEqual([
      ["helper@example.be", "user", "ev"],
      ["owner@example.be", "owner", "all"],
    ]);
    const helperId = members.find((m) => m.role === "user")!.userId;

    // Sync: a push is stored and pulled back; a push made from no copy conflicts.
    const meter = {
      id: `${site.id}-meter`,
      siteId: site.id,
      kind: "electricity",
      source: "p1",
      updatedAt: 1,
    };
    const sync = { params: { collection: "meters" }, query: { site: site.id } };
    expect(await owner(SYNC.push, { ...sync, body: [{ newDocumentState: meter }] })).toEqual([]);
    const pulled = await owner(SYNC.pull, { ...sync, query: { ...sync.query, after: "0" } });
    expect(pulled.documents).toEqual([{ ...meter, _deleted: false }]);
    expect(pulled.checkpoint.seq).toBeGreaterThan(0);
    const conflicts = await owner(SYNC.push, {
      ...sync,
      body: [{ newDocumentState: { ...meter, updatedAt: 2 } }],
    });
    expect(conflicts).toEqual([{ ...meter, _deleted: false }]);

    // Day-ahead prices through the relay.
    const { points } = await owner(DAY_AHEAD.prices, {
      query: { from: "2024-06-02", to: "2024-06-02" },
      headers: { [ENTSOE_TOKEN_HEADER]: "token" },
    });
    expect(points[0]).toEqual({ startMs: Date.UTC(2024, 5, 1, 22), minutes: 60, eurPerMWh: 42 });

    // The account: export, a new address, a reset password.
    const exported = await owner(ACCOUNT.exportJson);
    expect(exported.account.email).toBe("owner@example.be");
    expect(exported.sites[0].documents).toEqual([
      { collection: "meters", ...meter, _deleted: false },
    ]);
    expect(
      await owner(ACCOUNT.changeEmail, { body: { email: "new@example.be", password: PASSWORD } }),
    ).toEqual({ sent: true });
    const changed = await mailedToken(server, "new@example.be", "email");
    expect(await owner(ACCOUNT.confirmEmail, { body: { token: changed } })).toBeUndefined();
    expect(await owner(AUTH.signOut)).toBeUndefined();
    expect(await owner(AUTH.resetRequest, { body: { email: "new@example.be" } })).toEqual({
      sent: true,
    });
    const reset = await mailedToken(server, "new@example.be", "reset");
    const newPassword = "another horse battery";
    expect(await owner(AUTH.reset, { body: { token: reset, password: newPassword } }))
      .toBeUndefined();
    expect(await owner(AUTH.signIn, { body: { email: "new@example.be", password: newPassword } }))
      .toEqual({ user: { id: user.id, email: "new@example.be" } });

    // Ownership handed over and back, the helper removed, a second site gone, the account gone.
    expect(await owner(SITES.transfer, { params, body: { userId: helperId } })).toBeUndefined();
    await helper(SITES.transfer, { params, body: { userId: user.id } });
    expect(await owner(SITES.removeMember, { params: { ...params, userId: helperId } }))
      .toBeUndefined();
    const second = await owner(SITES.create, { body: { name: "Tweede" } });
    expect(await owner(SITES.remove, { params: { id: second.site.id } })).toBeUndefined();
    expect(await owner(ACCOUNT.remove, { body: { password: newPassword } })).toBeUndefined();
    // Every endpoint of the contract was answered above.
    expect(ENDPOINTS.filter((e) => !called.has(e)).map((e) => e.path)).toEqual([]);
  });

  it("fail with the contract's problem: a status, plain words and a code", async () => {
    const stranger = person(server, called);
    const signedOut = await stranger(AUTH.me).catch((error) => error);
    expect(signedOut).toBeInstanceOf(ApiError);
    expect([signedOut.status, signedOut.message]).toEqual([401, "not signed in"]);
    const weak = await stranger(AUTH.signUp, {
      body: { email: "weak@example.be", password: "password" },
    }).catch((error) => error);
    expect(weak).toBeInstanceOf(ApiError);
    expect(weak.status).toBe(400);
    expect(weak.code).toMatch(/^password\./);
  });
});

describe("the contract's client", () => {
  const answering = (status: number, body: string) => () =>
    Promise.resolve(new Response(body, { status }));
  const Sent = endpoint({
    method: "POST",
    path: "/api/things/:id",
    body: z.object({ n: z.number() }),
    status: 202,
    answer: z.object({ sent: z.literal(true) }),
  });

  it("fills the path, sends the body and reads the answer", async () => {
    let asked: Request | null = null;
    const call = apiClient((input, init) => {
      asked = new Request(input, init);
      return Promise.resolve(new Response('{"sent":true}', { status: 202 }));
    }, "https://app.invalid");
    expect(await call(Sent, { params: { id: "a b" }, body: { n: 1 }, query: { x: "1" } }))
      .toEqual({ sent: true });
    expect(asked!.url).toBe("https://app.invalid/api/things/a%20b?x=1");
    expect(asked!.method).toBe("POST");
    expect(await asked!.json()).toEqual({ n: 1 });
  });

  it("refuses an answer that does not fit, and names what does not", async () => {
    const call = apiClient(answering(202, '{"sent":"yes"}'));
    const error = await call(Sent, { params: { id: "a" }, body: { n: 1 } }).catch((e) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error.code).toBe("answer.unexpected");
    expect(error.message).toContain("POST /api/things/:id answered unexpectedly: sent:");
  });

  it("says the status of a failure that is no problem document", async () => {
    const call = apiClient(answering(502, "<html>Bad gateway</html>"));
    const error = await call(Sent, { params: { id: "a" }, body: { n: 1 } }).catch((e) => e);
    expect([error.status, error.message, error.code]).toEqual([502, "HTTP 502", undefined]);
  });
});
