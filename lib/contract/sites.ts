/** Sites and their people: the site itself, members, invitations, and ownership. */
import { z } from "zod";
import { ROLES, SCOPES } from "../sync/roles.ts";
import { AccountSiteModel, EmailModel } from "./auth.ts";
import { endpoint } from "./endpoint.ts";

export const SiteSettingsModel = z.object({
  address: z.string().max(300).optional(),
  gridArea: z.string().max(60).optional(),
  phases: z.union([z.literal(1), z.literal(3)]).optional(),
  mainFuseA: z.number().positive().max(400).optional(),
}).strict();
export type SiteSettings = z.infer<typeof SiteSettingsModel>;

const SiteName = z.string().trim().min(1).max(120);

export const SiteDetailsModel = z.object({
  id: z.string(),
  name: z.string(),
  settings: SiteSettingsModel,
});
export type SiteDetails = z.infer<typeof SiteDetailsModel>;

export const MemberModel = z.object({
  userId: z.string(),
  email: z.string(),
  role: z.enum(ROLES),
  scope: z.enum(SCOPES),
});
export type Member = z.infer<typeof MemberModel>;

export const SITES = {
  list: endpoint({
    method: "GET",
    path: "/api/sites",
    body: null,
    status: 200,
    answer: z.object({ sites: z.array(AccountSiteModel) }),
  }),
  create: endpoint({
    method: "POST",
    path: "/api/sites",
    body: z.object({
      name: SiteName,
      settings: SiteSettingsModel.default({}),
      asInstaller: z.boolean().default(false),
    }),
    status: 201,
    answer: z.object({ site: SiteDetailsModel }),
  }),
  get: endpoint({
    method: "GET",
    path: "/api/sites/:id",
    body: null,
    status: 200,
    answer: z.object({ site: SiteDetailsModel, role: z.enum(ROLES), scope: z.enum(SCOPES) }),
  }),
  update: endpoint({
    method: "PATCH",
    path: "/api/sites/:id",
    body: z.object({ name: SiteName.optional(), settings: SiteSettingsModel.optional() }),
    status: 204,
    answer: null,
  }),
  remove: endpoint({
    method: "DELETE",
    path: "/api/sites/:id",
    body: null,
    status: 204,
    answer: null,
  }),
  members: endpoint({
    method: "GET",
    path: "/api/sites/:id/members",
    body: null,
    status: 200,
    answer: z.object({ members: z.array(MemberModel) }),
  }),
  invite: endpoint({
    method: "POST",
    path: "/api/sites/:id/invitations",
    body: z.object({
      email: EmailModel,
      role: z.enum(ROLES),
      scope: z.enum(SCOPES).default("all"),
    }),
    status: 201,
    answer: z.object({
      invited: z.string(),
      role: z.enum(ROLES),
      scope: z.enum(SCOPES),
      expiresMs: z.number().int(),
    }),
  }),
  acceptInvitation: endpoint({
    method: "POST",
    path: "/api/invitations/accept",
    body: z.object({ token: z.string().max(100) }),
    status: 200,
    answer: z.object({ siteId: z.string(), role: z.enum(ROLES), scope: z.enum(SCOPES) }),
  }),
  removeMember: endpoint({
    method: "DELETE",
    path: "/api/sites/:id/members/:userId",
    body: null,
    status: 204,
    answer: null,
  }),
  transfer: endpoint({
    method: "POST",
    path: "/api/sites/:id/transfer",
    body: z.object({ userId: z.string().min(1).max(60) }),
    status: 204,
    answer: null,
  }),
};
