/**
 * The OCPP 1.6J central system against the simulated charge point over real WebSockets on
 * 127.0.0.1: strangers pending until the user accepts them, passwords, the configuration set on
 * boot, a transaction's energy, limits sent as profiles and obeyed, bounded calls while a charger
 * reconnects, a charger that ignores its limit, and strict validation. Every wait is on an event
 * or on state (the simulator's clock moves only when a test steps it).
 */
import { readFileSync, statSync } from "node:fs";
import { RPCClient } from "ocpp-rpc";
import { afterEach, describe, expect, it } from "vitest";
import {
  type CentralOptions,
  type CentralSystem,
  MAX_CALLS,
  type OcppChargerLink,
  startCentralSystem,
} from "../../../app/gateway/ocpp_central.ts";
import { SimChargePoint, type SimOptions } from "../../../app/gateway/sim_charge_point.ts";
import { ChargerRefused } from "../../../lib/control/ev/charger.ts";
import type { ChargeSession } from "../../../app/gateway/ocpp_central.ts";
import type { ChargerReading } from "../../../lib/control/ev/charger.ts";

let cleanup: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const done of cleanup.reverse()) await done();
  cleanup = [];
});

const PASSWORD = "sim-password-0123456789";
const CAR = { batteryKWh: 60, socPct: 40, phases: 3 as const, maxA: 16 };

/** Resolves once `check` holds, re-checked on every event of `subscribe` (a hang guard fails it). */
function waitFor(
  subscribe: (cb: () => void) => () => void,
  check: () => boolean,
  what: string,
  guardMs = 20_000,
): Promise<void> {
  return new Promise((resolve, reject) => {
    if (check()) return resolve();
    const guard = setTimeout(() => {
      off();
      reject(new Error(`still waiting for ${what}`));
    }, guardMs);
    const off = subscribe(() => {
      if (!check()) return;
      clearTimeout(guard);
      off();
      resolve();
    });
  });
}

async function central(options: Partial<CentralOptions> = {}) {
  const dir = await Deno.makeTempDir();
  const cs = await startCentralSystem({
    port: 0,
    hostname: "127.0.0.1",
    stateFile: `${dir}/ocpp.json`,
    // Long enough that no test depends on it unless it asks for it.
    bootWaitMs: 120_000,
    ...options,
  });
  cleanup.push(() => cs.close());
  return { cs, stateFile: `${dir}/ocpp.json` };
}

function simulator(cs: CentralSystem, options: Partial<SimOptions> = {}) {
  const sim = new SimChargePoint({
    endpoint: cs.url,
    identity: "cp1",
    password: PASSWORD,
    reconnectDelayMs: 50,
    startMs: Date.parse("2026-03-02T18:00:00Z"),
    ...options,
  });
  cleanup.push(() => sim.close());
  return sim;
}

const onSim = (sim: SimChargePoint) => (cb: () => void) => sim.onChange(cb);
const onLink = (link: OcppChargerLink) => (cb: () => void) => {
  const a = link.onChange(cb);
  const b = link.onReading(cb);
  return () => {
    a();
    b();
  };
};

/** A charger accepted by the user, booted, configured and online. */
async function acceptedCharger(
  options: Partial<CentralOptions> = {},
  simOptions: Partial<SimOptions> = {},
) {
  const { cs, stateFile } = await central(options);
  const sim = simulator(cs, simOptions);
  const linked = new Promise<OcppChargerLink>((resolve) => cs.onLink(resolve));
  await sim.connect();
  await waitFor((cb) => cs.onPending(cb), () => cs.pending().length === 1, "pending");
  expect(cs.accept("cp1", { maxA: 16 })).toBe(true);
  const link = await linked;
  await waitFor(
    onSim(sim),
    () =>
      sim.registration === "Accepted" &&
      // The ping interval is the last thing set on boot.
      sim.received.some((r) =>
        r.method === "ChangeConfiguration" && r.params.key === "WebSocketPingInterval"
      ),
    "boot and configuration",
  );
  return { cs, sim, link, stateFile };
}

