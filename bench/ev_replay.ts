/**
 * A year of EV charging replayed over quarter-hour household history, and the decision's speed.
 *
 * The household: a synthetic, seeded Belgian year (2025) of quarter-hours, 3,500 kWh, no solar —
 * a night base, a morning bump, cooking peaks 17:30–19:30, an evening plateau, random washer,
 * dryer and oven quarters, more in winter than in summer. Each quarter's energy is spread over its
 * 15 minutes with seeded random weights (bursts of about twice the quarter's average), and the
 * replay steps per minute: at each minute the decision sees the meter (1-0:1.4.0 counted from the
 * minutes so far, 1-0:1.6.0 as the month's highest finished quarter, per-phase currents with the
 * house split 50/30/20 % over L1–L3, the car's power of the minute before) and the car draws the
 * limit it got, until its session's energy is in.
 *
 * The car: every weekday evening it is plugged in between 18:00 and 19:00 and leaves the next
 * morning between 07:00 and 08:00, needing 8–25 kWh; an 11 kW 3-phase car on a 6–16 A charger
 * that switches phases, behind 3 × 40 A. Its departure goal is planned against the house's load
 * per quarter-hour of the day over the 14 days before, the 80th percentile of those days (what the
 * gateway would have learnt).
 * Run twice: under DEFAULT_CHARGE_SETTINGS with the goal, and under "fast". The decision at each
 * minute sees that minute's house power (a 1-s meter shows a change at once) and the car follows its
 * new limit 10 s into the minute (a charger's answer time), so the car's old power spills 10 s into
 * each new quarter.
 *
 * Reported: the months whose peak charging raised (above the house's own peak and the 2.5 kW
 * floor), the goals met, and of the others how many the plan said were out of reach before the
 * car left and how long before; the capacity charge of both (mean of the 12 monthly peaks, each at
 * least 2.5 kW, at 50 €/kW/year, lib/capacity/annual.ts); and the time one decision for ten
 * chargers takes.
 */
import { capacityBasis, monthlyCapacityEur } from "../lib/capacity/annual.ts";
import { MINIMUM_MONTH_PEAK_KW } from "../lib/capacity/quarter.ts";
import { NOMINAL_V } from "../lib/control/ev/balance.ts";
import type { ChargerReading, ChargerSetup } from "../lib/control/ev/charger.ts";
import {
  type ChargerInput,
  decideChargers,
  type DecideInput,
  EMPTY_EV_MEMORY,
  type EvMemory,
} from "../lib/control/ev/decide.ts";
import {
  type ChargeMode,
  type ChargeSettings,
  ChargeSettingsModel,
  DEFAULT_CHARGE_SETTINGS,
} from "../lib/control/ev/settings.ts";
import {
  addDays,
  daysBetween,
  type LocalMonth,
  slotsInDay,
  slotStartMs,
  wallTimeMs,
} from "../lib/energy/calendar.ts";

/** The yearly capacity rate the saving is priced at (Flanders, about 50 €/kW/year). */
export const CAPACITY_EUR_PER_KW_YEAR = 50;
const YEAR_KWH = 3500;
const PHASE_SPLIT = [0.5, 0.3, 0.2];
const FUSE = { mainFuseA: 40, marginA: 2, totalChargersA: 96 };
const CHARGER: ChargerSetup = {
  id: "oprit",
  name: "Oprit",
  minA: 6,
  maxA: 16,
  phases: 3,
  canSwitchPhases: true,
  phaseRotation: [0, 1, 2],
  priority: 1,
};

function seeded(seed: number) {
  let s = seed;
  return () => (s = (s * 16807) % 2147483647) / 2147483647;
}

interface Quarter {
  startMs: number;
  month: LocalMonth;
  /** The house's power per minute (W). */
  minuteW: number[];
}

