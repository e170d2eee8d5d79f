/**
 * What a parsed P1 reading gives the energy code: the meter's registers for the quarter-hour
 * accumulator, and one second's values for the raw store. The energy code knows no P1.
 */
import type { RegisterReading } from "../energy/accumulator.ts";
import type { RawField } from "../energy/raw_chunk.ts";
import type { Reading } from "./reading.ts";
import { instantMs } from "./timestamp.ts";

/**
 * The registers of a parsed P1 reading (tariff 1 = day, 2 = night in Belgium), if it has them;
 * a meter without tariff registers counts by its totals (1.8.0, 2.8.0). A DSMR 2.2/3.0 meter
 * sends no time (no `0-0:1.0.0`, no version line): its readings count at `receivedAtMs`, when
 * they arrived — a few seconds late at worst (an Iskra MT382's telegram is whole only when the
 * next one starts, 10 s on), where a quarter boundary falls.
 */
export function registerReadingOf(
  reading: Reading,
  receivedAtMs: number | null = null,
): RegisterReading | null {
  const atMs = instantMs(reading.meterTime) ??
    (reading.version === null && reading.meterTime === null ? receivedAtMs : null);
  const { t1: importDayKWh, t2: importNightKWh, total: importTotalKWh } = reading.importKWh;
  const { t1: exportDayKWh, t2: exportNightKWh, total: exportTotalKWh } = reading.exportKWh;
  // Both totals or none: a missing export register read as 0 would look like a reset meter.
  if (
    atMs !== null && importDayKWh === undefined && importNightKWh === undefined &&
    importTotalKWh !== undefined && exportTotalKWh !== undefined
  ) {
    return {
      atMs,
      importDayKWh: importTotalKWh,
      importNightKWh: 0,
      exportDayKWh: exportTotalKWh,
      exportNightKWh: 0,
      tariff: reading.tariff,
      totalOnly: true,
    };
  }
  if (
    atMs === null || importDayKWh === undefined || importNightKWh === undefined ||
    exportDayKWh === undefined || exportNightKWh === undefined
  ) return null;
  return {
    atMs,
    importDayKWh,
    importNightKWh,
    exportDayKWh,
    exportNightKWh,
    tariff: reading.tariff,
  };
}

/** One second's values of a reading, by field (`NaN` where the meter did not send it). */
export function sampleOf(reading: Reading): Record<RawField, number> {
  const phase = (n: 1 | 2 | 3) => reading.phases.find((p) => p.phase === n);
  const watts = (
    kW: number | null | undefined,
  ) => (kW === null || kW === undefined ? NaN : kW * 1000);
  const net = (n: 1 | 2 | 3) => {
    const p = phase(n);
    return p && p.importKW !== null && p.exportKW !== null ? (p.importKW - p.exportKW) * 1000 : NaN;
  };
  return {
    importW: watts(reading.powerKW.import),
    exportW: watts(reading.powerKW.export),
    l1W: net(1),
    l2W: net(2),
    l3W: net(3),
    l1V: phase(1)?.voltageV ?? NaN,
    l2V: phase(2)?.voltageV ?? NaN,
    l3V: phase(3)?.voltageV ?? NaN,
    l1A: phase(1)?.currentA ?? NaN,
    l2A: phase(2)?.currentA ?? NaN,
    l3A: phase(3)?.currentA ?? NaN,
  };
}