describe("OCPP central system: accepting chargers", () => {
  it("keeps an unknown charger pending, answers its boot Pending, and accepts it when the user does", async () => {
    const { cs, stateFile } = await central();
    const sim = simulator(cs);
    await sim.connect();
    await waitFor(onSim(sim), () => sim.registration === "Pending", "a Pending boot");
    expect(cs.pending()).toEqual([
      expect.objectContaining({ identity: "cp1", connected: true, remoteAddress: "127.0.0.1" }),
    ]);
    expect(cs.links()).toEqual([]);
    // Nothing else is done with it: no configuration, no profile.
    expect(sim.received).toEqual([]);

    const linked = new Promise<OcppChargerLink>((resolve) => cs.onLink(resolve));
    expect(cs.accept("cp1", { name: "Oprit", maxA: 32 })).toBe(true);
    const link = await linked;
    expect(link.setup).toMatchObject({ id: "cp1", name: "Oprit", maxA: 32, minA: 6, phases: 3 });
    await waitFor(onSim(sim), () => sim.registration === "Accepted", "an Accepted boot");
    expect(sim.received[0]).toEqual({
      method: "TriggerMessage",
      params: { requestedMessage: "BootNotification" },
    });
    expect(cs.pending()).toEqual([]);

    // Kept with its password's hash only, in a file only the gateway reads.
    const stored = readFileSync(stateFile, "utf8");
    expect(stored).not.toContain(PASSWORD);
    expect(JSON.parse(stored).chargers[0]).toMatchObject({ identity: "cp1" });
    expect(statSync(stateFile).mode & 0o777).toBe(0o600);
  });

  it("sets the measurands (trimmed to the charger's maximum), the sample interval and the ping", async () => {
    const { sim, link } = await acceptedCharger(
      { meterValueSampleIntervalS: 10, webSocketPingIntervalS: 30 },
      { sampledDataMaxLength: 4 },
    );
    const calls = sim.received.map((r) => r.method);
    expect(calls).toContain("GetConfiguration");
    expect(sim.config.get("MeterValuesSampledData")!.value).toBe(
      "Current.Import,Power.Active.Import,Energy.Active.Import.Register,Current.Offered",
    );
    expect(sim.config.get("MeterValueSampleInterval")!.value).toBe("10");
    expect(sim.config.get("WebSocketPingInterval")!.value).toBe("30");
    expect(link.configuration.get("MeterValuesSampledDataMaxLength")).toBe("4");
    expect(link.online).toBe(true);
    expect(link.reading().status).toBe("standby");
  });

  it("keeps the measurands a charger has when it refuses the whole list for one it lacks", async () => {
    const { sim, link } = await acceptedCharger({}, {
      measurands: ["Current.Import", "Energy.Active.Import.Register", "Current.Offered"],
    });
    expect(link.measurands).toEqual([
      "Current.Import",
      "Energy.Active.Import.Register",
      "Current.Offered",
    ]);
    expect(sim.received.filter((r) => r.method === "GetConfiguration").length).toBe(1);
    expect(sim.config.get("MeterValuesSampledData")!.value).toBe(
      "Current.Import,Energy.Active.Import.Register,Current.Offered",
    );
  });

  it("refuses a wrong password, a missing one, and the wrong path", async () => {
    const { cs } = await acceptedCharger();
    const wrong = simulator(cs, { password: "not-the-password-at-all" });
    await expect(wrong.connect()).rejects.toMatchObject({ code: 401 });
    const none = new RPCClient(
      { endpoint: cs.url, identity: "cp1", protocols: ["ocpp1.6"], reconnect: false } as never,
    );
    await expect(none.connect()).rejects.toMatchObject({ code: 401 });
    const elsewhere = new RPCClient({
      endpoint: cs.url.replace("/ocpp", "/other"),
      identity: "cp2",
      password: PASSWORD,
      protocols: ["ocpp1.6"],
      reconnect: false,
    } as never);
    await expect(elsewhere.connect()).rejects.toMatchObject({ code: 404 });
    // A stranger pending with one password cannot be taken over with another.
    const first = simulator(cs, { identity: "cp9" });
    await first.connect();
    const second = simulator(cs, { identity: "cp9", password: "another-password-12345" });
    await expect(second.connect()).rejects.toMatchObject({ code: 401 });
  });

  it("turns an address away for a while after too many wrong passwords", async () => {
    const { cs } = await acceptedCharger({ maxBadPasswords: 3 });
    for (let i = 0; i < 3; i++) {
      const guess = simulator(cs, { password: `guess-number-${i}-of-many` });
      await expect(guess.connect()).rejects.toMatchObject({ code: 401 });
    }
    // The fourth wrong one trips the limit; from then on even the right password waits.
    const fourth = simulator(cs, { password: "guess-number-3-of-many" });
    await expect(fourth.connect()).rejects.toMatchObject({ code: 401 });
    const right = simulator(cs);
    await expect(right.connect()).rejects.toMatchObject({ code: 429 });
  });

  it("keeps a bounded list of strangers, making room by dropping the oldest one not connected", async () => {
    const { cs } = await central({ maxPending: 2 });
    const a = simulator(cs, { identity: "a" });
    await a.connect();
    await waitFor((cb) => cs.onPending(cb), () => cs.pending().length === 1, "a pending");
    const b = simulator(cs, { identity: "b" });
    await b.connect();
    await waitFor((cb) => cs.onPending(cb), () => cs.pending().length === 2, "b pending");
    const c = simulator(cs, { identity: "c" });
    await expect(c.connect()).rejects.toMatchObject({ code: 503 });
    await a.close();
    await waitFor(
      (cb) => cs.onPending(cb),
      () => cs.pending().some((p) => p.identity === "a" && !p.connected),
      "a away",
    );
    const c2 = simulator(cs, { identity: "c" });
    await c2.connect();
    await waitFor(
      (cb) => cs.onPending(cb),
      () => cs.pending().some((p) => p.identity === "c"),
      "c",
    );
    expect(cs.pending().map((p) => p.identity).sort()).toEqual(["b", "c"]);
  });

  it("turns a refused charger away from then on", async () => {
    const { cs } = await central();
    const sim = simulator(cs);
    await sim.connect();
    await waitFor((cb) => cs.onPending(cb), () => cs.pending().length === 1, "pending");
    expect(cs.refuse("cp1")).toBe(true);
    expect(cs.pending()).toEqual([]);
    await sim.close();
    const again = simulator(cs);
    await expect(again.connect()).rejects.toMatchObject({ code: 401 });
  });

  it("asks a charger that connects without booting for a BootNotification", async () => {
    const { cs } = await central({ bootWaitMs: 100 });
    const sim = simulator(cs, { bootOnlyWhenTriggered: true });
    await sim.connect();
    await waitFor((cb) => cs.onPending(cb), () => cs.pending().length === 1, "pending");
    cs.accept("cp1");
    await waitFor(onSim(sim), () => sim.registration === "Accepted", "an Accepted boot");
    // It reconnects (not a reboot) and stays silent: the central system asks it after bootWaitMs.
    const triggers = () =>
      sim.received.filter((r) =>
        r.method === "TriggerMessage" && r.params.requestedMessage === "BootNotification"
      ).length;
    const before = triggers();
    sim.dropConnection();
    await waitFor(onSim(sim), () => triggers() > before, "a TriggerMessage after the reconnect");
  });
});

