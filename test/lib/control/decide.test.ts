import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type BatteryLimits,
  type ControlSettings,
  decide,
  gridLimitW,
  inWindow,
  maintenanceDue,
  type SiteLimits,
  stabilise,
} from "../../../lib/control/decide.ts";

const BATTERY: BatteryLimits = { capacityKWh: 10, maxChargeW: 3000, maxDischargeW: 3000 };
const SITE: SiteLimits = { mainFuseA: 25, phases: 1, inverterMaxW: 2500 }; // 5,750 W grid
const PEAK: ControlSettings = {
  mode: "peakShaving",
  desiredPeakW: 2500,
  minSocPct: 10,
  bufferPct: 40,
};

function state(householdW: number, socPct: number, extra = {}) {
  return { gridW: householdW, batteryW: 0, socPct, localTime: "12:00", ...extra };
}

describe("control decisions", () => {
  it("balances: stores surplus, covers import, within the inverter", () => {
    const s: ControlSettings = { mode: "balancing", minSocPct: 10 };
    expect(decide(s, state(-1200, 50), { recharging: false }, BATTERY, SITE).command).toEqual({
      kind: "charge",
      w: 1200,
    });
    expect(decide(s, state(4000, 50), { recharging: false }, BATTERY, SITE).command).toEqual({
      kind: "discharge",
      w: 2500,
    });
    expect(decide(s, state(800, 10), { recharging: false }, BATTERY, SITE).command).toEqual({
      kind: "standby",
    });
    // The battery's own power is part of the grid reading: 300 W import while charging 1 kW
    // means the house has a 700 W surplus.
    expect(
      decide(s, { ...state(300, 50), batteryW: 1000 }, { recharging: false }, BATTERY, SITE)
        .command,
    )
      .toEqual({ kind: "charge", w: 700 });
  });

  it("shaves peaks above the desired import, and keeps the buffer otherwise", () => {
    // 4,000 W with a 2,500 W goal: discharge 1,500 W.
    expect(decide(PEAK, state(4000, 30), { recharging: false }, BATTERY, SITE).command).toEqual({
      kind: "discharge",
      w: 1500,
    });
    // Above min + buffer (50 %): self-consumption.
    expect(decide(PEAK, state(1000, 80), { recharging: false }, BATTERY, SITE).command).toEqual({
      kind: "discharge",
      w: 1000,
    });
    // Inside the buffer (30 %, not below 10 + 20): hold for peaks.
    expect(decide(PEAK, state(1000, 35), { recharging: false }, BATTERY, SITE).command).toEqual({
      kind: "standby",
    });
    // Below min + half the buffer (30 %): refill at up to the desired peak (2,500 − 1,000).
    const refill = decide(PEAK, state(1000, 25), { recharging: false }, BATTERY, SITE);
    expect(refill.command).toEqual({ kind: "charge", w: 1500 });
    expect(refill.memory.recharging).toBe(true);
    // Still refilling at 45 % (until 50 %), even though that is inside the buffer.
    expect(decide(PEAK, state(1000, 45), { recharging: true }, BATTERY, SITE).memory.recharging)
      .toBe(true);
    expect(decide(PEAK, state(1000, 50), { recharging: true }, BATTERY, SITE).memory.recharging)
      .toBe(false);
  });

  it("shaves a peak with the battery exactly at the top of its buffer", () => {
    // 10 + 40 = 50 %: balancing may not go below it, so a peak is shaved from the buffer.
    expect(decide(PEAK, state(4000, 50), { recharging: false }, BATTERY, SITE).command).toEqual({
      kind: "discharge",
      w: 1500,
    });
  });

  it("charges on a timer and in the cheapest slots, never above the desired peak", () => {
    const timers: ControlSettings = {
      mode: "timers",
      timers: [{ start: "23:00", end: "05:00", w: 2000 }],
      minSocPct: 10,
    };
    expect(
      decide(timers, state(300, 40, { localTime: "01:30" }), { recharging: false }, BATTERY, SITE)
        .command,
    )
      .toEqual({ kind: "charge", w: 2000 });
    expect(inWindow("05:00", "23:00", "05:00")).toBe(false);
    const prices = [80, 20, 25, 90, 150, 60];
    const cheap: ControlSettings = {
      mode: "cheapest",
      slots: 2,
      desiredPeakW: 2500,
      minSocPct: 10,
      batteryCostEurPerKWh: 0.05,
    };
    // 20 €/MWh is among the 2 cheapest; the dearest (150) saves 0.13 €/kWh > 0.05 wear: charge
    // up to the peak (2,500 − 600 W).
    expect(
      decide(
        cheap,
        state(600, 40, { priceNow: 20, dayPrices: prices }),
        { recharging: false },
        BATTERY,
        SITE,
      ).command,
    )
      .toEqual({ kind: "charge", w: 1900 });
    // The same slot with wear at 0.20 €/kWh does not pay: the battery covers import instead.
    expect(
      decide(
        { ...cheap, batteryCostEurPerKWh: 0.2 },
        state(600, 40, { priceNow: 20, dayPrices: prices }),
        { recharging: false },
        BATTERY,
        SITE,
      ).command,
    ).toEqual({ kind: "discharge", w: 600 });
  });

  it("skips the cheap slot's grid charge when the sun fills the battery before the dear slot", () => {
    const prices = [80, 20, 25, 90, 150, 60];
    const cheap: ControlSettings = {
      mode: "cheapest",
      slots: 2,
      desiredPeakW: 2500,
      minSocPct: 10,
      batteryCostEurPerKWh: 0.05,
    };
    // At 40 % the room is 60 % of the battery's capacity.
    const roomKWh = BATTERY.capacityKWh * 0.6;
    const at = (solarBeforeDearestKWh: number | null) =>
      decide(
        cheap,
        state(600, 40, { priceNow: 20, dayPrices: prices, solarBeforeDearestKWh }),
        { recharging: false },
        BATTERY,
        SITE,
      );
    expect(at(roomKWh)).toMatchObject({ command: { kind: "standby" }, reason: "solarWillFill" });
    // A little less sun than the room: the grid still tops up, as without a forecast.
    expect(at(roomKWh - 0.1)).toMatchObject({
      command: { kind: "charge", w: 1900 },
      reason: "cheapSlot",
    });
    expect(at(null)).toMatchObject({ command: { kind: "charge", w: 1900 }, reason: "cheapSlot" });
    // A full battery has no room for the sun to fill: it is standing by for being full.
    expect(
      decide(
        cheap,
        state(600, 100, { priceNow: 20, dayPrices: prices, solarBeforeDearestKWh: 0 }),
        { recharging: false },
        BATTERY,
        SITE,
      ),
    ).toMatchObject({ command: { kind: "standby" }, reason: "cheapSlot" });
  });

  it("charges to 100 % when maintenance is due, within the desired peak", () => {
    // Peak shaving at 45 % would keep the buffer; a due maintenance charge refills instead,
    // importing up to the 2,500 W goal (2,500 − 1,000 W house).
    const due = decide(
      PEAK,
      state(1000, 45, { maintenanceDue: true }),
      { recharging: false },
      BATTERY,
      SITE,
    );
    expect(due).toMatchObject({ command: { kind: "charge", w: 1500 }, reason: "maintenance" });
    expect(
      decide(PEAK, state(1000, 100, { maintenanceDue: true }), { recharging: false }, BATTERY, SITE)
        .command,
    )
      .toEqual({ kind: "standby" });
    expect(
      decide(
        { mode: "auto" },
        state(1000, 45, { maintenanceDue: true }),
        { recharging: false },
        BATTERY,
        SITE,
      ).command,
    )
      .toEqual({ kind: "auto" });
  });

  it("knows when a maintenance charge is due", () => {
    expect(maintenanceDue(null, 0, 14)).toBe(true);
    expect(maintenanceDue(0, 13 * 86_400_000, 14)).toBe(false);
    expect(maintenanceDue(0, 14 * 86_400_000, 14)).toBe(true);
  });
});

