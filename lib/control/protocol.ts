/**
 * The gateway's WebSocket messages, checked with zod on both ends. A connection must pair (id +
 * one-time code → token) or say hello with its token before it gets anything.
 */
import { z } from "zod";
import type { DecisionReason } from "./decide.ts";
import type { ChargerLimit, ChargerReading, ChargerStatus } from "./ev/charger.ts";
import { type ChargeSettings, ChargeSettingsModel } from "./ev/settings.ts";
import type { DemandReading, PhaseReading } from "../p1/reading.ts";
import type { PricePoint } from "../tariff/prices.ts";

/**
 * What a pairing may see and do: `all`, or `ev` — a household member's phone that sees and
 * drives the chargers and nothing of the meter or the battery (the server's EV-only scope).
 */
export type PairingScope = "all" | "ev";

const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);
const pct = z.number().min(0).max(100);

export const ControlSettingsModel = z.discriminatedUnion("mode", [
  z.object({ mode: z.literal("auto") }),
  z.object({ mode: z.literal("balancing"), minSocPct: pct }),
  z.object({
    mode: z.literal("peakShaving"),
    desiredPeakW: z.number().min(0).max(100_000),
    minSocPct: pct,
    bufferPct: pct,
  }),
  z.object({
    mode: z.literal("timers"),
    timers: z.array(z.object({ start: time, end: time, w: z.number().min(0).max(100_000) })).max(
      20,
    ),
    minSocPct: pct,
  }),
  z.object({
    mode: z.literal("cheapest"),
    slots: z.number().int().min(0).max(96),
    desiredPeakW: z.number().min(0).max(100_000),
    minSocPct: pct,
    batteryCostEurPerKWh: z.number().min(0).max(5),
  }),
]);

const gridPhase = z.union([z.literal(0), z.literal(1), z.literal(2)]);

/** What the app may say of a charger it lets in (lib/control/ev/charger.ts `ChargerSetup`). */
export const ChargerInstallModel = z.object({
  name: z.string().max(120).optional(),
  maxA: z.number().min(6).max(80).optional(),
  phases: z.union([z.literal(1), z.literal(3)]).optional(),
  canSwitchPhases: z.boolean().optional(),
  phaseRotation: z.tuple([gridPhase, gridPhase, gridPhase]).optional(),
  priority: z.number().int().min(0).max(100).optional(),
});
export type ChargerInstall = z.infer<typeof ChargerInstallModel>;

export const ClientMessageModel = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("pair"),
    gatewayId: z.string().max(80),
    code: z.string().max(20),
    /** What the user will see in the list of paired devices ("Chrome on Android"). */
    label: z.string().max(80).default(""),
  }),
  z.object({ type: z.literal("hello"), token: z.string().max(100) }),
  z.object({ type: z.literal("settings"), control: ControlSettingsModel }),
  /** The devices paired with the gateway. */
  z.object({ type: z.literal("devices") }),
  z.object({ type: z.literal("revoke"), id: z.string().min(1).max(20) }),
  /** A one-time code that pairs a member's device for EV charging only. */
  z.object({ type: z.literal("inviteEv") }),
  z.object({
    type: z.literal("chargeSettings"),
    chargerId: z.string().min(1).max(80),
    settings: ChargeSettingsModel,
  }),
  z.object({ type: z.literal("chargeStart"), chargerId: z.string().min(1).max(80) }),
  z.object({ type: z.literal("chargeStop"), chargerId: z.string().min(1).max(80) }),
  /** A charger that connected with an identity not known yet: let it in, or not. */
  z.object({
    type: z.literal("chargerAccept"),
    identity: z.string().min(1).max(80),
    /** How the charger is installed, as the installer or owner says it (the rest: defaults). */
    setup: ChargerInstallModel.optional(),
  }),
  z.object({ type: z.literal("chargerRefuse"), identity: z.string().min(1).max(80) }),
]);
export type ClientMessage = z.infer<typeof ClientMessageModel>;

/** Why the gateway refused a connection or a message. */
export type GatewayProblem =
  | "revoked"
  | "notPaired"
  | "wrongCode"
  | "tooManyAttempts"
  | "tooLarge"
  | "invalid"
  | "forbidden";

/** The messages an EV-only pairing may send once admitted. */
export const EV_SCOPE_MESSAGES: ReadonlySet<ClientMessage["type"]> = new Set([
  "chargeSettings",
  "chargeStart",
  "chargeStop",
]);

export interface LiveReading {
  atMs: number;
  importW: number;
  exportW: number;
  tariff: number | null;
  importKWh: Record<string, number>;
  exportKWh: Record<string, number>;
  /**
   * The meter's identity, phases and capacity-tariff objects, so the app shows the running
   * quarter and the meter without a cable of its own. Absent from gateways before 2026-12.
   */
  equipmentId?: string | null;
  version?: string | null;
  phases?: PhaseReading[];
  demand?: DemandReading | null;
}

/** A paired device as the gateway lists it: never its token. */
export interface PairedDevice {
  id: string;
  label: string;
  createdMs: number;
  lastUsedMs: number | null;
  /** Absent from gateways before 2026-12: everything. */
  scope?: PairingScope;
}

