/**
 * The simulated charge point against a bare ocpp-rpc server written here (not our central system),
 * so it is checked against OCPP 1.6 itself: registration (§4.2), smart charging (§3.13, §5.16),
 * configuration (§5.3, §5.8), TriggerMessage (§5.17), and the car's physics. Real WebSockets on
 * 127.0.0.1; the simulator's clock moves only by `step`.
 */
import type { AddressInfo } from "node:net";
import { RPCServer } from "ocpp-rpc";
import { afterEach, describe, expect, it } from "vitest";
import { SimChargePoint, type SimOptions } from "../../../app/gateway/sim_charge_point.ts";

let cleanup: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const done of cleanup.reverse()) await done();
  cleanup = [];
});

// deno-lint-ignore no-explicit-any
type Any = any;

/** A minimal central system: records what arrives, answers as told. */
async function bareCentral(bootStatus: () => "Accepted" | "Pending" = () => "Accepted") {
  const server = new RPCServer({ protocols: ["ocpp1.6"], strictMode: true });
  const requests: { method: string; params: Any }[] = [];
  let client: Any = null;
  const connected = new Promise<Any>((resolve) => {
    server.on("client", (c: Any) => {
      client = c;
      const record = (method: string, answer: (p: Any) => unknown) =>
        c.handle(method, ({ params }: Any) => {
          requests.push({ method, params });
          return answer(params);
        });
      record("BootNotification", () => ({
        status: bootStatus(),
        currentTime: new Date().toISOString(),
        interval: 60,
      }));
      record("Heartbeat", () => ({ currentTime: new Date().toISOString() }));
      record("StatusNotification", () => ({}));
      record("Authorize", () => ({ idTagInfo: { status: "Accepted" } }));
      record("StartTransaction", () => ({ transactionId: 42, idTagInfo: { status: "Accepted" } }));
      record("StopTransaction", () => ({}));
      record("MeterValues", () => ({}));
      resolve(c);
    });
  });
  const http = await server.listen(0, "127.0.0.1");
  cleanup.push(() => server.close({ force: true }));
  const port = (http.address() as AddressInfo).port;
  return {
    endpoint: `ws://127.0.0.1:${port}/ocpp`,
    requests,
    connected,
    call: (method: string, params: unknown): Promise<Any> => client.call(method, params),
  };
}

async function simWith(options: Partial<SimOptions> = {}, boot?: () => "Accepted" | "Pending") {
  const central = await bareCentral(boot);
  const sim = new SimChargePoint({
    endpoint: central.endpoint,
    identity: "sim1",
    password: "a-password-for-the-sim",
    startMs: Date.parse("2026-06-01T10:00:00Z"),
    ...options,
  });
  cleanup.push(() => sim.close());
  await sim.connect();
  await central.connected;
  await until(sim, () => sim.registration !== "none");
  return { central, sim };
}

function until(sim: SimChargePoint, check: () => boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    if (check()) return resolve();
    const guard = setTimeout(() => reject(new Error("still waiting")), 20_000);
    const off = sim.onChange(() => {
      if (!check()) return;
      clearTimeout(guard);
      off();
      resolve();
    });
  });
}

const CAR = { batteryKWh: 50, socPct: 50, phases: 3 as const, maxA: 32 };
const profile = (over: Record<string, unknown>) => ({
  chargingProfileId: 1,
  stackLevel: 0,
  chargingProfilePurpose: "TxDefaultProfile",
  chargingProfileKind: "Relative",
  chargingSchedule: {
    chargingRateUnit: "A",
    chargingSchedulePeriod: [{ startPeriod: 0, limit: 10 }],
  },
  ...over,
});

async function charging(options: Partial<SimOptions> = {}) {
  const { central, sim } = await simWith(options);
  sim.plug(CAR);
  expect(await sim.presentTag("T1")).toBe(true);
  return { central, sim };
}

