/**
 * The battery page's day chart: the state of charge through one Europe/Brussels day (%) and
 * what the battery took in and gave out, per hour or quarter-hour (kWh) — from a simulated
 * month's day, or from the paired gateway's samples of today. Time runs in minutes since the
 * day began (a DST day has 1380 or 1500), its ticks labelled in Brussels wall time, so 02:00
 * is skipped in March and shown twice in October, where it really is.
 */
import type { SimulatedDay } from "../control/simulate.ts";
import {
  dayStartMs,
  type LocalDay,
  localDayOf,
  localTimeOf,
  slotsInDay,
} from "../energy/calendar.ts";
import { roundMilli } from "../energy/day_bucket.ts";

export interface BatteryChartSlot {
  /** Brussels wall time the slot begins: `"18:00"`. */
  label: string;
  startMinute: number;
  /** Where its bar stands on the time axis: the slot's middle. */
  centreMinute: number;
  /** What the battery took in (kWh); `null`: not known. */
  chargedKWh: number | null;
  /** What it gave out (kWh), without a sign; `null`: not known. */
  dischargedKWh: number | null;
  /** The discharge bar drawn below the zero line: `−dischargedKWh`. */
  dischargeBarKWh: number | null;
  /** The state of charge as the slot ends (the last one known within it). */
  socEndPct: number | null;
}

export interface BatteryDayChart {
  day: LocalDay;
  /** The day's length: 1380, 1440 or 1500 minutes. */
  dayMinutes: number;
  slotMinutes: 15 | 60;
  slots: BatteryChartSlot[];
  /** The state-of-charge line, with each point's wall time; `pct: null` breaks it. */
  soc: { minute: number; pct: number | null; label: string }[];
  /** The line spans less than an hour (a gateway just paired): drawn as dots, to be seen. */
  socAsDots: boolean;
  /** Ticks of the time axis: every third wall-clock hour. */
  ticks: { minute: number; label: string }[];
  /**
   * The least the kWh axis spans below and above zero, so a few watt-hours do not fill the
   * chart: 0.5 kWh an hour, 0.125 a quarter-hour (2 kW either way).
   */
  axisKWh: { minKWh: number; maxKWh: number };
  totals: { chargedKWh: number; dischargedKWh: number };
}

const MINUTE_MS = 60_000;

/** The time axis's ticks: the hours of the day whose wall-clock hour is a multiple of 3. */
function ticksOf(day: LocalDay): { minute: number; label: string }[] {
  const start = dayStartMs(day);
  const ticks: { minute: number; label: string }[] = [];
  const hours = slotsInDay(day, 60);
  for (let hour = 0; hour <= hours; hour++) {
    const label = localTimeOf(start + hour * 3_600_000);
    const wall = Number(label.slice(0, 2));
    // The day's end is 24:00, not the next day's 00:00.
    if (hour === hours) ticks.push({ minute: hour * 60, label: "24:00" });
    else if (wall % 3 === 0) ticks.push({ minute: hour * 60, label });
  }
  return ticks;
}

function slotOf(
  day: LocalDay,
  index: number,
  slotMinutes: number,
  chargedKWh: number | null,
  dischargedKWh: number | null,
  socEndPct: number | null,
): BatteryChartSlot {
  const startMinute = index * slotMinutes;
  return {
    label: localTimeOf(dayStartMs(day) + startMinute * MINUTE_MS),
    startMinute,
    centreMinute: startMinute + slotMinutes / 2,
    chargedKWh: chargedKWh === null ? null : roundMilli(chargedKWh),
    dischargedKWh: dischargedKWh === null ? null : roundMilli(dischargedKWh),
    dischargeBarKWh: dischargedKWh === null ? null : -roundMilli(dischargedKWh) || 0,
    socEndPct: socEndPct === null ? null : Math.round(socEndPct * 10) / 10,
  };
}

function chartOf(
  day: LocalDay,
  slotMinutes: 15 | 60,
  slots: BatteryChartSlot[],
  points: { minute: number; pct: number | null }[],
): BatteryDayChart {
  const start = dayStartMs(day);
  const dayMinutes = slotsInDay(day, 60) * 60;
  const soc = points.map((point) => ({
    ...point,
    // The day's end is its 24:00, not the next day's midnight.
    label: point.minute >= dayMinutes
      ? "24:00"
      : localTimeOf(start + Math.round(point.minute * MINUTE_MS)),
  }));
  const sum = (pick: (slot: BatteryChartSlot) => number | null) =>
    roundMilli(slots.reduce((total, slot) => total + (pick(slot) ?? 0), 0));
  return {
    day,
    dayMinutes,
    slotMinutes,
    slots,
    soc,
    socAsDots: soc.length > 0 && soc[soc.length - 1].minute - soc[0].minute < 60,
    ticks: ticksOf(day),
    axisKWh: slotMinutes === 15 ? { minKWh: -0.125, maxKWh: 0.125 } : { minKWh: -0.5, maxKWh: 0.5 },
    totals: { chargedKWh: sum((s) => s.chargedKWh), dischargedKWh: sum((s) => s.dischargedKWh) },
  };
}