interface Session {
  plugMs: number;
  leaveMs: number;
  departure: string;
  neededKWh: number;
  /** The house's expected load per quarter-hour of the day (kW), from the 14 days before. */
  profileKW: number[];
  /** Start of the plug-in day (ms): the profile's quarter is counted from it. */
  dayStartMs: number;
}

function householdYear(): { quarters: Quarter[]; days: string[]; dayKW: number[][] } {
  const random = seeded(13);
  const days = daysBetween("2025-01-01", "2025-12-31");
  const dayKW = days.map((day, d) => {
    const weekday = (new Date(`${day}T12:00:00Z`).getUTCDay() + 6) % 7;
    const weekend = weekday >= 5;
    const season = 1 + 0.3 * Math.cos((2 * Math.PI * (d - 15)) / 365);
    return Array.from({ length: slotsInDay(day) }, (_, i) => {
      const h = i / 4;
      let kW = 0.16 + 0.06 * random();
      if (h >= (weekend ? 8 : 6.75) && h < (weekend ? 10 : 8.5)) kW += 0.2 + 0.5 * random();
      else if (h >= 8.5 && h < 17.5) kW += weekend ? 0.2 + 0.4 * random() : 0.05 + 0.1 * random();
      else if (h >= 17.5 && h < 19.5) kW += 0.4 + 1.6 * random() ** 2;
      else if (h >= 19.5 && h < 22.5) kW += 0.3 + 0.4 * random();
      if (h >= 8 && h < 22 && random() < 0.03) kW += 1.2 + 1.8 * random();
      return kW * season;
    });
  });
  const totalKWh = dayKW.flat().reduce((sum, kW) => sum + kW / 4, 0);
  const scale = YEAR_KWH / totalKWh;
  const quarters: Quarter[] = [];
  days.forEach((day, d) => {
    dayKW[d] = dayKW[d].map((kW) => kW * scale);
    dayKW[d].forEach((kW, i) => {
      const weights = Array.from({ length: 15 }, () => 0.3 + random() ** 2);
      const sum = weights.reduce((a, b) => a + b, 0);
      quarters.push({
        startMs: slotStartMs(day, i),
        month: day.slice(0, 7),
        minuteW: weights.map((w) => (kW * 1000 * 15 * w) / sum),
      });
    });
  });
  return { quarters, days, dayKW };
}

function weekdaySessions(days: string[], dayKW: number[][]): Session[] {
  const random = seeded(29);
  const sessions: Session[] = [];
  days.forEach((day, d) => {
    const weekday = (new Date(`${day}T12:00:00Z`).getUTCDay() + 6) % 7;
    const plugMinute = Math.floor(60 * random());
    const leaveMinute = Math.floor(60 * random());
    const neededKWh = 8 + 17 * random();
    if (weekday >= 5 || d + 1 >= days.length) return;
    const next = addDays(day, 1);
    const leaveHour = 7 + Math.floor(leaveMinute / 60);
    const departure = `${next}T0${leaveHour}:${String(leaveMinute % 60).padStart(2, "0")}`;
    const past = dayKW.slice(Math.max(d - 14, 0), d);
    const profileKW = Array.from({ length: 96 }, (_, i) => {
      if (past.length === 0) return 0.5;
      const seen = past.map((kW) => kW[Math.min(i, kW.length - 1)]).sort((a, b) => a - b);
      return seen[Math.floor(seen.length * 0.8)];
    });
    sessions.push({
      plugMs: wallTimeMs(day, 18, plugMinute)!,
      leaveMs: wallTimeMs(next, leaveHour, leaveMinute % 60)!,
      departure,
      neededKWh,
      profileKW,
      dayStartMs: slotStartMs(day, 0),
    });
  });
  return sessions;
}

interface RunResult {
  monthPeakKW: Map<LocalMonth, { kW: number }>;
  met: number;
  /** Goals missed that the plan had called out of reach before departure, and how long before (h). */
  flagged: number;
  leadH: number[];
  missedUnflagged: number;
  evKWh: number;
}

