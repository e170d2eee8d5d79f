/**
 * What the gateway keeps between runs, in one small file (mode 0600): its id, the one-time
 * pairing code (a new one after each pairing), the tokens handed out — as hashes, each with an
 * id, a label and when it was last used, so they can be listed and revoked — and the control
 * settings last sent from the app, so a restart keeps them. The file is read again whenever it
 * changed, so `deno task gateway revoke` takes effect in a gateway that is running.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { writeJsonFile } from "./json_file.ts";
import { ControlSettingsModel } from "../../lib/control/protocol.ts";
import type { ControlSettings } from "../../lib/control/decide.ts";
import { type ChargeSettings, ChargeSettingsModel } from "../../lib/control/ev/settings.ts";
import type { FinishedSession, PairedDevice, PairingScope } from "../../lib/control/protocol.ts";
import { hashToken, newToken, sameSecret } from "../shared/tokens.ts";

interface TokenRecord extends PairedDevice {
  hash: string;
}

/** A one-time code a paired owner handed out, for a device limited to a scope. */
interface Invite {
  hash: string;
  scope: PairingScope;
  expiresMs: number;
}

interface Stored {
  gatewayId: string;
  code: string;
  tokens: TokenRecord[];
  invites?: Invite[];
  control?: ControlSettings;
  /** Per charger id, the charge settings last chosen in the app. */
  charging?: Record<string, ChargeSettings>;
  /** The last charge sessions, newest last, for devices that were away when they ended. */
  sessions?: FinishedSession[];
}

/** How many finished sessions the state file keeps. */
export const KEPT_SESSIONS = 100;

/** How long an invitation code stays valid. */
export const INVITE_VALID_MS = 24 * 3_600_000;

function newCode(digits = 6): string {
  const n = crypto.getRandomValues(new Uint32Array(1))[0] % 10 ** digits;
  return String(n).padStart(digits, "0");
}

/** Reads a state file, including the first release's (`tokenHashes`, no ids). */
function load(path: string): Stored {
  const raw = JSON.parse(readFileSync(path, "utf8"));
  const tokens: TokenRecord[] = (raw.tokens ??
    (raw.tokenHashes ?? []).map((hash: string) => ({
      id: hash.slice(0, 8),
      hash,
      label: "",
      createdMs: 0,
      lastUsedMs: null,
    }))).map((t: TokenRecord) => ({ ...t, scope: t.scope ?? "all" }));
  const control = ControlSettingsModel.safeParse(raw.control);
  const charging: Record<string, ChargeSettings> = {};
  for (const [id, settings] of Object.entries(raw.charging ?? {})) {
    const parsed = ChargeSettingsModel.safeParse(settings);
    if (parsed.success) charging[id] = parsed.data;
  }
  return {
    gatewayId: String(raw.gatewayId),
    code: String(raw.code),
    tokens,
    invites: Array.isArray(raw.invites) ? raw.invites : [],
    charging,
    sessions: Array.isArray(raw.sessions) ? raw.sessions : [],
    ...(control.success ? { control: control.data } : {}),
  };
}

export class GatewayState {
  #stored: Stored;
  #readMtimeMs = 0;

  constructor(readonly path: string) {
    if (existsSync(path)) {
      this.#stored = load(path);
      this.#readMtimeMs = statSync(path).mtimeMs;
    } else {
      this.#stored = { gatewayId: crypto.randomUUID(), code: newCode(), tokens: [] };
      this.#save();
    }
  }

