/**
 * Sign-up (confirmed from the mailbox), sign-in, sign-out, who am I, and password reset by an
 * e-mailed link. Sessions are random tokens in an httpOnly, SameSite cookie (Secure behind TLS);
 * the database holds only their hash.
 *
 * Nobody learns from these answers whether an address has an account: sign-up and reset answer
 * 202 either way, after the same work (a password hash, a queued mail), whether SMTP is up or
 * not. Sign-in is limited per (account, address) and per address, never per account alone, so
 * a stranger's wrong guesses cannot lock the owner out; past many failures on one account, each
 * further attempt is answered after a pause instead.
 */
import { Hono } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { Context, MiddlewareHandler } from "hono";
import {
  PASSWORD_MAX,
  PASSWORD_MIN,
  PASSWORD_PROBLEM_TEXT,
  passwordProblem,
} from "../../../lib/account/password_policy.ts";
import { AUTH } from "../../../lib/contract/auth.ts";
import { type Env, problem, type Services } from "../context.ts";
import { DUMMY_HASH, HashingBusy, hashPassword, verifyPassword } from "../auth/password.ts";
import { hashToken, isTokenShaped, newToken } from "../../shared/tokens.ts";
import { readJson } from "./body.ts";
import { answer, done, serve } from "./contract.ts";

export const SESSION_COOKIE = "sid";
const RESET_MS = 60 * 60_000;
const SIGNUP_MS = 24 * 60 * 60_000;
const SIGN_IN_WINDOW_MS = 15 * 60_000;
/** Wrong passwords per account from one address before that address waits. */
const PER_ACCOUNT_AND_ADDRESS = 5;
/** Sign-in attempts per address (any account) before it waits. */
const PER_ADDRESS = 30;
/** Failures on one account (from anywhere) after which each attempt is slowed down. */
const SLOW_DOWN_AFTER = 10;
const SLOW_DOWN_MS = 500;
/** Mails to one address per hour (reset links, sign-up links, "you have an account"). */
const MAILS_PER_ADDRESS_PER_HOUR = 5;
/** A reset request answers no sooner than this, whatever it found: its time tells nothing. */
const RESET_ANSWER_MS = 250;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A 400 naming what is wrong with a new password, with a code the app words itself. */
export function weakPassword(c: Context, password: string, email: string): Response | null {
  const found = passwordProblem(password, email);
  return found
    ? problem(
      c,
      400,
      `password: ${PASSWORD_PROBLEM_TEXT[found]}`,
      `password.${found}`,
      found === "tooShort"
        ? { min: PASSWORD_MIN }
        : found === "tooLong"
        ? { max: PASSWORD_MAX }
        : {},
    )
    : null;
}

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

/**
 * The address a request came from: the connection's, or — only when `TRUST_PROXY` says how many
 * proxies of ours stand in front — the one the nearest of them saw (each proxy appends to
 * X-Forwarded-For, so a client can prepend whatever it likes but never change that entry).
 */
export function clientAddress(c: Context, trustedProxies: number): string {
  const info = c.env as { remoteAddr?: { hostname?: string } } | undefined;
  const connection = info?.remoteAddr?.hostname ?? "unknown";
  if (trustedProxies === 0) return connection;
  const hops = (c.req.header("X-Forwarded-For") ?? "").split(",").map((h) => h.trim()).filter(
    Boolean,
  );
  return hops[hops.length - trustedProxies] ?? connection;
}

