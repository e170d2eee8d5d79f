/** Accounts: sign-up (confirmed from the mailbox), sign-in and out, who am I, password reset. */
import { z } from "zod";
import { PASSWORD_MAX } from "../account/password_policy.ts";
import { ROLES, SCOPES } from "../sync/roles.ts";
import { endpoint } from "./endpoint.ts";

export const EmailModel = z.string().trim().toLowerCase().email("is not an e-mail address").max(
  254,
);
/** A link's token as the server hands it out (checked in full before any lookup). */
const LinkToken = z.string().max(100);
/** New passwords are checked by the policy; this only bounds what is read. */
const NewPassword = z.string().max(PASSWORD_MAX * 4);

export const UserModel = z.object({ id: z.string(), email: z.string() });

/** A site as its member sees it in the session. */
export const AccountSiteModel = z.object({
  id: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  scope: z.enum(SCOPES),
});
export type AccountSite = z.infer<typeof AccountSiteModel>;

export const SessionModel = z.object({ user: UserModel, sites: z.array(AccountSiteModel) });
export type Session = z.infer<typeof SessionModel>;

/**
 * Whether anyone is signed in on this browser, and then who with their sites. Signed out is an
 * answer here, not a failure: the app asks at every start, and a 401 would be logged by the
 * browser as an error on every visit of a signed-out household.
 */
export const SessionStateModel = z.discriminatedUnion("signedIn", [
  z.object({ signedIn: z.literal(false) }),
  SessionModel.extend({ signedIn: z.literal(true) }),
]);
export type SessionState = z.infer<typeof SessionStateModel>;

/** "A mail is on its way" — the same whether or not the address has an account. */
export const SentModel = z.object({ sent: z.literal(true) });
const SignedIn = z.object({ user: UserModel });

export const AUTH = {
  signUp: endpoint({
    method: "POST",
    path: "/api/auth/signup",
    body: z.object({
      email: EmailModel,
      password: NewPassword,
      /** An invitation being answered: it travels on in the confirmation link. */
      invite: z.string().regex(/^[A-Za-z0-9_-]{43}$/, "is not an invitation").optional(),
    }),
    status: 202,
    answer: SentModel,
  }),
  confirmSignUp: endpoint({
    method: "POST",
    path: "/api/auth/signup/confirm",
    body: z.object({ token: LinkToken }),
    status: 201,
    answer: SignedIn,
  }),
  signIn: endpoint({
    method: "POST",
    path: "/api/auth/signin",
    body: z.object({ email: EmailModel, password: z.string().max(800) }),
    status: 200,
    answer: SignedIn,
  }),
  signOut: endpoint({
    method: "POST",
    path: "/api/auth/signout",
    body: null,
    status: 204,
    answer: null,
  }),
  /** The signed-in user and their sites; 401 when nobody is signed in. */
  me: endpoint({
    method: "GET",
    path: "/api/auth/me",
    body: null,
    status: 200,
    answer: SessionModel,
  }),
  /** The same, or `{ signedIn: false }`: never a 401 for being signed out. */
  session: endpoint({
    method: "GET",
    path: "/api/auth/session",
    body: null,
    status: 200,
    answer: SessionStateModel,
  }),
  resetRequest: endpoint({
    method: "POST",
    path: "/api/auth/reset-request",
    body: z.object({ email: EmailModel }),
    status: 202,
    answer: SentModel,
  }),
  reset: endpoint({
    method: "POST",
    path: "/api/auth/reset",
    body: z.object({ token: LinkToken, password: NewPassword }),
    status: 204,
    answer: null,
  }),
};