function replay(
  quarters: Quarter[],
  sessions: Session[],
  settingsOf: (s: Session) => ChargeSettings,
): RunResult {
  const monthPeakKW = new Map<LocalMonth, { kW: number }>();
  let memory: EvMemory = EMPTY_EV_MEMORY;
  let next = 0;
  let session: Session | null = null;
  let deliveredKWh = 0;
  let meterKWh = 0;
  let flaggedAtMs: number | null = null;
  let carW = 0;
  let carPhases: 1 | 3 = 3;
  let houseW = 0;
  const result: RunResult = {
    monthPeakKW,
    met: 0,
    flagged: 0,
    leadH: [],
    missedUnflagged: 0,
    evKWh: 0,
  };
  let month = "";
  let runningPeakKW = 0;
  for (const quarter of quarters) {
    if (quarter.month !== month) {
      month = quarter.month;
      runningPeakKW = 0;
    }
    let quarterKWh = 0;
    for (let m = 0; m < 15; m++) {
      const nowMs = quarter.startMs + m * 60_000;
      if (session !== null && nowMs >= session.leaveMs) {
        if (deliveredKWh >= session.neededKWh - 0.01) result.met++;
        else if (flaggedAtMs !== null) {
          result.flagged++;
          result.leadH.push((session.leaveMs - flaggedAtMs) / 3_600_000);
        } else result.missedUnflagged++;
        session = null;
        memory = EMPTY_EV_MEMORY;
        carW = 0;
      }
      if (session === null && next < sessions.length && nowMs >= sessions[next].plugMs) {
        session = sessions[next++];
        deliveredKWh = 0;
        flaggedAtMs = null;
      }
      const previousCarW = carW;
      houseW = quarter.minuteW[m];
      if (session !== null) {
        const s = session;
        const full = deliveredKWh >= s.neededKWh - 1e-9;
        const perPhaseCarA = carW / NOMINAL_V / carPhases;
        const reading: ChargerReading = {
          atMs: nowMs,
          status: full ? "sleeping" : carW > 0 ? "charging" : "carConnected",
          currentA: [0, 1, 2].map((l) => (l < carPhases ? perPhaseCarA : 0)) as [
            number,
            number,
            number,
          ],
          powerW: carW,
          meterKWh,
          offeredA: null,
          socPct: null,
          idTag: null,
        };
        const input: DecideInput = {
          nowMs,
          meter: {
            phases: PHASE_SPLIT.map((share, p) => ({
              phase: (p + 1) as 1 | 2 | 3,
              importKW: (houseW * share + (p < carPhases ? carW / carPhases : 0)) / 1000,
              exportKW: 0,
              voltageV: NOMINAL_V,
              currentA: (houseW * share) / NOMINAL_V + (p < carPhases ? perPhaseCarA : 0),
            })),
            importW: houseW + carW,
            exportW: 0,
            quarterAverageKW: quarterKWh * 4,
            monthPeakKW: runningPeakKW,
          },
          batteryW: null,
          fuse: FUSE,
          chargers: [{ setup: CHARGER, reading, settings: settingsOf(s) }],
          prices: [],
          solar: [],
          expectedHouseKW: (startMs) =>
            s.profileKW[Math.floor((startMs - s.dayStartMs) / 900_000) % 96],
        };
        const out = decideChargers(input, memory);
        memory = out.memory;
        const { limit, plan } = out.decisions[0];
        if (plan !== null && !plan.feasible && flaggedAtMs === null) flaggedAtMs = nowMs;
        carPhases = limit.phases;
        const leftW = (s.neededKWh - deliveredKWh) * 1000 * 60;
        carW = Math.max(Math.min(limit.currentA * NOMINAL_V * limit.phases, leftW), 0);
      }
      // The car follows its new limit 10 s into the minute.
      const carKWh = (previousCarW * 10 + carW * 50) / 3.6e6;
      deliveredKWh += carKWh;
      meterKWh += carKWh;
      result.evKWh += carKWh;
      quarterKWh += houseW / 60_000 + carKWh;
    }
    const kW = quarterKWh * 4;
    runningPeakKW = Math.max(runningPeakKW, kW);
    monthPeakKW.set(month, { kW: Math.max(monthPeakKW.get(month)?.kW ?? 0, kW) });
  }
  return result;
}

