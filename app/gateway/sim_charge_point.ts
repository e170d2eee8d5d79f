/**
 * A simulated OCPP 1.6J charge point (one connector) with a car, built on ocpp-rpc's RPCClient
 * (strict mode on: what the central system sends is checked against the 1.6 JSON schemas), for
 * the tests (and later `deno task gateway --simulate`). Written from the OCPP 1.6 specification, edition 2 (2017), not from
 * our central system (section numbers of edition 2, FINAL 2017-09-28):
 * - §4.2 BootNotification: sent at start-up; until it is Accepted the charge point sends no other
 *   request and boots again after the `interval` it was given (Pending/Rejected). After Accepted
 *   it sends a StatusNotification for connector 0 and 1 (§4.9) and a Heartbeat every `interval`.
 *   A reconnect is not a reboot: no new boot, only the connector's status.
 * - §4.8 StartTransaction / §4.10 StopTransaction: meterStart/meterStop in Wh (integers); a tag is
 *   authorized first (§4.1 Authorize); a StartTransaction answered with a tag not Accepted is
 *   stopped at once (reason DeAuthorized). Unplugging stops with EVDisconnected, a remote stop
 *   with Remote.
 * - §4.7 MeterValues: every MeterValueSampleInterval seconds during a transaction, the measurands
 *   of MeterValuesSampledData (§9.1 configuration keys; at most MeterValuesSampledDataMaxLength), context
 *   Sample.Periodic; Current.Import per phase L1–L3, Current.Offered, Power.Active.Import (W),
 *   Energy.Active.Import.Register (Wh), SoC (Percent); values as strings (§7 SampledValue).
 * - §3.13 Smart Charging: profiles of purpose ChargePointMaxProfile (connector 0 only, a cap),
 *   TxDefaultProfile (connector 0 = all, a connector's own one wins) and TxProfile (only for the
 *   running transaction, overrides TxDefault, discarded when it ends); within a purpose the
 *   highest stackLevel in effect wins; Absolute, Relative (from the transaction's start)
 *   and Recurring schedules, validFrom/validTo, duration; a limit below 6 A (IEC 61851's minimum)
 *   pauses the car (SuspendedEVSE); numberPhases limits the phases used (§7 ChargingSchedulePeriod).
 * - §5.16 SetChargingProfile: a TxProfile without a matching running transaction is Rejected; a
 *   profile with the same id, or the same stackLevel and purpose on that connector, replaces the
 *   old one; above ChargeProfileMaxStackLevel or MaxChargingProfilesInstalled: Rejected.
 *   §5.5 ClearChargingProfile (by id, or by connector/purpose/stackLevel; Unknown when none),
 *   §5.7 GetCompositeSchedule, §5.8 GetConfiguration, §5.3 ChangeConfiguration (unknown key:
 *   NotSupported, read-only: Rejected), §5.11/§5.12 RemoteStart/StopTransaction (a remote start
 *   acts as a tag held to the reader: accepted with the car plugged in, Preparing or Finishing,
 *   §4.9 F2), §5.17
 *   TriggerMessage (the message follows the answer).
 * - §7 ChargePointStatus: Available → Preparing (car plugged) → Charging ↔ SuspendedEV (car
 *   full) / SuspendedEVSE (limit below 6 A) → Finishing (stopped, still plugged) → Available.
 *
 * The car: a battery (kWh, SoC), a 1- or 3-phase onboard charger with a maximum current, and a
 * ramp (the current moves toward its target by `rampAPerS` each second). Time is the simulator's
 * own (`nowMs`) and moves only by `step(ms)` (or `run()` for real time), so tests advance the car
 * without waiting. Requests that cannot go out (offline, not registered) are dropped and counted,
 * not queued. Quirk `ignoreProfiles`: profiles are Accepted, reported by GetCompositeSchedule, and
 * not applied (the charger the central system must catch).
 */
import { RPCClient } from "ocpp-rpc";
import type { ChargingProfile, OcppStatus } from "../../lib/control/ev/ocpp.ts";

export interface SimCar {
  batteryKWh: number;
  socPct: number;
  phases: 1 | 3;
  maxA: number;
  /** The car stops drawing here (SuspendedEV). Default 100. */
  fullPct?: number;
  /** The car itself pauses (its own timer, preconditioning done): SuspendedEV while set. */
  idle?: boolean;
}

