/**
 * Self-consumption and self-sufficiency from the grid and pv channels, slot by slot and then
 * summed — never a ratio of averages:
 *
 *   consumption      = import − export + production
 *   self-consumption = (production − export) / production   (share of the production used at home)
 *   self-sufficiency = (consumption − import) / consumption (share of the use the panels covered)
 *
 * A slot counts only when both channels hold a whole value for it (missing or partial slots are
 * left out and counted), so a day with a gap in either channel gives the ratios of the slots that
 * are known, with `skippedSlots` saying so. When the two channels have different slot lengths (a
 * portal's daily totals against the meter's quarter-hours), they are paired on the longer slot:
 * a daily production total counts against the whole day's quarter-hours, only when all of those
 * are known. A battery's charge and discharge stay inside the home: they are part of the
 * consumption this formula gives (the `battery` channel is not read here).
 */
import { type DayBucket, Quality, roundMilli } from "./day_bucket.ts";

export interface SelfUse {
  /** Produced in the paired slots. */
  productionKWh: number;
  /** Produced and not fed into the grid: production − export, never below 0 nor above production. */
  selfUsedKWh: number;
  /** Taken from the grid in the paired slots. */
  importKWh: number;
  /** Paired slots (of the longer slot length where the channels differ). */
  slots: number;
  /** Slots where one channel holds data and the other does not (or only part of it). */
  skippedSlots: number;
}

export function emptySelfUse(): SelfUse {
  return { productionKWh: 0, selfUsedKWh: 0, importKWh: 0, slots: 0, skippedSlots: 0 };
}

const whole = (q: Quality) => q >= Quality.estimated;

/** Sums of `[from, to)` of a bucket when every slot there is whole, else `null`. */
function wholeSum(bucket: DayBucket, from: number, to: number) {
  let importKWh = 0;
  let exportKWh = 0;
  for (let i = from; i < to; i++) {
    if (!whole(bucket.quality[i]) || bucket.imported[i] === null) return null;
    importKWh += bucket.imported[i]!;
    exportKWh += bucket.exported[i] ?? 0;
  }
  return { importKWh, exportKWh };
}

function dataSlots(bucket: DayBucket, from: number, to: number) {
  let n = 0;
  for (let i = from; i < Math.min(to, bucket.quality.length); i++) {
    if (bucket.quality[i] !== Quality.missing) n++;
  }
  return n;
}

function addPair(acc: SelfUse, productionKWh: number, importKWh: number, exportKWh: number) {
  const selfUsed = Math.min(productionKWh, Math.max(0, productionKWh - exportKWh));
  acc.productionKWh += productionKWh;
  acc.selfUsedKWh += selfUsed;
  acc.importKWh += importKWh;
  acc.slots++;
}

/**
 * Adds one local day of `grid` and `pv` to `acc`. `from`/`to` (in the grid's quarter slots)
 * narrow it to part of the day, where both are quarter-hours (an hour's bar).
 */
export function addSelfUse(
  acc: SelfUse,
  grid: DayBucket | undefined,
  pv: DayBucket | undefined,
  from?: number,
  to?: number,
): SelfUse {
  if (!grid || !pv) {
    // One channel without the other: nothing to pair, and worth saying when the other has data.
    const only = grid ?? pv;
    if (only) acc.skippedSlots += dataSlots(only, from ?? 0, to ?? only.quality.length);
    return acc;
  }
  const [fine, coarse] = grid.slotMinutes <= pv.slotMinutes ? [grid, pv] : [pv, grid];
  const perCoarse = fine.quality.length / coarse.quality.length;
  if (!Number.isInteger(perCoarse)) {
    throw new Error(`${grid.day}: ${grid.slotMinutes}- and ${pv.slotMinutes}-minute slots differ`);
  }
  // A sub-day range is only meaningful on the coarse slots it covers whole.
  const start = Math.ceil((from ?? 0) / perCoarse);
  const end = Math.floor((to ?? fine.quality.length) / perCoarse);
  for (let j = start; j < end; j++) {
    const f = wholeSum(fine, j * perCoarse, (j + 1) * perCoarse);
    const c = wholeSum(coarse, j, j + 1);
    if (f === null || c === null) {
      if (dataSlots(fine, j * perCoarse, (j + 1) * perCoarse) + dataSlots(coarse, j, j + 1) > 0) {
        acc.skippedSlots++;
      }
      continue;
    }
    const [g, p] = fine === grid ? [f, c] : [c, f];
    addPair(acc, p.importKWh, g.importKWh, g.exportKWh);
  }
  return acc;
}

export interface SelfUseFigures {
  productionKWh: number;
  selfUsedKWh: number;
  /** import − export + production, over the paired slots. */
  consumptionKWh: number;
  /** (production − export) / production; `null` without production. */
  selfConsumption: number | null;
  /** (consumption − import) / consumption; `null` without consumption. */
  selfSufficiency: number | null;
  /** Some slots with data in one channel were left out (the other had none for them). */
  partial: boolean;
}

/** The ratios of what was added; `null` when no slot had both channels. */
export function selfUseFigures(acc: SelfUse): SelfUseFigures | null {
  if (acc.slots === 0) return null;
  const consumptionKWh = acc.importKWh + acc.selfUsedKWh;
  return {
    productionKWh: roundMilli(acc.productionKWh),
    selfUsedKWh: roundMilli(acc.selfUsedKWh),
    consumptionKWh: roundMilli(consumptionKWh),
    selfConsumption: acc.productionKWh > 0 ? acc.selfUsedKWh / acc.productionKWh : null,
    selfSufficiency: consumptionKWh > 0 ? acc.selfUsedKWh / consumptionKWh : null,
    partial: acc.skippedSlots > 0,
  };
}
