import { afterEach, describe, expect, it } from "vitest";
import {
  BACKENDS,
  client,
  servedTestServer,
  signUp,
  type TestServer,
  testServer,
} from "./backends.ts";

const PASSWORD = "correct horse battery";

let server: TestServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

function tokenOf(link: string, name: string): string {
  return new URL(link).searchParams.get(name)!;
}

describe.each(BACKENDS)("accounts on %s", { timeout: 30_000 }, (backend) => {
  it("signs up through the mailed link with a secure session cookie, signs in and out", async () => {
    server = await testServer(backend);
    const ann = client(server);
    const asked = await ann.call("POST", "/api/auth/signup", {
      email: "Ann@Example.be",
      password: PASSWORD,
    });
    expect(asked.status).toBe(202);
    expect(asked.headers.get("Set-Cookie")).toBeNull();
    expect(await server.services.store.userByEmail("ann@example.be")).toBeNull();
    await server.deliverMail();
    expect(server.mails.map((m) => m.to)).toEqual(["ann@example.be"]);
    const link = server.mails[0].link;
    expect(link.startsWith("https://energie.example.be/account?signup=")).toBe(true);
    const signup = await ann.call("POST", "/api/auth/signup/confirm", {
      token: tokenOf(link, "signup"),
    });
    expect(signup.status).toBe(201);
    const cookie = signup.headers.get("Set-Cookie")!;
    expect(cookie).toMatch(/^sid=[A-Za-z0-9_-]{43};/);
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Lax");
    expect(cookie).toContain("Secure"); // PUBLIC_URL is https
    const me = await (await ann.call("GET", "/api/auth/me")).json();
    expect(me.user.email).toBe("ann@example.be");
    // The link works once.
    expect(
      (await ann.call("POST", "/api/auth/signup/confirm", { token: tokenOf(link, "signup") }))
        .status,
    ).toBe(400);
    // Signing up again with the address answers the same; the mail says there is an account.
    expect(
      (await ann.call("POST", "/api/auth/signup", { email: "ann@example.be", password: PASSWORD }))
        .status,
    )
      .toBe(202);
    await server.deliverMail();
    expect(server.mails[1].to).toBe("ann@example.be");
    expect(server.mails[1].text).toContain("which has one already");
    expect((await ann.call("POST", "/api/auth/signout")).status).toBe(204);
    expect((await ann.call("GET", "/api/auth/me")).status).toBe(401);
    expect(
      (await ann.call("POST", "/api/auth/signin", {
        email: "ann@example.be",
        password: "wrong password",
      })).status,
    )
      .toBe(401);
    expect(
      (await ann.call("POST", "/api/auth/signin", { email: "ann@example.be", password: PASSWORD }))
        .status,
    )
      .toBe(200);
    expect((await ann.call("GET", "/api/auth/me")).status).toBe(200);
    // The database holds only the session's hash, never the token itself.
    const token = ann.cookie.slice("sid=".length);
    const rows = await server.services.store.db.all<{ token_hash: string }>(
      "SELECT token_hash FROM sessions",
    );
    expect(rows.some((r) => r.token_hash === token)).toBe(false);
  });

  it("stores passwords as salted scrypt hashes", async () => {
    server = await testServer(backend);
    await signUp(server, client(server), "a@example.be", PASSWORD);
    await signUp(server, client(server), "b@example.be", PASSWORD);
    const hashes = (await server.services.store.db.all<{ password_hash: string }>(
      "SELECT password_hash FROM users",
    ))
      .map((r) => r.password_hash);
    expect(hashes.every((h) => h.startsWith("scrypt$32768$8$1$"))).toBe(true);
    expect(hashes[0]).not.toBe(hashes[1]); // same password, different salts
    expect(hashes.some((h) => h.includes(PASSWORD))).toBe(false);
  });

  it("limits wrong passwords per account from one address", async () => {
    server = await testServer(backend);
    const ann = client(server);
    ann.address = "198.51.100.4";
    await signUp(server, ann, "ann@example.be", PASSWORD);
    const statuses = [];
    for (let i = 0; i < 6; i++) {
      statuses.push(
        (await ann.call("POST", "/api/auth/signin", {
          email: "ann@example.be",
          password: "nope nope nope",
        })).status,
      );
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    // Even the right password waits now.
    const blocked = await ann.call("POST", "/api/auth/signin", {
      email: "ann@example.be",
      password: PASSWORD,
    });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("Retry-After"))).toBeGreaterThan(890);
    expect(Number(blocked.headers.get("Retry-After"))).toBeLessThanOrEqual(900);
  });

  it("limits sign-in attempts per address, over a real connection", async () => {
    const served = await servedTestServer(backend);
    server = served;
    {
      const statuses: number[] = [];
      for (let i = 0; i < 31; i++) {
        const response = await fetch(`${served.url}/api/auth/signin`, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ email: `guess${i}@example.be`, password: "nope nope nope" }),
        });
        await response.body?.cancel();
        statuses.push(response.status);
      }
      // Thirty different accounts from one address; the 31st attempt is refused.
      expect(statuses.slice(0, 30).every((s) => s === 401)).toBe(true);
      expect(statuses[30]).toBe(429);
      // A forged X-Forwarded-For is no way around it: no proxy is trusted by default.
      const forged = await fetch(`${served.url}/api/auth/signin`, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-Forwarded-For": "192.0.2.7" },
        body: JSON.stringify({ email: "guess0@example.be", password: "nope nope nope" }),
      });
      await forged.body?.cancel();
      expect(forged.status).toBe(429);
    }
  });

  it("resets a password by an e-mailed link that works once, and ends old sessions", async () => {
    server = await testServer(backend);
    const ann = client(server);
    await signUp(server, ann, "ann@example.be", PASSWORD);
    server.mails.length = 0;
    const stranger = client(server);
    expect(
      (await stranger.call("POST", "/api/auth/reset-request", { email: "nobody@example.be" }))
        .status,
    ).toBe(202);
    expect(
      (await stranger.call("POST", "/api/auth/reset-request", { email: "ann@example.be" })).status,
    ).toBe(202);
    await server.deliverMail();
    expect(server.mails.map((m) => m.to)).toEqual(["ann@example.be"]);
    const token = tokenOf(server.mails[0].link, "reset");
    expect(server.mails[0].link.startsWith("https://energie.example.be/account?reset=")).toBe(true);
    expect(
      (await stranger.call("POST", "/api/auth/reset", { token, password: "a new long password" }))
        .status,
    ).toBe(204);
    expect(
      (await stranger.call("POST", "/api/auth/reset", { token, password: "another long password" }))
        .status,
    ).toBe(400);
    expect((await ann.call("GET", "/api/auth/me")).status).toBe(401); // old session ended
    // The app's probe hears "signed out" as an answer, not as a failed request.
    const probe = await ann.call("GET", "/api/auth/session");
    expect([probe.status, await probe.json()]).toEqual([200, { signedIn: false }]);
    expect(
      (await ann.call("POST", "/api/auth/signin", {
        email: "ann@example.be",
        password: "a new long password",
      })).status,
    )
      .toBe(200);
  });

  it("changes the e-mail address only after confirmation from the new address", async () => {
    server = await testServer(backend);
    const ann = client(server);
    await signUp(server, ann, "ann@example.be", PASSWORD);
    server.mails.length = 0;
    expect(
      (await ann.call("POST", "/api/account/email", { email: "ann@new.be", password: "wrong" }))
        .status,
    ).toBe(403);
    expect(
      (await ann.call("POST", "/api/account/email", { email: "ann@new.be", password: PASSWORD }))
        .status,
    ).toBe(202);
    expect((await (await ann.call("GET", "/api/auth/me")).json()).user.email).toBe(
      "ann@example.be",
    );
    await server.deliverMail();
    expect(server.mails[0].to).toBe("ann@new.be");
    const token = tokenOf(server.mails[0].link, "email");
    expect((await ann.call("POST", "/api/account/email/confirm", { token })).status).toBe(204);
    expect((await (await ann.call("GET", "/api/auth/me")).json()).user.email).toBe("ann@new.be");
  });

  it("logs the links when no SMTP is configured", async () => {
    const { openServices } = await import("../../../app/server/services.ts");
    const { loadConfig } = await import("../../../app/server/config.ts");
    const { memoryLogger } = await import("../../../app/server/log.ts");
    const { freshDb } = await import("./backends.ts");
    const log = memoryLogger();
    const services = await openServices(loadConfig({}), {
      db: await freshDb(backend),
      logger: log,
      workers: false,
    });
    await services.mailer.send({
      to: "x@example.be",
      subject: "s",
      text: "t",
      link: "http://localhost:8000/account?reset=abc",
    });
    expect(log.entries.at(-1)).toMatchObject({
      msg: "mail (no SMTP configured)",
      to: "x@example.be",
      link: "http://localhost:8000/account?reset=abc",
    });
    await services.close();
  });

  it("exports what it holds about the user, and deletes the account", async () => {
    server = await testServer(backend);
    const ann = client(server);
    await signUp(server, ann, "ann@example.be", PASSWORD);
    const { site } = await (await ann.call("POST", "/api/sites", { name: "Thuis" })).json();
    const bucket = {
      id: `${site.id}|grid|15|2024-06-03`,
      siteId: site.id,
      channel: "grid",
      day: "2024-06-03",
      slotMinutes: 15,
      unit: "kWh",
      imported: [0.25, ...new Array(95).fill(null)],
      exported: [0, ...new Array(95).fill(null)],
      quality: [3, ...new Array(95).fill(0)],
      register: [2, ...new Array(95).fill(0)],
      source: [1, ...new Array(95).fill(0)],
      updatedAt: 1,
      _deleted: false,
    };
    expect(
      (await ann.call("POST", `/api/sync/energy_days/push?site=${site.id}`, [{
        newDocumentState: bucket,
      }])).status,
    )
      .toBe(200);
    const exported = await (await ann.call("GET", "/api/account/export")).json();
    expect(exported.account.email).toBe("ann@example.be");
    expect(exported.sites[0].documents).toEqual([{ collection: "energy_days", ...bucket }]);
    const csv = await (await ann.call("GET", "/api/account/export/energy.csv")).text();
    expect(csv.split("\r\n")[0]).toBe("site,start,end,import_kWh,export_kWh,quality,register");
    expect(csv.split("\r\n")[1]).toBe(
      `${site.id},2024-06-03T00:00:00+02:00,2024-06-03T00:15:00+02:00,0.250,0.000,measured,night`,
    );
    expect((await ann.call("DELETE", "/api/account", { password: "wrong" })).status).toBe(403);
    expect((await ann.call("DELETE", "/api/account", { password: PASSWORD })).status).toBe(204);
    expect(
      (await ann.call("POST", "/api/auth/signin", { email: "ann@example.be", password: PASSWORD }))
        .status,
    ).toBe(401);
    expect(await server.services.store.db.all("SELECT id FROM sites")).toEqual([]);
    expect(await server.services.store.db.all("SELECT id FROM docs")).toEqual([]);
  });

  it("sends security headers and refuses state changes from other sites", async () => {
    server = await testServer(backend);
    const response = await server.request("/api/health");
    expect(await response.json()).toEqual({ status: "ok", database: backend });
    expect(response.headers.get("Content-Security-Policy")).toContain("frame-ancestors 'none'");
    expect(response.headers.get("Referrer-Policy")).toBe("same-origin");
    expect(response.headers.get("X-Content-Type-Options")).toBe("nosniff");
    const forged = await client(server).call(
      "POST",
      "/api/auth/signup",
      { email: "x@example.be", password: PASSWORD },
      { Origin: "https://evil.example" },
    );
    expect(forged.status).toBe(403);
    const own = await client(server).call(
      "POST",
      "/api/auth/signup",
      { email: "x@example.be", password: PASSWORD },
      { Origin: "https://energie.example.be" },
    );
    expect(own.status).toBe(202);
  });
});
