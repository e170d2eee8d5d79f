/**
 * Who may do what on a site. A site the user is not a member of answers 404 (its existence is
 * not revealed); a member without the right gets 403; no session, 401.
 */
import type { Context } from "hono";
import type { Role } from "../../../lib/sync/collections.ts";
import { type Env, problem, type Services } from "../context.ts";
import type { Membership, User } from "../store.ts";

/** Ids the server hands out (UUIDs) and nothing that could trouble a query: else "not found". */
export function isIdShaped(id: string | undefined): id is string {
  return id !== undefined && /^[A-Za-z0-9_-]{1,64}$/.test(id);
}

export type Access =
  | { ok: true; user: User; membership: Membership }
  | { ok: false; response: Response };

export async function siteAccess(
  c: Context<Env>,
  services: Services,
  siteId: string | undefined,
  roles: readonly Role[] | "any",
  fullScopeOnly = false,
): Promise<Access> {
  const user = c.get("user");
  if (!user) return { ok: false, response: problem(c, 401, "sign in first", "auth.signInFirst") };
  const membership = isIdShaped(siteId) ? await services.store.membership(siteId, user.id) : null;
  if (!membership) return { ok: false, response: problem(c, 404, "no such site", "site.notFound") };
  const roleOk = roles === "any" || roles.includes(membership.role);
  if (!roleOk || (fullScopeOnly && membership.scope !== "all")) {
    return {
      ok: false,
      response: problem(c, 403, "your role on this site does not allow this", "site.roleDenied"),
    };
  }
  return { ok: true, user, membership };
}
