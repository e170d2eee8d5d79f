/**
 * Modbus chargers through their profiles, over real Modbus TCP on loopback, against simulators
 * written from the vendors' documents (sim_alfen.ts, sim_abb_terra.ts): the limit set and
 * obeyed by the car, phases switched (Alfen), the validity-time fallback to the safe current
 * when the setpoint is not rewritten (a hand-moved clock, no waiting), the ABB's communication
 * timeout, refusals as `ChargerRefused` with the exception named, nothing written outside the
 * profile, and reconnecting after the charger went away.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { ChargerReading, ChargerSetup } from "../../../lib/control/ev/charger.ts";
import { ChargerRefused } from "../../../lib/control/ev/charger.ts";
import {
  ABB_TERRA_AC,
  ALFEN_NG9XX,
  type ChargerProfile,
} from "../../../lib/control/ev/charger_profiles.ts";
import { ModbusCharger } from "../../../app/gateway/modbus_charger.ts";
import { ModbusException, openTcp } from "../../../app/gateway/modbus_link.ts";
import { SimulatedAbbTerra } from "../../../app/gateway/sim_abb_terra.ts";
import { SimulatedAlfen } from "../../../app/gateway/sim_alfen.ts";
import { ManualClock } from "../../../app/gateway/sim_charger.ts";
import { type ServedDevice, serveModbusTcp } from "../../../app/gateway/sim_me3000sp.ts";
import { serveModbusRtu } from "../../../app/gateway/rtu.ts";
import { until } from "../../until.ts";
import { ptyPair } from "./pty_pair.ts";

let cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const done of cleanup.reverse()) await done();
  cleanup = [];
});

function setupOf(overrides: Partial<ChargerSetup> = {}): ChargerSetup {
  return {
    id: "garage",
    name: "Garage",
    minA: 6,
    maxA: 32,
    phases: 3,
    canSwitchPhases: true,
    phaseRotation: [0, 1, 2],
    priority: 0,
    ...overrides,
  };
}

function connect(
  sim: ServedDevice,
  profile: ChargerProfile,
  setup = setupOf(),
  clock?: ManualClock,
) {
  const server = serveModbusTcp(sim);
  const log: Record<string, unknown>[] = [];
  const charger = ModbusCharger.tcp(profile, setup, "127.0.0.1", server.port, {
    timeoutMs: 2000,
    log: (e) => log.push(e),
    now: clock?.now,
  });
  cleanup.push(() => server.close(), () => charger.close());
  return { server, charger, log };
}

async function refusal(promise: Promise<unknown>): Promise<ChargerRefused> {
  const error = await promise.then(() => null, (e) => e);
  expect(error).toBeInstanceOf(ChargerRefused);
  return error as ChargerRefused;
}

describe("Alfen Eve (NG9xx) over Modbus TCP", () => {
  it("sets the limit and the car draws min(limit, its own maximum) on three phases", async () => {
    const sim = new SimulatedAlfen({ car: { maxA: 16, phases: 3 } });
    const { charger } = connect(sim, ALFEN_NG9XX);
    const seen: ChargerReading[] = [];
    charger.onReading((r) => seen.push(r));

    await charger.setLimit({ currentA: 10, phases: 3 });
    expect(sim.setpoint?.a).toBe(10);
    let reading = await charger.poll();
    expect(reading).toMatchObject({
      status: "charging",
      currentA: [10, 10, 10],
      powerW: 6900, // 10 A × 230 V × 3
      offeredA: 10,
      socPct: null,
    });
    expect(seen).toEqual([reading]);

    await charger.setLimit({ currentA: 32, phases: 3 });
    reading = await charger.poll();
    expect(reading.currentA).toEqual([16, 16, 16]); // the car takes 16 A at most
    expect(reading.offeredA).toBe(32);

    await charger.stop();
    reading = await charger.poll();
    expect(reading).toMatchObject({ status: "sleeping", currentA: [0, 0, 0], powerW: 0 });
    await charger.start("app");
    expect((await charger.poll()).currentA).toEqual([16, 16, 16]); // back to the last limit
  });

  it("switches phases through 1215 before the current, and only when they change", async () => {
    const sim = new SimulatedAlfen({ car: { maxA: 32, phases: 3 } });
    const { charger } = connect(sim, ALFEN_NG9XX);
    await charger.poll(); // reads 1215 = 3
    await charger.setLimit({ currentA: 16, phases: 1 });
    expect(sim.phases).toBe(1);
    expect((await charger.poll()).currentA).toEqual([16, 0, 0]);
    await charger.setLimit({ currentA: 12, phases: 1 });
    await charger.setLimit({ currentA: 8, phases: 3 });
    expect((await charger.poll()).currentA).toEqual([8, 8, 8]);
    expect(sim.writes.map((w) => [w.address, w.words])).toEqual([
      [1215, [1]],
      [1210, [0x4180, 0x0000]], // 16 A as FLOAT32, high word first
      [1210, [0x4140, 0x0000]], // 12 A
      [1215, [3]],
      [1210, [0x4100, 0x0000]], // 8 A
    ]);
  });

  it("falls back to the safe current when the setpoint is not rewritten within the validity time", async () => {
    const clock = new ManualClock(1_000_000);
    const sim = new SimulatedAlfen({ now: clock.now, validityTimeS: 60, safeCurrentA: 6 });
    const { charger } = connect(sim, ALFEN_NG9XX, setupOf(), clock);
    await charger.setLimit({ currentA: 16, phases: 3 });
    clock.advance(59_000);
    expect((await charger.poll()).offeredA).toBe(16);
    clock.advance(2_000);
    const fallen = await charger.poll();
    expect(fallen).toMatchObject({ offeredA: 6, currentA: [6, 6, 6], status: "charging" });
    expect(sim.validRemainingS()).toBe(0);

    // Rewritten every 25 s, the setpoint holds however long it runs.
    await charger.setLimit({ currentA: 16, phases: 3 });
    expect(charger.keepAliveEveryMs).toBe(25_000);
    for (let i = 0; i < 8; i++) {
      clock.advance(25_000);
      expect(await charger.keepAlive()).toBe(true);
    }
    expect((await charger.poll()).offeredA).toBe(16);
    expect(sim.validRemainingS()).toBe(60);

    // A pause is kept the same way: without the rewrite the car would get 6 A again.
    await charger.setLimit({ currentA: 0, phases: 3 });
    clock.advance(50_000);
    await charger.keepAlive();
    clock.advance(50_000);
    expect(await charger.poll()).toMatchObject({ offeredA: 0, status: "sleeping", powerW: 0 });
  });

  it("counts the energy the car took, from the station's FLOAT64 register", async () => {
    const clock = new ManualClock(0);
    const sim = new SimulatedAlfen({ now: clock.now, car: { maxA: 16, phases: 3 } });
    const { charger } = connect(sim, ALFEN_NG9XX, setupOf(), clock);
    await charger.setLimit({ currentA: 16, phases: 3 });
    clock.advance(20_000);
    await charger.keepAlive();
    clock.advance(10_000); // 30 s at 16 A × 230 V × 3 = 11,040 W: 92 Wh
    const reading = await charger.poll();
    expect(reading.meterKWh).toBeCloseTo(0.092, 9);
    expect(reading.atMs).toBe(30_000);
  });

  it("reports the station's exceptions as ChargerRefused, naming them", async () => {
    const sim = new SimulatedAlfen({ allowWriting: false, allow1p3p: false });
    const { charger, log } = connect(sim, ALFEN_NG9XX);
    const noWriting = await refusal(charger.setLimit({ currentA: 16, phases: 3 }));
    expect(noWriting.chargerId).toBe("garage");
    expect(noWriting.message).toMatch(
      /charger garage refused: illegal function \(Modbus exception 1\) to switching to 3 phases at register 1215/,
    );
    sim.allowWriting = true;
    await charger.poll(); // 1215 reads 3: no phase write needed
    await charger.setLimit({ currentA: 16, phases: 3 });
    const noSwitching = await refusal(charger.setLimit({ currentA: 16, phases: 1 }));
    expect(noSwitching.detail).toBe(
      "illegal data value (Modbus exception 3) to switching to 1 phase at register 1215",
    );
    expect(charger.limit).toEqual({ currentA: 16, phases: 3 }); // the last one accepted
    expect(log.filter((e) => e.msg === "charger command").map((e) => e.result)).toEqual([
      "refused",
      "ok",
      "refused",
    ]);
  });

  it("keeps one request at a time when polls, limits and keep-alives come together", async () => {
    const sim = new SimulatedAlfen({ car: { maxA: 32, phases: 3 } });
    const { charger } = connect(sim, ALFEN_NG9XX);
    const [, , first, , last] = await Promise.all([
      charger.setLimit({ currentA: 20, phases: 3 }),
      charger.keepAlive(),
      charger.poll(),
      charger.setLimit({ currentA: 8, phases: 1 }),
      charger.poll(),
    ]);
    // In the order asked: the first poll sees 20 A on three phases, the last 8 A on one.
    expect(first.currentA).toEqual([20, 20, 20]);
    expect(last.currentA).toEqual([8, 0, 0]);
    expect(sim.requests.map((r) => `${r.fc}:${r.address}`)).toEqual([
      "6:1215", // 3 phases (not known yet)
      "16:1210", // 20 A
      "16:1210", // the keep-alive
      "3:306",
      "3:1200",
      "6:1215", // 1 phase
      "16:1210", // 8 A
      "3:306",
      "3:1200",
    ]);
  });

  it("speaks to the socket its slave address names: a single station has no socket 2", async () => {
    const sim = new SimulatedAlfen({ sockets: 1 });
    const server = serveModbusTcp(sim);
    const right = ModbusCharger.tcp(ALFEN_NG9XX, setupOf(), "127.0.0.1", server.port, {
      unitId: 2,
    });
    cleanup.push(() => server.close(), () => right.close());
    const refused = await refusal(right.poll());
    expect(refused.detail).toBe(
      "gateway target device failed to respond (Modbus exception 11) to reading 72 registers from 306",
    );
    expect(sim.requests.map((r) => r.unitId)).toEqual([2]);
  });

  it("answers what the document says to reads and writes outside its tables", async () => {
    const sim = new SimulatedAlfen();
    const server = serveModbusTcp(sim);
    const link = await openTcp("127.0.0.1", server.port);
    cleanup.push(() => server.close(), () => link.close());
    const code = (unitId: number, pdu: number[]) =>
      link.request(unitId, new Uint8Array(pdu), 2000).then(
        () => 0,
        (e) => (e instanceof ModbusException ? e.code : -1),
      );
    expect(await code(1, [0x03, 0x13, 0x88, 0x00, 0x02])).toBe(2); // 5000: no such register
    expect(await code(1, [0x04, 0x01, 0x32, 0x00, 0x02])).toBe(1); // input registers: no
    expect(await code(1, [0x06, 0x04, 0xbb, 0x41, 0x80])).toBe(3); // half of the FLOAT32
    expect(await code(1, [0x06, 0x04, 0xbc, 0x00, 0x06])).toBe(2); // 1212 safe current: read-only
    expect(await code(1, [0x06, 0x04, 0xbf, 0x00, 0x02])).toBe(3); // two phases
    expect(await code(7, [0x03, 0x01, 0x32, 0x00, 0x02])).toBe(0x0b); // no such slave
    // Station registers on 200, a reserved one as 0xFFFF.
    const name = await link.request(200, new Uint8Array([0x03, 0x00, 0x75, 0x00, 0x05]), 2000);
    expect(new TextDecoder().decode(name.slice(2, 10))).toBe("Alfen NV");
    const reserved = await link.request(1, new Uint8Array([0x03, 0x01, 0x2e, 0x00, 0x01]), 2000);
    expect(Array.from(reserved)).toEqual([0x03, 0x02, 0xff, 0xff]); // 302: reserved here
    expect(sim.writes).toEqual([]);
  });

  it("reconnects after the station closed an idle connection, and after it restarted", async () => {
    const clock = new ManualClock(0);
    const sim = new SimulatedAlfen({ now: clock.now });
    let server = serveModbusTcp(sim);
    const port = server.port;
    const charger = ModbusCharger.tcp(ALFEN_NG9XX, setupOf(), "127.0.0.1", port, {
      timeoutMs: 1000,
    });
    cleanup.push(() => server.close(), () => charger.close());
    await charger.setLimit({ currentA: 10, phases: 3 });
    // Nothing for 60 s: the station closes the connection (document §1).
    clock.advance(60_000);
    sim.tick();
    await until(async () => (await charger.poll().then(() => true, () => false)));
    // A minute without a rewrite: the safe current, until the keep-alive writes the limit again.
    expect((await charger.poll()).offeredA).toBe(6);
    await charger.keepAlive();
    expect((await charger.poll()).offeredA).toBe(10);

    server.close();
    const down = await refusal(charger.poll());
    expect(down.detail).toMatch(/reading 72 registers from 306 failed/);
    server = serveModbusTcp(sim, port);
    await until(async () => (await charger.poll().then(() => true, () => false)), 15_000, 100);
    expect((await charger.poll()).status).toBe("charging");
  });
});

describe("ABB Terra AC over Modbus TCP", () => {
  const abbSetup = setupOf({ id: "carport", canSwitchPhases: false });

  it("sets the limit in mA at 4100h and the car draws it; 0 pauses, start resumes", async () => {
    const sim = new SimulatedAbbTerra({ car: { maxA: 16, phases: 3 } });
    const { charger } = connect(sim, ABB_TERRA_AC, abbSetup);
    await charger.setLimit({ currentA: 10, phases: 3 });
    expect(sim.limitMa).toBe(10_000);
    expect(await charger.poll()).toMatchObject({
      status: "charging",
      currentA: [10, 10, 10],
      powerW: 6900,
      offeredA: 10,
    });
    await charger.setLimit({ currentA: 6.5, phases: 3 });
    expect(sim.writes.at(-1)).toMatchObject({ address: 0x4100, words: [0x0000, 0x1964] });
    expect((await charger.poll()).currentA).toEqual([6.5, 6.5, 6.5]);
    await charger.stop();
    expect(await charger.poll()).toMatchObject({ status: "sleeping", powerW: 0, offeredA: 0 });
    await charger.start("rfid-1");
    expect(sim.limitMa).toBe(6_500);
    expect(await charger.keepAlive()).toBe(false); // nothing to rewrite on an ABB
  });

  it("refuses phase switching and limits outside the range before sending anything", async () => {
    const sim = new SimulatedAbbTerra();
    const { charger } = connect(sim, ABB_TERRA_AC, abbSetup);
    const phases = await refusal(charger.setLimit({ currentA: 16, phases: 1 }));
    expect(phases.detail).toBe("it cannot charge on 1 phase (wired for 3, no phase switching)");
    const high = await refusal(charger.setLimit({ currentA: 40, phases: 3 }));
    expect(high.detail).toBe("a limit of 40 A is outside 6–32 A (0 A pauses)");
    const low = await refusal(charger.setLimit({ currentA: 3, phases: 3 }));
    expect(low.detail).toMatch(/3 A is outside/);
    expect(sim.requests).toEqual([]);
    // An installation limit below the charger's: 20 A here.
    const small = connect(new SimulatedAbbTerra(), ABB_TERRA_AC, { ...abbSetup, maxA: 20 });
    expect((await refusal(small.charger.setLimit({ currentA: 25, phases: 3 }))).detail).toMatch(
      /outside 6–20 A/,
    );
  });

  it("reports the wallbox's own refusal of a limit above its rating", async () => {
    const sim = new SimulatedAbbTerra({ ratedMaxA: 16 });
    const { charger } = connect(sim, ABB_TERRA_AC, abbSetup);
    const refused = await refusal(charger.setLimit({ currentA: 20, phases: 3 }));
    expect(refused.detail).toBe(
      "illegal data value (Modbus exception 3) to the current limit 20 A at register 16640",
    );
  });

  it("adds up the energy of its sessions (the wallbox counts only the running one)", async () => {
    const clock = new ManualClock(0);
    const sim = new SimulatedAbbTerra({ now: clock.now, car: { maxA: 16, phases: 1 } });
    const { charger } = connect(sim, ABB_TERRA_AC, setupOf({ id: "abb", phases: 1 }), clock);
    await charger.setLimit({ currentA: 10, phases: 1 });
    for (let i = 0; i < 4; i++) {
      clock.advance(15_000);
      await charger.poll(); // polled well within the 60 s communication timeout
    }
    // One minute at 10 A × 230 V = 2,300 W: 38.33 Wh, counted in whole Wh.
    expect((await charger.poll()).meterKWh).toBe(0.038);
    sim.setCar({ plugged: false });
    expect((await charger.poll()).status).toBe("standby");
    sim.setCar({ plugged: true });
    clock.advance(30_000);
    const reading = await charger.poll(); // 19 Wh more in a new session
    expect(reading.currentA).toEqual([10, 0, 0]);
    expect(reading.meterKWh).toBe(0.057);
  });

  it("stops the session when not polled within its communication timeout", async () => {
    const clock = new ManualClock(0);
    const sim = new SimulatedAbbTerra({ now: clock.now, communicationTimeoutS: 60 });
    const { charger } = connect(sim, ABB_TERRA_AC, abbSetup, clock);
    await charger.setLimit({ currentA: 16, phases: 3 });
    clock.advance(61_000);
    expect(await charger.poll()).toMatchObject({ status: "fault", offeredA: 0, powerW: 0 });
    await charger.setLimit({ currentA: 16, phases: 3 });
    expect((await charger.poll()).status).toBe("charging");
  });
});

describe("ABB Terra AC over Modbus RTU (socat pseudo-terminals)", () => {
  it("sets the limit with 0x10 (an 8-byte answer to a 13-byte request) and reads the block", async () => {
    const line = await ptyPair(await Deno.makeTempDir());
    const sim = new SimulatedAbbTerra({ ratedMaxA: 16, car: { maxA: 16, phases: 3 } });
    const wallbox = await serveModbusRtu(sim, line.inverter);
    const charger = ModbusCharger.rtu(
      ABB_TERRA_AC,
      setupOf({ canSwitchPhases: false }),
      line.gateway,
      {
        timeoutMs: 2000,
      },
    );
    cleanup.push(() => line.close(), () => wallbox.close(), () => charger.close());
    await charger.setLimit({ currentA: 12, phases: 3 });
    expect(sim.limitMa).toBe(12_000);
    expect(await charger.poll()).toMatchObject({
      status: "charging",
      currentA: [12, 12, 12],
      powerW: 8280,
      offeredA: 12,
    });
    // Above its 16 A rating: the exception answer (5 bytes) comes back whole.
    const refused = await refusal(charger.setLimit({ currentA: 20, phases: 3 }));
    expect(refused.detail).toMatch(/^illegal data value \(Modbus exception 3\)/);
    expect((await charger.poll()).offeredA).toBe(12);
  });
});

describe("nothing outside the profile", () => {
  it("has no way to write a register: the link's methods are the charger interface's", () => {
    const methods = Object.getOwnPropertyNames(ModbusCharger.prototype).sort();
    expect(methods).toEqual([
      "close",
      "constructor",
      "keepAliveEveryMs",
      "keepAlive",
      "limit",
      "onReading",
      "poll",
      "setLimit",
      "start",
      "stop",
    ].sort());
  });

  it("writes only the profiles' registers, whatever it is asked", async () => {
    const alfen = new SimulatedAlfen();
    const abb = new SimulatedAbbTerra();
    const a = connect(alfen, ALFEN_NG9XX).charger;
    const b = connect(abb, ABB_TERRA_AC, setupOf({ canSwitchPhases: false })).charger;
    for (const charger of [a, b]) {
      for (const limit of [16, 0, 32, 6, 40, -1, Number.NaN, 5]) {
        for (const phases of [1, 3] as const) {
          await charger.setLimit({ currentA: limit, phases }).catch(() => {});
        }
      }
      await charger.keepAlive();
      await charger.start("x");
      await charger.stop();
      await charger.poll();
    }
    const writes = (requests: { fc: number; address: number }[]) =>
      [...new Set(requests.filter((r) => r.fc !== 0x03).map((r) => r.address))].sort();
    expect(writes(alfen.requests)).toEqual([1210, 1215]);
    expect(writes(abb.requests)).toEqual([0x4100]);
  });
});
