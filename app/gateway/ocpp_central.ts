/**
 * The gateway as an OCPP 1.6J central system: chargers connect to ws://gateway:port/ocpp/<id>
 * (ocpp-rpc's RPCServer on node:http, which works under Deno; strict schema validation on, so a
 * malformed message is answered with a CALLERROR and changes nothing) and authenticate with Basic
 * auth (OCPP security profile 1: user = charge point identity, password = the charger's; only its
 * SHA-256 is kept, compared in constant time).
 *
 * An identity not yet accepted is PENDING: kept in memory with the hash of the password it first
 * presented (another password for the same identity is refused), listed by `pending()`, and gets
 * `Pending` to its BootNotification (OCPP 1.6 §4.2) and nothing else; `accept(identity)` stores it
 * (ocpp_state.ts) and asks a connected charger for a new BootNotification, which is then
 * `Accepted`. `refuse(identity)` remembers the refusal: that identity is turned away at the
 * handshake until it is forgotten.
 *
 * After an accepted boot the central system reads the configuration and sets the measurands it
 * needs (trimmed to MeterValuesSampledDataMaxLength), the sample interval and the WebSocket ping.
 * A charger that connects without booting is asked for one (TriggerMessage) after `bootWaitMs`.
 *
 * Each accepted charger is a `ChargerLink` (lib/control/ev/charger.ts). Calls are bounded: one to
 * a charger that is not connected fails at once with `ChargerRefused` (ocpp-rpc's own client would
 * queue calls without limit while it reconnects, mikuso/ocpp-rpc#53), every call has a timeout, and
 * a charger has at most one `setLimit` waiting behind the one in flight (the newest wins; the one
 * it replaces is refused as superseded). A charger that accepts a limit and keeps drawing more is
 * reported (`problem`, lib/control/ev/ocpp.ts `LimitWatch`).
 *
 * Not wired into the gateway's main.ts or the app protocol yet.
 */
import { createHash } from "node:crypto";
import type { AddressInfo } from "node:net";
import { createRPCError, RPCServer } from "ocpp-rpc";
import {
  type ChargerLimit,
  type ChargerLink,
  type ChargerReading,
  ChargerRefused,
  type ChargerSetup,
} from "../../lib/control/ev/charger.ts";
import {
  chargerStatusOf,
  type LimitProblem,
  LimitWatch,
  type MeterPart,
  meterPartOf,
  type MeterValue,
  newestAtMs,
  type OcppStatus,
  profileFor,
} from "../../lib/control/ev/ocpp.ts";
import { RateLimiter } from "../shared/rate_limiter.ts";
import { sameSecret } from "../shared/tokens.ts";
import { OcppState } from "./ocpp_state.ts";

export interface CentralOptions {
  /** 0 picks a free port. Default 8887. */
  port?: number;
  /** Default all interfaces (chargers are on the LAN). */
  hostname?: string;
  /** The path before the identity. Default `/ocpp`. */
  path?: string;
  stateFile: string;
  log?: (line: string) => void;
  /** idTags accepted besides those the app started sessions with. */
  idTags?: readonly string[];
  /** Heartbeat interval given to an accepted charger (s). Default 300. */
  heartbeatIntervalS?: number;
  /** Wait before a pending charger boots again (s). Default 30. */
  pendingIntervalS?: number;
  /** MeterValueSampleInterval set on boot (s). Default 10. */
  meterValueSampleIntervalS?: number;
  /** WebSocketPingInterval set on boot (s). Default 30. */
  webSocketPingIntervalS?: number;
  /** A charger that connects and does not boot within this is asked to (ms). Default 5000. */
  bootWaitMs?: number;
  /** The most a call to a charger may take (ms). Default 10 000. */
  callTimeoutMs?: number;
  /** Stack level of the profiles sent. Default 1. */
  stackLevel?: number;
  /** Above the limit by more than this (A) counts as ignoring it. Default 1. */
  limitToleranceA?: number;
  /** For this many meter values in a row. Default 3. */
  limitSamples?: number;
  /** At most this many strangers pending at once. Default 16. */
  maxPending?: number;
  /** Wrong passwords from one address in a minute before it is turned away for a minute. Default 10. */
  maxBadPasswords?: number;
}

