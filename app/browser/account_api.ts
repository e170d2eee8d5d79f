/**
 * The calls to the server's account and site endpoints, through the contract's client; every
 * failure carries the server's own words. Loaded with the pages that use it, not at first.
 */
import { type AccountSite, AUTH } from "../../lib/contract/auth.ts";
import { SITES } from "../../lib/contract/sites.ts";
import { session, setSession } from "./account.ts";
import { call } from "./api.ts";
import { refreshSession } from "./session_probe.ts";
import { currentSite, LOCAL_SITE } from "./site.ts";

export { refreshSession } from "./session_probe.ts";

export async function signIn(email: string, password: string): Promise<void> {
  await call(AUTH.signIn, { body: { email, password } });
  await refreshSession();
}

/**
 * Asks for an account: the server mails a link to the address (the answer is the same whether
 * or not it has an account already). An invitation being answered travels in the link.
 */
export async function signUp(email: string, password: string, invite?: string): Promise<void> {
  await call(AUTH.signUp, { body: { email, password, ...(invite ? { invite } : {}) } });
}

/** The mailed link's token: creates the account and signs in. */
export async function confirmSignUp(token: string): Promise<void> {
  await call(AUTH.confirmSignUp, { body: { token } });
  await refreshSession();
}

export async function signOut(): Promise<void> {
  await call(AUTH.signOut);
  setSession(null);
  currentSite.value = LOCAL_SITE;
}

export async function createSite(name: string, asInstaller: boolean): Promise<AccountSite> {
  const { site } = await call(SITES.create, { body: { name, asInstaller } });
  await refreshSession();
  return session.value!.sites.find((s) => s.id === site.id)!;
}
