/**
 * Accounts under attack, on both databases: strangers cannot lock an owner out, forged
 * addresses and host names are not believed, sign-up and reset say nothing about which
 * addresses exist (SMTP up or down), mail is queued and rate-limited, old links die, event
 * streams end with their session and never buffer for a client that does not read, password
 * hashing runs with bounded concurrency, the price relay needs a session, and weak passwords
 * are refused.
 */
import { afterEach, describe, expect, it } from "vitest";
import { HASHING_AT_ONCE, hashingPeak } from "../../../app/server/auth/password.ts";
import { MAX_QUEUED_CHANGES } from "../../../app/server/routes/sync.ts";
import { until } from "../../until.ts";
import {
  BACKENDS,
  client,
  servedTestServer,
  signUp,
  type TestServer,
  testServer,
} from "./backends.ts";
import { makeWorld, PASSWORD, sampleDoc } from "./world.ts";

let server: TestServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

const json = { "Content-Type": "application/json" };

describe.each(BACKENDS)("account security on %s", { timeout: 60_000 }, (backend) => {
  it("never locks the owner out for strangers' wrong passwords, from any number of addresses", async () => {
    server = await testServer(backend);
    const ann = client(server);
    ann.address = "198.51.100.4";
    await signUp(server, ann, "ann@example.be", PASSWORD);
    const statuses: number[] = [];
    for (let i = 0; i < 15; i++) {
      const stranger = client(server);
      stranger.address = `203.0.113.${i % 3}`;
      const answer = await stranger.call(
        "POST",
        "/api/auth/signin",
        { email: "ann@example.be", password: `guess number ${i}` },
        { "X-Forwarded-For": `192.0.2.${i}` }, // believed by nobody: no proxy is configured
      );
      statuses.push(answer.status);
    }
    // Each stranger's address gets five tries; the sixth and later wait.
    expect(statuses.filter((s) => s === 401)).toHaveLength(15);
    const moreFromOne = client(server);
    moreFromOne.address = "203.0.113.0";
    expect(
      (await moreFromOne.call("POST", "/api/auth/signin", {
        email: "ann@example.be",
        password: "one more guess",
      })).status,
    ).toBe(429);
    // The owner, from her own address, gets in at once with the right password.
    expect(
      (await ann.call("POST", "/api/auth/signin", { email: "ann@example.be", password: PASSWORD }))
        .status,
    ).toBe(200);
  });

  it("believes X-Forwarded-For only behind a configured proxy, and only the proxy's entry", async () => {
    server = await testServer(backend, { TRUST_PROXY: "1" });
    const proxy = client(server);
    proxy.address = "10.0.0.2"; // the reverse proxy's own address
    await signUp(server, proxy, "ann@example.be", PASSWORD);
    const signIn = (forwarded: string) =>
      proxy.call("POST", "/api/auth/signin", { email: "ann@example.be", password: "wrong one" }, {
        "X-Forwarded-For": forwarded,
      });
    for (let i = 0; i < 5; i++) expect((await signIn("203.0.113.5")).status).toBe(401);
    expect((await signIn("203.0.113.5")).status).toBe(429);
    // The client prepends what it likes; the proxy's entry (the last) still names it.
    expect((await signIn("192.0.2.1, 203.0.113.5")).status).toBe(429);
    // Another client, as the proxy saw it, has its own tries.
    expect((await signIn("203.0.113.5, 203.0.113.6")).status).toBe(401);
  });

  it("answers only for the host of PUBLIC_URL, but health checks for any", async () => {
    server = await testServer(backend);
    const rebound = await server.request("/api/auth/me", { headers: { Host: "evil.example" } });
    expect(rebound.status).toBe(421);
    expect(await rebound.json()).toEqual({
      error: "this server answers for energie.example.be only (PUBLIC_URL)",
      code: "request.wrongHost",
    });
    const health = await server.request("/api/health", { headers: { Host: "10.0.0.7:8000" } });
    expect(health.status).toBe(200);
    await health.body?.cancel();
    // A state change from the rebound name's own origin is refused too.
    const forged = await server.request("/api/auth/signin", {
      method: "POST",
      headers: { ...json, Origin: "http://evil.example" },
      body: JSON.stringify({ email: "a@example.be", password: PASSWORD }),
    });
    expect(forged.status).toBe(403);
    await forged.body?.cancel();
  });

  it("answers sign-up and reset the same for known and unknown addresses, with SMTP down", async () => {
    server = await testServer(backend);
    const ann = client(server);
    await signUp(server, ann, "ann@example.be", PASSWORD);
    // From now on every mail fails, as with the SMTP server down.
    server.services.outbox.mailer.send = () => Promise.reject(new Error("connect ECONNREFUSED"));
    const stranger = client(server);
    const answers = [];
    for (const email of ["ann@example.be", "nobody@example.be"]) {
      for (const path of ["/api/auth/signup", "/api/auth/reset-request"]) {
        const response = await stranger.call("POST", path, { email, password: PASSWORD });
        answers.push([path, response.status, await response.json()]);
      }
    }
    expect(answers).toEqual([
      ["/api/auth/signup", 202, { sent: true }],
      ["/api/auth/reset-request", 202, { sent: true }],
      ["/api/auth/signup", 202, { sent: true }],
      ["/api/auth/reset-request", 202, { sent: true }],
    ]);
    // Three mails wait in the queue (account exists, reset, confirm); sending them fails, later.
    const queued = await server.services.store.db.all<{ to_addr: string }>(
      "SELECT to_addr FROM outbox WHERE sent_ms IS NULL ORDER BY created_ms",
    );
    expect(queued.map((r) => r.to_addr)).toEqual([
      "ann@example.be",
      "ann@example.be",
      "nobody@example.be",
    ]);
    expect(await server.deliverMail()).toBe(0);
    const failed = await server.services.store.db.all<{ attempts: number; error: string }>(
      "SELECT attempts, error FROM outbox WHERE sent_ms IS NULL",
    );
    expect(failed.every((r) => Number(r.attempts) === 1 && r.error.includes("ECONNREFUSED")))
      .toBe(true);
  });

  it("limits mail per address, per account and per site", async () => {
    server = await testServer(backend);
    const world = await makeWorld(server);
    const owner = client(server);
    owner.cookie = world.cookie.owner;
    const statuses: number[] = [];
    for (let i = 0; i < 100; i++) {
      statuses.push(
        (await owner.call("POST", `/api/sites/${world.siteA}/invitations`, {
          email: `friend${i}@example.be`,
          role: "user",
        })).status,
      );
    }
    expect(statuses.filter((s) => s === 201)).toHaveLength(20);
    expect(statuses.slice(20).every((s) => s === 429)).toBe(true);
    for (let i = 0; i < 10; i++) {
      await client(server).call("POST", "/api/auth/reset-request", { email: "owner@example.be" });
    }
    await server.deliverMail();
    expect(server.mails.filter((m) => m.to.startsWith("friend"))).toHaveLength(20);
    expect(server.mails.filter((m) => m.to === "owner@example.be")).toHaveLength(5);
  });

  it("voids older reset links when a newer one is sent, or the address changes", async () => {
    server = await testServer(backend);
    const ann = client(server);
    await signUp(server, ann, "ann@example.be", PASSWORD);
    const resetLink = async () => {
      await client(server!).call("POST", "/api/auth/reset-request", { email: "ann@example.be" });
      await server!.deliverMail();
      return new URL(server!.mails.at(-1)!.link).searchParams.get("reset")!;
    };
    const first = await resetLink();
    const second = await resetLink();
    const reset = (token: string) =>
      client(server!).call("POST", "/api/auth/reset", { token, password: "a fresh long password" });
    expect((await reset(first)).status).toBe(400);
    const third = await resetLink();
    await ann.call("POST", "/api/auth/signin", { email: "ann@example.be", password: PASSWORD });
    await ann.call("POST", "/api/account/email", { email: "ann@new.be", password: PASSWORD });
    await server.deliverMail();
    const change = new URL(server.mails.at(-1)!.link).searchParams.get("email")!;
    expect((await ann.call("POST", "/api/account/email/confirm", { token: change })).status)
      .toBe(204);
    // The link mailed to the old address is dead now; so is the one before it.
    expect((await reset(third)).status).toBe(400);
    expect((await reset(second)).status).toBe(400);
  });

  it("ends open event streams when their session ends: sign-out, reset, deletion", async () => {
    const served = await servedTestServer(backend);
    server = served;
    const world = await makeWorld(served);
    const open = async (cookie: string) => {
      const response = await fetch(`${served.url}/api/sync/meters/stream?site=${world.siteA}`, {
        headers: { Cookie: cookie },
      });
      const reader = response.body!.getReader();
      expect(new TextDecoder().decode((await reader.read()).value)).toBe("data: RESYNC\n\n");
      return reader;
    };
    const ends = async (reader: ReadableStreamDefaultReader<Uint8Array>) => {
      for (;;) if ((await reader.read()).done) return true;
    };
    const signedOut = await open(world.cookie.user);
    const other = await open(world.cookie.owner);
    await fetch(`${served.url}/api/auth/signout`, {
      method: "POST",
      headers: { Cookie: world.cookie.user },
    }).then((r) => r.body?.cancel());
    expect(await ends(signedOut)).toBe(true);
    // The owner's stream, another session, goes on and still hears changes.
    await fetch(`${served.url}/api/sync/meters/push?site=${world.siteA}`, {
      method: "POST",
      headers: { ...json, Cookie: world.cookie.owner },
      body: JSON.stringify([{ newDocumentState: sampleDoc("meters", world.siteA, 1) }]),
    }).then((r) => r.body?.cancel());
    expect(new TextDecoder().decode((await other.read()).value)).toContain('"documents"');
    // A reset ends every session of the account, and so its streams.
    await fetch(`${served.url}/api/auth/reset-request`, {
      method: "POST",
      headers: json,
      body: JSON.stringify({ email: "owner@example.be" }),
    }).then((r) => r.body?.cancel());
    await served.deliverMail();
    const token = new URL(served.mails.at(-1)!.link).searchParams.get("reset");
    await fetch(`${served.url}/api/auth/reset`, {
      method: "POST",
      headers: json,
      body: JSON.stringify({ token, password: "a fresh long password" }),
    }).then((r) => r.body?.cancel());
    expect(await ends(other)).toBe(true);
    // Deleting the account ends its streams too.
    const outsider = await fetch(`${served.url}/api/sync/meters/stream?site=${world.siteB}`, {
      headers: { Cookie: world.cookie.outsider },
    });
    const outsiderReader = outsider.body!.getReader();
    await outsiderReader.read();
    await fetch(`${served.url}/api/account`, {
      method: "DELETE",
      headers: { ...json, Cookie: world.cookie.outsider },
      body: JSON.stringify({ password: PASSWORD }),
    }).then((r) => r.body?.cancel());
    expect(await ends(outsiderReader)).toBe(true);
    expect(served.services.feed.listeners).toBe(0);
  });

  it("drops a stream whose client does not read, instead of buffering for it", async () => {
    const served = await servedTestServer(backend, {
      MAX_BODY_BYTES: "5000000",
      QUOTA_MB_PER_ACCOUNT: "10000",
    });
    server = served;
    const world = await makeWorld(served);
    // A client that asks for the stream and then never reads a byte.
    const conn = await Deno.connect({
      hostname: "127.0.0.1",
      port: new URL(served.url).port as never,
    });
    await conn.write(new TextEncoder().encode(
      `GET /api/sync/devices/stream?site=${world.siteA} HTTP/1.1\r\nHost: ${
        new URL(served.url).host
      }\r\nCookie: ${world.cookie.owner}\r\n\r\n`,
    ));
    await until(() => served.services.feed.listeners === 1);
    // Each push carries 200 devices of ~10 kB: far more than the socket buffers take.
    const padding = "x".repeat(10_000);
    for (
      let push = 0;
      push < MAX_QUEUED_CHANGES + 20 && served.services.feed.listeners > 0;
      push++
    ) {
      const rows = Array.from({ length: 200 }, (_, i) => ({
        newDocumentState: {
          ...sampleDoc("devices", world.siteA, push * 200 + i),
          id: `device-${push}-${i}`,
          settings: { padding },
        },
      }));
      const answer = await fetch(`${served.url}/api/sync/devices/push?site=${world.siteA}`, {
        method: "POST",
        headers: { ...json, Cookie: world.cookie.owner },
        body: JSON.stringify(rows),
      });
      expect(answer.status).toBe(200);
      await answer.body?.cancel();
    }
    await until(() => served.services.feed.listeners === 0);
    conn.close();
  });

  it(`hashes at most ${HASHING_AT_ONCE} passwords at once, however many sign up together`, async () => {
    server = await testServer(backend);
    hashingPeak.value = 0;
    const answers = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        client(server!).call("POST", "/api/auth/signup", {
          email: `burst${i}@example.be`,
          password: PASSWORD,
        })),
    );
    expect(answers.map((a) => a.status)).toEqual(new Array(24).fill(202));
    expect(hashingPeak.value).toBe(HASHING_AT_ONCE);
  });

  it("relays day-ahead prices only for a signed-in user", async () => {
    server = await testServer(backend);
    const anonymous = await server.request("/api/day-ahead?from=2024-06-02&to=2024-06-02", {
      headers: { "X-Entsoe-Token": "someone else's token" },
    });
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toEqual({
      error: "sign in to fetch day-ahead prices",
      code: "auth.signInForPrices",
    });
    const world = await makeWorld(server);
    const signedIn = await server.request("/api/day-ahead?from=2024-06-31&to=2024-06-02", {
      headers: { "X-Entsoe-Token": "token", Cookie: world.cookie.owner },
    });
    // Past the session check: the relay itself answers (here: the days are wrong).
    expect(signedIn.status).toBe(400);
    await signedIn.body?.cancel();
  });

  it("refuses the e-mail itself, one character repeated and common passwords", async () => {
    server = await testServer(backend);
    const tries: [string, string][] = [
      ["ann@example.be", "Ann@Example.be"],
      ["ann.peeters@example.be", "ann.peeters2024"],
      ["bob@example.be", "aaaaaaaaaaaa"],
      ["bob@example.be", "abababababab"],
      ["bob@example.be", "Wachtwoord2024!"],
      ["bob@example.be", "motdepasse123"],
      ["bob@example.be", "1234567890"],
      ["bob@example.be", "azertyuiop"],
    ];
    const answers = [];
    for (const [email, password] of tries) {
      const response = await client(server).call("POST", "/api/auth/signup", { email, password });
      answers.push([response.status, (await response.json()).code]);
    }
    expect(answers).toEqual([
      [400, "password.isEmail"],
      [400, "password.isEmail"],
      [400, "password.repeated"],
      [400, "password.repeated"],
      [400, "password.common"],
      [400, "password.common"],
      [400, "password.common"],
      [400, "password.common"],
    ]);
    expect(
      (await client(server).call("POST", "/api/auth/signup", {
        email: "bob@example.be",
        password: "paars fiets onder regen",
      })).status,
    ).toBe(202);
  });
});
