/** One P1 telegram, parsed. Instants are ISO 8601 strings with their UTC offset. */

/** `BE`: Belgian e-MUCS (detected by `0-0:96.1.4`); `NL`: Dutch DSMR (and anything else). */
export type MeterProfile = "BE" | "NL";

export type BreakerState = "disconnected" | "connected" | "ready";

export type MBusKind = "gas" | "water" | "heat" | "electricity" | "other" | "unknown";

export interface PhaseReading {
  phase: 1 | 2 | 3;
  importKW: number | null;
  exportKW: number | null;
  voltageV: number | null;
  currentA: number | null;
}

export interface MonthPeak {
  /** Start of the peak quarter-hour (or the moment the meter logged it), `null` if unknown. */
  at: string | null;
  kW: number;
}

export interface MonthPeakHistoryEntry extends MonthPeak {
  /** The month (`YYYY-MM`, Brussels calendar) this peak belongs to. */
  month: string | null;
}

/** The capacity-tariff objects of a Belgian meter (e-MUCS 1.7+). */
export interface DemandReading {
  /** `1-0:1.4.0`: energy imported so far in the running quarter-hour ÷ 15 min. */
  currentAverageKW: number | null;
  /** `1-0:1.6.0`: this month's highest quarter-hour average import. */
  monthPeak: MonthPeak | null;
  /** `0-0:98.1.0`: monthly peaks of up to 13 past months, oldest first as sent. */
  history: MonthPeakHistoryEntry[];
}

export interface MBusDevice {
  channel: number;
  kind: MBusKind;
  /** Equipment identifier (`96.1.0` or `96.1.1`), hex-decoded. */
  id: string | null;
  /** Capture time of the value; lags the telegram by minutes for gas. */
  at: string | null;
  value: number | null;
  unit: string | null;
  /** Device type code from `24.1.0` (3 gas, 4 heat, 7 water). */
  type: number | null;
  /** Valve state from `24.4.0`. */
  valve: BreakerState | null;
  /** EAN from `96.1.2` (e-MUCS 2.1). */
  ean: string | null;
}

export interface Reading {
  /** `true`/`false`: checksum checked; `null`: DSMR 2.2/3.0 telegram, which carries none. */
  crcValid: boolean | null;
  profile: MeterProfile;
  /** `0-0:96.1.4` (BE, e.g. `50217`) or `1-3:0.2.8` (NL, e.g. `50`). */
  version: string | null;
  /** The identification line without its `/`. */
  header: string;
  meterTime: string | null;
  equipmentId: string | null;
  /** Active tariff number; see `tariffLabel` for what it means per profile. */
  tariff: number | null;
  /**
   * Meter registers by tariff: `t1` (`1.8.1`), `t2` (`1.8.2`), …, and `total` (`1.8.0`) on meters
   * that send one register only.
   */
  importKWh: Record<string, number>;
  exportKWh: Record<string, number>;
  powerKW: { import: number | null; export: number | null };
  phases: PhaseReading[];
  demand: DemandReading | null;
  mbus: MBusDevice[];
  ean: string | null;
  breaker: BreakerState | null;
  /** `0-0:17.0.0` as sent in kW (DSMR 4+, e-MUCS). */
  limiterKW: number | null;
  /** `0-0:17.0.0` as sent in A (DSMR 2.2/3.0: `(016*A)`). */
  limiterA: number | null;
  fuseThresholdA: number | null;
  message: string | null;
  /** Lines this parser does not interpret, by OBIS code, values as sent. */
  other: Record<string, string | string[]>;
  /**
   * What makes the reading untrustworthy (a bad CRC, no end, an unreadable time or energy
   * register), with the line number; empty for a clean telegram.
   */
  errors: string[];
  /** What was wrong on optional lines, with the line number: their values are `null`. */
  warnings: string[];
}

/** Which word a tariff number stands for: reversed between Belgium and the Netherlands. */
export function tariffName(
  profile: MeterProfile,
  tariff: number | null,
): "day" | "night" | "low" | "normal" | null {
  if (tariff === 1) return profile === "BE" ? "day" : "low";
  if (tariff === 2) return profile === "BE" ? "night" : "normal";
  return null;
}

/** Net grid power in kW: positive while importing, negative while exporting. */
export function netPowerKW(reading: Reading): number | null {
  const { import: importKW, export: exportKW } = reading.powerKW;
  if (importKW === null && exportKW === null) return null;
  return (importKW ?? 0) - (exportKW ?? 0);
}

/**
 * The M-Bus device of a kind that is live: the one with the newest capture time (a dead channel
 * keeps sending a placeholder stamp such as `700101010000W`, read as `null`, and 0), else the
 * first with a value.
 */
export function liveMBusDevice(reading: Reading, kind: MBusKind): MBusDevice | null {
  let live: MBusDevice | null = null;
  for (const device of reading.mbus) {
    if (device.kind !== kind || device.value === null) continue;
    if (
      live === null ||
      (device.at !== null && (live.at === null || Date.parse(device.at) > Date.parse(live.at)))
    ) live = device;
  }
  return live;
}
