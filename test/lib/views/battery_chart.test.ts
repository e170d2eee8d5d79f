import { describe, expect, it } from "vitest";
import type { SimulatedDay } from "../../../lib/control/simulate.ts";
import { dayStartMs, slotsInDay } from "../../../lib/energy/calendar.ts";
import { liveDayChart, simulatedDayChart } from "../../../lib/views/battery_chart.ts";

/** A simulated day: charging 0.5 kWh a quarter 10:00–11:00, giving 0.25 a quarter 18:00–19:00. */
function simulated(day: string): SimulatedDay {
  const slots = slotsInDay(day);
  const trace: SimulatedDay = {
    day,
    socStartPct: 50,
    socEndPct: [],
    chargedKWh: [],
    dischargedKWh: [],
  };
  let soc = 50;
  for (let q = 0; q < slots; q++) {
    const charged = q >= 40 && q < 44 ? 0.5 : 0;
    const discharged = q >= 72 && q < 76 ? 0.25 : 0;
    soc += charged * 10 - discharged * 10;
    trace.chargedKWh.push(charged);
    trace.dischargedKWh.push(discharged);
    trace.socEndPct.push(soc);
  }
  return trace;
}

describe("the battery's day chart", () => {
  it("sums a simulated day per hour: charge above the zero line, discharge below", () => {
    const chart = simulatedDayChart(simulated("2024-06-03"), 60);
    expect(chart.dayMinutes).toBe(1440);
    expect(chart.slots.length).toBe(24);
    expect(chart.slots[10]).toEqual({
      label: "10:00",
      startMinute: 600,
      centreMinute: 630,
      chargedKWh: 2,
      dischargedKWh: 0,
      dischargeBarKWh: 0,
      socEndPct: 70,
    });
    expect(chart.slots[18]).toMatchObject({
      label: "18:00",
      chargedKWh: 0,
      dischargedKWh: 1,
      dischargeBarKWh: -1,
      socEndPct: 60,
    });
    expect(chart.totals).toEqual({ chargedKWh: 2, dischargedKWh: 1 });
    // The line starts at the day's first state of charge and passes each quarter's end.
    expect(chart.soc.length).toBe(97);
    expect(chart.socAsDots).toBe(false);
    expect(chart.soc[0]).toEqual({ minute: 0, pct: 50, label: "00:00" });
    expect(chart.soc[41]).toEqual({ minute: 615, pct: 55, label: "10:15" });
    expect(chart.soc[96]).toEqual({ minute: 1440, pct: 60, label: "24:00" });
    expect(chart.ticks.map((t) => t.label)).toEqual([
      "00:00",
      "03:00",
      "06:00",
      "09:00",
      "12:00",
      "15:00",
      "18:00",
      "21:00",
      "24:00",
    ]);
    expect(chart.ticks.map((t) => t.minute)).toEqual([
      0,
      180,
      360,
      540,
      720,
      900,
      1080,
      1260,
      1440,
    ]);
  });

  it("shows a simulated day per quarter-hour too", () => {
    const chart = simulatedDayChart(simulated("2024-06-03"), 15);
    expect(chart.slotMinutes).toBe(15);
    expect(chart.slots.length).toBe(96);
    expect(chart.slots[41]).toMatchObject({ label: "10:15", centreMinute: 622.5, chargedKWh: 0.5 });
    // 2 kW either way at least, per hour or per quarter.
    expect(chart.axisKWh).toEqual({ minKWh: -0.125, maxKWh: 0.125 });
    expect(simulatedDayChart(simulated("2024-06-03"), 60).axisKWh).toEqual({
      minKWh: -0.5,
      maxKWh: 0.5,
    });
  });

  it("keeps Brussels wall time on DST days: no 02:00 in March, twice in October", () => {
    const spring = simulatedDayChart(simulated("2024-03-31"), 60);
    expect(spring.dayMinutes).toBe(1380);
    expect(spring.slots.map((s) => s.label).slice(0, 4)).toEqual([
      "00:00",
      "01:00",
      "03:00",
      "04:00",
    ]);
    expect(spring.ticks.slice(0, 3)).toEqual([
      { minute: 0, label: "00:00" },
      { minute: 120, label: "03:00" },
      { minute: 300, label: "06:00" },
    ]);
    expect(spring.ticks.at(-1)).toEqual({ minute: 1380, label: "24:00" });
    const autumn = simulatedDayChart(simulated("2023-10-29"), 60);
    expect(autumn.dayMinutes).toBe(1500);
    expect(autumn.slots.map((s) => s.label).slice(0, 5)).toEqual([
      "00:00",
      "01:00",
      "02:00",
      "02:00",
      "03:00",
    ]);
    expect(autumn.ticks[1]).toEqual({ minute: 240, label: "03:00" });
    expect(autumn.soc.at(-1)?.minute).toBe(1500);
  });

  it("leaves quarters without data unknown and breaks the line there", () => {
    const day = simulated("2024-06-03");
    for (let q = 0; q < 8; q++) {
      day.socEndPct[q] = null;
      day.chargedKWh[q] = null;
      day.dischargedKWh[q] = null;
    }
    day.socEndPct[9] = null;
    day.chargedKWh[9] = null;
    day.dischargedKWh[9] = null;
    const chart = simulatedDayChart(day, 60);
    expect(chart.slots[0]).toMatchObject({
      chargedKWh: null,
      dischargedKWh: null,
      socEndPct: null,
    });
    expect(chart.slots[1]).toMatchObject({ chargedKWh: null, socEndPct: null });
    // Three of 02:00's four quarters are known: the hour is, from them.
    expect(chart.slots[2]).toMatchObject({ chargedKWh: 0, socEndPct: 50 });
    expect(chart.soc[0]).toMatchObject({ minute: 0, pct: null });
    expect(chart.soc[10]).toMatchObject({ minute: 150, pct: null });
  });
});