/** Plugs the car in and starts a session with a tag; resolves when both sides know it. */
async function startSession(sim: SimChargePoint, link: OcppChargerLink, tag = "TAG1") {
  sim.plug(CAR);
  expect(await sim.presentTag(tag)).toBe(true);
  await waitFor(onLink(link), () => link.transactionId !== null, "the transaction on the link");
}

function readingsOf(link: OcppChargerLink): ChargerReading[] {
  const readings: ChargerReading[] = [];
  link.onReading((r) => readings.push(r));
  return readings;
}

describe("OCPP central system: sessions", () => {
  it("StartTransaction, MeterValues and StopTransaction give the session's energy", async () => {
    const { cs, sim, link } = await acceptedCharger({ idTags: ["TAG1"] });
    const sessions: ChargeSession[] = [];
    cs.onSession((s) => sessions.push(s));
    const readings = readingsOf(link);
    expect(await sim.presentTag("TAG1")).toBe(false); // no car yet
    sim.plug(CAR);
    expect(await sim.presentTag("STRANGER")).toBe(false); // Authorize: Invalid
    const startWh = Math.round(sim.meterWh);
    await startSession(sim, link);
    await sim.step(30 * 60_000);
    const last = readings.at(-1)!;
    expect(last).toMatchObject({
      status: "charging",
      currentA: [16, 16, 16],
      powerW: 11040,
      offeredA: 16,
      idTag: "TAG1",
    });
    expect(last.atMs).toBe(sim.nowMs);
    // 180 samples in half an hour at the 10 s the central system set.
    expect(readings.filter((r) => r.status === "charging").length).toBeGreaterThanOrEqual(180);
    await sim.unplug();
    await waitFor((cb) => cs.onSession(cb), () => sessions.length === 1, "the session");
    const stopWh = Math.round(sim.meterWh);
    // 11.04 kW for half an hour, less the 4 s ramp from 0 to 16 A (2 s at full power).
    expect(sessions[0]).toMatchObject({
      chargerId: "cp1",
      idTag: "TAG1",
      meterStartWh: startWh,
      meterStopWh: stopWh,
      kWh: (stopWh - startWh) / 1000,
      reason: "EVDisconnected",
      startMs: Date.parse("2026-03-02T18:00:00Z"),
      stopMs: Date.parse("2026-03-02T18:30:00Z"),
    });
    expect(sessions[0].kWh).toBeCloseTo(5.52 - 11.04 * 2 / 3600, 2);
    expect(link.transactionId).toBeNull();
    await waitFor(onLink(link), () => link.reading().status === "standby", "standby");
  });

  it("accepts an RFID tag once the user allows it, and keeps it in the state file", async () => {
    const { cs, sim, stateFile } = await acceptedCharger();
    sim.plug(CAR);
    expect(await sim.presentTag("CARD-7")).toBe(false);
    cs.allowIdTag("CARD-7");
    expect(await sim.presentTag("CARD-7")).toBe(true);
    expect(JSON.parse(readFileSync(stateFile, "utf8")).idTags).toEqual(["CARD-7"]);
  });

  it("starts and stops a session remotely, with the app's tag", async () => {
    const { cs, sim, link } = await acceptedCharger();
    const sessions: ChargeSession[] = [];
    cs.onSession((s) => sessions.push(s));
    await expect(link.start("app")).rejects.toBeInstanceOf(ChargerRefused); // no car
    sim.plug(CAR);
    await waitFor(onLink(link), () => link.reading().status === "carConnected", "car connected");
    await link.start("app");
    await waitFor(onLink(link), () => link.transactionId !== null, "the remote session");
    await waitFor(onSim(sim), () => sim.tx !== null, "the session on the simulator");
    expect(sim.tx?.idTag).toBe("app");
    await sim.step(60_000);
    await link.stop();
    await waitFor(onSim(sim), () => sim.tx === null, "the remote stop");
    await waitFor((cb) => cs.onSession(cb), () => sessions.length === 1, "the session");
    expect(sessions[0]).toMatchObject({ idTag: "app", reason: "Remote" });
    expect(sessions[0].kWh).toBeGreaterThan(0.15);
    await waitFor(onLink(link), () => link.reading().status === "carConnected", "finishing");
    await expect(link.stop()).rejects.toThrow(/no session/);
  });
});

