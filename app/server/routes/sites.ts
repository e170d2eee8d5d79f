/**
 * Sites and their people: create (as owner, or as installer for a customer), rename and
 * configure, delete; members, invitations by e-mail with a role and a scope, removal, and
 * transfer of ownership.
 */
import { Hono } from "hono";
import { SITES } from "../../../lib/contract/sites.ts";
import { type Env, problem, type Services } from "../context.ts";
import { hashToken, isTokenShaped, newToken } from "../../shared/tokens.ts";
import { mayInvite } from "../store.ts";
import { isIdShaped, siteAccess } from "./access.ts";
import { readJson } from "./body.ts";
import { answer, done, serve } from "./contract.ts";

const INVITATION_MS = 14 * 86_400_000;
const INVITATIONS_PER_SITE_PER_DAY = 20;
const INVITATIONS_PER_ACCOUNT_PER_DAY = 50;

export function siteRoutes(services: Services): Hono<Env> {
  const app = new Hono<Env>();
  const { store, outbox, limits, config } = services;

  serve(app, SITES.list, async (c) => {
    const user = c.get("user");
    if (!user) return problem(c, 401, "sign in first", "auth.signInFirst");
    const sites = await store.sitesOf(user.id);
    return answer(c, SITES.list, {
      sites: sites.map((s) => ({ id: s.id, name: s.name, role: s.role, scope: s.scope })),
    });
  });

  serve(app, SITES.create, async (c) => {
    const user = c.get("user");
    if (!user) return problem(c, 401, "sign in first", "auth.signInFirst");
    const body = await readJson(c, SITES.create.body);
    if (!body.ok) return body.response;
    const site = await store.createSite(
      body.data.name,
      user.id,
      body.data.asInstaller ? "installer" : "owner",
      body.data.settings,
    );
    return answer(c, SITES.create, {
      site: { id: site.id, name: site.name, settings: site.settings },
    });
  });

  serve(app, SITES.get, async (c) => {
    const access = await siteAccess(c, services, c.req.param("id"), "any");
    if (!access.ok) return access.response;
    const site = (await store.site(access.membership.siteId))!;
    return answer(c, SITES.get, {
      site: { id: site.id, name: site.name, settings: site.settings },
      role: access.membership.role,
      scope: access.membership.scope,
    });
  });

  serve(app, SITES.update, async (c) => {
    const access = await siteAccess(c, services, c.req.param("id"), ["owner", "installer"], true);
    if (!access.ok) return access.response;
    const body = await readJson(c, SITES.update.body);
    if (!body.ok) return body.response;
    const site = (await store.site(access.membership.siteId))!;
    await store.updateSite(
      site.id,
      body.data.name ?? site.name,
      body.data.settings ?? site.settings,
    );
    return done(c, SITES.update);
  });

  serve(app, SITES.remove, async (c) => {
    const access = await siteAccess(c, services, c.req.param("id"), ["owner"]);
    if (!access.ok) return access.response;
    const { siteId } = access.membership;
    const members = await store.members(siteId);
    await store.deleteSite(siteId);
    for (const m of members) {
      await services.feed.publish({ kind: "accessChanged", siteId, userId: m.userId });
    }
    return done(c, SITES.remove);
  });

  serve(app, SITES.members, async (c) => {
    const access = await siteAccess(c, services, c.req.param("id"), ["owner", "installer"], true);
    if (!access.ok) return access.response;
    const members = await store.members(access.membership.siteId);
    return answer(c, SITES.members, {
      members: members.map((m) => ({
        userId: m.userId,
        email: m.email,
        role: m.role,
        scope: m.scope,
      })),
    });
  });

  serve(app, SITES.invite, async (c) => {
    const access = await siteAccess(c, services, c.req.param("id"), ["owner", "installer"], true);
    if (!access.ok) return access.response;
    const body = await readJson(c, SITES.invite.body);
    if (!body.ok) return body.response;
    const { email, role, scope } = body.data;
    const { siteId } = access.membership;
    if (!mayInvite(access.membership.role, role, await store.hasOwner(siteId))) {
      return problem(
        c,
        403,
        access.membership.role === "installer"
          ? "an installer can only invite the owner of a site that has none yet"
          : "your role on this site does not allow this",
        access.membership.role === "installer" ? "invite.installerOwnerOnly" : "site.roleDenied",
      );
    }
    if (role !== "user" && scope !== "all") {
      return problem(c, 400, "only users can be limited to EV charging", "invite.evUsersOnly");
    }
    for (
      const [key, limit] of [[`invite-site:${siteId}`, INVITATIONS_PER_SITE_PER_DAY], [
        `invite-by:${access.user.id}`,
        INVITATIONS_PER_ACCOUNT_PER_DAY,
      ]] as const
    ) {
      const window = await limits.add(key, 86_400_000);
      if (window.count > limit) {
        c.header("Retry-After", String(window.retryAfterS));
        return problem(
          c,
          429,
          "too many invitations today; try again tomorrow",
          "rate.invitations",
        );
      }
    }
    const token = newToken();
    const expiresMs = Date.now() + INVITATION_MS;
    const site = (await store.site(siteId))!;
    const link = `${config.PUBLIC_URL}/account?invite=${token}`;
    await store.db.transaction(async (tx) => {
      await store.createInvitation(hashToken(token), {
        siteId,
        email,
        role,
        scope,
        invitedBy: access.user.id,
        expiresMs,
        acceptedMs: null,
      }, tx);
      await outbox.enqueue({
        to: email,
        subject: `Uitnodiging / Invitation: ${site.name}`,
        text: `${access.user.email} invites you to "${site.name}" (${role}, ${scope}).\n${link}\n`,
        link,
      }, tx);
    });
    return answer(c, SITES.invite, { invited: email, role, scope, expiresMs });
  });

  serve(app, SITES.acceptInvitation, async (c) => {
    const user = c.get("user");
    if (!user) return problem(c, 401, "sign in first", "auth.signInFirst");
    const body = await readJson(c, SITES.acceptInvitation.body);
    if (!body.ok) return body.response;
    if (!isTokenShaped(body.data.token)) {
      return problem(c, 400, "this invitation is not valid", "invite.invalid");
    }
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
        "invite.notForYou",
      );
    }
    return answer(c, SITES.acceptInvitation, {
      siteId: membership.siteId,
      role: membership.role,
      scope: membership.scope,
    });
  });

  /**
   * Removal: any member may leave (an owner only while another owner stays); an owner removes
   * users and installers, never another owner. The invitations the removed member sent and
   * nobody accepted yet die with the membership.
   */
  serve(app, SITES.removeMember, async (c) => {
    const access = await siteAccess(c, services, c.req.param("id"), "any");
    if (!access.ok) return access.response;
    const { siteId, role } = access.membership;
    const target = c.req.param("userId");
    if (!isIdShaped(target)) return problem(c, 404, "no such member", "member.notFound");
    if (target === access.user.id) {
      const owners = (await store.members(siteId)).filter((m) => m.role === "owner");
      if (role === "owner" && owners.length === 1) {
        return problem(
          c,
          409,
          "transfer ownership before leaving your own site",
          "member.lastOwner",
        );
      }
    } else {
      if (role !== "owner" || access.membership.scope !== "all") {
        return problem(c, 403, "your role on this site does not allow this", "site.roleDenied");
      }
      const member = await store.membership(siteId, target);
      if (!member) return problem(c, 404, "no such member", "member.notFound");
      if (member.role === "owner") {
        return problem(
          c,
          403,
          "an owner leaves only by themselves, or by handing the site over",
          "member.ownerStays",
        );
      }
    }
    await store.removeMember(siteId, target);
    await store.deleteInvitationsBy(target, siteId);
    await services.feed.publish({ kind: "accessChanged", siteId, userId: target });
    return done(c, SITES.removeMember);
  });

  serve(app, SITES.transfer, async (c) => {
    const access = await siteAccess(c, services, c.req.param("id"), ["owner"]);
    if (!access.ok) return access.response;
    const body = await readJson(c, SITES.transfer.body);
    if (!body.ok) return body.response;
    const target = await store.membership(access.membership.siteId, body.data.userId);
    if (!target || body.data.userId === access.user.id) {
      return problem(
        c,
        400,
        "ownership goes to another member of the site",
        "member.transferTarget",
      );
    }
    await store.transferOwnership(access.membership.siteId, access.user.id, body.data.userId);
    await services.feed.publish({
      kind: "accessChanged",
      siteId: access.membership.siteId,
      userId: access.user.id,
    });
    return done(c, SITES.transfer);
  });

  return app;
}