describe("simulated charge point: registration (OCPP 1.6 §4.2)", () => {
  it("sends nothing but BootNotification while Pending, and boots again after the interval", async () => {
    let status: "Accepted" | "Pending" = "Pending";
    const { central, sim } = await simWith({}, () => status);
    expect(sim.registration).toBe("Pending");
    sim.plug(CAR); // a status change it may not report yet
    await sim.step(59_000);
    expect(central.requests.map((r) => r.method)).toEqual(["BootNotification"]);
    expect(sim.dropped).toBeGreaterThan(0);
    status = "Accepted";
    await sim.step(1_000);
    expect(sim.registration).toBe("Accepted");
    expect(central.requests.map((r) => [r.method, r.params.connectorId, r.params.status])).toEqual([
      ["BootNotification", undefined, undefined],
      ["BootNotification", undefined, undefined],
      ["StatusNotification", 0, "Available"],
      ["StatusNotification", 1, "Preparing"],
    ]);
    // The heartbeat interval given with Accepted (60 s), on the simulator's clock.
    await sim.step(60_000);
    expect(central.requests.at(-1)?.method).toBe("Heartbeat");
  });
});

describe("simulated charge point: smart charging (§3.13, §5.16)", () => {
  it("rejects a TxProfile without a running transaction, too high a stack level, a cap on a connector", async () => {
    const { central, sim } = await simWith();
    const set = (connectorId: number, p: Record<string, unknown>) =>
      central.call("SetChargingProfile", { connectorId, csChargingProfiles: profile(p) });
    expect(await set(1, { chargingProfilePurpose: "TxProfile" })).toEqual({ status: "Rejected" });
    expect(await set(1, { stackLevel: 9 })).toEqual({ status: "Rejected" });
    expect(await set(1, { chargingProfilePurpose: "ChargePointMaxProfile" })).toEqual({
      status: "Rejected",
    });
    expect(await set(2, {})).toEqual({ status: "Rejected" });
    expect(sim.profiles).toEqual([]);
    expect(await set(1, {})).toEqual({ status: "Accepted" });
    expect(sim.compositeLimit()).toEqual({ limitA: 10, phases: 3 });
    expect(await central.call("ClearChargingProfile", { id: 5 })).toEqual({ status: "Unknown" });
    expect(await central.call("ClearChargingProfile", { chargingProfilePurpose: "TxProfile" }))
      .toEqual({ status: "Unknown" });
    expect(await central.call("ClearChargingProfile", { id: 1 })).toEqual({ status: "Accepted" });
    expect(sim.compositeLimit()).toBeNull();
  });

  it("takes the highest stack level, a TxProfile over TxDefault, the cap over both, W as A", async () => {
    const { central, sim } = await charging();
    const set = (connectorId: number, p: Record<string, unknown>) =>
      central.call("SetChargingProfile", { connectorId, csChargingProfiles: profile(p) });
    await set(0, { chargingProfileId: 1, stackLevel: 0 }); // all connectors: 10 A
    await set(1, { chargingProfileId: 2, stackLevel: 1, chargingSchedule: schedule(14) });
    expect(sim.compositeLimit()?.limitA).toBe(14); // the connector's own TxDefault
    await set(1, { chargingProfileId: 3, stackLevel: 2, chargingSchedule: schedule(12) });
    expect(sim.compositeLimit()?.limitA).toBe(12);
    await set(1, {
      chargingProfileId: 4,
      chargingProfilePurpose: "TxProfile",
      transactionId: 42,
      chargingSchedule: {
        chargingRateUnit: "W",
        chargingSchedulePeriod: [{ startPeriod: 0, limit: 4140, numberPhases: 3 }],
      },
    });
    expect(sim.compositeLimit()).toEqual({ limitA: 6, phases: 3 }); // 4140 W / (230 V × 3)
    await set(0, {
      chargingProfileId: 5,
      chargingProfilePurpose: "ChargePointMaxProfile",
      chargingSchedule: schedule(16),
    });
    expect(sim.compositeLimit()?.limitA).toBe(6);
    // Same stack level and purpose on the connector: replaced, not added.
    await set(1, { chargingProfileId: 9, stackLevel: 2, chargingSchedule: schedule(8) });
    expect(sim.profiles.map((p) => p.chargingProfileId).sort()).toEqual([1, 2, 4, 5, 9]);
    await sim.step(10_000);
    expect(sim.currentA).toEqual([6, 6, 6]);
    // The TxProfile ends with the transaction.
    await sim.unplug();
    expect(sim.profiles.map((p) => p.chargingProfileId).sort()).toEqual([1, 2, 5, 9]);
  });

  it("follows a schedule's periods and duration on its own clock", async () => {
    const { central, sim } = await charging();
    await central.call("SetChargingProfile", {
      connectorId: 1,
      csChargingProfiles: profile({
        chargingProfilePurpose: "TxProfile",
        stackLevel: 1,
        chargingSchedule: {
          duration: 600,
          chargingRateUnit: "A",
          chargingSchedulePeriod: [
            { startPeriod: 0, limit: 8 },
            { startPeriod: 300, limit: 0 },
          ],
        },
      }),
    });
    await sim.step(60_000);
    expect(sim).toMatchObject({ status: "Charging", currentA: [8, 8, 8] });
    await sim.step(300_000);
    expect(sim).toMatchObject({ status: "SuspendedEVSE", currentA: [0, 0, 0] });
    await sim.step(300_000); // past the duration: no profile, the station's 16 A
    expect(sim).toMatchObject({ status: "Charging", currentA: [16, 16, 16] });
  });

  it("uses one phase when told (numberPhases 1), and a 1-phase car only on L1", async () => {
    const { central, sim } = await charging();
    await central.call("SetChargingProfile", {
      connectorId: 1,
      csChargingProfiles: profile({
        chargingSchedule: {
          chargingRateUnit: "A",
          chargingSchedulePeriod: [{ startPeriod: 0, limit: 13, numberPhases: 1 }],
        },
      }),
    });
    await sim.step(10_000);
    expect(sim.currentA).toEqual([13, 0, 0]);
    await sim.unplug();
    sim.plug({ ...CAR, phases: 1, maxA: 32 });
    await central.call("ClearChargingProfile", {});
    expect(await sim.presentTag("T1")).toBe(true);
    await sim.step(10_000);
    expect(sim.currentA).toEqual([16, 0, 0]);
  });
});