describe("OCPP central system: limits", () => {
  const profilesSent = (sim: SimChargePoint) =>
    sim.received.filter((r) => r.method === "SetChargingProfile").map((r) => r.params);

  it("sends a TxDefaultProfile outside a session, which the car then charges under", async () => {
    const { sim, link } = await acceptedCharger({ idTags: ["TAG1"], stackLevel: 2 });
    await link.setLimit({ currentA: 8.27, phases: 3 });
    expect(profilesSent(sim)).toEqual([{
      connectorId: 1,
      csChargingProfiles: expect.objectContaining({
        chargingProfileId: 1,
        stackLevel: 2,
        chargingProfilePurpose: "TxDefaultProfile",
        chargingProfileKind: "Relative",
        chargingSchedule: expect.objectContaining({
          chargingRateUnit: "A",
          chargingSchedulePeriod: [{ startPeriod: 0, limit: 8.2, numberPhases: 3 }],
        }),
      }),
    }]);
    expect(link.state().limit).toEqual({ currentA: 8.27, phases: 3 });
    const readings = readingsOf(link);
    await startSession(sim, link);
    await sim.step(60_000);
    expect(readings.at(-1)).toMatchObject({ currentA: [8.2, 8.2, 8.2], offeredA: 8.2 });
    expect(Math.max(...readings.flatMap((r) => r.currentA.map((a) => a ?? 0)))).toBeLessThanOrEqual(
      8.2,
    );
  });

  it("sends a TxProfile during a session: the car draws at most the limit, on one phase", async () => {
    const { sim, link } = await acceptedCharger({ idTags: ["TAG1"] });
    await startSession(sim, link);
    await sim.step(30_000);
    const readings = readingsOf(link);
    await link.setLimit({ currentA: 10, phases: 1 });
    const sent = profilesSent(sim).at(-1);
    expect(sent.csChargingProfiles).toMatchObject({
      chargingProfilePurpose: "TxProfile",
      transactionId: link.transactionId,
      chargingSchedule: { chargingSchedulePeriod: [{ limit: 10, numberPhases: 1 }] },
    });
    await sim.step(60_000);
    // The first sample may still show the ramp down (16 → 10 A at 4 A/s); none after it is above.
    for (const r of readings.slice(1)) {
      expect(r.currentA[0]!).toBeLessThanOrEqual(10);
      expect(r.currentA[1]).toBe(0);
      expect(r.currentA[2]).toBe(0);
    }
    expect(readings.at(-1)).toMatchObject({ currentA: [10, 0, 0], powerW: 2300 });

    // 0 A pauses the session (SuspendedEVSE: sleeping); clearing the limit resumes at 16 A.
    await link.setLimit({ currentA: 0, phases: 3 });
    await sim.step(10_000);
    await waitFor(onLink(link), () => link.reading().status === "sleeping", "sleeping");
    expect(link.reading().currentA).toEqual([0, 0, 0]);
    await link.clearLimit();
    expect(sim.profiles).toEqual([]);
    await sim.step(20_000);
    expect(link.reading()).toMatchObject({ status: "charging", currentA: [16, 16, 16] });
    expect(link.state().limit).toBeNull();
  });

  it("never asks more than the charger is installed for, nor three phases of a 1-phase one", async () => {
    const { cs, sim, link } = await acceptedCharger();
    await link.setLimit({ currentA: 40, phases: 3 });
    expect(profilesSent(sim).at(-1).csChargingProfiles.chargingSchedule.chargingSchedulePeriod)
      .toEqual([{ startPeriod: 0, limit: 16, numberPhases: 3 }]);
    expect(link.state().limit).toEqual({ currentA: 16, phases: 3 });
    await expect(link.setLimit({ currentA: -1, phases: 3 })).rejects.toBeInstanceOf(ChargerRefused);
    await expect(link.setLimit({ currentA: NaN, phases: 3 })).rejects.toBeInstanceOf(
      ChargerRefused,
    );

    const single = simulator(cs, { identity: "cp1p", phases: 1 });
    const linked = new Promise<OcppChargerLink>((resolve) => cs.onLink(resolve));
    await single.connect();
    await waitFor((cb) => cs.onPending(cb), () => cs.pending().length === 1, "pending");
    cs.accept("cp1p", { phases: 1, maxA: 32 });
    const singleLink = await linked;
    await singleLink.setLimit({ currentA: 20, phases: 3 });
    expect(profilesSent(single).at(-1).csChargingProfiles.chargingSchedule.chargingSchedulePeriod)
      .toEqual([{ startPeriod: 0, limit: 20, numberPhases: 1 }]);
  });

  it("refuses calls beyond a few at once to one charger instead of queueing them", async () => {
    const { link } = await acceptedCharger();
    const burst = await Promise.allSettled(
      Array.from({ length: MAX_CALLS + 12 }, () => link.appliedLimitA()),
    );
    const refused = burst.filter((b) => b.status === "rejected");
    expect(burst.filter((b) => b.status === "fulfilled").length).toBe(MAX_CALLS);
    expect(refused.length).toBe(12);
    expect(refused.every((b) => (b as PromiseRejectedResult).reason.detail === "busy")).toBe(true);
    // Free again once they are answered.
    await expect(link.appliedLimitA()).resolves.toBe(16); // no profile: the station's most
  });

  it("keeps at most one limit waiting per charger: the newest wins", async () => {
    const { sim, link } = await acceptedCharger();
    const first = link.setLimit({ currentA: 6, phases: 3 });
    const second = link.setLimit({ currentA: 7, phases: 3 });
    const third = link.setLimit({ currentA: 8, phases: 3 });
    await expect(second).rejects.toThrow(/superseded/);
    await first;
    await third;
    expect(
      profilesSent(sim).map((p) =>
        p.csChargingProfiles.chargingSchedule
          .chargingSchedulePeriod[0].limit
      ),
    ).toEqual([6, 8]);
    expect(link.state().limit).toEqual({ currentA: 8, phases: 3 });
  });

  it("fails calls to a reconnecting charger at once, without piling them up, and works again after", async () => {
    const { sim, link } = await acceptedCharger({ idTags: ["TAG1"] });
    await startSession(sim, link);
    const before = profilesSent(sim).length;
    const offline = waitFor(onLink(link), () => !link.online, "offline");
    sim.dropConnection();
    await offline;
    // Right away, before the simulator can be back: every call is refused, none is queued.
    const attempts = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) => link.setLimit({ currentA: 6 + (i % 10), phases: 3 })),
    );
    expect(attempts.every((a) => a.status === "rejected")).toBe(true);
    const reasons = attempts.map((a) => (a as PromiseRejectedResult).reason);
    expect(reasons.every((r) => r instanceof ChargerRefused && r.detail === "offline")).toBe(true);
    await expect(link.stop()).rejects.toBeInstanceOf(ChargerRefused);

    await waitFor(onLink(link), () => link.online, "online again");
    await link.setLimit({ currentA: 12, phases: 3 });
    const sent = profilesSent(sim);
    expect(sent.length).toBe(before + 1);
    expect(sent.at(-1).csChargingProfiles.chargingSchedule.chargingSchedulePeriod[0].limit).toBe(
      12,
    );
    // The session carries on over the reconnect.
    await sim.step(20_000);
    expect(link.reading()).toMatchObject({ status: "charging", currentA: [12, 12, 12] });
  });

  it("reports a charger that accepts a limit and keeps drawing more", async () => {
    const { sim, link } = await acceptedCharger(
      { idTags: ["TAG1"], limitToleranceA: 1, limitSamples: 3 },
      { ignoreProfiles: true },
    );
    await startSession(sim, link);
    await sim.step(20_000);
    await link.setLimit({ currentA: 6, phases: 3 });
    await sim.step(20_000);
    expect(link.state().problem).toBeNull(); // two samples are not enough
    await sim.step(20_000);
    expect(link.state().problem).toEqual({
      kind: "ignoresLimit",
      limitA: 6,
      measuredA: 16,
      samples: 3,
    });
    // It even says it applies the limit.
    expect(await link.appliedLimitA()).toBe(6);
  });

  it("reports a charger that keeps charging on three phases under a 1-phase limit", async () => {
    const { sim, link } = await acceptedCharger(
      { idTags: ["TAG1"], limitSamples: 2 },
      { ignoreProfiles: true },
    );
    const changes: (string | null)[] = [];
    link.onChange(() => {
      const kind = link.state().problem?.kind ?? null;
      if (changes.at(-1) !== kind) changes.push(kind);
    });
    await startSession(sim, link);
    await link.setLimit({ currentA: 16, phases: 1 });
    await sim.step(30_000);
    expect(link.state().problem).toMatchObject({
      kind: "ignoresPhases",
      limitA: 16,
      measuredA: 16,
    });
    expect(changes).toEqual([null, "ignoresPhases"]);
  });

  it("does not report a charger that obeys (the ramp down is not a problem)", async () => {
    const { sim, link } = await acceptedCharger({ idTags: ["TAG1"], limitSamples: 2 }, {
      rampAPerS: 0.5,
    });
    await startSession(sim, link);
    await sim.step(60_000);
    await link.setLimit({ currentA: 6, phases: 3 });
    await sim.step(120_000);
    expect(link.state().problem).toBeNull();
    expect(link.reading().currentA).toEqual([6, 6, 6]);
  });
});