  /** What is in the file now, when another process (the command line) changed it. */
  get #current(): Stored {
    try {
      const mtimeMs = statSync(this.path).mtimeMs;
      if (mtimeMs !== this.#readMtimeMs) {
        this.#stored = load(this.path);
        this.#readMtimeMs = mtimeMs;
      }
    } catch { /* removed or unreadable: keep what is known */ }
    return this.#stored;
  }

  get gatewayId(): string {
    return this.#current.gatewayId;
  }

  get code(): string {
    return this.#current.code;
  }

  /** The control settings last sent from the app, if any. */
  get control(): ControlSettings | undefined {
    return this.#current.control;
  }

  set control(control: ControlSettings) {
    this.#current.control = control;
    this.#save();
  }

  /** The charge settings last chosen for a charger, if any. */
  chargeSettings(id: string): ChargeSettings | undefined {
    return this.#current.charging?.[id];
  }

  setChargeSettings(id: string, settings: ChargeSettings): void {
    const stored = this.#current;
    stored.charging = { ...stored.charging, [id]: settings };
    this.#save();
  }

  /** The last finished charge sessions, oldest first. */
  sessions(): FinishedSession[] {
    return this.#current.sessions ?? [];
  }

  addSession(session: FinishedSession): void {
    const stored = this.#current;
    stored.sessions = [...(stored.sessions ?? []), session].slice(-KEPT_SESSIONS);
    this.#save();
  }

  /** Written whole to a new file, then moved over the old one: never half a file. */
  #save(): void {
    writeJsonFile(this.path, this.#stored);
    this.#readMtimeMs = statSync(this.path).mtimeMs;
  }

  /**
   * A token for a client with the right id and code: the pairing code (then replaced) gives
   * everything, an invitation's code (then spent) its scope.
   */
  pair(
    gatewayId: string,
    code: string,
    label: string,
    nowMs = Date.now(),
  ): { token: string; id: string; scope: PairingScope } | null {
    const stored = this.#current;
    if (!sameSecret(gatewayId, stored.gatewayId)) return null;
    let scope: PairingScope;
    if (sameSecret(code, stored.code)) {
      scope = "all";
      stored.code = newCode();
    } else {
      const hash = hashToken(code);
      const invite = (stored.invites ?? []).find((i) =>
        sameSecret(i.hash, hash) && i.expiresMs > nowMs
      );
      if (!invite) return null;
      scope = invite.scope;
      stored.invites = (stored.invites ?? []).filter((i) => i !== invite);
    }
    const token = newToken();
    const id = crypto.randomUUID().slice(0, 8);
    stored.tokens.push({
      id,
      hash: hashToken(token),
      label,
      createdMs: nowMs,
      lastUsedMs: nowMs,
      scope,
    });
    this.#save();
    return { token, id, scope };
  }

  /**
   * A one-time code (8 digits, valid a day) that pairs one device limited to `scope`: a
   * household member who may charge the car and see nothing of the meter.
   */
  invite(scope: PairingScope, nowMs = Date.now()): { code: string; expiresMs: number } {
    const code = newCode(8);
    const expiresMs = nowMs + INVITE_VALID_MS;
    const stored = this.#current;
    stored.invites = [
      ...(stored.invites ?? []).filter((i) => i.expiresMs > nowMs),
      { hash: hashToken(code), scope, expiresMs },
    ];
    this.#save();
    return { code, expiresMs };
  }

  /** The scope of a pairing, or `null` when it does not stand. */
  scopeOf(id: string): PairingScope | null {
    return this.#current.tokens.find((t) => t.id === id)?.scope ?? null;
  }

  /** The id of the pairing this token belongs to, or `null`; its use is noted. */
  use(token: string, nowMs = Date.now()): string | null {
    const hash = hashToken(token);
    const found = this.#current.tokens.find((t) => sameSecret(t.hash, hash));
    if (!found) return null;
    // Noted to the hour: a reconnecting app does not rewrite the file every time.
    if (found.lastUsedMs === null || nowMs - found.lastUsedMs > 3_600_000) {
      found.lastUsedMs = nowMs;
      this.#save();
    }
    return found.id;
  }

  /** The devices paired now, without their secrets. */
  devices(): PairedDevice[] {
    return this.#current.tokens.map(({ id, label, createdMs, lastUsedMs, scope }) => ({
      id,
      label,
      createdMs,
      lastUsedMs,
      scope,
    }));
  }

  /** Whether the pairing with this id still stands. */
  has(id: string): boolean {
    return this.#current.tokens.some((t) => t.id === id);
  }

  /** Revokes a pairing; `false` when there is none with this id. */
  revoke(id: string): boolean {
    const before = this.#current.tokens.length;
    this.#stored.tokens = this.#stored.tokens.filter((t) => t.id !== id);
    if (this.#stored.tokens.length === before) return false;
    this.#save();
    return true;
  }
}