export interface SimOptions {
  /** ws://host:port/ocpp (the identity is appended). */
  endpoint: string;
  identity: string;
  password: string;
  /** Phases the station is wired with. Default 3. */
  phases?: 1 | 3;
  /** The station's (cable's) most. Default 16 A. */
  maxA?: number;
  voltageV?: number;
  /** The energy register at start (Wh). Default 1 000 000. */
  meterWh?: number;
  /** The simulator's clock at start (epoch ms). Default now. */
  startMs?: number;
  /** A/s. Default 4. */
  rampAPerS?: number;
  /** MeterValuesSampledDataMaxLength. Default 8. */
  sampledDataMaxLength?: number;
  reconnectDelayMs?: number;
  /** The measurands its meter has. Default all of Current.Import, Current.Offered,
   * Power.Active.Import, Energy.Active.Import.Register, SoC, Voltage. */
  measurands?: readonly string[];
  /** Boots only when asked (TriggerMessage), as some firmware does after a reconnect. */
  bootOnlyWhenTriggered?: boolean;
  ignoreProfiles?: boolean;
}

interface StoredProfile extends ChargingProfile {
  connectorId: number;
  receivedMs: number;
}

interface Transaction {
  id: number;
  idTag: string;
  startMs: number;
  meterStartWh: number;
}

const MIN_A = 6;
const MEASURANDS = [
  "Current.Import",
  "Current.Offered",
  "Power.Active.Import",
  "Energy.Active.Import.Register",
  "SoC",
  "Voltage",
];

// deno-lint-ignore no-explicit-any
type Params = any;

export class SimChargePoint {
  readonly client: InstanceType<typeof RPCClient>;
  readonly phases: 1 | 3;
  readonly maxA: number;
  readonly voltageV: number;
  readonly rampAPerS: number;
  nowMs: number;
  meterWh: number;
  car: SimCar | null = null;
  status: OcppStatus = "Available";
  registration: "none" | "Accepted" | "Pending" | "Rejected" = "none";
  tx: Transaction | null = null;
  /** Current drawn per phase L1–L3 (A). */
  currentA: [number, number, number] = [0, 0, 0];
  profiles: StoredProfile[] = [];
  /** Every call from the central system, in order. */
  readonly received: { method: string; params: Params }[] = [];
  /** Requests that could not go out (offline or not registered). */
  dropped = 0;
  /** Answers to our requests that were errors. */
  readonly errors: string[] = [];
  readonly config = new Map<string, { value: string; readonly: boolean }>();
  readonly ignoreProfiles: boolean;
  readonly measurands: readonly string[];
  #finished = false;
  #open = false;
  #nextBootMs = Infinity;
  #nextHeartbeatMs = Infinity;
  #nextSampleMs = Infinity;
  #inFlight = new Set<Promise<unknown>>();
  #timer: ReturnType<typeof setInterval> | null = null;
  #changes = new Set<() => void>();
  readonly #bootOnlyWhenTriggered: boolean;