export function authRoutes(services: Services): Hono<Env> {
  const app = new Hono<Env>();
  const { store, outbox, limits, config, logger, feed } = services;

  /** Whether one more mail may go to this address this hour; logged when not. */
  async function mayMail(email: string): Promise<boolean> {
    const window = await limits.add(`mail-to:${email}`, 60 * 60_000);
    if (window.count <= MAILS_PER_ADDRESS_PER_HOUR) return true;
    logger.log("warn", "mail to this address held back: too many this hour");
    return false;
  }

  const busy = (c: Context, error: unknown) => {
    if (!(error instanceof HashingBusy)) throw error;
    c.header("Retry-After", "5");
    return problem(c, 503, error.message, "auth.busy");
  };

  serve(app, AUTH.signUp, async (c) => {
    const body = await readJson(c, AUTH.signUp.body);
    if (!body.ok) return body.response;
    const { email, password, invite } = body.data;
    const weak = weakPassword(c, password, email);
    if (weak) return weak;
    let passwordHash: string;
    try {
      passwordHash = await hashPassword(password);
    } catch (error) {
      return busy(c, error);
    }
    const existing = await store.userByEmail(email);
    if (await mayMail(email)) {
      if (existing) {
        const link = `${config.PUBLIC_URL}/account`;
        await outbox.enqueue({
          to: email,
          subject: "Je hebt al een account / Vous avez déjà un compte / You have an account",
          text: `Someone, maybe you, tried to create an account with this address, which has one ` +
            `already. Sign in, or ask for a new password if you forgot it:\n${link}\n`,
          link,
        });
      } else {
        const token = newToken();
        const link = `${config.PUBLIC_URL}/account?signup=${token}${
          invite ? `&invite=${invite}` : ""
        }`;
        await store.db.transaction(async (tx) => {
          await store.createSignup(
            tx,
            hashToken(token),
            email,
            passwordHash,
            Date.now() + SIGNUP_MS,
          );
          await outbox.enqueue({
            to: email,
            subject: "Bevestig je account / Confirmez votre compte / Confirm your account",
            text: `Open this link within a day to create your account:\n${link}\n`,
            link,
          }, tx);
        });
      }
    }
    return answer(c, AUTH.signUp, { sent: true });
  });

  serve(app, AUTH.confirmSignUp, async (c) => {
    const body = await readJson(c, AUTH.confirmSignUp.body);
    if (!body.ok) return body.response;
    if (!isTokenShaped(body.data.token)) {
      return problem(c, 400, "this link is not valid", "link.invalid");
    }
    const signup = await store.takeSignup(hashToken(body.data.token));
    if (!signup) return problem(c, 400, "this link is not valid or has expired", "link.expired");
    const user = await store.createUser(signup.email, signup.passwordHash);
    if (!user) {
      return problem(
        c,
        409,
        "an account with this e-mail address exists already",
        "auth.accountExists",
      );
    }
    await startSession(c, services, user.id);
    logger.log("info", "account created", { userId: user.id });
    return answer(c, AUTH.confirmSignUp, { user: { id: user.id, email: user.email } });
  });

  serve(app, AUTH.signIn, async (c) => {
    const body = await readJson(c, AUTH.signIn.body);
    if (!body.ok) return body.response;
    const { email, password } = body.data;
    const address = clientAddress(c, config.TRUST_PROXY);
    const pairKey = `signin:${email}|${address}`;
    const tooMany = (retryAfterS: number) => {
      c.header("Retry-After", String(retryAfterS));
      const minutes = Math.ceil(retryAfterS / 60);
      return problem(
        c,
        429,
        `too many sign-in attempts; try again in ${minutes} minutes`,
        "rate.signIn",
        { n: minutes },
      );
    };
    const pair = await limits.peek(pairKey, SIGN_IN_WINDOW_MS);
    if (pair.count >= PER_ACCOUNT_AND_ADDRESS) return tooMany(pair.retryAfterS);
    const fromAddress = await limits.add(`signin-from:${address}`, SIGN_IN_WINDOW_MS);
    if (fromAddress.count > PER_ADDRESS) return tooMany(fromAddress.retryAfterS);
    // Under attack from many addresses: slower answers for this account, never a lock-out.
    const failures = await limits.peek(`signin-failed:${email}`, SIGN_IN_WINDOW_MS);
    if (failures.count >= SLOW_DOWN_AFTER) await sleep(SLOW_DOWN_MS);
    const user = await store.userByEmail(email);
    let ok: boolean;
    try {
      ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
    } catch (error) {
      return busy(c, error);
    }
    if (!user || !ok) {
      await limits.add(pairKey, SIGN_IN_WINDOW_MS);
      await limits.add(`signin-failed:${email}`, SIGN_IN_WINDOW_MS);
      return problem(c, 401, "the e-mail address or the password is wrong", "auth.badCredentials");
    }
    await limits.clear(pairKey);
    await startSession(c, services, user.id);
    return answer(c, AUTH.signIn, { user: { id: user.id, email: user.email } });
  });

  serve(app, AUTH.signOut, async (c) => {
    const hash = c.get("sessionHash");
    const user = c.get("user");
    if (hash && user) {
      await store.deleteSession(hash);
      await feed.publish({ kind: "sessionsEnded", userId: user.id, sessionHash: hash });
    }
    endSessionCookie(c);
    return done(c, AUTH.signOut);
  });

  const sessionOf = async (user: { id: string; email: string }) => {
    const sites = await store.sitesOf(user.id);
    return {
      user: { id: user.id, email: user.email },
      sites: sites.map((s) => ({ id: s.id, name: s.name, role: s.role, scope: s.scope })),
    };
  };

  serve(app, AUTH.me, async (c) => {
    const user = c.get("user");
    if (!user) return problem(c, 401, "not signed in", "auth.signInFirst");
    return answer(c, AUTH.me, await sessionOf(user));
  });

  serve(app, AUTH.session, async (c) => {
    const user = c.get("user");
    if (!user) return answer(c, AUTH.session, { signedIn: false });
    return answer(c, AUTH.session, { signedIn: true, ...(await sessionOf(user)) });
  });

  serve(app, AUTH.resetRequest, async (c) => {
    const startedMs = Date.now();
    const body = await readJson(c, AUTH.resetRequest.body);
    if (!body.ok) return body.response;
    const user = await store.userByEmail(body.data.email);
    if (user && await mayMail(user.email)) {
      const token = newToken();
      const link = `${config.PUBLIC_URL}/account?reset=${token}`;
      await store.db.transaction(async (tx) => {
        // Only the newest link works.
        await store.voidTokens(tx, user.id, "reset");
        await store.createToken("reset", user.id, hashToken(token), {}, Date.now() + RESET_MS, tx);
        await outbox.enqueue({
          to: user.email,
          subject: "Nieuw wachtwoord / Nouveau mot de passe / New password",
          text: `Open this link within an hour to choose a new password:\n${link}\n`,
          link,
        }, tx);
      });
    }
    await sleep(startedMs + RESET_ANSWER_MS - Date.now());
    return answer(c, AUTH.resetRequest, { sent: true });
  });

  serve(app, AUTH.reset, async (c) => {
    const body = await readJson(c, AUTH.reset.body);
    if (!body.ok) return body.response;
    if (!isTokenShaped(body.data.token)) {
      return problem(c, 400, "this link is not valid", "link.invalid");
    }
    const hash = hashToken(body.data.token);
    // The link stays usable until a password that passes the policy is set with it.
    const open = await store.peekToken("reset", hash);
    const owner = open ? await store.userById(open.userId) : null;
    if (!open || !owner) {
      return problem(c, 400, "this link is not valid or has expired", "link.expired");
    }
    const weak = weakPassword(c, body.data.password, owner.email);
    if (weak) return weak;
    let passwordHash: string;
    try {
      passwordHash = await hashPassword(body.data.password);
    } catch (error) {
      return busy(c, error);
    }
    const taken = await store.db.transaction(async (tx) => {
      const taken = await store.takeToken("reset", hash, Date.now(), tx);
      if (!taken) return null;
      await store.voidTokens(tx, taken.userId, "reset");
      await tx.run("UPDATE users SET password_hash = $1 WHERE id = $2", [
        passwordHash,
        taken.userId,
      ]);
      await tx.run("DELETE FROM sessions WHERE user_id = $1", [taken.userId]);
      return taken;
    });
    if (!taken) return problem(c, 400, "this link is not valid or has expired", "link.expired");
    await feed.publish({ kind: "sessionsEnded", userId: taken.userId });
    return done(c, AUTH.reset);
  });

  return app;
}