describe("OCPP central system: what other chargers send", () => {
  it("reads kW and kWh, a faulted charge point, and ignores a stop it does not know", async () => {
    const { cs, sim, link } = await acceptedCharger();
    await sim.close();
    await waitFor(onLink(link), () => !link.online, "the simulator gone");
    // Another firmware on the same identity, strict as ours: units and messages the simulator
    // does not send.
    const other = new RPCClient({
      endpoint: cs.url,
      identity: "cp1",
      password: PASSWORD,
      protocols: ["ocpp1.6"],
      strictMode: true,
      reconnect: false,
    } as never);
    cleanup.push(() => other.close({ force: true }));
    other.handle(() => Promise.resolve({ status: "Accepted" }));
    await other.connect();
    await waitFor(onLink(link), () => link.online, "the other firmware online");
    const sessions: ChargeSession[] = [];
    cs.onSession((s) => sessions.push(s));
    await other.call("StatusNotification", {
      connectorId: 1,
      errorCode: "NoError",
      status: "Charging",
    });
    await other.call("MeterValues", {
      connectorId: 1,
      meterValue: [{
        timestamp: "2026-03-02T18:05:00Z",
        sampledValue: [
          { value: "7.36", measurand: "Power.Active.Import", unit: "kW" },
          { value: "1523.25", measurand: "Energy.Active.Import.Register", unit: "kWh" },
          { value: "32", measurand: "Current.Import", phase: "L1", unit: "A" },
        ],
      }],
    });
    expect(link.reading()).toMatchObject({
      atMs: Date.parse("2026-03-02T18:05:00Z"),
      status: "charging",
      powerW: 7360,
      meterKWh: 1523.25,
      currentA: [32, null, null],
    });
    await other.call("StatusNotification", {
      connectorId: 0,
      errorCode: "GroundFailure",
      status: "Faulted",
    });
    expect(link.reading().status).toBe("fault");
    await expect(other.call("StopTransaction", {
      transactionId: 999,
      meterStop: 1_523_250,
      timestamp: "2026-03-02T18:06:00Z",
    })).resolves.toEqual({});
    expect(sessions).toEqual([]);
  });
});