export interface EvReplayResult {
  houseKWh: number;
  sessions: number;
  /** Months whose billed peak (≥ 2.5 kW) charging raised above the house's own, per run. */
  monthsRaisedDefault: number;
  largestRaiseDefaultKW: number;
  monthsRaisedFast: number;
  goalsMetPct: number;
  /** Goals missed: reported out of reach before departure (and the median lead, h), or not. */
  missedFlagged: number;
  missedFlaggedMedianLeadH: number | null;
  missedUnflagged: number;
  fastGoalsMetPct: number;
  /** Capacity basis (kW, mean of the 12 monthly peaks each ≥ 2.5 kW) and its yearly cost. */
  capacityKW: { house: number; default: number; fast: number };
  capacityEurPerYear: { house: number; default: number; fast: number };
  savedEurPerYear: number;
  evKWh: { default: number; fast: number };
  replayMs: number;
}

export function benchEvReplay(): EvReplayResult {
  const start = performance.now();
  const { quarters, days, dayKW } = householdYear();
  const sessions = weekdaySessions(days, dayKW);
  const withGoal = (s: Session): ChargeSettings => ({
    ...DEFAULT_CHARGE_SETTINGS,
    goal: { departure: s.departure, target: { kind: "energy", kWh: s.neededKWh } },
  });
  const fastSettings = ChargeSettingsModel.parse({ chargeMode: { mode: "fast" } });
  const smart = replay(quarters, sessions, withGoal);
  const fast = replay(quarters, sessions, () => fastSettings);
  const house = new Map<LocalMonth, { kW: number }>();
  for (const q of quarters) {
    const kW = q.minuteW.reduce((a, b) => a + b, 0) / 15 / 1000;
    house.set(q.month, { kW: Math.max(house.get(q.month)?.kW ?? 0, kW) });
  }
  /** How much charging raised each month's billed peak (kW, > 0 only where it did). */
  const raises = (peaks: Map<LocalMonth, { kW: number }>) =>
    [...peaks].map(([m, p]) =>
      Math.max(p.kW, MINIMUM_MONTH_PEAK_KW) - Math.max(house.get(m)!.kW, MINIMUM_MONTH_PEAK_KW)
    ).filter((kW) => kW > 1e-6);
  const smartRaises = raises(smart.monthPeakKW);
  const basis = (peaks: Map<LocalMonth, { kW: number }>) =>
    capacityBasis("2025-12", peaks).averageKW;
  const eur = (kW: number) => monthlyCapacityEur(kW, CAPACITY_EUR_PER_KW_YEAR) * 12;
  const capacityKW = {
    house: basis(house),
    default: basis(smart.monthPeakKW),
    fast: basis(fast.monthPeakKW),
  };
  const lead = [...smart.leadH].sort((a, b) => a - b);
  return {
    houseKWh: quarters.reduce((sum, q) => sum + q.minuteW.reduce((a, b) => a + b, 0) / 60_000, 0),
    sessions: sessions.length,
    monthsRaisedDefault: smartRaises.length,
    largestRaiseDefaultKW: Math.max(0, ...smartRaises),
    monthsRaisedFast: raises(fast.monthPeakKW).length,
    goalsMetPct: (smart.met / sessions.length) * 100,
    missedFlagged: smart.flagged,
    missedFlaggedMedianLeadH: lead.length === 0 ? null : lead[Math.floor(lead.length / 2)],
    missedUnflagged: smart.missedUnflagged,
    fastGoalsMetPct: (fast.met / sessions.length) * 100,
    capacityKW,
    capacityEurPerYear: {
      house: eur(capacityKW.house),
      default: eur(capacityKW.default),
      fast: eur(capacityKW.fast),
    },
    savedEurPerYear: eur(capacityKW.fast) - eur(capacityKW.default),
    evKWh: { default: smart.evKWh, fast: fast.evKWh },
    replayMs: performance.now() - start,
  };
}