describe("simulated charge point: the car", () => {
  it("ramps toward its target, meters the energy, and sleeps when full", async () => {
    const { central, sim } = await charging({ rampAPerS: 4, meterWh: 0 });
    await sim.step(1_000);
    expect(sim.currentA).toEqual([4, 4, 4]);
    await sim.step(3_000);
    expect(sim.currentA).toEqual([16, 16, 16]);
    // 0+4+8+12 A (× 3 × 230 V) over the first four seconds: 16.87 Wh… then 11.04 kW.
    expect(sim.meterWh).toBeCloseTo((4 + 8 + 12 + 16) * 3 * 230 / 3600, 6);
    sim.car!.idle = true; // the car's own timer
    await sim.step(1_000);
    expect(sim.status).toBe("SuspendedEV");
    sim.car!.idle = false;
    await sim.step(1_000);
    expect(sim.status).toBe("Charging");
    sim.car!.socPct = 99.99;
    await sim.step(10_000);
    expect(sim.status).toBe("SuspendedEV");
    await sim.step(2_000);
    expect(sim.currentA).toEqual([0, 0, 0]);
    const statuses = central.requests.filter((r) => r.method === "StatusNotification")
      .map((r) => r.params.status);
    expect(statuses).toEqual([
      "Available",
      "Available",
      "Preparing",
      "Charging",
      "SuspendedEV",
      "Charging",
      "SuspendedEV",
    ]);
  });

  it("sends the measurands it is configured for, per phase, at the interval", async () => {
    const { central, sim } = await charging({ meterWh: 500_000 });
    expect(
      await central.call("ChangeConfiguration", {
        key: "MeterValuesSampledData",
        value: "Current.Import,Current.Offered,Power.Active.Import,Energy.Active.Import.Register",
      }),
    ).toEqual({ status: "Accepted" });
    expect(
      await central.call("ChangeConfiguration", { key: "MeterValueSampleInterval", value: "15" }),
    )
      .toEqual({ status: "Accepted" });
    await sim.step(30_000);
    const samples = central.requests.filter((r) => r.method === "MeterValues");
    expect(samples.length).toBe(2);
    expect(samples[1].params).toMatchObject({ connectorId: 1, transactionId: 42 });
    const values = samples[1].params.meterValue[0].sampledValue.map((
      v: Any,
    ) => [v.measurand, v.phase, v.value, v.unit]);
    expect(values).toEqual([
      ["Current.Import", "L1", "16.0", "A"],
      ["Current.Import", "L2", "16.0", "A"],
      ["Current.Import", "L3", "16.0", "A"],
      ["Current.Offered", undefined, "16.0", "A"],
      ["Power.Active.Import", undefined, "11040", "W"],
      ["Energy.Active.Import.Register", undefined, String(Math.round(sim.meterWh)), "Wh"],
    ]);
    expect(samples[1].params.meterValue[0].timestamp).toBe("2026-06-01T10:00:30.000Z");
  });
});

