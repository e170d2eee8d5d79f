/**
 * The account as the PWA sees it: who is signed in and their sites, a signal. The calls to the
 * server (`session_probe.ts`, `account_api.ts`) load after the first screen, with the API's
 * client and zod.
 */
import { signal } from "@preact/signals";
import type { Session } from "../../lib/contract/auth.ts";
import { whenIdle } from "./idle.ts";
import { loadSetting, saveSetting } from "./storage.ts";

const SESSION_KEY = "session";

function cachedSession(): Session | undefined {
  try {
    const text = loadSetting(SESSION_KEY);
    // Saved by this app from the server's checked answer (`setSession`).
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

/** Shows and remembers a session (`null`: signed out). */
export function setSession(next: Session | null): void {
  session.value = next;
  saveSetting(SESSION_KEY, next ? JSON.stringify(next) : "");
}

/**
 * Starts from the remembered session, then asks the server who is signed in: once the first
 * screen is painted (the API's client, zod with it, is not what that screen waits for), and
 * whenever the network comes back.
 */
export function startAccount(): () => void {
  session.value = cachedSession();
  const refresh = () => void import("./session_probe.ts").then((probe) => probe.refreshSession());
  // A frame callback runs just before its paint; an idle callback asked for from it runs after
  // that paint, when the page has a moment (or after a second at the latest).
  let cancelIdle = () => {};
  const frame = requestAnimationFrame(() => cancelIdle = whenIdle(refresh));
  addEventListener("online", refresh);
  return () => {
    cancelAnimationFrame(frame);
    cancelIdle();
    removeEventListener("online", refresh);
  };
}
