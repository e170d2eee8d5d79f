/**
 * The gateway's WebSocket: pairing with id and one-time code, tokens, paired devices listed and
 * revoked, and refusals — unpaired connections, strangers guessing codes from their own address,
 * pages of other origins, and large frames before pairing.
 */
import { afterEach, describe, expect, it } from "vitest";
import { gatewayHub } from "../../../app/gateway/server.ts";
import { GatewayState } from "../../../app/gateway/state.ts";
import type { ControlSettings } from "../../../lib/control/decide.ts";
import { until } from "../../until.ts";

let cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const done of cleanup.reverse()) await done();
  cleanup = [];
});

const APP = "http://localhost:8000";

async function gateway() {
  const dir = await Deno.makeTempDir();
  const state = new GatewayState(`${dir}/state.json`);
  let control: ControlSettings = { mode: "auto" };
  const hub = gatewayHub({
    state,
    control: () => control,
    onSettings: (c) => (control = c),
    origins: [APP],
  });
  // Each test connection may claim its own source address (X-Test-Address), as strangers do.
  const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, (request, info) => {
    const claimed = request.headers.get("x-test-address");
    return hub.handler(
      request,
      claimed ? { ...info, remoteAddr: { ...info.remoteAddr, hostname: claimed } } : info,
    );
  });
  cleanup.push(async () => {
    hub.closeAll();
    await server.shutdown();
  });
  return {
    state,
    hub,
    dir,
    url: `ws://127.0.0.1:${server.addr.port}/ws`,
    control: () => control,
  };
}

/** Opens a socket and collects what it receives until it closes. */
async function connect(url: string, headers: Record<string, string> = {}) {
  // Deno's WebSocket takes headers, as a browser sends Origin.
  const socket = new WebSocket(url, { headers } as never);
  const messages: Record<string, unknown>[] = [];
  const closed = new Promise<number>((resolve) => (socket.onclose = (e) => resolve(e.code)));
  socket.onmessage = (e) => messages.push(JSON.parse(e.data));
  await new Promise((resolve, reject) => {
    socket.onopen = resolve;
    socket.onerror = reject;
  });
  cleanup.push(() => socket.close());
  return { socket, messages, closed };
}

async function paired(url: string, state: GatewayState, label = "Chrome") {
  const c = await connect(url);
  c.socket.send(JSON.stringify({
    type: "pair",
    gatewayId: state.gatewayId,
    code: state.code,
    label,
  }));
  await until(() => c.messages.length >= 2);
  return { ...c, token: String(c.messages[0].token), deviceId: String(c.messages[0].deviceId) };
}

