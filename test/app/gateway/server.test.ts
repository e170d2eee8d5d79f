/** The gateway's WebSocket: pairing with id and one-time code, tokens, and refusals. */
import { afterEach, describe, expect, it } from "vitest";
import { Pairing } from "../../../app/gateway/pairing.ts";
import { gatewayHub } from "../../../app/gateway/server.ts";
import type { ControlSettings } from "../../../lib/control/decide.ts";
import { until } from "../../until.ts";

let cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const done of cleanup.reverse()) await done();
  cleanup = [];
});

async function gateway() {
  const dir = await Deno.makeTempDir();
  const pairing = new Pairing(`${dir}/state.json`);
  let control: ControlSettings = { mode: "auto" };
  const hub = gatewayHub({ pairing, control: () => control, onSettings: (c) => (control = c) });
  const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, hub.handler);
  cleanup.push(async () => {
    hub.closeAll();
    await server.shutdown();
  });
  return { pairing, hub, url: `ws://127.0.0.1:${server.addr.port}/ws`, control: () => control };
}

/** Opens a socket and collects what it receives until it closes. */
async function connect(url: string) {
  const socket = new WebSocket(url);
  const messages: Record<string, unknown>[] = [];
  const closed = new Promise<number>((resolve) => (socket.onclose = (e) => resolve(e.code)));
  socket.onmessage = (e) => messages.push(JSON.parse(e.data));
  await new Promise((resolve) => (socket.onopen = resolve));
  cleanup.push(() => socket.close());
  return { socket, messages, closed };
}

describe("gateway pairing", () => {
  it("refuses an unpaired connection: it gets nothing and is closed", async () => {
    const { hub, url } = await gateway();
    const c = await connect(url);
    c.socket.send(JSON.stringify({ type: "settings", control: { mode: "auto" } }));
    expect(await c.closed).toBe(4401);
    hub.reading({ atMs: 1, importW: 500, exportW: 0, tariff: 1, importKWh: {}, exportKWh: {} });
    expect(c.messages).toEqual([{ type: "error", message: "not paired" }]);
  });

  it("refuses a wrong code, pairs with the right one, and then the code is spent", async () => {
    const { pairing, url } = await gateway();
    const wrong = await connect(url);
    wrong.socket.send(
      JSON.stringify({ type: "pair", gatewayId: pairing.gatewayId, code: "000000x" }),
    );
    expect(await wrong.closed).toBe(4401);
    const code = pairing.code;
    const ok = await connect(url);
    ok.socket.send(JSON.stringify({ type: "pair", gatewayId: pairing.gatewayId, code }));
    await until(() => ok.messages.length >= 2);
    expect(ok.messages[0]).toMatchObject({ type: "paired", gatewayId: pairing.gatewayId });
    expect(ok.messages[1]).toEqual({
      type: "welcome",
      gatewayId: pairing.gatewayId,
      control: { mode: "auto" },
    });
    expect(pairing.code).not.toBe(code);
    const again = await connect(url);
    again.socket.send(JSON.stringify({ type: "pair", gatewayId: pairing.gatewayId, code }));
    expect(await again.closed).toBe(4401);
    // The token says hello on a later connection.
    const token = String(ok.messages[0].token);
    const later = await connect(url);
    later.socket.send(JSON.stringify({ type: "hello", token }));
    await until(() => later.messages.length >= 1);
    expect(later.messages[0]).toMatchObject({ type: "welcome" });
  });

  it("streams readings to paired clients and applies valid settings only", async () => {
    const { pairing, hub, url, control } = await gateway();
    const c = await connect(url);
    c.socket.send(
      JSON.stringify({ type: "pair", gatewayId: pairing.gatewayId, code: pairing.code }),
    );
    await until(() => c.messages.length >= 2);
    hub.reading({
      atMs: 5,
      importW: 1200,
      exportW: 0,
      tariff: 2,
      importKWh: { t1: 1 },
      exportKWh: {},
    });
    await until(() => c.messages.some((m) => m.type === "reading"));
    const settings = { mode: "peakShaving", desiredPeakW: 2500, minSocPct: 10, bufferPct: 40 };
    c.socket.send(JSON.stringify({ type: "settings", control: settings }));
    await until(() => c.messages.some((m) => m.type === "settings"));
    expect(control()).toEqual(settings);
    c.socket.send(
      JSON.stringify({ type: "settings", control: { mode: "peakShaving", desiredPeakW: -5 } }),
    );
    expect(await c.closed).toBe(4400);
    expect(control()).toEqual(settings);
  });
});
