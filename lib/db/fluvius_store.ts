/** Storing a parsed Fluvius export: its meter, its buckets, and the summary the user sees. */
import { addBucket, emptyTotals, roundTotals, type Totals } from "../energy/aggregate.ts";
import { Source } from "../energy/day_bucket.ts";
import type { FluviusImport } from "../fluvius/import.ts";
import { FluviusError } from "../fluvius/import.ts";
import type { EnergyDatabase } from "./database.ts";
import { findMeter, saveBuckets, saveMeter } from "./energy_repo.ts";

export interface ImportSummary {
  ean: string;
  kind: FluviusImport["kind"];
  from: string;
  to: string;
  days: number;
  totals: Totals;
  /** Slots without a value inside the file's period. */
  missingSlots: number;
  /** Days stored or changed; 0 when the same file was imported before. */
  writtenDays: number;
  /** Quarters where the file and earlier P1 measurements differ by more than the tolerance. */
  disagreementsWithP1: number;
}

export async function storeFluviusImport(
  db: EnergyDatabase,
  parsed: FluviusImport,
  nowMs = Date.now(),
): Promise<ImportSummary> {
  const known = await findMeter(db, parsed.ean);
  if (known !== null && known.kind !== parsed.kind) {
    // The same EAN was stored before as the other kind of meter.
    throw new FluviusError(known.kind === "gas" ? "notElectricity" : "notGas", 0, parsed.ean);
  }
  const outcome = await saveBuckets(db, parsed.buckets, nowMs);
  if (known === null) {
    await saveMeter(db, {
      id: parsed.ean,
      siteId: parsed.buckets[0].siteId,
      ean: parsed.ean,
      kind: parsed.kind,
      source: "fluvius",
      updatedAt: nowMs,
    });
  }
  const totals = emptyTotals();
  for (const bucket of parsed.buckets) addBucket(totals, bucket);
  return {
    ean: parsed.ean,
    kind: parsed.kind,
    from: parsed.buckets[0].day,
    to: parsed.buckets[parsed.buckets.length - 1].day,
    days: parsed.buckets.length,
    totals: roundTotals(totals),
    missingSlots: parsed.missingSlots,
    writtenDays: outcome.writtenDays,
    disagreementsWithP1:
      outcome.disagreements.filter((d) =>
        d.stored.source === Source.p1 || d.offered.source === Source.p1
      ).length,
  };
}
