/**
 * The gateway's PV source counted into quarter-hours: the ME3000SP's PV registers read over
 * Modbus TCP from the simulated ME3000SP (written from Sofar's register map), its day counter
 * across midnight, and the status the app gets.
 */
import { afterEach, describe, expect, it } from "vitest";
import { ModbusDevice } from "../../../app/gateway/modbus_device.ts";
import { PvMeter } from "../../../app/gateway/pv_meter.ts";
import { serveModbusTcp, SimulatedMe3000sp } from "../../../app/gateway/sim_me3000sp.ts";
import { ME3000SP } from "../../../lib/control/profiles.ts";
import type { PvStatus } from "../../../lib/control/protocol.ts";
import { QUARTER_MS, wallTimeMs } from "../../../lib/energy/calendar.ts";
import type { CounterQuarter } from "../../../lib/energy/counter_quarters.ts";
import { Quality } from "../../../lib/energy/day_bucket.ts";

let cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const done of cleanup.reverse()) await done();
  cleanup = [];
});

describe("PV quarter-hours through the gateway", () => {
  it("counts the ME3000SP's day counter into quarters across midnight", async () => {
    const sim = new SimulatedMe3000sp({ pvW: 400, loadW: 400 });
    const server = serveModbusTcp(sim);
    const device = ModbusDevice.tcp(ME3000SP, "127.0.0.1", server.port, { timeoutMs: 1000 });
    cleanup.push(() => server.close(), () => device.close());
    const quarters: CounterQuarter[] = [];
    const statuses: PvStatus[] = [];
    const mismatches: unknown[] = [];
    const meter = new PvMeter({
      source: "me3000sp",
      counter: "today",
      onStatus: (s) => statuses.push(s),
      onQuarters: (q) => quarters.push(...q),
      onMismatch: (m) => mismatches.push(m),
    });
    // 23:30 to 00:30 Brussels time, read every 10 s.
    const start = wallTimeMs("2024-06-12", 23, 30)!;
    for (let s = 0; s <= 3600; s += 10) {
      if (s > 0) sim.step(10, start + s * 1000);
      const d = await device.read();
      meter.take({
        atMs: start + s * 1000,
        powerW: d.pvW,
        counterWh: Math.round(d.pvTodayKWh! * 1000),
        coarseWh: d.pvTotalKWh! * 1000,
      });
    }
    // 400 W is 1.11 Wh every 10 s; the register shows whole 10 Wh.
    //   23:30: 0 → 23:45 (900 s, 100 Wh)                                   = 100 Wh
    //   23:45: 100 → 23:59:50 (1 790 s, 198.9 Wh, shows 190)               =  90 Wh
    //   00:00: the day counter is 0 at midnight → 00:15 (910 s since the
    //          reset, 101.1 Wh, shows 100)                                  = 100 Wh
    //   00:15: 100 → 00:30 (1 810 s, 201.1 Wh, shows 200)                   = 100 Wh
    expect(quarters.map((q) => [(q.startMs - start) / QUARTER_MS, q.kWh, q.quality])).toEqual([
      [0, 0.1, Quality.measured],
      [1, 0.09, Quality.measured],
      [2, 0.1, Quality.measured],
      [3, 0.1, Quality.measured],
    ]);
    // 0.4 kWh in the hour: the lifetime counter (whole kWh) agrees within its step.
    expect(mismatches).toEqual([]);
    expect(statuses.at(-1)).toEqual({
      atMs: start + 3_600_000,
      source: "me3000sp",
      name: null,
      powerW: 400,
      counterWh: 200,
      counter: "today",
      wrapWh: null,
      online: true,
    });
  });

  it("reports a day counter that runs away from the lifetime one, once a day", () => {
    const mismatches: unknown[] = [];
    const meter = new PvMeter({
      source: "me3000sp",
      counter: "today",
      onStatus: () => {},
      onQuarters: () => {},
      onMismatch: (m) => mismatches.push(m),
    });
    const at = (h: number) => wallTimeMs("2024-06-12", h, 0)!;
    const take = (h: number, counterWh: number, coarseWh: number) =>
      meter.take({ atMs: at(h), powerW: 0, counterWh, coarseWh });
    take(10, 0, 5_000_000);
    // +900 Wh against +0 (the lifetime shows whole kWh): within its step.
    take(11, 900, 5_000_000);
    // +3 000 Wh against +1 000 Wh: 2 kWh apart, more than the 1 kWh step.
    take(12, 3000, 5_001_000);
    take(13, 4000, 5_001_000);
    expect(mismatches).toEqual([{ day: "2024-06-12", dayRiseWh: 3000, lifetimeRiseWh: 1000 }]);
  });

  it("says the source is offline, without a power, when it does not answer", () => {
    const statuses: PvStatus[] = [];
    const meter = new PvMeter({
      source: "sunspec",
      counter: "lifetime",
      onStatus: (s) => statuses.push(s),
      onQuarters: () => {},
    });
    meter.take({ atMs: 1000, powerW: 1500.4, counterWh: 7000, name: "Sim" });
    meter.lost(2000);
    meter.lost(3000); // said once
    expect(statuses).toEqual([
      {
        atMs: 1000,
        source: "sunspec",
        name: "Sim",
        powerW: 1500,
        counterWh: 7000,
        counter: "lifetime",
        wrapWh: null,
        online: true,
      },
      {
        atMs: 2000,
        source: "sunspec",
        name: "Sim",
        powerW: null,
        counterWh: 7000,
        counter: "lifetime",
        wrapWh: null,
        online: false,
      },
    ]);
  });
});
