/**
 * The PWA's link to a paired gateway: pairing (id + one-time code → token, kept on this device),
 * the live readings it forwards (shown on the dashboard when no cable is plugged in), the
 * battery's state, control settings sent back, and the chargers (all an EV-only pairing gets).
 */
import { signal } from "@preact/signals";
import type { ControlSettings } from "../../lib/control/decide.ts";
import {
  type BatteryStatus,
  type ChargerView,
  type ClientMessage,
  type LiveReading,
  type PairedDevice,
  type PairingScope,
  type PendingCharger,
  type PvStatus,
  type ServerMessage,
} from "../../lib/control/protocol.ts";
import { isoLocal } from "../../lib/energy/calendar.ts";
import type { Reading } from "../../lib/p1/reading.ts";
import { showGatewayReading } from "./live_store.ts";
import { currentSite } from "./site.ts";
import { loadSetting, saveSetting } from "./storage.ts";

export type GatewayLink =
  | { kind: "none" }
  | { kind: "connecting" }
  | { kind: "live"; gatewayId: string }
  | { kind: "disconnected" }
  /** `reason`: the gateway's English; `code`: the same as a text the app words. */
  | { kind: "refused"; reason: string; code?: string };

export const gatewayLink = signal<GatewayLink>({ kind: "none" });
export const battery = signal<BatteryStatus | null>(null);
/** The gateway's PV source: live power and its energy counter (`null` without one). */
export const pvStatus = signal<PvStatus | null>(null);
export const gatewayControl = signal<ControlSettings | null>(null);
/** What this device's pairing may see: `ev` shows the chargers only. */
export const gatewayScope = signal<PairingScope>("all");
export const chargers = signal<{ chargers: ChargerView[]; pending: PendingCharger[] }>({
  chargers: [],
  pending: [],
});
/** The last EV-only invitation code this device asked for. */
export const evInvite = signal<{ code: string; expiresMs: number } | null>(null);
/** The devices paired with the gateway, and which of them this one is. */
export const pairedDevices = signal<{ devices: PairedDevice[]; self: string | null }>({
  devices: [],
  self: null,
});

const KEY = "gateway";
let recordPv: ((status: PvStatus) => void) | null = null;

/** Hands every PV status of the gateway to `recorder` (its pv quarter-hours) until stopped. */
export function startPvRecording(recorder: (status: PvStatus) => void): () => void {
  recordPv = recorder;
  return () => {
    if (recordPv === recorder) recordPv = null;
  };
}
let socket: WebSocket | null = null;
let retry: ReturnType<typeof setTimeout> | null = null;

function stored(): { url: string; token: string } | null {
  try {
    return JSON.parse(loadSetting(KEY) ?? "null");
  } catch {
    return null;
  }
}

/** The gateway's reading as the dashboard's `Reading`. */
export function readingFromGateway(live: LiveReading): Reading {
  return {
    crcValid: true,
    profile: "BE",
    version: live.version ?? null,
    header: "gateway",
    meterTime: isoLocal(live.atMs),
    equipmentId: live.equipmentId ?? null,
    tariff: live.tariff,
    importKWh: live.importKWh,
    exportKWh: live.exportKWh,
    powerKW: { import: live.importW / 1000, export: live.exportW / 1000 },
    phases: live.phases ?? [],
    demand: live.demand ?? null,
    mbus: [],
    ean: null,
    breaker: null,
    limiterKW: null,
    limiterA: null,
    fuseThresholdA: null,
    message: null,
    other: {},
    errors: [],
    warnings: [],
  };
}