/**
 * One decision for ten chargers (mixed modes, departure goals planned over two days of quarter-
 * hour prices and a solar forecast), on a meter that changes every tick: p50 and p99 (ms) of
 * `ticks` after `warmUp` untimed ones (the compiler's first passes), with the load average then.
 */
export function benchEvDecision(
  ticks = 3000,
  warmUp = 300,
): { p50Ms: number; p99Ms: number; chargers: number; load1: number } {
  const random = seeded(41);
  const t0 = Date.parse("2025-06-10T16:00:00Z");
  const prices = Array.from({ length: 192 }, (_, i) => ({
    startMs: Date.parse("2025-06-10T00:00:00+02:00") + i * 900_000,
    minutes: 15 as const,
    eurPerMWh: 40 + 120 * random(),
  }));
  const solar = Array.from({ length: 192 }, (_, i) => ({
    startMs: prices[i].startMs,
    minutes: 15,
    kW: Math.max(0, 4 * Math.sin(((i % 96) - 28) / 44 * Math.PI)),
  }));
  const modes: ChargeMode[] = [
    { mode: "fast" },
    { mode: "minSolar" },
    { mode: "solar", startSurplusW: 1400, stopDelayS: 180 },
    { mode: "eco", ecoPct: 60 },
  ];
  const chargers: ChargerInput[] = Array.from({ length: 10 }, (_, i) => ({
    setup: {
      ...CHARGER,
      id: `c${i}`,
      phases: i % 3 === 0 ? 1 : 3,
      phaseRotation: [[0, 1, 2], [1, 2, 0], [2, 0, 1]][i % 3] as ChargerSetup["phaseRotation"],
      priority: i,
    },
    reading: null,
    settings: ChargeSettingsModel.parse({
      chargeMode: modes[i % 4],
      goal: { departure: "2025-06-11T07:30", target: { kind: "range", km: 100 + 20 * i } },
    }),
  }));
  let memory: EvMemory = EMPTY_EV_MEMORY;
  const times: number[] = [];
  for (let tick = -warmUp; tick < ticks; tick++) {
    const nowMs = t0 + (tick + warmUp) * 1000;
    const netW = -3000 + 9000 * random();
    const input: DecideInput = {
      nowMs,
      meter: {
        phases: [1, 2, 3].map((phase) => ({
          phase: phase as 1 | 2 | 3,
          importKW: Math.max(netW, 0) / 3000,
          exportKW: Math.max(-netW, 0) / 3000,
          voltageV: 230,
          currentA: Math.round(Math.abs(netW) / 690),
        })),
        importW: Math.max(netW, 0),
        exportW: Math.max(-netW, 0),
        quarterAverageKW: 3 * random(),
        monthPeakKW: 4.2,
      },
      batteryW: 2000 * random() - 1000,
      fuse: { mainFuseA: 63, marginA: 2, totalChargersA: 96 },
      chargers: chargers.map((c) => ({
        ...c,
        reading: {
          atMs: nowMs,
          status: "charging",
          currentA: [8 * random(), 8 * random(), 8 * random()],
          powerW: null,
          meterKWh: 1000 + (tick + warmUp) / 1000,
          offeredA: null,
          socPct: null,
          idTag: null,
        },
      })),
      prices,
      solar,
      expectedHouseKW: null,
    };
    const start = performance.now();
    memory = decideChargers(input, memory).memory;
    if (tick >= 0) times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return {
    p50Ms: times[Math.floor(ticks / 2)],
    p99Ms: times[Math.floor(ticks * 0.99)],
    chargers: chargers.length,
    load1: Deno.loadavg()[0],
  };
}
