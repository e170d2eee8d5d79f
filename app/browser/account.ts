/**
 * The account as the PWA sees it: who is signed in and their sites (a signal), and the calls to
 * the server's account and site endpoints. Every failure carries the server's own words.
 */
import { signal } from "@preact/signals";
import type { Role, Scope } from "../../lib/sync/collections.ts";
import { currentSite, LOCAL_SITE } from "./site.ts";
import { loadSetting, saveSetting } from "./storage.ts";

export interface AccountSite {
  id: string;
  name: string;
  role: Role;
  scope: Scope;
}

export interface Session {
  user: { id: string; email: string };
  sites: AccountSite[];
}

const SESSION_KEY = "session";

function cachedSession(): Session | undefined {
  try {
    const text = loadSetting(SESSION_KEY);
    return text ? (JSON.parse(text) as Session) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The signed-in user and their sites; `undefined` until known, `null` when signed out. The last
 * answer is remembered, so an app opened offline still knows its account and keeps syncing later.
 */
export const session = signal<Session | null | undefined>(undefined);

function setSession(next: Session | null): void {
  session.value = next;
  saveSetting(SESSION_KEY, next ? JSON.stringify(next) : "");
}

export class ApiError extends Error {
  /** The server's code for what went wrong, where the app words it itself (`password.common`). */
  constructor(readonly status: number, message: string, readonly code?: string) {
    super(message);
  }
}

export async function api<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(path, {
    method,
    headers: body === undefined ? {} : { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: "same-origin",
  });
  const data = response.status === 204 ? null : await response.json().catch(() => null);
  if (!response.ok) {
    throw new ApiError(response.status, data?.error ?? `HTTP ${response.status}`, data?.code);
  }
  return data as T;
}

/** Asks the server who is signed in; offline, the last answer stays. */
export async function refreshSession(): Promise<void> {
  try {
    const me = await api<Session>("GET", "/api/auth/me");
    setSession(me);
    const sites = me.sites;
    if (currentSite.value !== LOCAL_SITE && !sites.some((s) => s.id === currentSite.value)) {
      currentSite.value = LOCAL_SITE;
    }
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      setSession(null);
      currentSite.value = LOCAL_SITE;
    } else if (session.value === undefined) {
      // Never reached the server (offline, or no server): show the sign-in form, not a spinner.
      session.value = null;
    }
  }
}

/**
 * Starts from the remembered session, then asks the server who is signed in: now, and whenever
 * the network comes back.
 */
export function startAccount(): () => void {
  session.value = cachedSession();
  const refresh = () => void refreshSession();
  refresh();
  addEventListener("online", refresh);
  return () => removeEventListener("online", refresh);
}

export async function signIn(email: string, password: string): Promise<void> {
  await api("POST", "/api/auth/signin", { email, password });
  await refreshSession();
}

/**
 * Asks for an account: the server mails a link to the address (the answer is the same whether
 * or not it has an account already). An invitation being answered travels in the link.
 */
export async function signUp(email: string, password: string, invite?: string): Promise<void> {
  await api("POST", "/api/auth/signup", { email, password, ...(invite ? { invite } : {}) });
}

/** The mailed link's token: creates the account and signs in. */
export async function confirmSignUp(token: string): Promise<void> {
  await api("POST", "/api/auth/signup/confirm", { token });
  await refreshSession();
}

export async function signOut(): Promise<void> {
  await api("POST", "/api/auth/signout");
  setSession(null);
  currentSite.value = LOCAL_SITE;
}

export async function createSite(name: string, asInstaller: boolean): Promise<AccountSite> {
  const { site } = await api<{ site: { id: string; name: string } }>("POST", "/api/sites", {
    name,
    asInstaller,
  });
  await refreshSession();
  return session.value!.sites.find((s) => s.id === site.id)!;
}