export interface PendingCharger {
  identity: string;
  firstSeenMs: number;
  remoteAddress: string | null;
  connected: boolean;
}

/** One charging session, when its StopTransaction arrives. */
export interface ChargeSession {
  chargerId: string;
  transactionId: number;
  idTag: string;
  startMs: number;
  stopMs: number;
  meterStartWh: number;
  meterStopWh: number;
  kWh: number;
  reason: string | null;
}

/** What the app may show about a charger besides its readings. */
export interface OcppChargerState {
  online: boolean;
  status: OcppStatus | null;
  transactionId: number | null;
  /** The limit the charger accepted last, if any. */
  limit: ChargerLimit | null;
  problem: LimitProblem | null;
  vendor: string | null;
  model: string | null;
}

export interface CentralSystem {
  readonly port: number;
  /** ws://host:port/path, to which a charger appends `/<identity>`. */
  readonly url: string;
  pending(): PendingCharger[];
  /** Accepts a pending charger (with how it is installed); `false` when none is pending so. */
  accept(identity: string, setup?: Partial<Omit<ChargerSetup, "id">>): boolean;
  /** Refuses a pending or accepted charger and closes its connection. */
  refuse(identity: string): boolean;
  /** Makes an accepted or refused identity a stranger again. */
  forget(identity: string): void;
  /** Accepts an RFID tag from now on (Authorize, StartTransaction). */
  allowIdTag(idTag: string): void;
  links(): OcppChargerLink[];
  onLink(listener: (link: OcppChargerLink) => void): () => void;
  onPending(listener: (charger: PendingCharger) => void): () => void;
  onSession(listener: (session: ChargeSession) => void): () => void;
  close(): Promise<void>;
}

/** The measurands wanted, most important first (a charger may take only the first few). */
export const WANTED_MEASURANDS = [
  "Current.Import",
  "Power.Active.Import",
  "Energy.Active.Import.Register",
  "Current.Offered",
  "SoC",
] as const;

const IDENTITY = /^[A-Za-z0-9._:-]{1,48}$/;
const CONNECTOR = 1;
const TX_DEFAULT_ID = 1;
const TX_ID = 2;
/** Calls to one charger at once, beyond which a call is refused as busy. */
export const MAX_CALLS = 8;

// deno-lint-ignore no-explicit-any
type Params = any;
interface RpcClient {
  identity: string;
  state: number;
  session: { accepted?: boolean };
  handshake: { remoteAddress?: string };
  call(method: string, params: unknown, options?: { callTimeoutMs?: number }): Promise<Params>;
  handle(method: string, handler: (call: { params: Params }) => unknown): void;
  close(options?: { code?: number; reason?: string; force?: boolean }): Promise<unknown>;
  once(event: "close", listener: () => void): void;
  on(event: string, listener: (...args: Params[]) => void): void;
}
const OPEN = 1;

function hashPassword(password: Uint8Array): string {
  return createHash("sha256").update(password).digest("base64url");
}

function listeners<T>() {
  const set = new Set<(value: T) => void>();
  return {
    add(listener: (value: T) => void): () => void {
      set.add(listener);
      return () => set.delete(listener);
    },
    emit(value: T): void {
      for (const listener of [...set]) {
        try {
          listener(value);
        } catch { /* a listener's failure is its own */ }
      }
    },
    clear: () => set.clear(),
  };
}

