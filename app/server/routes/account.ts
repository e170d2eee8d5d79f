/**
 * The account itself: change of e-mail address (confirmed from the new address), deletion, and
 * an export of everything the server holds about the user (JSON, and the energy as CSV).
 */
import { Hono } from "hono";
import { ACCOUNT, ENERGY_CSV_PATH } from "../../../lib/contract/account.ts";
import { bucketsToCsv } from "../../../lib/energy/csv_export.ts";
import type { DayBucket } from "../../../lib/energy/day_bucket.ts";
import { canRead, isCollection, isVisible } from "../../../lib/sync/collections.ts";
import { type Env, problem, type Services } from "../context.ts";
import { verifyPassword } from "../auth/password.ts";
import { hashToken, isTokenShaped, newToken } from "../../shared/tokens.ts";
import { endSessionCookie } from "./auth.ts";
import { readJson } from "./body.ts";
import { answer, done, serve } from "./contract.ts";

const EMAIL_CHANGE_MS = 24 * 60 * 60_000;
const EMAIL_CHANGES_PER_HOUR = 5;

export function accountRoutes(services: Services): Hono<Env> {
  const app = new Hono<Env>();
  const { store, outbox, limits, config } = services;

  serve(app, ACCOUNT.changeEmail, async (c) => {
    const user = c.get("user");
    if (!user) return problem(c, 401, "sign in first", "auth.signInFirst");
    const body = await readJson(c, ACCOUNT.changeEmail.body);
    if (!body.ok) return body.response;
    if (!(await verifyPassword(body.data.password, user.passwordHash))) {
      return problem(c, 403, "the password is wrong", "auth.wrongPassword");
    }
    const window = await limits.add(`email-change:${user.id}`, 60 * 60_000);
    if (window.count > EMAIL_CHANGES_PER_HOUR) {
      c.header("Retry-After", String(window.retryAfterS));
      return problem(
        c,
        429,
        "too many address changes this hour; try again later",
        "rate.emailChange",
      );
    }
    const token = newToken();
    const link = `${config.PUBLIC_URL}/account?email=${token}`;
    await store.db.transaction(async (tx) => {
      // Only the newest confirmation link works.
      await store.voidTokens(tx, user.id, "email");
      await store.createToken(
        "email",
        user.id,
        hashToken(token),
        { email: body.data.email },
        Date.now() + EMAIL_CHANGE_MS,
        tx,
      );
      await outbox.enqueue({
        to: body.data.email,
        subject: "Bevestig je e-mailadres / Confirmez votre adresse / Confirm your address",
        text: `Open this link within a day to use this address for your account:\n${link}\n`,
        link,
      }, tx);
    });
    return answer(c, ACCOUNT.changeEmail, { sent: true });
  });

  serve(app, ACCOUNT.confirmEmail, async (c) => {
    const body = await readJson(c, ACCOUNT.confirmEmail.body);
    if (!body.ok) return body.response;
    if (!isTokenShaped(body.data.token)) {
      return problem(c, 400, "this link is not valid", "link.invalid");
    }
    const taken = await store.takeToken("email", hashToken(body.data.token));
    if (!taken) return problem(c, 400, "this link is not valid or has expired", "link.expired");
    const changed = await store.setEmail(taken.userId, String(taken.data.email));
    if (!changed) return problem(c, 409, "another account uses this address", "auth.emailTaken");
    // A reset link mailed to the old address must not work any more.
    await store.voidTokens(store.db, taken.userId, "reset");
    return done(c, ACCOUNT.confirmEmail);
  });

  serve(app, ACCOUNT.remove, async (c) => {
    const user = c.get("user");
    if (!user) return problem(c, 401, "sign in first", "auth.signInFirst");
    const body = await readJson(c, ACCOUNT.remove.body);
    if (!body.ok) return body.response;
    if (!(await verifyPassword(body.data.password, user.passwordHash))) {
      return problem(c, 403, "the password is wrong", "auth.wrongPassword");
    }
    const sites = await store.sitesOf(user.id);
    const owned = sites.filter((s) => s.role === "owner");
    for (const site of owned) {
      const members = await store.members(site.id);
      if (members.some((m) => m.userId !== user.id)) {
        return problem(
          c,
          409,
          `transfer the ownership of "${site.name}" first, or remove its members`,
          "site.transferFirst",
          { site: site.name },
        );
      }
    }
    // Sites nobody else can reach go with the account; the rest keep their data. Invitations
    // the account sent die with it.
    for (const site of owned) await store.deleteSite(site.id);
    await store.deleteInvitationsBy(user.id);
    await store.deleteUser(user.id);
    await services.feed.publish({ kind: "sessionsEnded", userId: user.id });
    endSessionCookie(c);
    services.logger.log("info", "account deleted", { userId: user.id });
    return done(c, ACCOUNT.remove);
  });

  async function visibleDocs(userId: string) {
    const sites = await store.sitesOf(userId);
    const result = [];
    for (const site of sites) {
      const docs = (await store.allDocs(site.id)).filter(({ collection, doc }) =>
        isCollection(collection) && canRead(collection, site.scope) &&
        isVisible(collection, doc, site.scope)
      );
      result.push({ site, docs });
    }
    return result;
  }

  serve(app, ACCOUNT.exportJson, async (c) => {
    const user = c.get("user");
    if (!user) return problem(c, 401, "sign in first", "auth.signInFirst");
    const sites = await visibleDocs(user.id);
    c.header("Content-Disposition", 'attachment; filename="thuisenergie-export.json"');
    return answer(c, ACCOUNT.exportJson, {
      exportedAt: new Date().toISOString(),
      account: {
        id: user.id,
        email: user.email,
        createdAt: new Date(user.createdMs).toISOString(),
      },
      sites: sites.map(({ site, docs }) => ({
        id: site.id,
        name: site.name,
        settings: site.settings,
        role: site.role,
        scope: site.scope,
        documents: docs.map(({ collection, doc }) => ({ collection, ...doc })),
      })),
    });
  });

  app.get(ENERGY_CSV_PATH, async (c) => {
    const user = c.get("user");
    if (!user) return problem(c, 401, "sign in first", "auth.signInFirst");
    const lines: string[] = [];
    for (const { site, docs } of await visibleDocs(user.id)) {
      const buckets = docs.filter((d) => d.collection === "energy_days" && !d.doc._deleted)
        .map((d) => d.doc as unknown as DayBucket);
      const csv = bucketsToCsv(buckets, "iso").trimEnd().split("\r\n");
      if (lines.length === 0) lines.push(`site,${csv[0]}`);
      for (const line of csv.slice(1)) lines.push(`${site.id},${line}`);
    }
    c.header("Content-Disposition", 'attachment; filename="thuisenergie-energy.csv"');
    return c.body(lines.join("\r\n") + "\r\n", 200, { "Content-Type": "text/csv; charset=utf-8" });
  });

  return app;
}