  constructor(options: SimOptions) {
    this.phases = options.phases ?? 3;
    this.maxA = options.maxA ?? 16;
    this.voltageV = options.voltageV ?? 230;
    this.rampAPerS = options.rampAPerS ?? 4;
    this.nowMs = options.startMs ?? Date.now();
    this.meterWh = options.meterWh ?? 1_000_000;
    this.ignoreProfiles = options.ignoreProfiles ?? false;
    this.measurands = options.measurands ?? MEASURANDS;
    this.#bootOnlyWhenTriggered = options.bootOnlyWhenTriggered ?? false;
    const cfg: [string, string, boolean][] = [
      ["HeartbeatInterval", "300", false],
      ["MeterValueSampleInterval", "60", false],
      ["MeterValuesSampledData", "Energy.Active.Import.Register", false],
      ["MeterValuesSampledDataMaxLength", String(options.sampledDataMaxLength ?? 8), true],
      ["WebSocketPingInterval", "0", false],
      ["AuthorizeRemoteTxRequests", "false", false],
      ["NumberOfConnectors", "1", true],
      ["ChargeProfileMaxStackLevel", "8", true],
      ["ChargingScheduleAllowedChargingRateUnit", "Current,Power", true],
      ["ChargingScheduleMaxPeriods", "24", true],
      ["MaxChargingProfilesInstalled", "8", true],
      ["ConnectorSwitch3to1PhaseSupported", this.phases === 3 ? "true" : "false", true],
    ];
    for (const [key, value, ro] of cfg) this.config.set(key, { value, readonly: ro });
    // The library's constructor type wants every option; these are the ones that matter.
    this.client = new RPCClient({
      endpoint: options.endpoint,
      identity: options.identity,
      password: options.password,
      protocols: ["ocpp1.6"],
      strictMode: true,
      reconnect: true,
      callTimeoutMs: 10_000,
      pingIntervalMs: 0,
      backoff: {
        initialDelay: options.reconnectDelayMs ?? 200,
        maxDelay: 2000,
        factor: 2,
        randomisationFactor: 0,
      },
    } as never);
    this.#handlers();
    this.client.on("open", () => {
      this.#open = true;
      if (this.registration === "Accepted") this.#statusNotification(1);
      else if (!this.#bootOnlyWhenTriggered) this.#track(this.boot());
      this.#changed();
    });
    // The client is still OPEN while it says it disconnected: our own flag goes down at once.
    const down = () => {
      this.#open = false;
      this.#changed();
    };
    this.client.on("close", down);
    this.client.on("disconnect", down);
  }

  get connected(): boolean {
    return this.#open && this.client.state === RPCClient.OPEN;
  }

  /** Called after anything may have changed (a message in or out, a step, a socket event). */
  onChange(listener: () => void): () => void {
    this.#changes.add(listener);
    return () => this.#changes.delete(listener);
  }

  #changed(): void {
    for (const l of [...this.#changes]) l();
  }

  connect(): Promise<unknown> {
    return this.client.connect();
  }

  /** Breaks the socket without a close handshake (a cable pulled); the client reconnects. */
  dropConnection(): void {
    // deno-lint-ignore no-explicit-any
    (this.client as any)._ws?.terminate();
  }

  async close(): Promise<void> {
    this.stopRunning();
    await this.client.close({ force: true });
    await Promise.allSettled([...this.#inFlight]);
  }

  /** Steps real time once a second (for `--simulate`); tests call `step` themselves. */
  run(everyMs = 1000): void {
    this.stopRunning();
    this.#timer = setInterval(() => void this.step(everyMs), everyMs);
  }

  stopRunning(): void {
    if (this.#timer !== null) clearInterval(this.#timer);
    this.#timer = null;
  }

  // --- the car ---

  plug(car: SimCar): void {
    this.car = { ...car };
    this.#finished = false;
    this.#update();
  }

  unplug(): Promise<void> {
    this.car = null;
    this.#finished = false;
    const done = this.tx ? this.#stopTx("EVDisconnected") : Promise.resolve();
    this.#update();
    return done;
  }

  /** A tag held to the reader: Authorize, then StartTransaction. Whether a session started. */
  async presentTag(idTag: string): Promise<boolean> {
    if (!this.car || this.tx) return false;
    const answer = await this.#send("Authorize", { idTag });
    if (answer?.idTagInfo?.status !== "Accepted") return false;
    return await this.#startTx(idTag);
  }

  /** Advances the simulator's clock by `ms`, second by second, and waits for what it sent. */
  async step(ms: number): Promise<void> {
    let left = ms;
    while (left > 0) {
      const dtMs = Math.min(1000, left);
      left -= dtMs;
      this.nowMs += dtMs;
      this.#physics(dtMs / 1000);
      this.#update();
      this.#timers();
    }
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
    this.#changed();
  }

  #physics(dtS: number): void {
    const target = this.#targetA();
    const phases = this.#phasesInUse();
    for (let i = 0; i < 3; i++) {
      const want = i < phases ? target : 0;
      const now = this.currentA[i];
      const stepA = this.rampAPerS * dtS;
      this.currentA[i] = want > now ? Math.min(want, now + stepA) : Math.max(want, now - stepA);
    }
    const powerW = this.powerW;
    const wh = powerW * dtS / 3600;
    this.meterWh += wh;
    if (this.car) {
      this.car.socPct = Math.min(100, this.car.socPct + wh / 1000 / this.car.batteryKWh * 100);
    }
  }

  get powerW(): number {
    return this.voltageV * (this.currentA[0] + this.currentA[1] + this.currentA[2]);
  }

  /** What the station offers now (A per phase): its maximum under the profiles in effect. */
  get offeredA(): number {
    const limit = this.ignoreProfiles ? null : this.compositeLimit();
    const a = Math.min(this.maxA, limit?.limitA ?? Infinity);
    return a < MIN_A ? 0 : a;
  }

  #phasesInUse(): number {
    const limit = this.ignoreProfiles ? null : this.compositeLimit();
    return Math.min(this.phases, this.car?.phases ?? 3, limit?.phases ?? 3);
  }

  /** The car draws nothing of its own accord: full, or idle. */
  #carFull(): boolean {
    return this.car !== null &&
      (this.car.idle === true || this.car.socPct >= (this.car.fullPct ?? 100));
  }

  #targetA(): number {
    if (!this.car || !this.tx || this.#carFull()) return 0;
    return Math.min(this.offeredA, this.car.maxA);
  }

  #update(): void {
    let next: OcppStatus;
    if (!this.car) next = "Available";
    else if (!this.tx) next = this.#finished ? "Finishing" : "Preparing";
    else if (this.offeredA === 0) next = "SuspendedEVSE";
    else if (this.#carFull()) next = "SuspendedEV";
    else next = "Charging";
    if (next !== this.status) {
      this.status = next;
      this.#statusNotification(1);
    }
  }

  #timers(): void {
    if (this.nowMs >= this.#nextBootMs) {
      this.#nextBootMs = Infinity;
      this.#track(this.boot());
    }
    if (this.nowMs >= this.#nextHeartbeatMs) {
      this.#nextHeartbeatMs = this.nowMs + this.#intervalS("HeartbeatInterval") * 1000;
      this.#track(this.#send("Heartbeat", {}));
    }
    if (this.tx && this.nowMs >= this.#nextSampleMs) {
      this.#nextSampleMs = this.nowMs + this.#intervalS("MeterValueSampleInterval") * 1000;
      this.#track(this.#meterValues("Sample.Periodic"));
    }
  }

  #intervalS(key: string): number {
    const s = Number(this.config.get(key)?.value);
    return Number.isFinite(s) && s > 0 ? s : Infinity;
  }