describe("gateway pairing", () => {
  it("refuses an unpaired connection: it gets nothing and is closed", async () => {
    const { hub, url } = await gateway();
    const c = await connect(url);
    c.socket.send(JSON.stringify({ type: "settings", control: { mode: "auto" } }));
    expect(await c.closed).toBe(4401);
    hub.reading({ atMs: 1, importW: 500, exportW: 0, tariff: 1, importKWh: {}, exportKWh: {} });
    expect(c.messages).toEqual([{
      type: "error",
      message: "not paired",
      code: "gateway.notPaired",
    }]);
  });

  it("refuses a wrong code, pairs with the right one, and then the code is spent", async () => {
    const { state, url } = await gateway();
    const wrong = await connect(url);
    wrong.socket.send(
      JSON.stringify({ type: "pair", gatewayId: state.gatewayId, code: "000000x" }),
    );
    expect(await wrong.closed).toBe(4401);
    expect(wrong.messages).toEqual([{
      type: "error",
      message: "wrong gateway id or pairing code",
      code: "gateway.wrongCode",
    }]);
    const code = state.code;
    const ok = await paired(url, state);
    expect(ok.messages[0]).toMatchObject({ type: "paired", gatewayId: state.gatewayId });
    expect(ok.messages[1]).toEqual({
      type: "welcome",
      gatewayId: state.gatewayId,
      control: { mode: "auto" },
      scope: "all",
      deviceId: ok.deviceId,
    });
    expect(state.code).not.toBe(code);
    const again = await connect(url);
    again.socket.send(JSON.stringify({ type: "pair", gatewayId: state.gatewayId, code }));
    expect(await again.closed).toBe(4401);
    // The token says hello on a later connection.
    const later = await connect(url);
    later.socket.send(JSON.stringify({ type: "hello", token: ok.token }));
    await until(() => later.messages.length >= 1);
    expect(later.messages[0]).toMatchObject({ type: "welcome", deviceId: ok.deviceId });
  });

  it("limits code guesses per address: a stranger's guesses do not lock the household out", async () => {
    const { state, url } = await gateway();
    for (let i = 0; i < 10; i++) {
      const guess = await connect(url, { "x-test-address": "203.0.113.9" });
      guess.socket.send(
        JSON.stringify({ type: "pair", gatewayId: state.gatewayId, code: String(i).repeat(6) }),
      );
      expect(await guess.closed).toBe(4401);
    }
    const eleventh = await connect(url, { "x-test-address": "203.0.113.9" });
    eleventh.socket.send(
      JSON.stringify({ type: "pair", gatewayId: state.gatewayId, code: state.code }),
    );
    expect(await eleventh.closed).toBe(4401);
    expect(eleventh.messages).toEqual([{
      type: "error",
      message: "too many pairing attempts; wait 15 minutes",
      code: "gateway.tooManyAttempts",
    }]);
    // The household's own phone, from its own address, pairs at once with the right code.
    const phone = await connect(url, { "x-test-address": "192.168.1.23" });
    phone.socket.send(
      JSON.stringify({ type: "pair", gatewayId: state.gatewayId, code: state.code }),
    );
    await until(() => phone.messages.length >= 1);
    expect(phone.messages[0].type).toBe("paired");
  });

  it("refuses pages of other origins before the upgrade, and takes the app's own", async () => {
    const { state, url } = await gateway();
    const http = url.replace("ws://", "http://");
    const foreign = await fetch(http, {
      headers: {
        Upgrade: "websocket",
        Connection: "Upgrade",
        "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
        "Sec-WebSocket-Version": "13",
        Origin: "https://evil.example",
      },
    });
    expect(foreign.status).toBe(403);
    await foreign.body?.cancel();
    await expect(connect(url, { Origin: "https://evil.example" })).rejects.toBeDefined();
    const own = await connect(url, { Origin: APP });
    own.socket.send(JSON.stringify({ type: "pair", gatewayId: state.gatewayId, code: state.code }));
    await until(() => own.messages.length >= 1);
    expect(own.messages[0].type).toBe("paired");
  });

  it("lets an unpaired connection send only small frames", async () => {
    const { url } = await gateway();
    const c = await connect(url);
    c.socket.send(JSON.stringify({ type: "hello", token: "x".repeat(5000) }));
    expect(await c.closed).toBe(1009);
  });

  it("lists paired devices and revokes one, closing its connections", async () => {
    const { state, url } = await gateway();
    const laptop = await paired(url, state, "Firefox on the laptop");
    const phone = await paired(url, state, "Chrome on the phone");
    laptop.socket.send(JSON.stringify({ type: "devices" }));
    await until(() => laptop.messages.some((m) => m.type === "devices"));
    const list = laptop.messages.find((m) => m.type === "devices")!.devices as {
      id: string;
      label: string;
    }[];
    expect(list.map((d) => d.label)).toEqual(["Firefox on the laptop", "Chrome on the phone"]);
    expect(JSON.stringify(list)).not.toContain(phone.token);
    laptop.socket.send(JSON.stringify({ type: "revoke", id: phone.deviceId }));
    expect(await phone.closed).toBe(4401);
    const back = await connect(url);
    back.socket.send(JSON.stringify({ type: "hello", token: phone.token }));
    expect(await back.closed).toBe(4401);
    expect(state.devices().map((d) => d.label)).toEqual(["Firefox on the laptop"]);
  });

  it("closes a connection revoked from the command line (another process, the same file)", async () => {
    const { state, hub, url, dir } = await gateway();
    const phone = await paired(url, state, "phone");
    // The command line opens the state file itself.
    expect(new GatewayState(`${dir}/state.json`).revoke(phone.deviceId)).toBe(true);
    hub.dropRevoked();
    expect(await phone.closed).toBe(4401);
  });

  it("streams readings to paired clients and applies valid settings only", async () => {
    const { state, hub, url, control } = await gateway();
    const c = await paired(url, state);
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

describe("EV-only pairing", () => {
  it("pairs a member with an invitation: chargers only, nothing of the meter or the battery", async () => {
    const { state, hub, url } = await gateway();
    const owner = await paired(url, state, "owner");
    owner.socket.send(JSON.stringify({ type: "inviteEv" }));
    await until(() => owner.messages.some((m) => m.type === "evInvite"));
    const invite = owner.messages.find((m) => m.type === "evInvite")!;
    expect(String(invite.code)).toMatch(/^\d{8}$/);
    const code = state.code;

    const member = await connect(url);
    member.socket.send(
      JSON.stringify({ type: "pair", gatewayId: state.gatewayId, code: invite.code, label: "m" }),
    );
    await until(() => member.messages.some((m) => m.type === "welcome"));
    expect(member.messages.find((m) => m.type === "welcome")).toMatchObject({
      control: null,
      scope: "ev",
    });
    // The owner's pairing code still stands; the invitation is spent.
    expect(state.code).toBe(code);
    expect(state.devices().map((d) => d.scope)).toEqual(["all", "ev"]);
    const again = await connect(url);
    again.socket.send(
      JSON.stringify({ type: "pair", gatewayId: state.gatewayId, code: invite.code }),
    );
    expect(await again.closed).toBe(4401);

    hub.reading({ atMs: 5, importW: 1200, exportW: 0, tariff: 2, importKWh: {}, exportKWh: {} });
    hub.pv({
      atMs: 5,
      source: "sunspec",
      name: null,
      powerW: 2100,
      counterWh: 1_234_000,
      counter: "lifetime",
      wrapWh: null,
      online: true,
    });
    hub.chargers({ type: "chargers", chargers: [], pending: [] });
    await until(() => owner.messages.some((m) => m.type === "chargers"));
    await until(() => member.messages.some((m) => m.type === "chargers"));
    expect(owner.messages.some((m) => m.type === "reading")).toBe(true);
    expect(owner.messages.find((m) => m.type === "pv")).toMatchObject({ pv: { powerW: 2100 } });
    expect(member.messages.map((m) => m.type)).toEqual(["paired", "welcome", "chargers"]);

    // Driving the battery, listing or revoking pairings is not for an EV-only member.
    member.socket.send(JSON.stringify({ type: "devices" }));
    expect(await member.closed).toBe(4403);
    const back = await connect(url);
    back.socket.send(JSON.stringify({ type: "hello", token: member.messages[0].token }));
    await until(() => back.messages.some((m) => m.type === "chargers"));
    expect(back.messages[0]).toMatchObject({ type: "welcome", scope: "ev", control: null });
    // Neither at connecting: the last PV status goes to pairings that see everything only.
    expect(back.messages.some((m) => m.type === "pv")).toBe(false);
    const ownerAgain = await connect(url);
    ownerAgain.socket.send(JSON.stringify({ type: "hello", token: owner.token }));
    await until(() => ownerAgain.messages.some((m) => m.type === "pv"));
    back.socket.send(JSON.stringify({ type: "settings", control: { mode: "auto" } }));
    expect(await back.closed).toBe(4403);
  });

  it("hands a member's start and stop to the chargers, with the member's scope", async () => {
    const dir = await Deno.makeTempDir();
    const state = new GatewayState(`${dir}/state.json`);
    const commands: [string, string][] = [];
    const hub = gatewayHub({
      state,
      control: () => ({ mode: "auto" }),
      onSettings: () => {},
      onCharging: (command, by) => commands.push([command.type, by.scope]),
      origins: [APP],
    });
    const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, hub.handler);
    cleanup.push(async () => {
      hub.closeAll();
      await server.shutdown();
    });
    const url = `ws://127.0.0.1:${server.addr.port}/ws`;
    const { code } = state.invite("ev");
    const member = await connect(url);
    member.socket.send(JSON.stringify({ type: "pair", gatewayId: state.gatewayId, code }));
    await until(() => member.messages.some((m) => m.type === "welcome"));
    member.socket.send(JSON.stringify({ type: "chargeStart", chargerId: "cp-1" }));
    member.socket.send(JSON.stringify({ type: "chargeStop", chargerId: "cp-1" }));
    await until(() => commands.length === 2);
    expect(commands).toEqual([["chargeStart", "ev"], ["chargeStop", "ev"]]);
    // Letting a new charger in is the owner's.
    member.socket.send(JSON.stringify({ type: "chargerAccept", identity: "cp-2" }));
    expect(await member.closed).toBe(4403);
    expect(commands).toHaveLength(2);
  });

  it("hands the owner's new charger with how it is installed, and refuses an impossible one", async () => {
    const dir = await Deno.makeTempDir();
    const state = new GatewayState(`${dir}/state.json`);
    const accepted: unknown[] = [];
    const hub = gatewayHub({
      state,
      control: () => ({ mode: "auto" }),
      onSettings: () => {},
      onCharging: (command) => accepted.push(command),
      origins: [APP],
    });
    const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, hub.handler);
    cleanup.push(async () => {
      hub.closeAll();
      await server.shutdown();
    });
    const owner = await paired(`ws://127.0.0.1:${server.addr.port}/ws`, state);
    const setup = { name: "Garage", maxA: 20, phases: 1, phaseRotation: [1, 2, 0] };
    owner.socket.send(JSON.stringify({ type: "chargerAccept", identity: "cp-7", setup }));
    await until(() => accepted.length === 1);
    expect(accepted[0]).toEqual({ type: "chargerAccept", identity: "cp-7", setup });
    owner.socket.send(
      JSON.stringify({ type: "chargerAccept", identity: "cp-8", setup: { maxA: 500 } }),
    );
    expect(await owner.closed).toBe(4400);
    expect(accepted).toHaveLength(1);
  });

  it("refuses an invitation past its day", () => {
    const dir = Deno.makeTempDirSync();
    const state = new GatewayState(`${dir}/state.json`);
    const { code, expiresMs } = state.invite("ev", 1_000);
    expect(state.pair(state.gatewayId, code, "late", expiresMs)).toBeNull();
    expect(state.pair(state.gatewayId, code, "on time", expiresMs - 1)?.scope).toBe("ev");
  });
});

describe("gateway state", () => {
  it("keeps the control settings across a restart, and reads the first release's file", async () => {
    const dir = await Deno.makeTempDir();
    const path = `${dir}/state.json`;
    await Deno.writeTextFile(
      path,
      JSON.stringify({ gatewayId: "g-1", code: "123456", tokenHashes: ["abcdefghijklmnop"] }),
    );
    const first = new GatewayState(path);
    expect(first.devices()).toEqual([{
      id: "abcdefgh",
      label: "",
      createdMs: 0,
      lastUsedMs: null,
      scope: "all",
    }]);
    first.control = { mode: "balancing", minSocPct: 20 };
    expect(new GatewayState(path).control).toEqual({ mode: "balancing", minSocPct: 20 });
    expect((await Deno.stat(path)).mode! & 0o777).toBe(0o600);
  });
});
