/**
 * The gateway's WebSocket for the PWA: pairing, then live readings, battery state, control
 * settings and the list of paired devices (which a paired device may revoke).
 *
 * - A connection that has not paired or said hello with a valid token gets nothing and is
 *   closed (4401); until then it may send only small frames (1009 beyond 1 KB).
 * - A browser page from another origin than the app's is refused before the upgrade (403): a
 *   web page elsewhere cannot talk to the gateway through its visitor's browser.
 * - Pairing codes are guessed at most 10 times per 15 minutes per address — never globally, so
 *   a stranger cannot lock the household out.
 * - A message that is not valid is refused (4400). A revoked pairing's connections close (4401).
 * - An EV-only pairing (made with an invitation code a paired owner asked for) gets the chargers
 *   and nothing of the meter or the battery, and may only drive the chargers (4403 otherwise).
 */
import {
  type BatteryStatus,
  type ClientMessage,
  ClientMessageModel,
  EV_SCOPE_MESSAGES,
  type LiveReading,
  type PairingScope,
  type PvStatus,
  type ServerMessage,
} from "../../lib/control/protocol.ts";
import type { ControlSettings } from "../../lib/control/decide.ts";
import type { GatewayProblem } from "../../lib/control/protocol.ts";
import { RateLimiter } from "../shared/rate_limiter.ts";
import type { GatewayState } from "./state.ts";

/** The largest frame a connection that has not paired may send. */
export const UNPAIRED_MAX_BYTES = 1024;

/** The chargers' messages: what the hub hands to the charging service, by whom. */
export type ChargingCommand = Extract<
  ClientMessage,
  { type: "chargeSettings" | "chargeStart" | "chargeStop" | "chargerAccept" | "chargerRefuse" }
>;

type ChargersMessage = Extract<ServerMessage, { type: "chargers" }>;
type SessionsMessage = Extract<ServerMessage, { type: "chargeSessions" }>;

export interface GatewayHub {
  handler(request: Request, info?: Deno.ServeHandlerInfo): Response;
  reading(reading: LiveReading): void;
  battery(battery: BatteryStatus): void;
  /** The PV source's power and counter: like the battery, only pairings that see everything. */
  pv(pv: PvStatus): void;
  /** The chargers changed: every connection, whatever its scope, gets them. */
  chargers(message: ChargersMessage): void;
  /** The recent charge sessions: every connection gets them now and each new one at connecting. */
  chargeSessions(message: SessionsMessage): void;
  /** Closes the connections whose pairing was revoked (also from the command line). */
  dropRevoked(): void;
  closeAll(): void;
}