  // --- requests to the central system ---

  #track(p: Promise<unknown>): void {
    const tracked = p.catch(() => {}).finally(() => this.#inFlight.delete(tracked));
    this.#inFlight.add(tracked);
  }

  /** A request, or `null` when it cannot go out now (dropped, counted) or was answered an error. */
  async #send(method: string, params: unknown): Promise<Params | null> {
    if (!this.connected || (this.registration !== "Accepted" && method !== "BootNotification")) {
      this.dropped++;
      return null;
    }
    try {
      return await this.client.call(method, params);
    } catch (e) {
      this.errors.push(`${method}: ${e instanceof Error ? e.message : String(e)}`);
      return null;
    } finally {
      this.#changed();
    }
  }

  #iso(): string {
    return new Date(this.nowMs).toISOString();
  }

  async boot(): Promise<void> {
    const answer = await this.#send("BootNotification", {
      chargePointVendor: "Thuisenergie",
      chargePointModel: "SimChargePoint",
    });
    if (!answer) return;
    this.registration = answer.status;
    if (answer.status === "Accepted") {
      this.config.get("HeartbeatInterval")!.value = String(answer.interval);
      this.#nextHeartbeatMs = this.nowMs + this.#intervalS("HeartbeatInterval") * 1000;
      this.#statusNotification(0);
      this.#statusNotification(1);
    } else {
      this.#nextBootMs = this.nowMs + Math.max(1, answer.interval) * 1000;
    }
    this.#changed();
  }

  #statusNotification(connectorId: 0 | 1): void {
    this.#track(this.#send("StatusNotification", {
      connectorId,
      errorCode: "NoError",
      status: connectorId === 0 ? "Available" : this.status,
      timestamp: this.#iso(),
    }));
  }

  #meterValues(context: string): Promise<unknown> {
    const wanted = (this.config.get("MeterValuesSampledData")?.value ?? "").split(",")
      .map((s) => s.trim()).filter((s) => s !== "");
    const sampled: Params[] = [];
    for (const measurand of wanted) {
      switch (measurand) {
        case "Current.Import":
          for (let i = 0; i < this.phases; i++) {
            sampled.push({
              value: this.currentA[i].toFixed(1),
              context,
              measurand,
              phase: `L${i + 1}`,
              unit: "A",
            });
          }
          break;
        case "Current.Offered":
          sampled.push({ value: this.offeredA.toFixed(1), context, measurand, unit: "A" });
          break;
        case "Power.Active.Import":
          sampled.push({ value: this.powerW.toFixed(0), context, measurand, unit: "W" });
          break;
        case "Energy.Active.Import.Register":
          sampled.push({
            value: Math.round(this.meterWh).toString(),
            context,
            measurand,
            unit: "Wh",
          });
          break;
        case "SoC":
          if (this.car) {
            sampled.push({
              value: this.car.socPct.toFixed(0),
              context,
              measurand,
              location: "EV",
              unit: "Percent",
            });
          }
          break;
        case "Voltage":
          for (let i = 0; i < this.phases; i++) {
            sampled.push({
              value: this.voltageV.toFixed(1),
              context,
              measurand,
              phase: `L${i + 1}-N`,
              unit: "V",
            });
          }
          break;
      }
    }
    return this.#send("MeterValues", {
      connectorId: 1,
      ...(this.tx ? { transactionId: this.tx.id } : {}),
      meterValue: [{ timestamp: this.#iso(), sampledValue: sampled }],
    });
  }

  async #startTx(idTag: string, profile?: ChargingProfile): Promise<boolean> {
    const meterStartWh = Math.round(this.meterWh);
    const answer = await this.#send("StartTransaction", {
      connectorId: 1,
      idTag,
      meterStart: meterStartWh,
      timestamp: this.#iso(),
    });
    if (!answer) return false;
    this.tx = { id: answer.transactionId, idTag, startMs: this.nowMs, meterStartWh };
    if (answer.idTagInfo?.status !== "Accepted") {
      await this.#stopTx("DeAuthorized");
      return false;
    }
    if (profile) this.#store(1, { ...profile, transactionId: this.tx.id });
    this.#nextSampleMs = this.nowMs + this.#intervalS("MeterValueSampleInterval") * 1000;
    this.#update();
    return true;
  }

  async #stopTx(reason: string): Promise<void> {
    const tx = this.tx;
    if (!tx) return;
    this.tx = null;
    this.#finished = this.car !== null;
    this.profiles = this.profiles.filter((p) => p.chargingProfilePurpose !== "TxProfile");
    this.#nextSampleMs = Infinity;
    this.#update();
    await this.#send("StopTransaction", {
      transactionId: tx.id,
      idTag: tx.idTag,
      meterStop: Math.round(this.meterWh),
      timestamp: this.#iso(),
      reason,
    });
  }

  // --- smart charging (§3.13) ---

  #store(connectorId: number, profile: ChargingProfile): void {
    this.profiles = this.profiles.filter((p) =>
      p.chargingProfileId !== profile.chargingProfileId &&
      !(p.connectorId === connectorId && p.stackLevel === profile.stackLevel &&
        p.chargingProfilePurpose === profile.chargingProfilePurpose)
    );
    this.profiles.push({ ...profile, connectorId, receivedMs: this.nowMs });
  }

  /** The period of a profile in effect now, or `null` when the profile is not. */
  #periodOf(p: StoredProfile): { limitA: number; phases: number } | null {
    const now = this.nowMs;
    if (p.validFrom && now < Date.parse(p.validFrom)) return null;
    if (p.validTo && now >= Date.parse(p.validTo)) return null;
    const s = p.chargingSchedule;
    let startMs: number;
    if (p.chargingProfileKind === "Relative") startMs = this.tx?.startMs ?? now;
    else startMs = s.startSchedule ? Date.parse(s.startSchedule) : p.receivedMs;
    let elapsedS = (now - startMs) / 1000;
    if (p.chargingProfileKind === "Recurring") {
      const periodS = p.recurrencyKind === "Weekly" ? 7 * 86400 : 86400;
      elapsedS = ((elapsedS % periodS) + periodS) % periodS;
    }
    if (elapsedS < 0) return null;
    if (s.duration !== undefined && elapsedS >= s.duration) return null;
    let period: ChargingProfile["chargingSchedule"]["chargingSchedulePeriod"][number] | null = null;
    for (const sp of s.chargingSchedulePeriod) if (sp.startPeriod <= elapsedS) period = sp;
    if (!period) return null;
    const phases = period.numberPhases ?? 3;
    const limitA = s.chargingRateUnit === "A"
      ? period.limit
      : period.limit / (this.voltageV * Math.min(phases, this.phases));
    return { limitA, phases };
  }

  /** The highest stack level in effect among profiles of one purpose for connector 1. */
  #winner(
    purpose: ChargingProfile["chargingProfilePurpose"],
  ): { limitA: number; phases: number } | null {
    const candidates = this.profiles.filter((p) =>
      p.chargingProfilePurpose === purpose &&
      (purpose !== "TxProfile" || (this.tx !== null && p.transactionId === this.tx.id))
    );
    // A connector's own TxDefaultProfile wins over one for all connectors (§3.13).
    const own = candidates.filter((p) => p.connectorId === 1);
    const pool = purpose === "TxDefaultProfile" && own.length > 0 ? own : candidates;
    let best: { level: number; period: { limitA: number; phases: number } } | null = null;
    for (const p of pool) {
      const period = this.#periodOf(p);
      if (period && (!best || p.stackLevel > best.level)) best = { level: p.stackLevel, period };
    }
    return best?.period ?? null;
  }

  /** The composite limit on connector 1 now (§3.13), or `null` when no profile applies. */
  compositeLimit(): { limitA: number; phases: number } | null {
    const tx = this.tx ? this.#winner("TxProfile") : null;
    const own = tx ?? this.#winner("TxDefaultProfile");
    const cap = this.#winner("ChargePointMaxProfile");
    if (!own) return cap;
    if (!cap) return own;
    return { limitA: Math.min(own.limitA, cap.limitA), phases: Math.min(own.phases, cap.phases) };
  }

  // --- calls from the central system ---

  #handlers(): void {
    const on = (method: string, handler: (params: Params) => unknown) =>
      this.client.handle(method, (call) => {
        const params: Params = call.params;
        this.received.push({ method, params });
        const answer = handler(params);
        queueMicrotask(() => this.#changed());
        return Promise.resolve(answer as Record<string, unknown>);
      });

    on("GetConfiguration", (params) => {
      const keys: string[] | undefined = params.key;
      const configurationKey = [];
      const unknownKey = [];
      for (const key of keys && keys.length > 0 ? keys : [...this.config.keys()]) {
        const c = this.config.get(key);
        if (c) configurationKey.push({ key, readonly: c.readonly, value: c.value });
        else unknownKey.push(key);
      }
      return { configurationKey, ...(unknownKey.length ? { unknownKey } : {}) };
    });

    on("ChangeConfiguration", ({ key, value }) => {
      const c = this.config.get(key);
      if (!c) return { status: "NotSupported" };
      if (c.readonly) return { status: "Rejected" };
      if (key === "MeterValuesSampledData") {
        const list = String(value).split(",").map((s) => s.trim()).filter((s) => s !== "");
        const max = Number(this.config.get("MeterValuesSampledDataMaxLength")!.value);
        if (list.length > max || list.some((m) => !this.measurands.includes(m))) {
          return { status: "Rejected" };
        }
      } else if (
        key.endsWith("Interval") && !/^\d+$/.test(String(value))
      ) {
        return { status: "Rejected" };
      }
      c.value = String(value);
      if (key === "MeterValueSampleInterval" && this.tx) {
        this.#nextSampleMs = this.nowMs + this.#intervalS(key) * 1000;
      }
      return { status: "Accepted" };
    });

    on("SetChargingProfile", ({ connectorId, csChargingProfiles: p }) => {
      const profile = p as ChargingProfile;
      const maxLevel = Number(this.config.get("ChargeProfileMaxStackLevel")!.value);
      const units = this.config.get("ChargingScheduleAllowedChargingRateUnit")!.value;
      const unitOk = profile.chargingSchedule.chargingRateUnit === "A"
        ? units.includes("Current")
        : units.includes("Power");
      if (connectorId > 1 || profile.stackLevel > maxLevel || !unitOk) {
        return { status: "Rejected" };
      }
      if (profile.chargingProfilePurpose === "ChargePointMaxProfile" && connectorId !== 0) {
        return { status: "Rejected" };
      }
      if (profile.chargingProfilePurpose === "TxProfile") {
        if (connectorId === 0 || !this.tx) return { status: "Rejected" };
        if (profile.transactionId !== undefined && profile.transactionId !== this.tx.id) {
          return { status: "Rejected" };
        }
      }
      const max = Number(this.config.get("MaxChargingProfilesInstalled")!.value);
      const replaces = this.profiles.some((q) =>
        q.chargingProfileId === profile.chargingProfileId ||
        (q.connectorId === connectorId && q.stackLevel === profile.stackLevel &&
          q.chargingProfilePurpose === profile.chargingProfilePurpose)
      );
      if (!replaces && this.profiles.length >= max) return { status: "Rejected" };
      this.#store(connectorId, {
        ...profile,
        ...(profile.chargingProfilePurpose === "TxProfile" ? { transactionId: this.tx!.id } : {}),
      });
      this.#update();
      return { status: "Accepted" };
    });

    on("ClearChargingProfile", (params) => {
      const before = this.profiles.length;
      this.profiles = this.profiles.filter((p) => {
        if (params.id !== undefined) return p.chargingProfileId !== params.id;
        if (params.connectorId !== undefined && p.connectorId !== params.connectorId) return true;
        if (
          params.chargingProfilePurpose !== undefined &&
          p.chargingProfilePurpose !== params.chargingProfilePurpose
        ) return true;
        if (params.stackLevel !== undefined && p.stackLevel !== params.stackLevel) return true;
        return false;
      });
      this.#update();
      return { status: this.profiles.length < before ? "Accepted" : "Unknown" };
    });

    on("GetCompositeSchedule", ({ connectorId, duration }) => {
      if (connectorId > 1) return { status: "Rejected" };
      const limit = this.compositeLimit();
      return {
        status: "Accepted",
        connectorId,
        scheduleStart: this.#iso(),
        chargingSchedule: {
          duration,
          startSchedule: this.#iso(),
          chargingRateUnit: "A",
          chargingSchedulePeriod: [{
            startPeriod: 0,
            limit: Math.round(Math.min(this.maxA, limit?.limitA ?? this.maxA) * 10) / 10,
            numberPhases: Math.min(this.phases, limit?.phases ?? 3),
          }],
        },
      };
    });

    on("RemoteStartTransaction", ({ idTag, chargingProfile }) => {
      // §5.11: as a tag held to the reader, so also after a stop with the car still plugged in
      // (§4.9 transition F2, Finishing → Preparing: the user starts a new transaction).
      const ready = this.status === "Preparing" || this.status === "Finishing";
      if (!this.car || this.tx || !ready) return { status: "Rejected" };
      if (chargingProfile && chargingProfile.chargingProfilePurpose !== "TxProfile") {
        return { status: "Rejected" };
      }
      setTimeout(() => {
        const authorize = this.config.get("AuthorizeRemoteTxRequests")!.value === "true";
        this.#track((async () => {
          if (authorize) {
            const a = await this.#send("Authorize", { idTag });
            if (a?.idTagInfo?.status !== "Accepted") return;
          }
          await this.#startTx(idTag, chargingProfile);
        })());
      }, 0);
      return { status: "Accepted" };
    });

    on("RemoteStopTransaction", ({ transactionId }) => {
      if (!this.tx || this.tx.id !== transactionId) return { status: "Rejected" };
      setTimeout(() => this.#track(this.#stopTx("Remote")), 0);
      return { status: "Accepted" };
    });

    on("TriggerMessage", ({ requestedMessage, connectorId }) => {
      const send: Record<string, () => void> = {
        BootNotification: () => this.#track(this.boot()),
        Heartbeat: () => this.#track(this.#send("Heartbeat", {})),
        StatusNotification: () => this.#statusNotification(connectorId === 0 ? 0 : 1),
        MeterValues: () => this.#track(this.#meterValues("Trigger")),
      };
      const action = send[requestedMessage];
      if (!action) return { status: "NotImplemented" };
      if (connectorId !== undefined && connectorId > 1) return { status: "Rejected" };
      setTimeout(action, 0);
      return { status: "Accepted" };
    });
  }
}