const settingsArb: fc.Arbitrary<ControlSettings> = fc.oneof(
  fc.record({
    mode: fc.constant("balancing" as const),
    minSocPct: fc.integer({ min: 0, max: 50 }),
  }),
  fc.record({
    mode: fc.constant("peakShaving" as const),
    desiredPeakW: fc.integer({ min: 500, max: 8000 }),
    minSocPct: fc.integer({ min: 0, max: 40 }),
    bufferPct: fc.integer({ min: 0, max: 60 }),
  }),
  fc.record({
    mode: fc.constant("cheapest" as const),
    slots: fc.integer({ min: 0, max: 10 }),
    desiredPeakW: fc.integer({ min: 500, max: 8000 }),
    minSocPct: fc.integer({ min: 0, max: 40 }),
    batteryCostEurPerKWh: fc.double({ min: 0, max: 0.3, noNaN: true }),
  }),
);
const siteArb = fc.record({
  mainFuseA: fc.integer({ min: 16, max: 63 }),
  phases: fc.constantFrom(1 as const, 3 as const),
  inverterMaxW: fc.integer({ min: 500, max: 10_000 }),
});
const batteryArb = fc.record({
  capacityKWh: fc.integer({ min: 1, max: 30 }),
  maxChargeW: fc.integer({ min: 200, max: 10_000 }),
  maxDischargeW: fc.integer({ min: 200, max: 10_000 }),
});
const stateArb = fc.record({
  gridW: fc.integer({ min: -15_000, max: 20_000 }),
  batteryW: fc.integer({ min: -5000, max: 5000 }),
  socPct: fc.double({ min: 0, max: 100, noNaN: true }),
  localTime: fc.constantFrom("00:00", "07:15", "12:00", "18:45", "23:59"),
  priceNow: fc.option(fc.integer({ min: -100, max: 400 }), { nil: null }),
  dayPrices: fc.array(fc.option(fc.integer({ min: -100, max: 400 }), { nil: null }), {
    maxLength: 96,
  }),
});

