/**
 * A Belgian household on a three-phase e-MUCS 1.7 meter, one telegram a second: base load with a
 * fridge, an evening cooking peak, solar export around midday, an EV session in the evening, gas
 * for heating. Registers integrate the power, so the quarter-hour figures (1.4.0, 1.6.0) are
 * consistent the way a real meter's are. Deterministic for a seed: the demo and the tests share it.
 */
import { crc16ArcOfText, formatCrc } from "./crc16.ts";
import { brusselsOffsetAt } from "../time/brussels.ts";
import { formatP1Timestamp } from "./timestamp.ts";

export interface SimulatorOptions {
  /** First telegram's instant (UTC ms); default 2024-06-12 06:00 Brussels. */
  startMs?: number;
  seed?: number;
  /** Solar peak in kW (0 for no panels). */
  solarPeakKW?: number;
  /** EV charging power in kW (0 for no EV). */
  evKW?: number;
}

/** mulberry32: a tiny, good-enough PRNG so a seed gives the same household every time. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const QUARTER_MS = 15 * 60_000;

const hex = (text: string) => {
  let out = "";
  for (let i = 0; i < text.length; i++) out += text.charCodeAt(i).toString(16).toUpperCase();
  return out;
};

const fixed = (value: number, width: number, decimals: number) =>
  value.toFixed(decimals).padStart(width + decimals + 1, "0");

/** Belgian local hour as a fraction (13.5 = 13:30) and weekday (0 = Sunday). */
function localClock(utcMs: number): { hour: number; weekday: number; month: number } {
  const local = new Date(utcMs + brusselsOffsetAt(utcMs) * 60_000);
  return {
    hour: local.getUTCHours() + local.getUTCMinutes() / 60 + local.getUTCSeconds() / 3600,
    weekday: local.getUTCDay(),
    month: local.getUTCMonth() + 1,
  };
}

export class HouseholdSimulator {
  #nowMs: number;
  readonly #random: () => number;
  readonly #solarPeakKW: number;
  readonly #evKW: number;
  #importKWh = [0, 1843.271, 2210.118];
  #exportKWh = [0, 912.604, 301.337];
  #gasM3 = 3120.552;
  #gasStampMs = 0;
  #gasReadingM3 = 0;
  #quarterStartMs: number;
  #quarterImportKWh = 0;
  #monthPeak = { kW: 0, stamp: "" };
  #month = -1;
  readonly #history: { close: string; at: string; kW: number }[] = [];
  #fridgeOn = false;

