/**
 * Opaque random tokens (sessions, reset and confirmation links, invitations). Only their SHA-256
 * is stored, so a leaked database gives no working token; lookups go by hash, and comparisons of
 * secrets use a constant-time check. Shared by the server and the gateway (its pairing tokens).
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

export function newToken(): string {
  return randomBytes(32).toString("base64url");
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("base64url");
}

export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Tokens look like 43 base64url characters; anything else is refused before any lookup. */
export function isTokenShaped(token: unknown): token is string {
  return typeof token === "string" && /^[A-Za-z0-9_-]{43}$/.test(token);
}
