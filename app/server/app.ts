/** The server's routes: the day-ahead price relay, then the built PWA. */
import { Hono } from "hono";
import { ENTSOE_API } from "../../lib/tariff/entsoe.ts";
import { dayAheadRoutes } from "./day_ahead.ts";
import { staticApp } from "./static_app.ts";

export function serverApp(root: string, options: { entsoeUrl?: string } = {}): Hono {
  const app = new Hono();
  app.route("/", dayAheadRoutes(options.entsoeUrl ?? ENTSOE_API));
  app.route("/", staticApp(root));
  return app;
}
