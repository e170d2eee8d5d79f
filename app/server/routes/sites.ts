/**
 * Sites and their people: create (as owner, or as installer for a customer), rename and
 * configure, delete; members, invitations by e-mail with a role and a scope, removal, and
 * transfer of ownership.
 */
import { Hono } from "hono";
import { z } from "zod";
import { ROLES, SCOPES } from "../../../lib/sync/collections.ts";
import { type Env, problem, type Services } from "../context.ts";
import { hashToken, isTokenShaped, newToken } from "../auth/tokens.ts";
import { isIdShaped, siteAccess } from "./access.ts";
import { Email } from "./auth.ts";
import { readJson } from "./body.ts";

const INVITATION_MS = 14 * 86_400_000;

const SiteSettings = z.object({
  address: z.string().max(300).optional(),
  gridArea: z.string().max(60).optional(),
  phases: z.union([z.literal(1), z.literal(3)]).optional(),
  mainFuseA: z.number().positive().max(400).optional(),
}).strict();

export function siteRoutes(services: Services): Hono<Env> {
  const app = new Hono<Env>();
  const { store, mailer, config } = services;

  app.get("/api/sites", async (c) => {
    const user = c.get("user");
    if (!user) return problem(c, 401, "sign in first");
    const sites = await store.sitesOf(user.id);
    return c.json({
      sites: sites.map((s) => ({ id: s.id, name: s.name, role: s.role, scope: s.scope })),
    });
  });

  app.post("/api/sites", async (c) => {
    const user = c.get("user");
    if (!user) return problem(c, 401, "sign in first");
    const body = await readJson(
      c,
      z.object({
        name: z.string().trim().min(1).max(120),
        settings: SiteSettings.default({}),
        asInstaller: z.boolean().default(false),
      }),
    );
    if (!body.ok) return body.response;
    const site = await store.createSite(
      body.data.name,
      user.id,
      body.data.asInstaller ? "installer" : "owner",
      body.data.settings,
    );
    return c.json({ site: { id: site.id, name: site.name, settings: site.settings } }, 201);
  });

  app.get("/api/sites/:id", async (c) => {
    const access = await siteAccess(c, services, c.req.param("id"), "any");
    if (!access.ok) return access.response;
    const site = (await store.site(access.membership.siteId))!;
    return c.json({
      site: { id: site.id, name: site.name, settings: site.settings },
      role: access.membership.role,
      scope: access.membership.scope,
    });
  });

  app.patch("/api/sites/:id", async (c) => {
    const access = await siteAccess(c, services, c.req.param("id"), ["owner", "installer"], true);
    if (!access.ok) return access.response;
    const body = await readJson(
      c,
      z.object({
        name: z.string().trim().min(1).max(120).optional(),
        settings: SiteSettings.optional(),
      }),
    );
    if (!body.ok) return body.response;
    const site = (await store.site(access.membership.siteId))!;
    await store.updateSite(
      site.id,
      body.data.name ?? site.name,
      body.data.settings ?? site.settings,
    );
    return c.body(null, 204);
  });

  app.delete("/api/sites/:id", async (c) => {
    const access = await siteAccess(c, services, c.req.param("id"), ["owner"]);
    if (!access.ok) return access.response;
    await store.deleteSite(access.membership.siteId);
    return c.body(null, 204);
  });

  app.get("/api/sites/:id/members", async (c) => {
    const access = await siteAccess(c, services, c.req.param("id"), ["owner", "installer"], true);
    if (!access.ok) return access.response;
    const members = await store.members(access.membership.siteId);
    return c.json({
      members: members.map((m) => ({
        userId: m.userId,
        email: m.email,
        role: m.role,
        scope: m.scope,
      })),
    });
  });

  app.post("/api/sites/:id/invitations", async (c) => {
    const access = await siteAccess(c, services, c.req.param("id"), ["owner", "installer"], true);
    if (!access.ok) return access.response;
    const body = await readJson(
      c,
      z.object({ email: Email, role: z.enum(ROLES), scope: z.enum(SCOPES).default("all") }),
    );
    if (!body.ok) return body.response;
    const { email, role, scope } = body.data;
    // An installer sets a site up for a customer and invites its owner — nothing else.
    if (access.membership.role === "installer" && role !== "owner") {
      return problem(c, 403, "an installer can only invite the site's owner");
    }
    if (role !== "user" && scope !== "all") {
      return problem(c, 400, "only users can be limited to EV charging");
    }
    const token = newToken();
    const expiresMs = Date.now() + INVITATION_MS;
    await store.createInvitation(hashToken(token), {
      siteId: access.membership.siteId,
      email,
      role,
      scope,
      invitedBy: access.user.id,
      expiresMs,
      acceptedMs: null,
    });
    const site = (await store.site(access.membership.siteId))!;
    const link = `${config.PUBLIC_URL}/account?invite=${token}`;
    await mailer.send({
      to: email,
      subject: `Uitnodiging / Invitation: ${site.name}`,
      text: `${access.user.email} invites you to "${site.name}" (${role}, ${scope}).\n${link}\n`,
      link,
    });
    return c.json({ invited: email, role, scope, expiresMs }, 201);
  });

  app.post("/api/invitations/accept", async (c) => {
    const user = c.get("user");
    if (!user) return problem(c, 401, "sign in first");
    const body = await readJson(c, z.object({ token: z.string().max(100) }));
    if (!body.ok) return body.response;
    if (!isTokenShaped(body.data.token)) return problem(c, 400, "this invitation is not valid");
    const membership = await store.acceptInvitation(
      hashToken(body.data.token),
      user.id,
      user.email,
    );
    if (!membership) {
      return problem(
        c,
        400,
        "this invitation is not valid, has expired, or is for another e-mail address",
      );
    }
    return c.json({ siteId: membership.siteId, role: membership.role, scope: membership.scope });
  });

  app.delete("/api/sites/:id/members/:userId", async (c) => {
    const access = await siteAccess(c, services, c.req.param("id"), ["owner"]);
    if (!access.ok) return access.response;
    const target = c.req.param("userId");
    if (!isIdShaped(target)) return problem(c, 404, "no such member");
    if (target === access.user.id) {
      return problem(c, 409, "transfer ownership before leaving your own site");
    }
    const removed = await store.removeMember(access.membership.siteId, target);
    return removed ? c.body(null, 204) : problem(c, 404, "no such member");
  });

  app.post("/api/sites/:id/transfer", async (c) => {
    const access = await siteAccess(c, services, c.req.param("id"), ["owner"]);
    if (!access.ok) return access.response;
    const body = await readJson(c, z.object({ userId: z.string().min(1).max(60) }));
    if (!body.ok) return body.response;
    const target = await store.membership(access.membership.siteId, body.data.userId);
    if (!target || body.data.userId === access.user.id) {
      return problem(c, 400, "ownership goes to another member of the site");
    }
    await store.transferOwnership(access.membership.siteId, access.user.id, body.data.userId);
    return c.body(null, 204);
  });

  return app;
}
