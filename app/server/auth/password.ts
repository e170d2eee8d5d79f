/**
 * Passwords hashed with scrypt (memory-hard: N = 2^15, r = 8 → 32 MB per hash) and a random
 * salt per user, stored as `scrypt$N$r$p$salt$hash` so the cost can be raised later. At most
 * `HASHING_AT_ONCE` hashes run at a time (the rest wait their turn), so a burst of sign-ups or
 * sign-ins holds a bounded amount of memory and leaves the server's other work room to run;
 * past `HASHING_QUEUE` waiting, `HashingBusy` is thrown and the caller answers 503.
 */
import { randomBytes, scrypt, timingSafeEqual } from "node:crypto";

const N = 32768;
const R = 8;
const P = 1;
const KEY_BYTES = 32;

export const HASHING_AT_ONCE = 2;
export const HASHING_QUEUE = 64;

export class HashingBusy extends Error {
  constructor() {
    super("the server is busy checking passwords; try again in a few seconds");
  }
}

let running = 0;
const waiting: (() => void)[] = [];
/** The most hashes that ran at once since start: a test reads it. */
export const hashingPeak = { value: 0 };

async function inTurn<T>(work: () => Promise<T>): Promise<T> {
  if (running >= HASHING_AT_ONCE) {
    if (waiting.length >= HASHING_QUEUE) throw new HashingBusy();
    // A finishing hash hands its turn straight to the next in line.
    await new Promise<void>((resolve) => waiting.push(resolve));
  } else {
    running++;
  }
  hashingPeak.value = Math.max(hashingPeak.value, running);
  try {
    return await work();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
}

function derive(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return inTurn(() => scryptOnce(password, salt, n, r, p));
}

function scryptOnce(
  password: string,
  salt: Buffer,
  n: number,
  r: number,
  p: number,
): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(
      password.normalize("NFKC"),
      salt,
      KEY_BYTES,
      { N: n, r, p, maxmem: 128 * n * r * 2 },
      (error, key) => error ? reject(error) : resolve(key),
    )
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, N, R, P);
  return `scrypt$${N}$${R}$${P}$${salt.toString("base64url")}$${key.toString("base64url")}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split("$");
  if (scheme !== "scrypt" || !hash) return false;
  const expected = Buffer.from(hash, "base64url");
  const key = await derive(
    password,
    Buffer.from(salt, "base64url"),
    Number(n),
    Number(r),
    Number(p),
  );
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A hash to compare against when the account does not exist, so both paths take as long. */
export const DUMMY_HASH = await hashPassword(crypto.randomUUID());
