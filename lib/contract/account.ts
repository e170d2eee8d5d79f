/** The account itself: its address, its deletion, and the export of what the server holds. */
import { z } from "zod";
import { ROLES, SCOPES } from "../sync/roles.ts";
import { EmailModel, SentModel } from "./auth.ts";
import { endpoint } from "./endpoint.ts";
import { SiteSettingsModel } from "./sites.ts";

const Password = z.string().max(200);

export const AccountExportModel = z.object({
  exportedAt: z.iso.datetime(),
  account: z.object({ id: z.string(), email: z.string(), createdAt: z.iso.datetime() }),
  sites: z.array(z.object({
    id: z.string(),
    name: z.string(),
    settings: SiteSettingsModel,
    role: z.enum(ROLES),
    scope: z.enum(SCOPES),
    /** Every document of the site the account may read, each with its collection. */
    documents: z.array(z.looseObject({ collection: z.string(), id: z.string() })),
  })),
});

/** The energy of every site the account may read, as CSV (a download, not JSON). */
export const ENERGY_CSV_PATH = "/api/account/export/energy.csv";

export const ACCOUNT = {
  changeEmail: endpoint({
    method: "POST",
    path: "/api/account/email",
    body: z.object({ email: EmailModel, password: Password }),
    status: 202,
    answer: SentModel,
  }),
  confirmEmail: endpoint({
    method: "POST",
    path: "/api/account/email/confirm",
    body: z.object({ token: z.string().max(100) }),
    status: 204,
    answer: null,
  }),
  remove: endpoint({
    method: "DELETE",
    path: "/api/account",
    body: z.object({ password: Password }),
    status: 204,
    answer: null,
  }),
  exportJson: endpoint({
    method: "GET",
    path: "/api/account/export",
    body: null,
    status: 200,
    answer: AccountExportModel,
  }),
};
