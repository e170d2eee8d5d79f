/**
 * `deno task start`: serves the built PWA and the day-ahead price relay on http://localhost:8000
 * (PORT and HOST to change; ENTSOE_API_URL to point the relay elsewhere).
 */
import { serverApp } from "./app.ts";

const port = Number(Deno.env.get("PORT") ?? 8000);
const root = new URL("../../dist", import.meta.url).pathname;
try {
  await Deno.stat(`${root}/index.html`);
} catch {
  console.error("No build in dist/: run `deno task build` (or `deno task start`, which builds).");
  Deno.exit(1);
}
Deno.serve(
  { port, hostname: Deno.env.get("HOST") ?? "127.0.0.1" },
  serverApp(root, { entsoeUrl: Deno.env.get("ENTSOE_API_URL") }).fetch,
);