export function gatewayHub(options: {
  state: GatewayState;
  control: () => ControlSettings;
  onSettings: (control: ControlSettings) => void;
  /** The chargers' commands, and the pairing (id and scope) they came from. */
  onCharging?: (command: ChargingCommand, by: { id: string; scope: PairingScope }) => void;
  /** Origins of the app's pages allowed to connect (`http://localhost:8000`). */
  origins: string[];
  log?: (entry: Record<string, unknown>) => void;
}): GatewayHub {
  const { state } = options;
  /** Each open, paired connection, the pairing it uses and that pairing's scope. */
  const clients = new Map<WebSocket, { id: string; scope: PairingScope }>();
  const pairingTries = new RateLimiter(10, 15 * 60_000);
  let lastBattery: BatteryStatus | null = null;
  let lastPv: PvStatus | null = null;
  let lastChargers: ChargersMessage | null = null;
  let lastSessions: SessionsMessage | null = null;
  /** The connections that see the meter and the battery. */
  const everything = () =>
    [...clients].filter(([, c]) => c.scope === "all").map(([socket]) => socket);
  const send = (socket: WebSocket, message: ServerMessage) => {
    if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
  };
  /** Says why (in English, and as a code the app words), then closes. */
  const refuse = (
    socket: WebSocket,
    code: 1009 | 4400 | 4401 | 4403,
    message: string,
    problem: GatewayProblem,
  ) => {
    send(socket, { type: "error", message, code: `gateway.${problem}` });
    socket.close(code, message);
  };
  const admit = (socket: WebSocket, deviceId: string, scope: PairingScope) => {
    clients.set(socket, { id: deviceId, scope });
    send(socket, {
      type: "welcome",
      gatewayId: state.gatewayId,
      control: scope === "all" ? options.control() : null,
      scope,
      deviceId,
    });
    if (lastBattery && scope === "all") send(socket, { type: "battery", battery: lastBattery });
    if (lastPv && scope === "all") send(socket, { type: "pv", pv: lastPv });
    if (lastChargers) send(socket, lastChargers);
    if (lastSessions) send(socket, lastSessions);
  };
  const dropRevoked = () => {
    for (const [socket, { id: deviceId }] of clients) {
      if (!state.has(deviceId)) {
        refuse(socket, 4401, "this device's pairing was revoked", "revoked");
      }
    }
  };

  return {
    handler(request, info) {
      if (request.headers.get("upgrade") !== "websocket") {
        return new Response("Thuisenergie gateway: connect over WebSocket at /ws\n");
      }
      // Browsers always say where a page comes from; programs without a page send no Origin.
      const origin = request.headers.get("origin");
      if (origin !== null && !options.origins.includes(origin)) {
        options.log?.({ msg: "refused origin", origin });
        return new Response("this gateway serves the app's own pages only\n", { status: 403 });
      }
      const address = info?.remoteAddr && "hostname" in info.remoteAddr
        ? info.remoteAddr.hostname
        : "unknown";
      const { socket, response } = Deno.upgradeWebSocket(request);
      socket.onmessage = (event) => {
        const text = typeof event.data === "string" ? event.data : "";
        const client = clients.get(socket);
        const deviceId = client?.id;
        if (deviceId === undefined && text.length > UNPAIRED_MAX_BYTES) {
          return refuse(
            socket,
            1009,
            "pair first: larger messages come after pairing",
            "tooLarge",
          );
        }
        let data: unknown;
        try {
          data = JSON.parse(text);
        } catch {
          return refuse(socket, 4400, "messages are JSON", "invalid");
        }
        const parsed = ClientMessageModel.safeParse(data);
        if (!parsed.success) {
          return refuse(
            socket,
            4400,
            `invalid message: ${parsed.error.issues[0].message}`,
            "invalid",
          );
        }
        const message = parsed.data;
        if (message.type === "pair") {
          if (!pairingTries.attempt(address)) {
            return refuse(
              socket,
              4401,
              "too many pairing attempts; wait 15 minutes",
              "tooManyAttempts",
            );
          }
          const paired = state.pair(message.gatewayId, message.code, message.label);
          if (!paired) {
            return refuse(socket, 4401, "wrong gateway id or pairing code", "wrongCode");
          }
          options.log?.({
            msg: "paired",
            deviceId: paired.id,
            label: message.label,
            scope: paired.scope,
          });
          send(socket, {
            type: "paired",
            gatewayId: state.gatewayId,
            token: paired.token,
            deviceId: paired.id,
          });
          return admit(socket, paired.id, paired.scope);
        }
        if (message.type === "hello") {
          const id = state.use(message.token);
          const scope = id === null ? null : state.scopeOf(id);
          return id === null || scope === null
            ? refuse(socket, 4401, "not paired", "notPaired")
            : admit(socket, id, scope);
        }
        if (deviceId === undefined || !state.has(deviceId)) {
          return deviceId === undefined
            ? refuse(socket, 4401, "not paired", "notPaired")
            : refuse(socket, 4401, "this device's pairing was revoked", "revoked");
        }
        const scope = client!.scope;
        if (scope !== "all" && !EV_SCOPE_MESSAGES.has(message.type)) {
          return refuse(socket, 4403, "not allowed for an EV-only pairing", "forbidden");
        }
        if (message.type === "devices") {
          return send(socket, { type: "devices", devices: state.devices() });
        }
        if (message.type === "revoke") {
          state.revoke(message.id);
          options.log?.({ msg: "revoked", deviceId: message.id, by: deviceId });
          dropRevoked();
          for (const other of everything()) {
            send(other, { type: "devices", devices: state.devices() });
          }
          return;
        }
        if (message.type === "inviteEv") {
          const invite = state.invite("ev");
          options.log?.({ msg: "EV invitation", by: deviceId });
          return send(socket, { type: "evInvite", ...invite });
        }
        if (message.type === "settings") {
          options.onSettings(message.control);
          for (const other of everything()) {
            send(other, { type: "settings", control: message.control });
          }
          return;
        }
        if (!options.onCharging) {
          return send(socket, {
            type: "error",
            message: "this gateway has no chargers",
            code: "gateway.invalid",
          });
        }
        options.onCharging(message, { id: deviceId, scope });
      };
      socket.onclose = () => clients.delete(socket);
      return response;
    },
    reading(reading) {
      for (const client of everything()) send(client, { type: "reading", reading });
    },
    battery(battery) {
      lastBattery = battery;
      for (const client of everything()) send(client, { type: "battery", battery });
    },
    pv(pv) {
      lastPv = pv;
      for (const client of everything()) send(client, { type: "pv", pv });
    },
    chargers(message) {
      lastChargers = message;
      for (const client of clients.keys()) send(client, message);
    },
    chargeSessions(message) {
      lastSessions = message;
      for (const client of clients.keys()) send(client, message);
    },
    dropRevoked,
    closeAll() {
      for (const client of clients.keys()) client.close(1001, "the gateway stops");
    },
  };
}