/** The link to one accepted charger; the same object across its reconnects. */
export class OcppChargerLink implements ChargerLink {
  #client: RpcClient | null = null;
  #booted = false;
  #closed = false;
  #status: OcppStatus | null = null;
  #pointStatus: OcppStatus | null = null;
  #part: MeterPart = {
    currentA: [null, null, null],
    powerW: null,
    meterKWh: null,
    offeredA: null,
    socPct: null,
  };
  #atMs = 0;
  #limit: ChargerLimit | null = null;
  #inFlight = false;
  #calls = 0;
  #queued: {
    limit: ChargerLimit;
    resolve: () => void;
    reject: (e: unknown) => void;
  } | null = null;
  #readings = listeners<ChargerReading>();
  #changes = listeners<OcppChargerLink>();
  readonly watch: LimitWatch;
  transactionId: number | null = null;
  idTag: string | null = null;
  vendor: string | null = null;
  model: string | null = null;
  /** The charger's configuration as it reported it after boot. */
  configuration = new Map<string, string>();
  /** The measurands it agreed to send (MeterValuesSampledData). */
  measurands: string[] = [];

  constructor(
    readonly setup: ChargerSetup,
    readonly options: {
      callTimeoutMs: number;
      stackLevel: number;
      allowIdTag: (idTag: string) => void;
      toleranceA: number;
      samples: number;
    },
  ) {
    this.watch = new LimitWatch(options.toleranceA, options.samples);
  }

  get online(): boolean {
    return !this.#closed && this.#booted && this.#client !== null && this.#client.state === OPEN;
  }

  state(): OcppChargerState {
    return {
      online: this.online,
      status: this.#status,
      transactionId: this.transactionId,
      limit: this.#limit,
      problem: this.watch.problem,
      vendor: this.vendor,
      model: this.model,
    };
  }

  /** Called with the link whenever `state()` may have changed. */
  onChange(listener: (link: OcppChargerLink) => void): () => void {
    return this.#changes.add(listener);
  }

  onReading(listener: (reading: ChargerReading) => void): () => void {
    return this.#readings.add(listener);
  }

  /** The newest reading, or `null` before the charger said anything. */
  reading(): ChargerReading {
    const pointDown = this.#pointStatus === "Faulted" || this.#pointStatus === "Unavailable";
    return {
      atMs: this.#atMs,
      status: pointDown ? "fault" : chargerStatusOf(this.#booted ? this.#status : null),
      currentA: [...this.#part.currentA],
      powerW: this.#part.powerW,
      meterKWh: this.#part.meterKWh,
      offeredA: this.#part.offeredA,
      socPct: this.#part.socPct,
      idTag: this.transactionId === null ? null : this.idTag,
    };
  }

  // --- from the central system ---

  /** @internal */ attach(client: RpcClient | null, booted: boolean): void {
    this.#client = client;
    if (booted) this.#booted = true;
    this.#changes.emit(this);
  }

  /** @internal */ detach(client: RpcClient): void {
    if (this.#client !== client) return;
    this.#client = null;
    this.#changes.emit(this);
  }

  /** @internal */ status(connectorId: number, status: OcppStatus, atMs: number): void {
    if (connectorId === 0) this.#pointStatus = status;
    else if (connectorId === CONNECTOR) this.#status = status;
    else return;
    this.#atMs = Math.max(this.#atMs, atMs);
    this.#readings.emit(this.reading());
    this.#changes.emit(this);
  }

  /** @internal */ meter(values: MeterValue[]): void {
    const part = meterPartOf(values);
    const hasCurrent = part.currentA.some((a) => a !== null);
    this.#part = {
      currentA: hasCurrent ? part.currentA : this.#part.currentA,
      powerW: part.powerW ?? this.#part.powerW,
      meterKWh: part.meterKWh ?? this.#part.meterKWh,
      offeredA: part.offeredA ?? this.#part.offeredA,
      socPct: part.socPct ?? this.#part.socPct,
    };
    this.#atMs = newestAtMs(values) ?? Date.now();
    const changed = this.watch.sample(part);
    this.#readings.emit(this.reading());
    if (changed) this.#changes.emit(this);
  }

  /** @internal */ transaction(id: number | null, idTag: string | null): void {
    this.transactionId = id;
    this.idTag = idTag;
    this.#changes.emit(this);
  }

  // --- ChargerLink ---

  #refused(detail: string): ChargerRefused {
    return new ChargerRefused(this.setup.id, detail);
  }

  /**
   * A call to the charger now, or `ChargerRefused` at once when it is not connected or already
   * has `MAX_CALLS` calls going (ocpp-rpc sends one at a time and starts a call's timeout only
   * when it sends it: a burst would otherwise wait in its queue without bound).
   */
  async #call(method: string, params: unknown): Promise<Params> {
    if (this.#closed) throw this.#refused("link closed");
    const client = this.#client;
    if (!this.online || client === null) throw this.#refused("offline");
    if (this.#calls >= MAX_CALLS) throw this.#refused("busy");
    this.#calls++;
    try {
      return await client.call(method, params, { callTimeoutMs: this.options.callTimeoutMs });
    } catch (e) {
      throw this.#refused(`${method}: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      this.#calls--;
    }
  }

  setLimit(limit: ChargerLimit): Promise<void> {
    if (!Number.isFinite(limit.currentA) || limit.currentA < 0) {
      return Promise.reject(this.#refused(`bad limit ${limit.currentA} A`));
    }
    if (this.#closed) return Promise.reject(this.#refused("link closed"));
    if (!this.online) return Promise.reject(this.#refused("offline"));
    if (this.#inFlight) {
      this.#queued?.reject(this.#refused("superseded by a newer limit"));
      return new Promise((resolve, reject) => (this.#queued = { limit, resolve, reject }));
    }
    return this.#send(limit);
  }

  async #send(asked: ChargerLimit): Promise<void> {
    this.#inFlight = true;
    try {
      // Never more than the charger is installed for, whatever the controller asks.
      const limit: ChargerLimit = {
        currentA: Math.min(asked.currentA, this.setup.maxA),
        phases: this.setup.phases === 1 ? 1 : asked.phases,
      };
      const tx = this.transactionId;
      const profile = profileFor(limit, {
        purpose: tx === null ? "TxDefaultProfile" : "TxProfile",
        id: tx === null ? TX_DEFAULT_ID : TX_ID,
        stackLevel: this.options.stackLevel,
        ...(tx === null ? {} : { transactionId: tx }),
      });
      const answer = await this.#call("SetChargingProfile", {
        connectorId: CONNECTOR,
        csChargingProfiles: profile,
      });
      if (answer?.status !== "Accepted") {
        throw this.#refused(`SetChargingProfile ${answer?.status}`);
      }
      this.#limit = { ...limit };
      this.watch.limit(profile.chargingSchedule.chargingSchedulePeriod[0].limit, limit.phases);
      this.#changes.emit(this);
    } finally {
      this.#inFlight = false;
      const next = this.#queued;
      this.#queued = null;
      if (next) this.#send(next.limit).then(next.resolve, next.reject);
    }
  }

  /** Removes the profiles this link set: the charger is back to its own maximum. */
  async clearLimit(): Promise<void> {
    for (const id of [TX_DEFAULT_ID, TX_ID]) {
      const answer = await this.#call("ClearChargingProfile", { id });
      if (answer?.status !== "Accepted" && answer?.status !== "Unknown") {
        throw this.#refused(`ClearChargingProfile ${answer?.status}`);
      }
    }
    this.#limit = null;
    this.watch.limit(null);
    this.#changes.emit(this);
  }

  /** What the charger says it applies now (GetCompositeSchedule, A), or `null`. */
  async appliedLimitA(): Promise<number | null> {
    const answer = await this.#call("GetCompositeSchedule", {
      connectorId: CONNECTOR,
      duration: 60,
      chargingRateUnit: "A",
    });
    const period = answer?.status === "Accepted"
      ? answer.chargingSchedule?.chargingSchedulePeriod?.[0]
      : undefined;
    return typeof period?.limit === "number" ? period.limit : null;
  }

  async start(idTag: string): Promise<void> {
    this.options.allowIdTag(idTag);
    const answer = await this.#call("RemoteStartTransaction", { connectorId: CONNECTOR, idTag });
    if (answer?.status !== "Accepted") {
      throw this.#refused(`RemoteStartTransaction ${answer?.status}`);
    }
  }

  async stop(): Promise<void> {
    if (this.transactionId === null) throw this.#refused("no session running");
    const answer = await this.#call("RemoteStopTransaction", {
      transactionId: this.transactionId,
    });
    if (answer?.status !== "Accepted") {
      throw this.#refused(`RemoteStopTransaction ${answer?.status}`);
    }
  }

  /** Stops using this link: calls are refused, listeners dropped; the charger stays connected. */
  close(): Promise<void> {
    this.#closed = true;
    this.#queued?.reject(this.#refused("link closed"));
    this.#queued = null;
    this.#readings.clear();
    this.#changes.clear();
    return Promise.resolve();
  }
}