function open(url: string, first: Record<string, unknown>, onPaired?: (token: string) => void) {
  socket?.close();
  if (retry) clearTimeout(retry);
  gatewayLink.value = { kind: "connecting" };
  const ws = new WebSocket(url);
  socket = ws;
  ws.onopen = () => ws.send(JSON.stringify(first));
  ws.onmessage = (event) => {
    const message = JSON.parse(String(event.data)) as ServerMessage;
    switch (message.type) {
      case "paired":
        onPaired?.(message.token);
        break;
      case "welcome":
        gatewayLink.value = { kind: "live", gatewayId: message.gatewayId };
        gatewayControl.value = message.control;
        gatewayScope.value = message.scope ?? "all";
        pairedDevices.value = { ...pairedDevices.value, self: message.deviceId };
        if (gatewayScope.value === "all") ws.send(JSON.stringify({ type: "devices" }));
        break;
      case "devices":
        pairedDevices.value = { ...pairedDevices.value, devices: message.devices };
        break;
      case "reading":
        showGatewayReading(readingFromGateway(message.reading));
        break;
      case "battery":
        battery.value = message.battery;
        break;
      case "pv": {
        // Checked: its counter becomes stored quarter-hours. The model (and zod) load with the
        // first PV message, not with the first screen.
        void import("../../lib/control/protocol.ts").then(({ PvStatusModel }) => {
          const parsed = PvStatusModel.safeParse(message.pv);
          if (!parsed.success) return;
          pvStatus.value = parsed.data;
          recordPv?.(parsed.data);
        });
        break;
      }
      case "settings":
        gatewayControl.value = message.control;
        break;
      case "chargers":
        chargers.value = { chargers: message.chargers, pending: message.pending };
        break;
      case "evInvite":
        evInvite.value = { code: message.code, expiresMs: message.expiresMs };
        break;
      case "chargeSessions": {
        // Recorded with the database, which loads for them (not on the first screen): a gateway
        // without sessions sends an empty list at every connection, which loads nothing.
        if (message.sessions.length === 0) break;
        const siteId = currentSite.peek();
        void import("./charge_sessions.ts")
          .then((m) => m.recordFinishedSessions(message.sessions, siteId))
          .catch((error) => console.warn("charge sessions:", error));
        break;
      }
      case "error":
        gatewayLink.value = { kind: "refused", reason: message.message, code: message.code };
        break;
    }
  };
  ws.onclose = (event) => {
    if (socket !== ws) return;
    if (event.code === 4401 || event.code === 4400) {
      if (gatewayLink.value.kind !== "refused") {
        gatewayLink.value = { kind: "refused", reason: event.reason };
      }
      return;
    }
    gatewayLink.value = { kind: "disconnected" };
    retry = setTimeout(() => connectGateway(), 3000);
  };
}

/** Reconnects to the paired gateway, if there is one. */
function connectGateway(): void {
  const link = stored();
  if (link) open(link.url, { type: "hello", token: link.token });
}

/** Connects to the paired gateway, if there is one, and reconnects after a loss until stopped. */
export function startGateway(): () => void {
  connectGateway();
  return () => {
    if (retry) clearTimeout(retry);
    retry = null;
    const ws = socket;
    socket = null; // its close is then not a loss to retry
    ws?.close();
  };
}

/** What the gateway lists this device as: its browser and system, as far as they say. */
function deviceLabel(): string {
  const agent = navigator.userAgent;
  const browser = /Edg\//.test(agent)
    ? "Edge"
    : /Firefox\//.test(agent)
    ? "Firefox"
    : /Chrome\//.test(agent)
    ? "Chrome"
    : /Safari\//.test(agent)
    ? "Safari"
    : "Browser";
  const system = /Android/.test(agent)
    ? "Android"
    : /iPhone|iPad/.test(agent)
    ? "iOS"
    : /Windows/.test(agent)
    ? "Windows"
    : /Mac OS/.test(agent)
    ? "macOS"
    : /Linux/.test(agent)
    ? "Linux"
    : "";
  return system ? `${browser} · ${system}` : browser;
}

export function pairGateway(url: string, gatewayId: string, code: string): void {
  open(
    url,
    { type: "pair", gatewayId: gatewayId.trim(), code: code.trim(), label: deviceLabel() },
    (token) => saveSetting(KEY, JSON.stringify({ url, token })),
  );
}

/** Unpairs a device (this one too, when asked): its token stops working at once. */
export function revokeDevice(id: string): void {
  socket?.send(JSON.stringify({ type: "revoke", id }));
}

export function forgetGateway(): void {
  saveSetting(KEY, "");
  const ws = socket;
  socket = null;
  ws?.close();
  gatewayLink.value = { kind: "none" };
  battery.value = null;
  pvStatus.value = null;
  chargers.value = { chargers: [], pending: [] };
  gatewayScope.value = "all";
}

export function sendControl(control: ControlSettings): void {
  socket?.send(JSON.stringify({ type: "settings", control }));
}

type ChargingMessage = Extract<
  ClientMessage,
  {
    type:
      | "chargeSettings"
      | "chargeStart"
      | "chargeStop"
      | "chargerAccept"
      | "chargerRefuse"
      | "inviteEv";
  }
>;

/** A charger's settings, start or stop, a new charger let in, or an EV-only invitation asked. */
export function sendCharging(message: ChargingMessage): void {
  socket?.send(JSON.stringify(message));
}
