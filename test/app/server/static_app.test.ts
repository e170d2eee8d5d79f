import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { staticApp } from "../../../app/server/static_app.ts";

let root: string;

beforeAll(async () => {
  root = await Deno.makeTempDir();
  await Deno.mkdir(`${root}/assets`);
  await Deno.writeTextFile(`${root}/index.html`, "<!doctype html><title>shell</title>");
  await Deno.writeTextFile(`${root}/assets/index-abc123.js`, "console.log(1)");
  await Deno.writeTextFile(`${root}/sw.js`, "self.x = 1");
});

afterAll(async () => {
  await Deno.remove(root, { recursive: true });
});

describe("staticApp", () => {
  it("caches hashed assets for a year and the service worker not at all", async () => {
    const app = staticApp(root);
    const asset = await app.request("/assets/index-abc123.js");
    expect(asset.status).toBe(200);
    expect(asset.headers.get("Cache-Control")).toBe("public, max-age=31536000, immutable");
    expect(await asset.text()).toBe("console.log(1)");
    const sw = await app.request("/sw.js");
    expect(sw.headers.get("Cache-Control")).toBe("no-cache");
  });

  it("answers deep links with the shell and missing files with 404", async () => {
    const app = staticApp(root);
    const deep = await app.request("/history/2024");
    expect(deep.status).toBe(200);
    expect(await deep.text()).toContain("<title>shell</title>");
    const missing = await app.request("/assets/nope.js");
    expect(missing.status).toBe(404);
  });

  it("does not serve files outside its root", async () => {
    const app = staticApp(root);
    const escape = await app.request("/../../etc/passwd");
    expect(await escape.text()).not.toContain("root:");
    const encoded = await app.request("/%2e%2e/%2e%2e/etc/passwd");
    expect(await encoded.text()).not.toContain("root:");
  });
});
