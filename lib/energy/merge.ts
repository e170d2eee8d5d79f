/**
 * Merging a day bucket into the stored one, slot by slot: a better quality wins (validated >
 * measured > estimated > partial > missing), a missing slot never erases a value, and two
 * measurements from different sources that differ are reported, not silently dropped.
 */
import { type DayBucket, Quality, type SlotAlternative, type Source } from "./day_bucket.ts";

/** Quarters may differ by the registers' rounding (1 Wh each end) before they disagree. */
export const DISAGREEMENT_TOLERANCE_KWH = 0.002;

export interface Disagreement {
  day: string;
  slot: number;
  stored: { importKWh: number | null; exportKWh: number | null; source: Source };
  offered: { importKWh: number | null; exportKWh: number | null; source: Source };
}

export interface MergeResult {
  bucket: DayBucket;
  /** Slots whose value or quality changed. */
  changedSlots: number;
  /** Whether anything changed (slots, or a disagreeing value recorded): write when true. */
  changed: boolean;
  disagreements: Disagreement[];
}

function differs(a: number | null, b: number | null): boolean {
  if (a === null || b === null) return a !== b;
  return Math.abs(a - b) > DISAGREEMENT_TOLERANCE_KWH;
}

/** `incoming` merged into `stored` (which is not modified); `updatedAt` becomes `nowMs`. */
export function mergeBucket(
  stored: DayBucket | undefined,
  incoming: DayBucket,
  nowMs: number,
): MergeResult {
  if (stored === undefined) {
    const changedSlots = incoming.quality.filter((q) => q !== Quality.missing).length;
    return {
      bucket: { ...incoming, updatedAt: nowMs },
      changedSlots,
      changed: true,
      disagreements: [],
    };
  }
  if (stored.quality.length !== incoming.quality.length || stored.unit !== incoming.unit) {
    throw new Error(`bucket ${stored.id}: slots or unit differ, cannot merge`);
  }
  const merged: DayBucket = {
    ...stored,
    imported: [...stored.imported],
    exported: [...stored.exported],
    quality: [...stored.quality],
    register: [...stored.register],
    source: [...stored.source],
  };
  let changedSlots = 0;
  const disagreements: Disagreement[] = [];
  // Disagreeing values are kept beside the winner, one per slot and source.
  const others = new Map<string, SlotAlternative>();
  for (const alt of [...(stored.others ?? []), ...(incoming.others ?? [])]) {
    others.set(`${alt.slot}|${alt.source}`, alt);
  }
  const keepOther = (alt: SlotAlternative) => others.set(`${alt.slot}|${alt.source}`, alt);
  for (let i = 0; i < incoming.quality.length; i++) {
    const offeredQuality = incoming.quality[i];
    if (offeredQuality === Quality.missing) continue;
    const storedQuality = stored.quality[i];
    const importChanged = differs(stored.imported[i], incoming.imported[i]);
    const exportChanged = differs(stored.exported[i], incoming.exported[i]);
    if (
      storedQuality >= Quality.measured && offeredQuality >= Quality.measured &&
      stored.source[i] !== incoming.source[i] && (importChanged || exportChanged)
    ) {
      disagreements.push({
        day: stored.day,
        slot: i,
        stored: {
          importKWh: stored.imported[i],
          exportKWh: stored.exported[i],
          source: stored.source[i],
        },
        offered: {
          importKWh: incoming.imported[i],
          exportKWh: incoming.exported[i],
          source: incoming.source[i],
        },
      });
      const storedLoses = offeredQuality >= storedQuality;
      const loser = storedLoses ? stored : incoming;
      keepOther({
        slot: i,
        source: loser.source[i],
        quality: loser.quality[i],
        importKWh: loser.imported[i],
        exportKWh: loser.exported[i],
      });
      if (storedLoses) others.delete(`${i}|${incoming.source[i]}`);
    }
    if (offeredQuality < storedQuality) continue;
    const same = !importChanged && !exportChanged && offeredQuality === storedQuality &&
      stored.imported[i] === incoming.imported[i] && stored.exported[i] === incoming.exported[i] &&
      stored.register[i] === incoming.register[i] && stored.source[i] === incoming.source[i];
    if (same) continue;
    merged.imported[i] = incoming.imported[i];
    merged.exported[i] = incoming.exported[i];
    merged.quality[i] = offeredQuality;
    merged.register[i] = incoming.register[i];
    merged.source[i] = incoming.source[i];
    changedSlots++;
  }
  const kept = [...others.values()].sort((a, b) => a.slot - b.slot || a.source - b.source);
  const othersChanged = JSON.stringify(kept) !== JSON.stringify(stored.others ?? []);
  if (changedSlots === 0 && !othersChanged) {
    return { bucket: stored, changedSlots, changed: false, disagreements };
  }
  if (kept.length > 0) merged.others = kept;
  else delete merged.others;
  merged.updatedAt = nowMs;
  return { bucket: merged, changedSlots, changed: true, disagreements };
}