describe("OCPP central system: strict mode", () => {
  it("answers a malformed message with a CALLERROR and changes nothing", async () => {
    const { cs, sim, link } = await acceptedCharger();
    await sim.close();
    await waitFor(onLink(link), () => !link.online, "the simulator gone");
    // A sloppy client on the same identity, without strict mode of its own.
    const sloppy = new RPCClient({
      endpoint: cs.url,
      identity: "cp1",
      password: PASSWORD,
      protocols: ["ocpp1.6"],
      strictMode: false,
      reconnect: false,
    } as never);
    cleanup.push(() => sloppy.close({ force: true }));
    await sloppy.connect();
    await waitFor(onLink(link), () => link.online, "the sloppy client online");
    const status = link.reading().status;
    await expect(sloppy.call("StatusNotification", {
      connectorId: 1,
      errorCode: "NoError",
      status: "Exploded",
    })).rejects.toMatchObject({ rpcErrorCode: "FormationViolation" });
    await expect(sloppy.call("StatusNotification", { connectorId: 1, status: "Charging" }))
      .rejects.toMatchObject({ rpcErrorCode: "OccurrenceConstraintViolation" });
    await expect(sloppy.call("MeterValues", { connectorId: "one", meterValue: [] }))
      .rejects.toMatchObject({ rpcErrorCode: "TypeConstraintViolation" });
    expect(link.reading().status).toBe(status);
    // A well-formed one still goes through.
    await expect(sloppy.call("Heartbeat", {})).resolves.toHaveProperty("currentTime");
  });
});