/** A charger as the app shows it. */
export interface ChargerView {
  id: string;
  name: string;
  /** How it is wired: the current range and phases a car can charge with. */
  minA: number;
  maxA: number;
  phases: 1 | 3;
  /** Connected to the gateway now. */
  online: boolean;
  status: ChargerStatus;
  reading: ChargerReading | null;
  /** The limit the gateway set last, and why (a code the app words). */
  limit: ChargerLimit | null;
  reason: string | null;
  /** What is wrong, for the user to see: it ignores the limits, or refused the last one. */
  problem: "ignoresLimit" | "refused" | null;
  settings: ChargeSettings;
  /** The running session, if a car charges or waits. */
  session: {
    startMs: number;
    energyKWh: number;
    solarKWh: number;
    kmAdded: number;
  } | null;
  /** The departure goal's plan, when there is a goal (absent from gateways before 2026-12). */
  plan?: ChargePlanView | null;
}

/** A departure goal's plan as the app draws it. */
export interface ChargePlanView {
  departureMs: number;
  neededKWh: number;
  expectedKWh: number;
  feasible: boolean;
  shortfallKWh: number;
  /** The quarter-hours (or longer slots) planned, in time order. */
  slots: { startMs: number; endMs: number; kWh: number; solar: boolean }[];
  /** Day-ahead prices from now to departure, when known. */
  prices: PricePoint[];
}

/**
 * A charging session as the gateway saw it, from plugging in to unplugging (or a stop in the
 * app): the app turns it into the synced session document, with the cost and solar share under
 * the household's own tariff and meter data (`lib/sessions/session_record.ts`).
 */
export interface FinishedSession {
  /** `<charger id>-<start, epoch ms>`: the same session is the same document everywhere. */
  id: string;
  chargerId: string;
  chargerName: string;
  /** The RFID tag or the app pairing (`app-<id>`) that started it, when known. */
  idTag: string | null;
  startMs: number;
  endMs: number;
  /** The charger's register now and then through the session: [epoch ms, kWh]. */
  samples: [number, number][];
  energyKWh: number;
  /** From the gateway's own split, telegram by telegram. */
  solarKWh: number;
  consumptionKWhPer100km: number;
  /** How a company car's charging is paid back, as set for the charger (absent: a private car). */
  reimbursement?: ChargeSettings["reimbursement"];
}

/** A charger that connected with an identity the household has not accepted yet. */
export interface PendingCharger {
  identity: string;
  firstSeenMs: number;
}

export interface BatteryStatus {
  socPct: number | null;
  /** Charging positive. */
  batteryW: number | null;
  /** Solar production the inverter measures (its PV input, or the CT of an existing PV inverter). */
  pvW: number | null;
  status: "standby" | "charging" | "discharging" | "fault" | "other" | null;
  chargedTodayKWh: number | null;
  dischargedTodayKWh: number | null;
  /** The state of charge through the day: [epoch ms, %] every five minutes. */
  socToday: [number, number][];
  /**
   * The inverter's day counters at the same moments: [epoch ms, charged today kWh, discharged
   * today kWh], for the day's charge and discharge per hour. Absent from older gateways.
   */
  energyToday?: [number, number, number][];
  command: string | null;
  reason: DecisionReason | "starting" | "failsafe";
  failsafe: { kind: "noTelegram"; seconds: number } | { kind: "deviceLost"; detail: string } | null;
  /** What the inverter refuses, for the user to fix (set Passive mode on its display, …). */
  problem: "notPassive" | "invalidData" | "busy" | "crcFailed" | null;
}

/**
 * The PV source the gateway reads (a SunSpec inverter, or the ME3000SP's PV registers): its live
 * power and its energy counter, from which the app counts the `pv` quarter-hours as the gateway
 * does. Absent from gateways before 2026-12, and never sent to an EV-only pairing.
 */
export const PvStatusModel = z.object({
  atMs: z.number().int().nonnegative(),
  source: z.enum(["sunspec", "me3000sp"]),
  /** The inverter's name as it gives it ("SMA Sunny Tripower"), when it does. */
  name: z.string().max(120).nullable(),
  /** AC production now (W, ≥ 0); `null` when the inverter does not say or does not answer. */
  powerW: z.number().min(0).max(1_000_000).nullable(),
  /** The energy counter (Wh) and what it counts: the inverter's life, or today (back to 0). */
  counterWh: z.number().min(0).nullable(),
  counter: z.enum(["lifetime", "today"]),
  /** Where the counter wraps to 0 (Wh), when it does (an acc32). */
  wrapWh: z.number().positive().nullable(),
  /** The inverter answers now. */
  online: z.boolean(),
});
export type PvStatus = z.infer<typeof PvStatusModel>;

export type ServerMessage =
  | { type: "paired"; gatewayId: string; token: string; deviceId: string }
  | {
    type: "welcome";
    gatewayId: string;
    /** `null` for an EV-only pairing, which does not see the battery. */
    control: z.infer<typeof ControlSettingsModel> | null;
    /** Absent from gateways before 2026-12: `all`. */
    scope?: PairingScope;
    /** This connection's own pairing, so the app can tell it in the list. */
    deviceId: string;
  }
  | { type: "devices"; devices: PairedDevice[] }
  | { type: "reading"; reading: LiveReading }
  | { type: "battery"; battery: BatteryStatus }
  | { type: "pv"; pv: PvStatus }
  | { type: "settings"; control: z.infer<typeof ControlSettingsModel> }
  | { type: "chargers"; chargers: ChargerView[]; pending: PendingCharger[] }
  | { type: "evInvite"; code: string; expiresMs: number }
  /** The last sessions: at connecting, and each one as it finishes. */
  | { type: "chargeSessions"; sessions: FinishedSession[] }
  /** `code`: `gateway.<GatewayProblem>`, a text the app words in the user's language. */
  | { type: "error"; message: string; code?: `gateway.${GatewayProblem}` };
