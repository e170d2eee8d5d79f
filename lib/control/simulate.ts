/**
 * A battery run through stored quarter-hours: each quarter, the control decides from the
 * household's net demand of that quarter, the battery moves energy within its limits and losses,
 * and a new grid series comes out — to compare import, export, peaks and cost with and without.
 * A quarter is one step: what happened inside it is not known, so import and export of the same
 * quarter are netted first.
 */
import { type LocalDay, localTimeOf, slotStartMs } from "../energy/calendar.ts";
import { type DayBucket, Quality } from "../energy/day_bucket.ts";
import type { PriceDay } from "../tariff/prices.ts";
import {
  type BatteryLimits,
  type ControlMemory,
  type ControlSettings,
  decide,
  type SiteLimits,
} from "./decide.ts";

export interface SimulatedBattery extends BatteryLimits {
  /** One-way efficiency (charging and discharging each lose this share). */
  efficiency: number;
  initialSocPct: number;
}

/** What the battery did through one day, slot by slot (`null`: a slot without data, skipped). */
export interface SimulatedDay {
  day: LocalDay;
  /** The state of charge as the day begins. */
  socStartPct: number;
  /** The state of charge at the end of each slot. */
  socEndPct: (number | null)[];
  /** Energy the battery took in each slot, on the grid's side of the inverter. */
  chargedKWh: (number | null)[];
  /** Energy the battery gave to the home in each slot. */
  dischargedKWh: (number | null)[];
}

export interface SimulationResult {
  /** The grid with the battery, as day buckets (same days and slots). */
  buckets: DayBucket[];
  /** The battery's own day, for its chart. */
  days: SimulatedDay[];
  chargedKWh: number;
  dischargedKWh: number;
  finalSocPct: number;
}

export function simulateBattery(
  days: DayBucket[],
  settings: ControlSettings,
  battery: SimulatedBattery,
  site: SiteLimits,
  prices: Map<string, PriceDay> = new Map(),
): SimulationResult {
  let storedKWh = (battery.initialSocPct / 100) * battery.capacityKWh;
  let memory: ControlMemory = { recharging: false };
  let chargedKWh = 0;
  let dischargedKWh = 0;
  const out: DayBucket[] = [];
  const trace: SimulatedDay[] = [];
  const percent = () => (storedKWh / battery.capacityKWh) * 100;
  for (const day of days) {
    const slots = day.quality.length;
    const traced: SimulatedDay = {
      day: day.day,
      socStartPct: percent(),
      socEndPct: new Array(slots).fill(null),
      chargedKWh: new Array(slots).fill(null),
      dischargedKWh: new Array(slots).fill(null),
    };
    const next: DayBucket = {
      ...day,
      imported: [...day.imported],
      exported: [...day.exported],
      quality: [...day.quality],
    };
    const dayPrices = prices.get(day.day);
    for (let i = 0; i < day.quality.length; i++) {
      if (day.quality[i] === Quality.missing || day.slotMinutes !== 15) continue;
      const householdKWh = (day.imported[i] ?? 0) - (day.exported[i] ?? 0);
      const socPct = (storedKWh / battery.capacityKWh) * 100;
      const decision = decide(
        settings,
        {
          gridW: householdKWh * 4000,
          batteryW: 0,
          socPct,
          localTime: localTimeOf(slotStartMs(day.day, i)),
          priceNow: dayPrices
            ? dayPrices.eurPerMWh[dayPrices.slotMinutes === 15 ? i : i >> 2] ?? null
            : null,
          dayPrices: dayPrices?.eurPerMWh,
        },
        memory,
        battery,
        site,
      );
      memory = decision.memory;
      let gridKWh = householdKWh;
      let inKWh = 0;
      let outKWh = 0;
      const command = decision.command;
      if (command.kind === "charge") {
        const fromGrid = Math.min(
          command.w / 4000,
          (battery.capacityKWh - storedKWh) / battery.efficiency,
        );
        storedKWh += fromGrid * battery.efficiency;
        inKWh = fromGrid;
        gridKWh += fromGrid;
      } else if (command.kind === "discharge") {
        const delivered = Math.min(command.w / 4000, storedKWh * battery.efficiency);
        storedKWh -= delivered / battery.efficiency;
        outKWh = delivered;
        gridKWh -= delivered;
      }
      chargedKWh += inKWh;
      dischargedKWh += outKWh;
      traced.chargedKWh[i] = inKWh;
      traced.dischargedKWh[i] = outKWh;
      traced.socEndPct[i] = percent();
      next.imported[i] = Math.max(gridKWh, 0);
      next.exported[i] = Math.max(-gridKWh, 0);
    }
    out.push(next);
    trace.push(traced);
  }
  return {
    buckets: out,
    days: trace,
    chargedKWh,
    dischargedKWh,
    finalSocPct: (storedKWh / battery.capacityKWh) * 100,
  };
}
