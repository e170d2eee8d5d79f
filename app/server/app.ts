/**
 * The server: security headers, a body limit, a same-origin check on every state-changing
 * request, the session, then the API (health, accounts, sites, sync, day-ahead prices) and the
 * built PWA.
 */
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { secureHeaders } from "hono/secure-headers";
import { DAY_AHEAD } from "../../lib/contract/day_ahead.ts";
import { HEALTH } from "../../lib/contract/health.ts";
import { ENTSOE_API } from "../../lib/tariff/entsoe.ts";
import { type Env, problem, type Services } from "./context.ts";
import { dayAheadRoutes } from "./day_ahead.ts";
import { accountRoutes } from "./routes/account.ts";
import { authRoutes, sessionMiddleware } from "./routes/auth.ts";
import { answer, serve } from "./routes/contract.ts";
import { siteRoutes } from "./routes/sites.ts";
import { syncRoutes } from "./routes/sync.ts";
import { staticApp } from "./static_app.ts";

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export function serverApp(root: string, services: Services): Hono<Env> {
  const app = new Hono<Env>();
  const { logger, config } = services;

  app.use("*", async (c, next) => {
    const started = performance.now();
    await next();
    const path = new URL(c.req.url).pathname; // no query: it can carry tokens
    if (path.startsWith("/api/")) {
      logger.log("info", "request", {
        method: c.req.method,
        path,
        status: c.res.status,
        ms: Math.round(performance.now() - started),
        userId: c.get("user")?.id,
      });
    }
  });
  app.use(
    "*",
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", "data:"],
        // A paired gateway is reached over WebSocket on the household's own network; the solar
        // forecast's weather comes from Open-Meteo (app/browser/solar_forecast.ts).
        connectSrc: ["'self'", "ws:", "wss:", "https://api.open-meteo.com"],
        workerSrc: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
      },
      referrerPolicy: "same-origin",
      crossOriginEmbedderPolicy: false,
    }),
  );
  app.use(
    "/api/*",
    bodyLimit({
      maxSize: config.MAX_BODY_BYTES,
      onError: (c) =>
        problem(
          c,
          413,
          `the request is larger than ${config.MAX_BODY_BYTES} bytes`,
          "request.tooLarge",
        ),
    }),
  );
  const hosts = config.origins.map((origin) => new URL(origin).host);
  app.use("/api/*", async (c, next) => {
    // The API answers for its own name only: a page on a name rebound to this server's address
    // reaches nothing. The health check answers whatever name a monitor uses.
    const host = c.req.header("Host") ?? new URL(c.req.url).host;
    if (!hosts.includes(host) && new URL(c.req.url).pathname !== HEALTH.check.path) {
      return problem(
        c,
        421,
        `this server answers for ${hosts[0]} only (PUBLIC_URL)`,
        "request.wrongHost",
      );
    }
    // CSRF: a state-changing request must come from this app's own pages. Browsers send Origin
    // on cross-site requests; a JSON body cannot be sent cross-site without this server's consent.
    if (UNSAFE.has(c.req.method)) {
      const origin = c.req.header("Origin");
      if (origin !== undefined && !config.origins.includes(origin)) {
        return problem(c, 403, "requests from other sites are refused", "request.crossSite");
      }
    }
    await next();
  });
  app.use("/api/*", sessionMiddleware(services));

  serve(app, HEALTH.check, async (c) => {
    try {
      await services.store.db.get("SELECT 1 AS ok");
      return answer(c, HEALTH.check, { status: "ok", database: services.store.db.dialect });
    } catch {
      return c.json({ status: "error", database: services.store.db.dialect }, 503);
    }
  });
  app.route("/", authRoutes(services));
  app.route("/", accountRoutes(services));
  app.route("/", siteRoutes(services));
  app.route("/", syncRoutes(services));
  // The relay is for the app's users, not an open proxy to ENTSO-E.
  app.use(DAY_AHEAD.prices.path, async (c, next) => {
    if (!c.get("user")) {
      return problem(c, 401, "sign in to fetch day-ahead prices", "auth.signInForPrices");
    }
    await next();
  });
  app.route("/", dayAheadRoutes(config.ENTSOE_API_URL ?? ENTSOE_API));
  app.all("/api/*", (c) => problem(c, 404, "no such endpoint", "request.noEndpoint"));
  app.onError((error, c) => {
    logger.log("error", "request failed", {
      path: new URL(c.req.url).pathname,
      error: String(error),
    });
    return c.json({ error: "the server could not handle this request" }, 500);
  });
  app.route("/", staticApp(root));
  return app;
}