describe("simulated charge point: remote start and stop (§5.11, §5.12)", () => {
  it("starts again remotely after a remote stop, the car still plugged in (§4.9 F2)", async () => {
    const { central, sim } = await charging();
    await until(sim, () => sim.tx?.id === 42);
    expect(await central.call("RemoteStopTransaction", { transactionId: 42 }))
      .toEqual({ status: "Accepted" });
    await until(sim, () => sim.status === "Finishing");
    expect(await central.call("RemoteStartTransaction", { connectorId: 1, idTag: "T2" }))
      .toEqual({ status: "Accepted" });
    await until(sim, () => sim.tx?.idTag === "T2");
    const starts = central.requests.filter((r) => r.method === "StartTransaction");
    expect(starts.map((r) => r.params.idTag)).toEqual(["T1", "T2"]);
    const stop = central.requests.find((r) => r.method === "StopTransaction");
    expect(stop?.params).toMatchObject({ transactionId: 42, reason: "Remote" });
    // A running transaction is not started twice; without a car there is nothing to start.
    expect(await central.call("RemoteStartTransaction", { connectorId: 1, idTag: "T3" }))
      .toEqual({ status: "Rejected" });
    await sim.unplug();
    expect(await central.call("RemoteStartTransaction", { connectorId: 1, idTag: "T3" }))
      .toEqual({ status: "Rejected" });
  });
});

describe("simulated charge point: configuration and triggers (§5.3, §5.8, §5.17)", () => {
  it("answers unknown keys, read-only keys and bad values as the specification says", async () => {
    const { central } = await simWith({ sampledDataMaxLength: 2 });
    const change = (key: string, value: string) =>
      central.call("ChangeConfiguration", { key, value });
    expect(await change("NoSuchKey", "1")).toEqual({ status: "NotSupported" });
    expect(await change("NumberOfConnectors", "2")).toEqual({ status: "Rejected" });
    expect(await change("MeterValuesSampledData", "Current.Import,SoC,Power.Active.Import"))
      .toEqual({ status: "Rejected" }); // more than the maximum length of 2
    expect(await change("MeterValuesSampledData", "Current.Import,Temperature"))
      .toEqual({ status: "Rejected" }); // not one it measures
    expect(await change("MeterValueSampleInterval", "soon")).toEqual({ status: "Rejected" });
    const got = await central.call("GetConfiguration", {
      key: ["MeterValuesSampledDataMaxLength", "Nope"],
    });
    expect(got).toEqual({
      configurationKey: [{ key: "MeterValuesSampledDataMaxLength", readonly: true, value: "2" }],
      unknownKey: ["Nope"],
    });
  });

  it("sends a triggered message after its answer, and says NotImplemented for others", async () => {
    const { central, sim } = await simWith();
    expect(
      await central.call("TriggerMessage", { requestedMessage: "DiagnosticsStatusNotification" }),
    )
      .toEqual({ status: "NotImplemented" });
    const before = central.requests.length;
    expect(await central.call("TriggerMessage", { requestedMessage: "Heartbeat" })).toEqual({
      status: "Accepted",
    });
    // No heartbeat is due on the simulator's clock: this one is the triggered one.
    await until(sim, () => central.requests.slice(before).some((r) => r.method === "Heartbeat"));
    expect(sim.nowMs).toBe(Date.parse("2026-06-01T10:00:00Z"));
  });
});

function schedule(limitA: number) {
  return { chargingRateUnit: "A", chargingSchedulePeriod: [{ startPeriod: 0, limit: limitA }] };
}