describe("control properties", () => {
  it("never exceeds the battery, the inverter or the main fuse", () => {
    fc.assert(
      fc.property(
        settingsArb,
        stateArb,
        fc.boolean(),
        batteryArb,
        siteArb,
        (s, st, recharging, b, site) => {
          const { command } = decide(s, st, { recharging }, b, site);
          if (command.kind === "charge") {
            expect(command.w).toBeGreaterThan(0);
            expect(command.w).toBeLessThanOrEqual(Math.min(b.maxChargeW, site.inverterMaxW));
            // The house plus the charging stays within the connection.
            expect(st.gridW - st.batteryW + command.w).toBeLessThanOrEqual(gridLimitW(site));
            expect(st.socPct).toBeLessThan(100);
          }
          if (command.kind === "discharge") {
            expect(command.w).toBeGreaterThan(0);
            expect(command.w).toBeLessThanOrEqual(Math.min(b.maxDischargeW, site.inverterMaxW));
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("never discharges at or below the minimum state of charge", () => {
    fc.assert(
      fc.property(
        settingsArb,
        stateArb,
        fc.boolean(),
        batteryArb,
        siteArb,
        (s, st, recharging, b, site) => {
          const min = s.mode === "auto" || s.mode === "timers" ? 0 : s.minSocPct;
          const { command } = decide(
            s,
            { ...st, socPct: Math.min(st.socPct, min) },
            { recharging },
            b,
            site,
          );
          expect(command.kind).not.toBe("discharge");
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("does not flap: the refill starts below half the buffer and stops only when it is full", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: 50, maxLength: 300 }),
        (steps) => {
          const settings = PEAK as Extract<ControlSettings, { mode: "peakShaving" }>;
          const low = settings.minSocPct + settings.bufferPct / 2;
          const full = settings.minSocPct + settings.bufferPct;
          let soc = low;
          let memory = { recharging: false };
          for (const step of steps) {
            soc = Math.max(0, Math.min(100, soc + step));
            const next = decide(settings, state(1000, soc), memory, BATTERY, SITE).memory;
            if (!memory.recharging && next.recharging) expect(soc).toBeLessThan(low);
            if (memory.recharging && !next.recharging) expect(soc).toBeGreaterThanOrEqual(full);
            memory = next;
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("stabilise", () => {
  it("keeps the last command for changes within the deadband, and sends bigger ones", () => {
    const d = (w: number) => ({ kind: "discharge" as const, w });
    const c = (w: number) => ({ kind: "charge" as const, w });
    expect(stabilise(d(1000), d(1049))).toEqual(d(1000));
    expect(stabilise(d(1000), d(951))).toEqual(d(1000));
    expect(stabilise(d(1000), d(1050))).toEqual(d(1050));
    // Above 1 kW the band is 5 %.
    expect(stabilise(d(2000), d(2099))).toEqual(d(2000));
    expect(stabilise(d(2000), d(2100))).toEqual(d(2100));
    // Less charging goes at once (the main fuse may ask for it); more waits for the band.
    expect(stabilise(c(1000), c(990))).toEqual(c(990));
    expect(stabilise(c(1000), c(1040))).toEqual(c(1000));
    // Leaving standby needs more than the deadband; stopping never waits.
    expect(stabilise({ kind: "standby" }, d(40))).toEqual({ kind: "standby" });
    expect(stabilise({ kind: "standby" }, d(60))).toEqual(d(60));
    expect(stabilise(d(60), { kind: "standby" })).toEqual({ kind: "standby" });
    expect(stabilise(c(500), d(500))).toEqual(d(500));
    expect(stabilise(null, d(10))).toEqual(d(10));
  });
});
