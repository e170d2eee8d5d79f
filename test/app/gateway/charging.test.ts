/**
 * The gateway's charging service driving a real (simulated) Alfen over Modbus TCP: the limit
 * decided from the meter's telegram reaches the charger and the car draws it, the capacity budget
 * holds the car below this month's peak, a user's stop pauses at 0 A and a start lifts it, and
 * settings change what the next telegram decides.
 */
import { afterEach, describe, expect, it } from "vitest";
import { ChargingService } from "../../../app/gateway/charging.ts";
import { ModbusCharger } from "../../../app/gateway/modbus_charger.ts";
import { SimulatedAlfen } from "../../../app/gateway/sim_alfen.ts";
import { ManualClock } from "../../../app/gateway/sim_charger.ts";
import { serveModbusTcp } from "../../../app/gateway/sim_me3000sp.ts";
import type { ChargerView, FinishedSession } from "../../../lib/control/protocol.ts";
import type { ChargeSettings } from "../../../lib/control/ev/settings.ts";
import { ALFEN_NG9XX } from "../../../lib/control/ev/charger_profiles.ts";
import type { HouseProfile } from "../../../lib/control/ev/house_profile.ts";
import { parseTelegram } from "../../../lib/p1/parser.ts";
import type { Reading } from "../../../lib/p1/reading.ts";
import { p1FixtureText } from "../../fixtures/p1.ts";

let cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const done of cleanup.reverse()) await done();
  cleanup = [];
});

const base = parseTelegram(p1FixtureText("fluvius-e-mucs-1.7.1-three-phase-gas-water.txt"));

/** A telegram's figures: the house's import per phase (kW), the quarter so far, the month's peak. */
function telegram(
  phaseKW: [number, number, number],
  quarterAverageKW: number,
  monthPeakKW: number,
): Reading {
  const importKW = phaseKW.reduce((a, b) => a + b, 0);
  return {
    ...base,
    powerKW: { import: importKW, export: 0 },
    phases: phaseKW.map((kW, i) => ({
      phase: (i + 1) as 1 | 2 | 3,
      importKW: kW,
      exportKW: 0,
      voltageV: 230,
      currentA: Math.round(kW * 1000 / 230),
    })),
    demand: {
      currentAverageKW: quarterAverageKW,
      monthPeak: { at: null, kW: monthPeakKW },
      history: [],
    },
  };
}

function driven() {
  // 09:00:00 UTC: the start of a quarter-hour.
  const clock = new ManualClock(Date.UTC(2026, 11, 1, 9));
  const alfen = new SimulatedAlfen({ now: clock.now, car: { plugged: true, maxA: 16, phases: 3 } });
  const server = serveModbusTcp(alfen);
  const charger = ModbusCharger.tcp(
    ALFEN_NG9XX,
    {
      id: "oprit",
      name: "Oprit",
      minA: 6,
      maxA: 16,
      phases: 3,
      canSwitchPhases: false,
      phaseRotation: [0, 1, 2],
      priority: 0,
    },
    "127.0.0.1",
    server.port,
    { now: clock.now, timeoutMs: 2000 },
  );
  const saved = new Map<string, ChargeSettings>();
  let views: ChargerView[] = [];
  const sessions: FinishedSession[] = [];
  const profiles: HouseProfile[] = [];
  const service = new ChargingService({
    fuse: { mainFuseA: 25, marginA: 1, totalChargersA: 96 },
    loadSettings: (id) => saved.get(id),
    saveSettings: (id, s) => saved.set(id, s),
    onChange: (v) => (views = v),
    onSession: (session) => sessions.push(session),
    onHouseProfile: (profile) => profiles.push(profile),
    now: clock.now,
  });
  service.add({ link: charger, online: () => true, problem: () => null });
  cleanup.push(() => service.close(), () => charger.close(), () => server.close());
  /**
   * One second: the charger read, and a telegram of the house's own import per phase (kW) with
   * what the car draws added, as the meter sees both, decided on.
   */
  const second = async (houseKW: [number, number, number], quarterKW = 0, peakKW = 6) => {
    clock.advance(1000);
    alfen.tick();
    await charger.poll();
    const { a, phases } = alfen.draw();
    const carKW = (phase: number) => (phase < phases ? a * 230 / 1000 : 0);
    await service.onMeter(
      telegram(
        houseKW.map((kW, i) => kW + carKW(i)) as [number, number, number],
        quarterKW,
        peakKW,
      ),
    );
  };
  return { clock, alfen, service, saved, views: () => views, second, sessions, profiles };
}