describe("the battery's day from the gateway", () => {
  const day = "2024-06-03";
  const at = (hh: number, mm: number) => dayStartMs(day) + (hh * 60 + mm) * 60_000;

  it("counts each hour from the inverter's day counters, and the line from its samples", () => {
    const socToday: [number, number][] = [];
    const energyToday: [number, number, number][] = [];
    // Every five minutes from 09:00 to 10:55, after the gateway was off since yesterday:
    // charging 1.2 kWh an hour from 09:30.
    energyToday.push([at(0, 0) - 300_000, 5.5, 4.2]);
    socToday.push([at(0, 0) - 300_000, 20]);
    let charged = 0.3;
    for (let minute = 9 * 60; minute < 11 * 60; minute += 5) {
      if (minute > 9 * 60 + 30) charged += 0.1;
      energyToday.push([at(0, minute), Math.round(charged * 100) / 100, 0]);
      socToday.push([at(0, minute), 30 + (minute - 540) / 10]);
    }
    const chart = liveDayChart({ socToday, energyToday }, at(11, 2), 60)!;
    expect(chart.day).toBe(day);
    // What the counter rose while the gateway was off is not put in 09:00's bar.
    expect(chart.slots[8].chargedKWh).toBeNull();
    expect(chart.slots[9].chargedKWh).toBe(0.5);
    expect(chart.slots[10].chargedKWh).toBe(1.2);
    expect(chart.slots[10].dischargedKWh).toBe(0);
    // Later hours have not happened yet.
    expect(chart.slots[11].chargedKWh).toBeNull();
    expect(chart.slots[10].socEndPct).toBe(41.5);
    // The line: today's samples only, at their minute of the day.
    expect(chart.soc[0]).toEqual({ minute: 540, pct: 30, label: "09:00" });
    expect(chart.soc.length).toBe(24);
    expect(chart.totals).toEqual({ chargedKWh: 1.7, dischargedKWh: 0 });
  });

  it("reads a counter that fell at midnight as counting again from zero", () => {
    const energyToday: [number, number, number][] = [
      [at(0, 0) - 300_000, 5.5, 4.2],
      [at(0, 0), 0.02, 0],
      [at(0, 5), 0.05, 0.01],
    ];
    const chart = liveDayChart({ socToday: [], energyToday }, at(0, 6), 60)!;
    expect(chart.slots[0]).toMatchObject({ chargedKWh: 0.05, dischargedKWh: 0.01 });
    expect(chart.soc).toEqual([]);
  });

  it("draws the line alone from a gateway that sends no counters, and nothing without today", () => {
    const socToday: [number, number][] = [[at(8, 0), 40], [at(8, 5), 41]];
    const chart = liveDayChart({ socToday }, at(8, 6), 15)!;
    expect(chart.slots.length).toBe(96);
    expect(chart.slots.every((s) => s.chargedKWh === null && s.dischargedKWh === null)).toBe(true);
    expect(chart.slots[32].socEndPct).toBe(41);
    expect(chart.soc).toEqual([
      { minute: 480, pct: 40, label: "08:00" },
      { minute: 485, pct: 41, label: "08:05" },
    ]);
    // Five minutes of line would not be seen: dots.
    expect(chart.socAsDots).toBe(true);
    // A sample stamped a little ahead of this device's clock (the gateway's runs ahead) counts.
    const ahead = liveDayChart({ socToday: [...socToday, [at(8, 10), 42]] }, at(8, 6), 15)!;
    expect(ahead.soc.at(-1)).toEqual({ minute: 490, pct: 42, label: "08:10" });
    // Only yesterday's samples: no chart for today.
    expect(liveDayChart({ socToday }, at(8, 0) + 86_400_000, 15)).toBeNull();
  });
});
