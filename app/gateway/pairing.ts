/**
 * Who may talk to the gateway: its id, a one-time pairing code (a new one after each pairing)
 * and the tokens handed out, kept (as hashes) in a small state file.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { hashToken, newToken, sameSecret } from "../server/auth/tokens.ts";

interface Stored {
  gatewayId: string;
  code: string;
  tokenHashes: string[];
}

function newCode(): string {
  const n = crypto.getRandomValues(new Uint32Array(1))[0] % 1_000_000;
  return String(n).padStart(6, "0");
}

export class Pairing {
  #stored: Stored;

  constructor(readonly path: string) {
    if (existsSync(path)) {
      this.#stored = JSON.parse(readFileSync(path, "utf8"));
    } else {
      this.#stored = { gatewayId: crypto.randomUUID(), code: newCode(), tokenHashes: [] };
      this.#save();
    }
  }

  get gatewayId(): string {
    return this.#stored.gatewayId;
  }

  get code(): string {
    return this.#stored.code;
  }

  #save(): void {
    mkdirSync(dirname(this.path), { recursive: true });
    writeFileSync(this.path, JSON.stringify(this.#stored, null, 2), { mode: 0o600 });
  }

  /** A token for a client with the right id and code; the code is then replaced. */
  pair(gatewayId: string, code: string): string | null {
    if (!sameSecret(gatewayId, this.#stored.gatewayId) || !sameSecret(code, this.#stored.code)) {
      return null;
    }
    const token = newToken();
    this.#stored.tokenHashes.push(hashToken(token));
    this.#stored.code = newCode();
    this.#save();
    return token;
  }

  knows(token: string): boolean {
    const hash = hashToken(token);
    return this.#stored.tokenHashes.some((known) => sameSecret(known, hash));
  }
}
