/** Storing a parsed inverter-portal export: its pv buckets, and the summary the user sees. */
import type { LocalDay } from "../energy/calendar.ts";
import type { PvCsvImport, PvCsvLayout } from "../solar/pv_csv.ts";
import type { EnergyDatabase } from "./database.ts";
import { saveBuckets } from "./energy_repo.ts";

export interface PvImportSummary {
  layout: PvCsvLayout;
  /** 1440 (daily totals), 60 or 15. */
  slotMinutes: number;
  from: LocalDay;
  to: LocalDay;
  days: number;
  totalKWh: number;
  /** Rows the file left empty (`NaN`): kept missing. */
  missingRows: number;
  /** Days stored or changed; 0 when the same file was imported before. */
  writtenDays: number;
  /** Slots where the file and what was stored from another source (the gateway) differ. */
  disagreements: number;
}

/** Merges the buckets by quality into the stored ones, in one bulk write (all or nothing). */
export async function storePvImport(
  db: EnergyDatabase,
  parsed: PvCsvImport,
  nowMs = Date.now(),
): Promise<PvImportSummary> {
  const outcome = await saveBuckets(db, parsed.buckets, nowMs);
  return {
    layout: parsed.layout,
    slotMinutes: parsed.slotMinutes,
    from: parsed.from,
    to: parsed.to,
    days: parsed.days,
    totalKWh: parsed.totalKWh,
    missingRows: parsed.missingRows,
    writtenDays: outcome.writtenDays,
    disagreements: outcome.disagreements.length,
  };
}