/** A simulated day, per hour (`60`) or per quarter-hour (`15`). */
export function simulatedDayChart(simulated: SimulatedDay, slotMinutes: 15 | 60): BatteryDayChart {
  const { day } = simulated;
  const per = slotMinutes / 15;
  const count = simulated.socEndPct.length / per;
  const slots: BatteryChartSlot[] = [];
  for (let index = 0; index < count; index++) {
    let charged: number | null = null;
    let discharged: number | null = null;
    let socEnd: number | null = null;
    for (let q = index * per; q < (index + 1) * per; q++) {
      if (simulated.socEndPct[q] === null) continue;
      charged = (charged ?? 0) + (simulated.chargedKWh[q] ?? 0);
      discharged = (discharged ?? 0) + (simulated.dischargedKWh[q] ?? 0);
      socEnd = simulated.socEndPct[q];
    }
    slots.push(slotOf(day, index, slotMinutes, charged, discharged, socEnd));
  }
  // The line from the day's first value, through each quarter's end.
  const soc = [
    { minute: 0, pct: simulated.socEndPct[0] === null ? null : simulated.socStartPct },
    ...simulated.socEndPct.map((pct, q) => ({ minute: (q + 1) * 15, pct })),
  ].map((point) => ({
    minute: point.minute,
    pct: point.pct === null ? null : Math.round(point.pct * 10) / 10,
  }));
  return chartOf(day, slotMinutes, slots, soc);
}

/** What the gateway sends of today: `[epoch ms, %]`, and the inverter's day counters. */
export interface GatewayDay {
  socToday: [number, number][];
  /** `[epoch ms, charged today kWh, discharged today kWh]`; absent from older gateways. */
  energyToday?: [number, number, number][];
}

/**
 * Today (the Brussels day of `nowMs`) from the gateway's samples, stamped by the gateway's clock
 * (a phone whose clock runs behind still shows the newest): the state-of-charge line, and per
 * slot the rise of the inverter's own day counters (charged, discharged) between consecutive
 * samples, counted from its registers rather than from power readings. A counter that falls has
 * been reset (at the inverter's midnight): what it shows after is what it counted since. A slot
 * no pair of close samples ends in — before the gateway started, after now, across a gap — is
 * unknown, not zero. `null` when no sample is of today.
 */
export function liveDayChart(
  live: GatewayDay,
  nowMs: number,
  slotMinutes: 15 | 60,
): BatteryDayChart | null {
  const day = localDayOf(nowMs);
  const start = dayStartMs(day);
  const minuteOf = (ms: number) => (ms - start) / MINUTE_MS;
  const today = (ms: number) => localDayOf(ms) === day;
  const socSamples = live.socToday.filter(([ms]) => today(ms)).sort((a, b) => a[0] - b[0]);
  const counters = [...(live.energyToday ?? [])].sort((a, b) => a[0] - b[0]);
  if (socSamples.length === 0 && !counters.some(([ms]) => today(ms))) return null;

  const count = slotsInDay(day, slotMinutes);
  const slotIndex = (ms: number) => Math.floor(minuteOf(ms) / slotMinutes);
  const charged: (number | null)[] = new Array(count).fill(null);
  const discharged: (number | null)[] = new Array(count).fill(null);
  for (let i = 1; i < counters.length; i++) {
    const [ms, c, d] = counters[i];
    const [msBefore, cBefore, dBefore] = counters[i - 1];
    // What rose over a longer gap (the gateway was off) cannot be placed in one slot.
    if (!today(ms) || ms - msBefore > slotMinutes * MINUTE_MS) continue;
    const slot = slotIndex(ms);
    charged[slot] = (charged[slot] ?? 0) + (c >= cBefore ? c - cBefore : c);
    discharged[slot] = (discharged[slot] ?? 0) + (d >= dBefore ? d - dBefore : d);
  }
  const socEnd: (number | null)[] = new Array(count).fill(null);
  for (const [ms, pct] of socSamples) socEnd[slotIndex(ms)] = pct;
  const slots = charged.map((c, i) => slotOf(day, i, slotMinutes, c, discharged[i], socEnd[i]));
  const soc = socSamples.map(([ms, pct]) => ({ minute: roundMilli(minuteOf(ms)), pct }));
  return chartOf(day, slotMinutes, slots, soc);
}
