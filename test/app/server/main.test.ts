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

/** Reads a child's output as it comes: `until(pattern)` gives the first group once it shows. */
function output(stream: ReadableStream<Uint8Array<ArrayBuffer>>) {
  const chunks = stream.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  return {
    get text() {
      return text;
    },
    async until(pattern: RegExp): Promise<string> {
      for (;;) {
        const found = pattern.exec(text)?.[1];
        if (found) return found;
        const { value, done } = await chunks.read();
        if (done) throw new Error(`server ended: ${text}`);
        text += value;
      }
    },
    /** Everything, once the stream has ended. */
    async rest(): Promise<string> {
      for (;;) {
        const { value, done } = await chunks.read();
        if (done) return text;
        text += value;
      }
    },
  };
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
    const port = freePort();
    const child = start({ PORT: String(port), DATA_DIR: data, DIST_DIR: await dist() });
    const log = output(child.stdout);
    const said = output(child.stderr);
    // One line for the person who started it, on stderr; stdout is the JSON log.
    const url = await said.until(/^Thuisenergie draait op (http:\/\/localhost:\d+)$/m);
    expect(url).toBe(`http://localhost:${port}`);
    await log.until(/"msg":"(database migrated)"/);
    expect(JSON.parse(log.text.split("\n")[0])).toMatchObject({
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
    const token = await log.until(/"link":"[^"]*\?signup=([A-Za-z0-9_-]{43})"/);
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
    const messages = (await log.rest()).trim().split("\n").map((l) => JSON.parse(l).msg);
    expect(messages.slice(-2)).toEqual(["stopping", "stopped"]);
    expect(await said.rest()).toBe(`Thuisenergie draait op ${url}\n`);
  });

  it("with PORT=0, says and mails the port the system chose (PUBLIC_URL unset)", async () => {
    const data = await Deno.makeTempDir();
    const child = start({ PORT: "0", DATA_DIR: data, DIST_DIR: await dist() });
    const log = output(child.stdout);
    const said = output(child.stderr);
    const port = Number(await said.until(/^Thuisenergie draait op http:\/\/localhost:(\d+)$/m));
    expect(port).toBeGreaterThan(0);
    const asked = await fetch(`http://127.0.0.1:${port}/api/auth/signup`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ email: "b@example.be", password: "long enough password" }),
    });
    expect(asked.status).toBe(202);
    await asked.body?.cancel();
    // The mail queue writes the sign-up link to the log (no SMTP): on the port listened on.
    const link = new URL(await log.until(/"link":"([^"]*\?signup=[A-Za-z0-9_-]{43})"/));
    expect(link.origin).toBe(`http://localhost:${port}`);
    const opened = await fetch(`http://127.0.0.1:${port}${link.pathname}${link.search}`);
    expect([opened.status, await opened.text()]).toEqual([200, "<!doctype html><title>t</title>"]);
    child.kill("SIGTERM");
    expect((await child.status).code).toBe(0);
    await Promise.all([log.rest(), said.rest()]);
    await Deno.remove(data, { recursive: true });
  });
});
