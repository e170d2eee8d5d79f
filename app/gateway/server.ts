/**
 * The gateway's WebSocket for the PWA: pairing, then live readings, battery state and control
 * settings. A connection that has not paired or said hello with a valid token gets nothing and
 * is closed (4401); a message that is not valid is refused (4400).
 */
import {
  type BatteryStatus,
  ClientMessageModel,
  type LiveReading,
  type ServerMessage,
} from "../../lib/control/protocol.ts";
import type { ControlSettings } from "../../lib/control/decide.ts";
import { RateLimiter } from "../server/auth/rate_limit.ts";
import type { Pairing } from "./pairing.ts";

export interface GatewayHub {
  handler(request: Request): Response;
  reading(reading: LiveReading): void;
  battery(battery: BatteryStatus): void;
  closeAll(): void;
}

export function gatewayHub(options: {
  pairing: Pairing;
  control: () => ControlSettings;
  onSettings: (control: ControlSettings) => void;
  log?: (entry: Record<string, unknown>) => void;
}): GatewayHub {
  const { pairing } = options;
  const clients = new Set<WebSocket>();
  // A six-digit code must not be guessable by trying: 10 wrong tries per 15 minutes.
  const pairingTries = new RateLimiter(10, 15 * 60_000);
  let lastBattery: BatteryStatus | null = null;
  const send = (socket: WebSocket, message: ServerMessage) => {
    if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
  };
  const refuse = (socket: WebSocket, code: 4400 | 4401, message: string) => {
    send(socket, { type: "error", message });
    socket.close(code, message);
  };

  return {
    handler(request) {
      if (request.headers.get("upgrade") !== "websocket") {
        return new Response("Thuisenergie gateway: connect over WebSocket at /ws\n");
      }
      const { socket, response } = Deno.upgradeWebSocket(request);
      let authed = false;
      socket.onmessage = (event) => {
        let data: unknown;
        try {
          data = JSON.parse(String(event.data));
        } catch {
          return refuse(socket, 4400, "messages are JSON");
        }
        const parsed = ClientMessageModel.safeParse(data);
        if (!parsed.success) {
          return refuse(socket, 4400, `invalid message: ${parsed.error.issues[0].message}`);
        }
        const message = parsed.data;
        if (message.type === "pair") {
          if (!pairingTries.attempt("pair")) {
            return refuse(socket, 4401, "too many pairing attempts; wait 15 minutes");
          }
          const token = pairing.pair(message.gatewayId, message.code);
          if (!token) return refuse(socket, 4401, "wrong gateway id or pairing code");
          authed = true;
          clients.add(socket);
          options.log?.({ msg: "paired" });
          send(socket, { type: "paired", gatewayId: pairing.gatewayId, token });
          send(socket, {
            type: "welcome",
            gatewayId: pairing.gatewayId,
            control: options.control(),
          });
          if (lastBattery) send(socket, { type: "battery", battery: lastBattery });
          return;
        }
        if (message.type === "hello") {
          if (!pairing.knows(message.token)) return refuse(socket, 4401, "not paired");
          authed = true;
          clients.add(socket);
          send(socket, {
            type: "welcome",
            gatewayId: pairing.gatewayId,
            control: options.control(),
          });
          if (lastBattery) send(socket, { type: "battery", battery: lastBattery });
          return;
        }
        if (!authed) return refuse(socket, 4401, "not paired");
        options.onSettings(message.control);
        for (const client of clients) send(client, { type: "settings", control: message.control });
      };
      socket.onclose = () => clients.delete(socket);
      return response;
    },
    reading(reading) {
      for (const client of clients) send(client, { type: "reading", reading });
    },
    battery(battery) {
      lastBattery = battery;
      for (const client of clients) send(client, { type: "battery", battery });
    },
    closeAll() {
      for (const client of clients) client.close(1001, "the gateway stops");
    },
  };
}
