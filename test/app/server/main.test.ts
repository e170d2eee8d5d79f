/**
 * The server as `deno task start` runs it: a bad setting stops it with a clear message; it
 * creates its SQLite database on first start; SIGTERM ends open streams and stops it cleanly.
 */
import { describe, expect, it } from "vitest";
import { freePort } from "./backends.ts";

const MAIN = new URL("../../../app/server/main.ts", import.meta.url).pathname;

async function dist(): Promise<string> {
  const dir = await Deno.makeTempDir();
  await Deno.writeTextFile(`${dir}/index.html`, "<!doctype html><title>t</title>");
  return dir;
}

function start(env: Record<string, string>) {
  return new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN],
    env: { ...env, NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).spawn();
}

describe("deno task start", () => {
  it("refuses a bad setting, naming it", async () => {
    const { code, stderr } = await start({
      PORT: "eighty",
      DATABASE_URL: "mysql://x",
      DIST_DIR: await dist(),
    })
      .output();
    expect(code).toBe(1);
    const message = new TextDecoder().decode(stderr);
    expect(message).toContain('PORT="eighty": ');
    expect(message).toContain('DATABASE_URL="mysql://x": must start with postgres://');
  });

  it("creates its database, serves, and stops gracefully on SIGTERM", async () => {
    const data = await Deno.makeTempDir();
    const child = start({ PORT: String(freePort()), DATA_DIR: data, DIST_DIR: await dist() });
    const lines = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
    let log = "";
    /** Reads the server's log until `pattern` shows; its first group. */
    const logged = async (pattern: RegExp): Promise<string> => {
      for (;;) {
        const found = pattern.exec(log)?.[1];
        if (found) return found;
        const { value, done } = await lines.read();
        if (done) throw new Error(`server ended: ${log}`);
        log += value;
      }
    };
    const url = await logged(/"url":"(http:\/\/[^"]+)"/);
    expect(JSON.parse(log.split("\n")[0])).toMatchObject({
      level: "info",
      msg: "database migrated",
      applied: [1, 2, 3, 4],
    });
    expect(await (await fetch(`${url}/api/health`)).json()).toEqual({
      status: "ok",
      database: "sqlite",
    });
    await Deno.stat(`${data}/thuisenergie.db`);
    // An open event stream must not keep the server from stopping. Without SMTP, the sign-up
    // link is written to the log by the mail queue.
    const asked = await fetch(`${url}/api/auth/signup`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ email: "a@example.be", password: "long enough password" }),
    });
    expect(asked.status).toBe(202);
    await asked.body?.cancel();
    const token = await logged(/"link":"[^"]*\?signup=([A-Za-z0-9_-]{43})"/);
    const signup = await fetch(`${url}/api/auth/signup/confirm`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ token }),
    });
    expect(signup.status).toBe(201);
    const cookie = signup.headers.get("Set-Cookie")!.split(";")[0];
    const { site } = await (await fetch(`${url}/api/sites`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Cookie: cookie },
      body: JSON.stringify({ name: "Thuis" }),
    })).json();
    const stream = await fetch(`${url}/api/sync/energy_days/stream?site=${site.id}`, {
      headers: { Cookie: cookie },
    });
    const reader = stream.body!.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe("data: RESYNC\n\n");
    child.kill("SIGTERM");
    const { code } = await child.status;
    expect(code).toBe(0);
    expect((await reader.read()).done).toBe(true);
    for (;;) {
      const { value, done } = await lines.read();
      if (done) break;
      log += value;
    }
    const messages = log.trim().split("\n").map((l) => JSON.parse(l).msg);
    expect(messages.slice(-2)).toEqual(["stopping", "stopped"]);
    await child.stderr.cancel();
  });
});
