/**
 * Roles on a site and the scopes a membership can be limited to. Apart from the collections'
 * table (`collections.ts`, with every document's model), so the account's endpoints can name
 * them without loading those models.
 */
export const ROLES = ["owner", "installer", "user"] as const;
export type Role = (typeof ROLES)[number];
export const SCOPES = ["all", "ev"] as const;
export type Scope = (typeof SCOPES)[number];
