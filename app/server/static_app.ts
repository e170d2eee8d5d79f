/**
 * Serves the built PWA: hashed assets cached for a year, the service worker and the HTML never
 * cached (so updates are seen), and any unknown path answered with the app shell.
 */
import { Hono } from "hono";
import { serveStatic } from "hono/deno";

export function staticApp(root: string): Hono {
  const app = new Hono();
  app.use("/assets/*", async (c, next) => {
    await next();
    if (c.res.ok) c.header("Cache-Control", "public, max-age=31536000, immutable");
  });
  app.use("*", async (c, next) => {
    await next();
    if (!c.res.headers.has("Cache-Control")) c.header("Cache-Control", "no-cache");
  });
  app.use("*", serveStatic({ root }));
  // The PWA routes on the client: a deep link gets the shell, a missing file a plain 404.
  app.get("*", async (c) => {
    if (/\.[a-z0-9]+$/i.test(new URL(c.req.url).pathname)) return c.text("Not found", 404);
    return c.html(await Deno.readTextFile(`${root}/index.html`));
  });
  return app;
}