interface Pending extends PendingCharger {
  passwordHash: string;
  client: RpcClient | null;
}

export async function startCentralSystem(options: CentralOptions): Promise<CentralSystem> {
  const path = options.path ?? "/ocpp";
  const log = options.log ?? (() => {});
  const state = new OcppState(options.stateFile);
  const idTags = new Set(options.idTags ?? []);
  const pendingMap = new Map<string, Pending>();
  const links = new Map<string, OcppChargerLink>();
  /** Identities whose link `onLink` has announced (at their first accepted boot). */
  const announced = new Set<string>();
  const clients = new Map<string, RpcClient>();
  const bootTimers = new Map<RpcClient, ReturnType<typeof setTimeout>>();
  const linkListeners = listeners<OcppChargerLink>();
  const pendingListeners = listeners<PendingCharger>();
  const sessionListeners = listeners<ChargeSession>();
  const callTimeoutMs = options.callTimeoutMs ?? 10_000;
  const now = () => new Date().toISOString();

  const server = new RPCServer({
    protocols: ["ocpp1.6"],
    strictMode: true,
    callTimeoutMs,
    pingIntervalMs: (options.webSocketPingIntervalS ?? 30) * 1000,
  });

  const publicPending = (p: Pending): PendingCharger => ({
    identity: p.identity,
    firstSeenMs: p.firstSeenMs,
    remoteAddress: p.remoteAddress,
    connected: p.client !== null && p.client.state === OPEN,
  });

  // Guessing passwords: an address with too many wrong ones is turned away for a while.
  const badPasswords = new RateLimiter(options.maxBadPasswords ?? 10, 60_000);
  const blockedUntilMs = new Map<string, number>();
  const wrongPassword = (from: string, identity: string) => {
    log(`ocpp: charger ${identity} with a wrong password from ${from}`);
    if (!badPasswords.attempt(from)) blockedUntilMs.set(from, Date.now() + 60_000);
  };

  server.auth((accept, reject, handshake) => {
    const identity = handshake.identity;
    const from = handshake.remoteAddress ?? "";
    if ((blockedUntilMs.get(from) ?? 0) > Date.now()) return reject(429, "Too many attempts");
    blockedUntilMs.delete(from);
    if (handshake.endpoint !== path) return reject(404, "Not found");
    if (!handshake.protocols.has("ocpp1.6")) return reject(400, "Subprotocol ocpp1.6 required");
    if (!IDENTITY.test(identity)) return reject(400, "Bad charge point identity");
    const password = handshake.password;
    if (!password || password.length === 0) return reject(401, "Unauthorized");
    const hash = hashPassword(password);
    if (state.isRefused(identity)) {
      log(`ocpp: refused charger ${identity} turned away`);
      return reject(401, "Unauthorized");
    }
    const known = state.charger(identity);
    if (known) {
      if (!sameSecret(known.passwordHash, hash)) {
        wrongPassword(from, identity);
        return reject(401, "Unauthorized");
      }
      return accept({ accepted: true }, "ocpp1.6");
    }
    const pending = pendingMap.get(identity);
    if (pending) {
      if (!sameSecret(pending.passwordHash, hash)) {
        wrongPassword(from, identity);
        return reject(401, "Unauthorized");
      }
    } else {
      if (pendingMap.size >= (options.maxPending ?? 16)) {
        // Room for a new one: the oldest stranger that is not connected goes (it is pending
        // anew when it comes back); when all are connected, none goes and the new one waits.
        const away = [...pendingMap.values()].filter((p) => p.client === null)
          .sort((a, b) => a.firstSeenMs - b.firstSeenMs)[0];
        if (!away) return reject(503, "Too many pending");
        pendingMap.delete(away.identity);
      }
      const fresh: Pending = {
        identity,
        passwordHash: hash,
        firstSeenMs: Date.now(),
        remoteAddress: handshake.remoteAddress ?? null,
        connected: true,
        client: null,
      };
      pendingMap.set(identity, fresh);
      log(`ocpp: new charger ${identity} pending`);
    }
    accept({ accepted: false }, "ocpp1.6");
  });

  function linkOf(identity: string): OcppChargerLink | null {
    const charger = state.charger(identity);
    if (!charger) return null;
    let link = links.get(identity);
    if (!link) {
      link = new OcppChargerLink(charger.setup, {
        callTimeoutMs,
        stackLevel: options.stackLevel ?? 1,
        allowIdTag: (tag) => state.allowIdTag(tag),
        toleranceA: options.limitToleranceA ?? 1,
        samples: options.limitSamples ?? 3,
      });
      links.set(identity, link);
      // A session that was running when the gateway stopped is still this charger's.
      const open = state.openOf(identity);
      if (open) link.transaction(open.transactionId, open.idTag);
    }
    return link;
  }

  async function configure(client: RpcClient, link: OcppChargerLink): Promise<void> {
    const call = (method: string, params: unknown) =>
      client.call(method, params, { callTimeoutMs });
    const keys = new Map<string, string>();
    try {
      const got = await call("GetConfiguration", {});
      for (const k of got?.configurationKey ?? []) keys.set(k.key, k.value ?? "");
    } catch (e) {
      log(`ocpp: ${client.identity} GetConfiguration: ${(e as Error).message}`);
    }
    link.configuration = keys;
    const change = async (key: string, value: string) => {
      const answer = await call("ChangeConfiguration", { key, value });
      if (answer?.status !== "Accepted") {
        log(`ocpp: ${client.identity} ChangeConfiguration ${key}=${value}: ${answer?.status}`);
      }
      return answer?.status === "Accepted";
    };
    const maxLength = Number(keys.get("MeterValuesSampledDataMaxLength"));
    const wanted = WANTED_MEASURANDS.slice(
      0,
      Number.isInteger(maxLength) && maxLength > 0 ? maxLength : WANTED_MEASURANDS.length,
    );
    // A charger refuses the whole list for one measurand it lacks: then each is tried alone,
    // and the ones it takes are set together.
    let measurands: string[] = [...wanted];
    if (!await change("MeterValuesSampledData", measurands.join(","))) {
      measurands = [];
      for (const m of wanted) {
        if (await change("MeterValuesSampledData", m)) measurands.push(m);
      }
      if (measurands.length > 1) await change("MeterValuesSampledData", measurands.join(","));
    }
    link.measurands = measurands;
    await change("MeterValueSampleInterval", String(options.meterValueSampleIntervalS ?? 10));
    await change("WebSocketPingInterval", String(options.webSocketPingIntervalS ?? 30));
  }

  function triggerBoot(client: RpcClient): void {
    client.call("TriggerMessage", { requestedMessage: "BootNotification" }, { callTimeoutMs })
      .catch((e) => log(`ocpp: ${client.identity} TriggerMessage: ${e.message}`));
  }

  server.on("client", (client: RpcClient) => {
    const identity = client.identity;
    const previous = clients.get(identity);
    clients.set(identity, client);
    if (previous && previous !== client) previous.close({ force: true }).catch(() => {});
    let booted = false;
    let configured = false;

    const accepted = () => state.charger(identity) !== undefined;
    const pending = pendingMap.get(identity);
    if (pending && !client.session.accepted) {
      pending.client = client;
      pendingListeners.emit(publicPending(pending));
    }
    const link = accepted() ? linkOf(identity) : null;
    // A charger known from before this connection is usable again at once.
    link?.attach(client, false);
    if (accepted()) {
      bootTimers.set(
        client,
        setTimeout(() => {
          bootTimers.delete(client);
          if (!booted && client.state === OPEN) triggerBoot(client);
        }, options.bootWaitMs ?? 5000),
      );
    }

    client.once("close", () => {
      clearTimeout(bootTimers.get(client));
      bootTimers.delete(client);
      if (clients.get(identity) === client) clients.delete(identity);
      links.get(identity)?.detach(client);
      const p = pendingMap.get(identity);
      if (p && p.client === client) {
        p.client = null;
        pendingListeners.emit(publicPending(p));
      }
    });

    /** Every call but BootNotification needs an accepted charger. */
    const acceptedLink = (): OcppChargerLink => {
      const l = accepted() ? linkOf(identity) : null;
      if (!l || !booted && !l.online) {
        throw createRPCError("SecurityError", "Charge point not accepted");
      }
      return l;
    };

    client.handle("BootNotification", ({ params }) => {
      if (!accepted()) {
        return { status: "Pending", currentTime: now(), interval: options.pendingIntervalS ?? 30 };
      }
      const l = linkOf(identity)!;
      const first = !announced.has(identity);
      announced.add(identity);
      booted = true;
      clearTimeout(bootTimers.get(client));
      l.vendor = params.chargePointVendor ?? null;
      l.model = params.chargePointModel ?? null;
      l.attach(client, true);
      if (first) linkListeners.emit(l);
      log(`ocpp: charger ${identity} booted (${l.vendor} ${l.model})`);
      // After the answer has gone out (nothing is sent before the boot is accepted), and once
      // per connection: a charger that boots twice (its own boot crossing our TriggerMessage)
      // is not configured twice over.
      if (!configured) {
        configured = true;
        setTimeout(() => {
          configure(client, l).catch((e) => log(`ocpp: ${identity} configuration: ${e.message}`));
        }, 0);
      }
      return {
        status: "Accepted",
        currentTime: now(),
        interval: options.heartbeatIntervalS ?? 300,
      };
    });

    client.handle("Heartbeat", () => {
      acceptedLink();
      return { currentTime: now() };
    });

    client.handle("StatusNotification", ({ params }) => {
      const l = acceptedLink();
      const at = params.timestamp ? Date.parse(params.timestamp) : Date.now();
      l.status(params.connectorId, params.status, at);
      return {};
    });

    const tagAllowed = (idTag: string) => idTags.has(idTag) || state.hasIdTag(idTag);

    client.handle("Authorize", ({ params }) => {
      acceptedLink();
      return { idTagInfo: { status: tagAllowed(params.idTag) ? "Accepted" : "Invalid" } };
    });

    client.handle("StartTransaction", ({ params }) => {
      const l = acceptedLink();
      const allowed = tagAllowed(params.idTag);
      const opened = state.openTransaction({
        identity,
        connectorId: params.connectorId,
        idTag: params.idTag,
        meterStartWh: params.meterStart,
        startMs: Date.parse(params.timestamp),
      });
      if (params.connectorId === CONNECTOR) l.transaction(opened.transactionId, params.idTag);
      log(`ocpp: ${identity} transaction ${opened.transactionId} started by ${params.idTag}`);
      return {
        transactionId: opened.transactionId,
        idTagInfo: { status: allowed ? "Accepted" : "Invalid" },
      };
    });

    client.handle("StopTransaction", ({ params }) => {
      const l = acceptedLink();
      const open = state.transaction(identity, params.transactionId);
      if (open) {
        state.closeTransaction(open.transactionId);
        sessionListeners.emit({
          chargerId: identity,
          transactionId: open.transactionId,
          idTag: open.idTag,
          startMs: open.startMs,
          stopMs: Date.parse(params.timestamp),
          meterStartWh: open.meterStartWh,
          meterStopWh: params.meterStop,
          kWh: (params.meterStop - open.meterStartWh) / 1000,
          reason: params.reason ?? null,
        });
      } else {
        log(`ocpp: ${identity} stopped unknown transaction ${params.transactionId}`);
      }
      if (l.transactionId === params.transactionId) l.transaction(null, null);
      if (Array.isArray(params.transactionData)) l.meter(params.transactionData);
      return params.idTag
        ? { idTagInfo: { status: tagAllowed(params.idTag) ? "Accepted" : "Invalid" } }
        : {};
    });

    client.handle("MeterValues", ({ params }) => {
      const l = acceptedLink();
      if (params.connectorId === CONNECTOR) l.meter(params.meterValue);
      return {};
    });

    client.handle("DataTransfer", () => {
      acceptedLink();
      return { status: "UnknownVendorId" };
    });
    for (const method of ["DiagnosticsStatusNotification", "FirmwareStatusNotification"]) {
      client.handle(method, () => {
        acceptedLink();
        return {};
      });
    }
  });

  const http = await server.listen(options.port ?? 8887, options.hostname);
  const port = (http.address() as AddressInfo).port;
  const host = options.hostname ?? "localhost";

  return {
    port,
    url: `ws://${host.includes(":") ? `[${host}]` : host}:${port}${path}`,
    pending: () => [...pendingMap.values()].map(publicPending),
    accept(identity, setup = {}) {
      const p = pendingMap.get(identity);
      if (!p) return false;
      pendingMap.delete(identity);
      state.accept({
        identity,
        passwordHash: p.passwordHash,
        acceptedMs: Date.now(),
        setup: {
          id: identity,
          name: identity,
          minA: 6,
          maxA: 16,
          phases: 3,
          canSwitchPhases: false,
          phaseRotation: [0, 1, 2],
          priority: 0,
          ...setup,
        },
      });
      log(`ocpp: charger ${identity} accepted`);
      const client = p.client;
      if (client && client.state === OPEN) {
        // The connection now belongs to an accepted charger: ask it to boot again.
        client.session.accepted = true;
        linkOf(identity)?.attach(client, false);
        triggerBoot(client);
      }
      return true;
    },
    refuse(identity) {
      const known = pendingMap.delete(identity) || state.charger(identity) !== undefined;
      if (!known) return false;
      state.refuse(identity);
      links.get(identity)?.close();
      links.delete(identity);
      announced.delete(identity);
      clients.get(identity)?.close({ code: 1008, reason: "Refused" }).catch(() => {});
      log(`ocpp: charger ${identity} refused`);
      return true;
    },
    forget(identity) {
      state.forget(identity);
      links.get(identity)?.close();
      links.delete(identity);
      announced.delete(identity);
      clients.get(identity)?.close({ code: 1008, reason: "Forgotten" }).catch(() => {});
    },
    allowIdTag: (idTag) => state.allowIdTag(idTag),
    links: () => [...links.values()],
    onLink: linkListeners.add,
    onPending: pendingListeners.add,
    onSession: sessionListeners.add,
    async close() {
      for (const timer of bootTimers.values()) clearTimeout(timer);
      bootTimers.clear();
      await server.close({ force: true });
      await new Promise<void>((resolve) => http.close(() => resolve()));
      linkListeners.clear();
      pendingListeners.clear();
      sessionListeners.clear();
    },
  };
}