describe("the charging service", () => {
  it("charges at the minimum by default, within this month's peak for a goal, all out in Fast", async () => {
    const { alfen, service, views, second, clock } = driven();
    // The house takes 0.5 kW; the month's peak is 6 kW; the quarter has just begun.
    const house: [number, number, number] = [0.2, 0.2, 0.1];
    for (let i = 0; i < 3; i++) await second(house);
    expect(views()[0].limit).toEqual({ currentA: 6, phases: 3 });
    expect(views()[0].reason).toBe("minSolar");
    expect(views()[0].status).toBe("charging");
    // 6 A on 3 phases at 230 V: what the home battery is not to cover unless allowed.
    expect(service.carsWithoutBatteryW()).toBeCloseTo(4140, 0);
    service.setSettings("oprit", { ...service.settingsOf("oprit"), allowBattery: true });
    expect(service.carsWithoutBatteryW()).toBe(0);
    service.setSettings("oprit", { ...service.settingsOf("oprit"), allowBattery: false });

    // 30 kWh by three hours from now: the plan wants the most the budget leaves, every slot.
    const leave = new Date(clock.nowMs + 3 * 3_600_000 + 3_600_000); // Brussels is UTC+1
    const departure = leave.toISOString().slice(0, 16);
    service.setSettings("oprit", {
      ...service.settingsOf("oprit"),
      goal: { departure, target: { kind: "energy", kWh: 30 } },
    });
    await second(house);
    // Budget: 6 kW − 0.2 kW margin − 0.5 kW house = 5.3 kW on 3 phases = 7.68 A → 7.6 A.
    expect(views()[0].limit).toEqual({ currentA: 7.6, phases: 3 });
    expect(views()[0].reason).toBe("goal");
    expect(alfen.setpoint?.a).toBeCloseTo(7.6, 5);

    service.setSettings("oprit", { ...service.settingsOf("oprit"), chargeMode: { mode: "fast" } });
    await second(house);
    expect(views()[0].limit).toEqual({ currentA: 16, phases: 3 });
    expect(views()[0].reason).toBe("fast");
    expect(alfen.setpoint?.a).toBe(16);
  });

  it("pauses at 0 A on the user's stop and charges again on start", async () => {
    const { alfen, service, views, second } = driven();
    const house: [number, number, number] = [0.2, 0.2, 0.1];
    for (let i = 0; i < 3; i++) await second(house);
    expect(alfen.setpoint!.a).toBe(6);
    await service.stop("oprit");
    expect(alfen.setpoint!.a).toBe(0);
    await second(house);
    expect(views()[0].reason).toBe("paused");
    expect(views()[0].session).toBeNull();
    expect(alfen.setpoint!.a).toBe(0);
    await service.start("oprit", "app");
    // Off for less than a minute: a start waits out the anti-flapping time.
    for (let i = 0; i < 61; i++) await second(house);
    expect(views()[0].reason).toBe("minSolar");
    expect(alfen.setpoint!.a).toBe(6);
  });

  it("keeps every phase under the main fuse: a busy phase cuts the car to what it leaves", async () => {
    const { service, views, second } = driven();
    service.setSettings("oprit", {
      ...service.settingsOf("oprit"),
      chargeMode: { mode: "fast" },
    });
    // The house takes 14 A on L2 (3.22 kW; the meter sees the car's current on top): 25 A −
    // 14 A − 1 A margin leaves the car 10 A.
    await second([0.5, 3.22, 0.4]);
    expect(views()[0].limit).toEqual({ currentA: 10, phases: 3 });
    expect(views()[0].reason).toBe("fuse");
    // 20 A of the house on L2 leaves 4 A, under the car's 6 A minimum: a charger that cannot
    // switch to one phase pauses.
    await second([0.5, 4.6, 0.4]);
    expect(views()[0].limit?.currentA).toBe(0);
    expect(views()[0].reason).toBe("fuse");
  });

  it("records a session from plugging in to unplugging, with the charger's own energy count", async () => {
    const { alfen, sessions, second, clock, service } = driven();
    const house: [number, number, number] = [0.2, 0.2, 0.1];
    service.setSettings("oprit", { ...service.settingsOf("oprit"), allowHigherPeak: true });
    const startMs = clock.nowMs + 1000;
    const meterBefore = alfen.energyWh;
    // Ten minutes at the minimum, 6 A on 3 phases.
    for (let i = 0; i < 600; i++) await second(house);
    alfen.setCar({ plugged: false });
    const endMs = clock.nowMs + 1000;
    await second(house);
    await second(house);
    expect(sessions).toHaveLength(1);
    const [session] = sessions;
    expect(session.id).toBe(`oprit-${startMs}`);
    expect(session.startMs).toBe(startMs);
    expect(session.endMs).toBe(endMs);
    // What the charger counted from its first reading on: about 4.14 kW for ten minutes (the
    // car drew a second before the gateway's first reading of it, 1.2 Wh).
    expect(session.energyKWh).toBe(session.samples.at(-1)![1] - session.samples[0][1]);
    expect(session.energyKWh).toBeCloseTo((alfen.energyWh - meterBefore) / 1000, 2);
    expect(session.energyKWh).toBeGreaterThan(0.6);
    expect(session.solarKWh).toBe(0);
    // One register sample a minute, the first and the last included.
    expect(session.samples.length).toBeGreaterThanOrEqual(10);
    expect(session.samples.length).toBeLessThanOrEqual(12);
    expect(session.consumptionKWhPer100km).toBe(18);
    // A higher peak was allowed for that session only.
    expect(service.settingsOf("oprit").allowHigherPeak).toBe(false);
  });

  it("learns the house's own load per quarter-hour, without the car's", async () => {
    const { profiles, second } = driven();
    // 09:00:01 to 09:15:01: one whole quarter (the car charging at 6 A), then the next begins.
    for (let i = 0; i < 901; i++) await second([0.2, 0.2, 0.1]);
    expect(profiles).toHaveLength(1);
    // 09:00 UTC is 10:00 in Brussels: slot 40 of 1 December.
    const day = profiles[0]["2026-12-01"];
    expect(day[40]).toBeCloseTo(0.5, 2);
    expect(day.filter((kW) => kW !== null)).toHaveLength(1);
  });

  it("sends an unchanged limit again each minute", async () => {
    const { alfen, second } = driven();
    const setpoints = () => alfen.writes.filter((w) => w.address === 1210).length;
    await second([0.2, 0.2, 0.1]);
    expect(setpoints()).toBe(1);
    for (let i = 0; i < 59; i++) await second([0.2, 0.2, 0.1]);
    expect(setpoints()).toBe(1);
    await second([0.2, 0.2, 0.1]);
    expect(setpoints()).toBe(2);
  });
});
