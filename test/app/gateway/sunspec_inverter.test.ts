/**
 * The SunSpec driver against the simulated SunSpec inverter (written from the SunSpec model
 * definitions, not from the driver) over real Modbus TCP on loopback: discovery at each base,
 * the model chain, power and counter with their scale factors, and unimplemented values.
 */
import { afterEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../../app/gateway/sim_charger.ts";
import { serveModbusTcp } from "../../../app/gateway/sim_me3000sp.ts";
import { SimulatedSunSpec, type SunSpecSimOptions } from "../../../app/gateway/sim_sunspec.ts";
import { SunSpecInverter } from "../../../app/gateway/sunspec_inverter.ts";
import { wallTimeMs } from "../../../lib/energy/calendar.ts";

let cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const done of cleanup.reverse()) await done();
  cleanup = [];
});

/** 12 June 2024 at 13:00 in Brussels: the middle of the simulator's 07:00–19:00 bell. */
const ONE_PM = wallTimeMs("2024-06-12", 13, 0)!;

function connected(options: SunSpecSimOptions = {}) {
  const clock = new ManualClock(ONE_PM);
  const sim = new SimulatedSunSpec({ now: clock.now, ...options });
  const server = serveModbusTcp(sim);
  const inverter = SunSpecInverter.tcp("127.0.0.1", server.port, {
    unitId: options.unitId ?? 1,
    timeoutMs: 1000,
    now: clock.now,
  });
  cleanup.push(() => server.close(), () => inverter.close());
  return { sim, inverter, clock };
}

describe("SunSpec inverter over Modbus TCP", () => {
  for (const base of [40000, 50000, 0]) {
    it(`finds the SunS marker and the model chain at ${base}`, async () => {
      const { inverter } = connected({ base });
      const map = await inverter.discover();
      expect(map.base).toBe(base);
      // Marker (2), common (2 + 66), 103 (2 + 50), 160 (2 + 8 + 2·20), 701 (2 + 153).
      expect(map.models).toEqual([
        { id: 1, address: base + 2, length: 66 },
        { id: 103, address: base + 70, length: 50 },
        { id: 160, address: base + 122, length: 48 },
        { id: 701, address: base + 172, length: 153 },
      ]);
      expect(map.identity).toEqual({
        manufacturer: "Thuisenergie Sim",
        model: "Sim PV 103",
        version: "1.0.0",
        serial: "SIM-0001",
      });
    });
  }

  it("reads power, the lifetime counter with its scale factor, the state and the MPPT inputs", async () => {
    const { inverter, clock } = connected({ peakW: 4000, initialWh: 1_234_000 });
    // 13:00, the top of the bell: 4 000 W; the counter as it started, 123 400 × 10 Wh (WH_SF 1).
    let reading = await inverter.read();
    expect(reading).toEqual({
      atMs: ONE_PM,
      powerW: 4000,
      energyWh: 1_234_000,
      energyWrapWh: 2 ** 32 * 10,
      state: "mppt",
      mppt: [
        { id: 1, label: "String 1", dcW: 2400, dcWh: 740_400 },
        { id: 2, label: "String 2", dcW: 1600, dcWh: 493_600 },
      ],
    });
    // 14:00 (x = 7/12 of the daylight): 4 000 · sin(105°) = 4 000 · 0.965926 = 3 863.7 W.
    // Energy since 13:00: 4 000 W · 12 h · (cos 90° − cos 105°) / π
    //   = 48 000 · 0.258819 / π = 3 954.45 Wh → 1 237 954.45 Wh, read in 10 Wh: 1 237 950.
    clock.advance(3_600_000);
    reading = await inverter.read();
    expect(reading.powerW).toBe(3864);
    expect(reading.energyWh).toBe(1_237_950);
    // Strings 60/40 of 3 863.7 W: 2 318.2 → 2 318 and 1 545.5 → 1 545 (rounded by the inverter).
    expect(reading.mppt.map((m) => m.dcW)).toEqual([2318, 1545]);
    // 21:00: dark, the inverter asleep, the counter where the day left it.
    clock.advance(7 * 3_600_000);
    reading = await inverter.read();
    expect([reading.powerW, reading.state]).toEqual([0, "sleeping"]);
  });

  it("reads a single-phase inverter (101) without MPPT or DER models", async () => {
    const { inverter } = connected({ inverterModel: 101, mppt: false, derAc: false });
    const map = await inverter.discover();
    expect(map.models.map((m) => m.id)).toEqual([1, 101]);
    const reading = await inverter.read();
    expect([reading.powerW, reading.energyWh, reading.mppt]).toEqual([4000, 1_234_000, []]);
  });

  it("reads the float model (111) as well", async () => {
    const { inverter } = connected({ inverterModel: 111, mppt: false, derAc: false });
    const reading = await inverter.read();
    expect([reading.powerW, reading.energyWh, reading.energyWrapWh]).toEqual([
      4000,
      1_234_000,
      null,
    ]);
  });

  it("reads unimplemented values as unknown, and takes the counter from 701 when 103 has none", async () => {
    // W unimplemented everywhere (int16 0x8000), WH not accumulated (acc32 0), no DC energy.
    const { inverter } = connected({ unimplemented: ["W", "WH", "DCWH"] });
    const reading = await inverter.read();
    expect(reading.powerW).toBeNull();
    expect(reading.energyWh).toBe(1_234_000); // 701 TotWhInj, in Wh (TotWh_SF 0)
    expect(reading.energyWrapWh).toBeNull();
    expect(reading.mppt.map((m) => m.dcWh)).toEqual([null, null]);

    const bare = connected({ unimplemented: ["W", "WH"], derAc: false, mppt: false });
    const none = await bare.inverter.read();
    expect([none.powerW, none.energyWh]).toEqual([null, null]);
  });

  it("looks further when a device stays silent to a read outside its map", async () => {
    const clock = new ManualClock(ONE_PM);
    const sim = new SimulatedSunSpec({ now: clock.now, base: 0, silentOutsideMap: true });
    const server = serveModbusTcp(sim);
    const inverter = SunSpecInverter.tcp("127.0.0.1", server.port, { timeoutMs: 1000 });
    cleanup.push(() => server.close(), () => inverter.close());
    expect((await inverter.discover()).base).toBe(0);
    expect((await inverter.read()).powerW).toBe(4000);
  });

  it("says so when a device has no SunSpec map at any of the three bases", async () => {
    const { inverter } = connected({ base: 30000 });
    await expect(inverter.discover()).rejects.toThrow(/no SunSpec map.*40000.*50000.*0: /);
  });
});