  constructor(options: SimulatorOptions = {}) {
    this.#nowMs = options.startMs ?? Date.UTC(2024, 5, 12, 4, 0, 0);
    this.#random = random(options.seed ?? 1);
    this.#solarPeakKW = options.solarPeakKW ?? 4.2;
    this.#evKW = options.evKW ?? 7.4;
    this.#quarterStartMs = this.#nowMs - (this.#nowMs % QUARTER_MS);
    this.#seedHistory();
    // Earlier this month the household already set a peak: an evening two days ago.
    this.#month = new Date(this.#nowMs + brusselsOffsetAt(this.#nowMs) * 60_000).getUTCMonth();
    const twoDaysAgo = this.#quarterStartMs - 2 * 86_400_000;
    if (new Date(twoDaysAgo).getUTCMonth() === new Date(this.#nowMs).getUTCMonth()) {
      this.#monthPeak = {
        kW: Math.round((2.6 + this.#random() * 1.5) * 1000) / 1000,
        stamp: formatP1Timestamp(twoDaysAgo),
      };
    }
  }

  /** Twelve past months of peaks, as a meter with a year of history would hold. */
  #seedHistory(): void {
    const local = new Date(this.#nowMs + brusselsOffsetAt(this.#nowMs) * 60_000);
    for (let back = 12; back >= 1; back--) {
      const year = local.getUTCFullYear();
      const monthIndex = local.getUTCMonth() - back; // may be negative: Date.UTC normalises
      const peakLocal = Date.UTC(
        year,
        monthIndex,
        3 + Math.floor(this.#random() * 24),
        18,
        15 * Math.floor(this.#random() * 4),
      );
      const closeLocal = Date.UTC(year, monthIndex + 1, 1);
      const kW = 2.5 + this.#random() * 5;
      this.#history.push({
        close: formatP1Timestamp(closeLocal - brusselsOffsetAt(closeLocal - 3_600_000) * 60_000),
        at: formatP1Timestamp(peakLocal - brusselsOffsetAt(peakLocal - 3_600_000) * 60_000),
        kW: Math.round(kW * 1000) / 1000,
      });
    }
  }

  /** Instant of the next telegram. */
  get nowMs(): number {
    return this.#nowMs;
  }

  /** Household power per phase in kW, positive import, negative export, at `utcMs`. */
  #phasePowersKW(utcMs: number): [number, number, number] {
    const { hour, weekday, month } = localClock(utcMs);
    const r = this.#random;
    // Fridge: on about a third of the time, switching now and then.
    if (r() < 1 / 600) this.#fridgeOn = !this.#fridgeOn;
    let l1 = 0.12 + (this.#fridgeOn ? 0.09 : 0) + r() * 0.02;
    let l2 = 0.06 + r() * 0.02;
    let l3 = 0.08 + r() * 0.02;
    // Morning coffee and evening cooking.
    if (hour >= 7 && hour < 7.25) l2 += 1.8;
    if (hour >= 18 && hour < 19.5) {
      l1 += 1.2 + (Math.sin(hour * 40) > 0.2 ? 2.0 : 0.3);
      l3 += 0.4;
    }
    if (hour >= 19.5 && hour < 23) l1 += 0.35; // TV, lights
    // EV: weekday evenings 19:00–22:00, three-phase.
    if (this.#evKW > 0 && weekday >= 1 && weekday <= 5 && hour >= 19 && hour < 22) {
      l1 += this.#evKW / 3;
      l2 += this.#evKW / 3;
      l3 += this.#evKW / 3;
    }
    // Solar on L2: a bell between 6:00 and 21:00 in summer, narrower in winter, with clouds.
    const summer = 0.55 + 0.45 * Math.cos(((month - 6.5) / 6) * Math.PI);
    const halfDay = 4 + 3.5 * summer;
    const fromNoon = (hour - 13.5) / halfDay;
    if (Math.abs(fromNoon) < 1) {
      const clouds = 0.75 + 0.25 * Math.sin(utcMs / 600_000);
      l2 -= this.#solarPeakKW * summer * Math.cos(fromNoon * Math.PI / 2) ** 2 * clouds;
    }
    return [l1, l2, l3];
  }

  /** The next telegram, CRC included, and the clock moved one second on. */
  next(): string {
    const now = this.#nowMs;
    const phases = this.#phasePowersKW(now);
    const net = phases[0] + phases[1] + phases[2];
    const importKW = Math.max(net, 0);
    const exportKW = Math.max(-net, 0);
    const { hour, weekday } = localClock(now);
    // Belgian day tariff (1) on weekdays 07:00–22:00, night tariff (2) otherwise.
    const tariff = weekday >= 1 && weekday <= 5 && hour >= 7 && hour < 22 ? 1 : 2;

    this.#rollPeriods(now);
    this.#importKWh[tariff] += importKW / 3600;
    this.#exportKWh[tariff] += exportKW / 3600;
    this.#quarterImportKWh += importKW / 3600;
    const heating = hour < 8 || hour > 17 ? 0.4 : 0.05; // m3 per hour
    this.#gasM3 += heating / 3600;
    if (now - this.#gasStampMs >= 5 * 60_000) {
      this.#gasStampMs = now - (now % (5 * 60_000));
      this.#gasReadingM3 = this.#gasM3;
    }

    const voltages = phases.map((p, i) => 231 + i * 0.8 - p * 0.9 + this.#random() * 0.6);
    const currents = phases.map((p, i) => Math.abs(p) * 1000 / voltages[i]);
    const stamp = formatP1Timestamp(now);
    const lines = [
      "/FLU5\\253769484_A",
      "",
      "0-0:96.1.4(50217)",
      "0-0:96.1.1(3153414733313031303231363035)",
      `0-0:1.0.0(${stamp})`,
      `1-0:1.8.1(${fixed(this.#importKWh[1], 6, 3)}*kWh)`,
      `1-0:1.8.2(${fixed(this.#importKWh[2], 6, 3)}*kWh)`,
      `1-0:2.8.1(${fixed(this.#exportKWh[1], 6, 3)}*kWh)`,
      `1-0:2.8.2(${fixed(this.#exportKWh[2], 6, 3)}*kWh)`,
      `0-0:96.14.0(000${tariff})`,
      `1-0:1.4.0(${fixed(this.#quarterImportKWh * 4, 2, 3)}*kW)`,
      `1-0:1.6.0(${this.#monthPeak.stamp || stamp})(${fixed(this.#monthPeak.kW, 2, 3)}*kW)`,
      `0-0:98.1.0(${this.#history.length})(1-0:1.6.0)(1-0:1.6.0)${
        this.#history.map((h) => `(${h.close})(${h.at})(${fixed(h.kW, 2, 3)}*kW)`).join("")
      }`,
      `1-0:1.7.0(${fixed(importKW, 2, 3)}*kW)`,
      `1-0:2.7.0(${fixed(exportKW, 2, 3)}*kW)`,
      ...phases.map((p, i) => `1-0:${21 + i * 20}.7.0(${fixed(Math.max(p, 0), 2, 3)}*kW)`),
      ...phases.map((p, i) => `1-0:${22 + i * 20}.7.0(${fixed(Math.max(-p, 0), 2, 3)}*kW)`),
      ...voltages.map((v, i) => `1-0:${32 + i * 20}.7.0(${fixed(v, 3, 1)}*V)`),
      ...currents.map((a, i) => `1-0:${31 + i * 20}.7.0(${fixed(a, 3, 2)}*A)`),
      "0-0:96.3.10(1)",
      "0-0:17.0.0(999.9*kW)",
      "1-0:31.4.0(999*A)",
      "0-0:96.13.0()",
      "0-1:24.1.0(003)",
      `0-1:96.1.1(${hex("7FLO2119033733")})`,
      "0-1:24.4.0(1)",
      `0-1:24.2.3(${formatP1Timestamp(this.#gasStampMs)})(${fixed(this.#gasReadingM3, 5, 3)}*m3)`,
      "!",
    ];
    const body = lines.join("\r\n");
    this.#nowMs += 1000;
    return `${body}${formatCrc(crc16ArcOfText(body))}\r\n`;
  }

  /** Closes the quarter-hour (updating the month peak) and the month (into the history). */
  #rollPeriods(now: number): void {
    const quarterStart = now - (now % QUARTER_MS);
    if (quarterStart !== this.#quarterStartMs) {
      const kW = this.#quarterImportKWh * 4;
      if (kW > this.#monthPeak.kW) {
        this.#monthPeak = { kW, stamp: formatP1Timestamp(this.#quarterStartMs) };
      }
      this.#quarterStartMs = quarterStart;
      this.#quarterImportKWh = 0;
    }
    const month = new Date(now + brusselsOffsetAt(now) * 60_000).getUTCMonth();
    if (month !== this.#month) {
      if (this.#month >= 0) {
        this.#history.push({
          close: formatP1Timestamp(now - (now % 1000)),
          at: this.#monthPeak.stamp,
          kW: this.#monthPeak.kW,
        });
        if (this.#history.length > 13) this.#history.shift();
      }
      this.#month = month;
      this.#monthPeak = { kW: 0, stamp: "" };
    }
  }
}
