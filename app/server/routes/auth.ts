/**
 * Sign-up, sign-in (rate-limited per account and per address), sign-out, who am I, and password
 * reset by e-mailed link. Sessions are random tokens in an httpOnly, SameSite cookie (Secure
 * behind TLS); the database holds only their hash.
 */
import { Hono } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { Context, MiddlewareHandler } from "hono";
import { z } from "zod";
import { type Env, problem, type Services } from "../context.ts";
import { DUMMY_HASH, hashPassword, verifyPassword } from "../auth/password.ts";
import { RateLimiter } from "../auth/rate_limit.ts";
import { hashToken, isTokenShaped, newToken } from "../auth/tokens.ts";
import { readJson } from "./body.ts";

export const SESSION_COOKIE = "sid";
const RESET_MS = 60 * 60_000;

export const Email = z.string().trim().toLowerCase().email("is not an e-mail address").max(254);
export const Password = z.string().min(10, "must have at least 10 characters").max(200);
const Credentials = z.object({ email: Email, password: Password });

/** Loads the signed-in user (if any) from the session cookie. */
export function sessionMiddleware(services: Services): MiddlewareHandler<Env> {
  return async (c, next) => {
    const token = getCookie(c, SESSION_COOKIE);
    let user = null;
    let sessionHash = null;
    if (isTokenShaped(token)) {
      sessionHash = hashToken(token);
      user = await services.store.sessionUser(sessionHash);
    }
    c.set("user", user);
    c.set("sessionHash", user ? sessionHash : null);
    await next();
  };
}

export async function startSession(c: Context<Env>, services: Services, userId: string) {
  const token = newToken();
  const maxAgeS = services.config.SESSION_DAYS * 86_400;
  await services.store.createSession(userId, hashToken(token), Date.now() + maxAgeS * 1000);
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: "Lax",
    secure: services.config.secureCookies,
    path: "/",
    maxAge: maxAgeS,
  });
}

export function endSessionCookie(c: Context<Env>) {
  deleteCookie(c, SESSION_COOKIE, { path: "/" });
}

function clientAddress(c: Context): string {
  // Behind a reverse proxy the address comes from X-Forwarded-For (the proxy sets it); otherwise
  // from the connection (Deno.serve passes it to Hono as the environment).
  const info = c.env as { remoteAddr?: { hostname?: string } } | undefined;
  return c.req.header("X-Forwarded-For")?.split(",")[0].trim() ?? info?.remoteAddr?.hostname ??
    "unknown";
}

export function authRoutes(services: Services): Hono<Env> {
  const app = new Hono<Env>();
  const { store, mailer, config, logger } = services;
  const perAccount = new RateLimiter(5, 15 * 60_000);
  const perAddress = new RateLimiter(30, 15 * 60_000);

  app.post("/api/auth/signup", async (c) => {
    const body = await readJson(c, Credentials);
    if (!body.ok) return body.response;
    const user = await store.createUser(body.data.email, await hashPassword(body.data.password));
    if (!user) return problem(c, 409, "an account with this e-mail address exists already");
    await startSession(c, services, user.id);
    logger.log("info", "account created", { userId: user.id });
    return c.json({ user: { id: user.id, email: user.email } }, 201);
  });

  app.post("/api/auth/signin", async (c) => {
    const body = await readJson(c, z.object({ email: Email, password: z.string().max(200) }));
    if (!body.ok) return body.response;
    const { email, password } = body.data;
    if (!perAccount.attempt(email) || !perAddress.attempt(clientAddress(c))) {
      c.header("Retry-After", "900");
      return problem(c, 429, "too many sign-in attempts; try again in 15 minutes");
    }
    const user = await store.userByEmail(email);
    const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
    if (!user || !ok) return problem(c, 401, "the e-mail address or the password is wrong");
    perAccount.reset(email);
    await startSession(c, services, user.id);
    return c.json({ user: { id: user.id, email: user.email } });
  });

  app.post("/api/auth/signout", async (c) => {
    const hash = c.get("sessionHash");
    if (hash) await store.deleteSession(hash);
    endSessionCookie(c);
    return c.body(null, 204);
  });

  app.get("/api/auth/me", async (c) => {
    const user = c.get("user");
    if (!user) return problem(c, 401, "not signed in");
    const sites = await store.sitesOf(user.id);
    return c.json({
      user: { id: user.id, email: user.email },
      sites: sites.map((s) => ({ id: s.id, name: s.name, role: s.role, scope: s.scope })),
    });
  });

  app.post("/api/auth/reset-request", async (c) => {
    const body = await readJson(c, z.object({ email: Email }));
    if (!body.ok) return body.response;
    const user = await store.userByEmail(body.data.email);
    // The same answer either way: nobody learns which addresses have an account.
    if (user) {
      const token = newToken();
      await store.createToken("reset", user.id, hashToken(token), {}, Date.now() + RESET_MS);
      const link = `${config.PUBLIC_URL}/account?reset=${token}`;
      await mailer.send({
        to: user.email,
        subject: "Nieuw wachtwoord / Nouveau mot de passe / New password",
        text: `Open this link within an hour to choose a new password:\n${link}\n`,
        link,
      });
    }
    return c.json({ sent: true }, 202);
  });

  app.post("/api/auth/reset", async (c) => {
    const body = await readJson(c, z.object({ token: z.string().max(100), password: Password }));
    if (!body.ok) return body.response;
    if (!isTokenShaped(body.data.token)) return problem(c, 400, "this link is not valid");
    const taken = await store.takeToken("reset", hashToken(body.data.token));
    if (!taken) return problem(c, 400, "this link is not valid or has expired");
    await store.setPassword(taken.userId, await hashPassword(body.data.password));
    await store.deleteSessionsOf(taken.userId);
    return c.body(null, 204);
  });

  return app;
}