describe("OCPP central system: restarts", () => {
  it("knows an accepted charger and its running session after the gateway restarts", async () => {
    const { cs, sim, link, stateFile } = await acceptedCharger({ idTags: ["TAG1"] });
    const port = cs.port;
    await startSession(sim, link);
    const transactionId = link.transactionId;
    const startWh = sim.tx!.meterStartWh;
    await sim.step(10 * 60_000);
    await cs.close();
    await waitFor(onSim(sim), () => !sim.connected, "the simulator cut off");

    // The same port and file; the simulator reconnects by itself (not a reboot: no boot of its
    // own), the central system asks it for one, and it is accepted without the user.
    const again = await startCentralSystem({
      port,
      hostname: "127.0.0.1",
      stateFile,
      idTags: ["TAG1"],
      bootWaitMs: 50,
    });
    cleanup.push(() => again.close());
    const relinked = await new Promise<OcppChargerLink>((resolve) => again.onLink(resolve));
    expect(again.pending()).toEqual([]);
    expect(relinked.transactionId).toBe(transactionId);
    const sessions: ChargeSession[] = [];
    again.onSession((s) => sessions.push(s));
    await sim.step(10 * 60_000);
    await sim.unplug();
    await waitFor((cb) => again.onSession(cb), () => sessions.length === 1, "the session");
    expect(sessions[0]).toMatchObject({ transactionId, meterStartWh: startWh });
    expect(sessions[0].kWh).toBeCloseTo(11.04 / 3 - 11.04 * 2 / 3600, 2);
    // Numbering carries on: the next session gets a new id.
    sim.plug(CAR);
    expect(await sim.presentTag("TAG1")).toBe(true);
    expect(sim.tx!.id).toBe(transactionId! + 1);
  });
});
