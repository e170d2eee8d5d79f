/**
 * Two server processes on one PostgreSQL, started at the same moment on an empty database:
 * migrations run once under a lock, a push to one reaches a stream open on the other
 * (LISTEN/NOTIFY), sign-in limits are shared, and a sign-out on one ends the stream on the other.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "../../../app/server/auth/password.ts";
import { hashToken, newToken } from "../../../app/shared/tokens.ts";
import { postgresDb } from "../../../app/server/db/postgres.ts";
import { Store } from "../../../app/server/store.ts";
import { until } from "../../until.ts";
import { freePort, freshPostgresUrl } from "./backends.ts";
import { PASSWORD, sampleDoc } from "./world.ts";

const MAIN = new URL("../../../app/server/main.ts", import.meta.url).pathname;

interface Process {
  url: string;
  child: Deno.ChildProcess;
  output: Promise<string>;
}

let databaseUrl = "";
let processes: Process[] = [];

async function dist(): Promise<string> {
  const dir = await Deno.makeTempDir();
  await Deno.writeTextFile(`${dir}/index.html`, "<!doctype html><title>t</title>");
  return dir;
}

beforeAll(async () => {
  databaseUrl = await freshPostgresUrl();
  const root = await dist();
  processes = [freePort(), freePort()].map((port) => {
    const child = new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", MAIN],
      env: { PORT: String(port), DATABASE_URL: databaseUrl, DIST_DIR: root, NO_COLOR: "1" },
      stdout: "piped",
      stderr: "null",
    }).spawn();
    const output = new Response(child.stdout).text();
    return { url: `http://127.0.0.1:${port}`, child, output };
  });
  for (const p of processes) {
    await until(
      async () => {
        try {
          const response = await fetch(`${p.url}/api/health`);
          await response.body?.cancel();
          return response.ok;
        } catch {
          return false;
        }
      },
      30_000,
      100,
    );
  }
}, 60_000);

afterAll(async () => {
  for (const p of processes) {
    try {
      p.child.kill("SIGTERM");
    } catch { /* already ended */ }
    await p.child.status;
  }
});

describe("two server processes on one PostgreSQL", () => {
  it(
    "migrates once, shares the change feed, the sign-in limits and the end of a session",
    async () => {
      const db = postgresDb(databaseUrl);
      const store = new Store(db);
      const user = (await store.createUser("ann@example.be", await hashPassword(PASSWORD)))!;
      const site = await store.createSite("Thuis", user.id, "owner");
      const token = newToken();
      await store.createSession(user.id, hashToken(token), Date.now() + 3_600_000);
      const cookie = `sid=${token}`;
      const [a, b] = processes;

      // A stream on process B hears a push made to process A.
      const stream = await fetch(`${b.url}/api/sync/meters/stream?site=${site.id}`, {
        headers: { Cookie: cookie },
      });
      const reader = stream.body!.getReader();
      expect(new TextDecoder().decode((await reader.read()).value)).toBe("data: RESYNC\n\n");
      const meter = sampleDoc("meters", site.id, 1);
      const pushed = await fetch(`${a.url}/api/sync/meters/push?site=${site.id}`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Cookie: cookie },
        body: JSON.stringify([{ newDocumentState: meter }]),
      });
      expect(await pushed.json()).toEqual([]);
      const event = new TextDecoder().decode((await reader.read()).value);
      expect(event.startsWith("data: ")).toBe(true);
      const change = JSON.parse(event.slice(6));
      expect(change.documents).toEqual([meter]);
      expect(change.checkpoint.seq).toBeGreaterThan(0);

      // Five wrong passwords on A; the sixth, on B, is refused too.
      const signIn = async (p: Process) => {
        const response = await fetch(`${p.url}/api/auth/signin`, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ email: "ann@example.be", password: "not the password" }),
        });
        await response.body?.cancel();
        return response.status;
      };
      const statuses = [];
      for (let i = 0; i < 5; i++) statuses.push(await signIn(a));
      statuses.push(await signIn(b));
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);

      // Signing out on A ends the stream open on B.
      const out = await fetch(`${a.url}/api/auth/signout`, {
        method: "POST",
        headers: { Cookie: cookie },
      });
      expect(out.status).toBe(204);
      for (;;) if ((await reader.read()).done) break;
      await db.close();

      // Both started on an empty database: exactly one of them migrated it.
      for (const p of processes) p.child.kill("SIGTERM");
      const logs = await Promise.all(processes.map((p) => p.output));
      const migrated = logs.map((log) =>
        log.split("\n").filter(Boolean).map((l) => JSON.parse(l)).filter((e) =>
          e.msg === "database migrated"
        )
      );
      expect(migrated.map((m) => m.length).sort()).toEqual([0, 1]);
      expect(migrated.flat()[0].applied).toEqual([1, 2, 3, 4]);
    },
    60_000,
  );
});
