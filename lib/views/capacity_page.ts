/**
 * Every figure of the capacity page, from what is stored and what the meter says now: the
 * running quarter and where it heads, this month's peak, the warning (`capacityAlert`), the
 * 12-month basis and what it costs under the tariff in force, the months with their bars, and
 * the what-if of capped peaks.
 */
import {
  addMonths,
  daysInMonth,
  type LocalDay,
  type LocalMonth,
  QUARTER_MS,
} from "../energy/calendar.ts";
import type { TariffVersion } from "../tariff/contract.ts";
import { tariffInForce } from "../tariff/cost.ts";
import { type CapacityAlert, capacityAlert } from "../capacity/alert.ts";
import {
  type CapacityBasis,
  capacityBasis,
  capacityWhatIf,
  monthlyCapacityEur,
} from "../capacity/annual.ts";
import {
  MINIMUM_MONTH_PEAK_KW,
  projectQuarter,
  type QuarterProjection,
} from "../capacity/quarter.ts";

export interface PeakOfMonth {
  kW: number;
  /** Where the figure comes from: the meter's own history, or the stored quarter-hours. */
  source: "meter" | "quarters";
}

export interface CapacityPageInput {
  /** The last month shown (this month, or the newest with data). */
  month: LocalMonth;
  peaks: Map<LocalMonth, PeakOfMonth>;
  versions: TariffVersion[];
  /** What the meter says now; all `null` without a live meter. */
  live: {
    meterTimeMs: number | null;
    /** `1-0:1.4.0`, on meters that send it. */
    currentAverageKW: number | null;
    /**
     * The recorder's count of the running quarter, for meters without 1.4.0; `null` unless it
     * counted from the quarter's start (connected mid-quarter, the count is only part of it).
     */
    registerQuarterKWh: number | null;
    importKW: number | null;
    monthPeak: { kW: number; at: string | null } | null;
  };
  limitKW: number | null;
  whatIf: { capKW: number | null; from: LocalMonth; to: LocalMonth };
  today: LocalDay;
}

export interface CapacityMonthRow {
  month: LocalMonth;
  peakKW: number | null;
  /** What the month counts for: its peak, at least the 2.5 kW floor. */
  countedKW: number | null;
  /** The bar's length, in % of the longest (floor included). */
  barPct: number | null;
  source: PeakOfMonth["source"] | null;
}

export interface CapacityPage {
  quarter: QuarterProjection | null;
  /** When the running quarter began (epoch ms): one notification per quarter. */
  quarterStartMs: number | null;
  monthPeak: { kW: number; at: string | null } | null;
  alert: CapacityAlert | null;
  basis: CapacityBasis;
  /** The yearly rate of the tariff in force at the month's end (today, for this month). */
  rateEurPerKWYear: number | null;
  perMonthEur: number | null;
  perYearEur: number | null;
  /** The 13 months up to `month`, oldest first. */
  months: CapacityMonthRow[];
  whatIfSavedEur: number | null;
}

export function capacityPage(input: CapacityPageInput): CapacityPage {
  const { month, peaks, live } = input;
  let quarter: QuarterProjection | null = null;
  if (live.meterTimeMs !== null) {
    const averageKW = live.currentAverageKW ??
      (live.registerQuarterKWh === null ? null : live.registerQuarterKWh * 4);
    if (averageKW !== null) {
      quarter = projectQuarter(live.meterTimeMs, averageKW, live.importKW ?? 0);
    }
  }
  const stored = peaks.get(month);
  const monthPeak = live.monthPeak ?? (stored ? { kW: stored.kW, at: null } : null);
  const monthEnd = `${month}-${daysInMonth(month)}`;
  const tariff = tariffInForce(input.versions, monthEnd < input.today ? monthEnd : input.today);
  const rate = tariff?.distribution.capacityEurPerKWYear ?? null;
  const basis = capacityBasis(month, peaks);
  const rows = Array.from({ length: 13 }, (_, i) => addMonths(month, i - 12)).map((m) => {
    const peak = peaks.get(m);
    return { month: m, peak };
  });
  const longestKW = Math.max(MINIMUM_MONTH_PEAK_KW, ...rows.map((r) => r.peak?.kW ?? 0)) * 1.1;
  const { capKW, from, to } = input.whatIf;
  return {
    quarter,
    quarterStartMs: live.meterTimeMs === null
      ? null
      : live.meterTimeMs - (live.meterTimeMs % QUARTER_MS),
    monthPeak,
    alert: capacityAlert(quarter?.projectedKW ?? null, monthPeak?.kW ?? null, input.limitKW),
    basis,
    rateEurPerKWYear: rate,
    perMonthEur: rate === null ? null : monthlyCapacityEur(basis.averageKW, rate),
    perYearEur: rate === null ? null : basis.averageKW * rate,
    months: rows.map(({ month: m, peak }) => ({
      month: m,
      peakKW: peak?.kW ?? null,
      countedKW: peak ? Math.max(peak.kW, MINIMUM_MONTH_PEAK_KW) : null,
      barPct: peak ? (peak.kW / longestKW) * 100 : null,
      source: peak?.source ?? null,
    })),
    whatIfSavedEur: rate !== null && capKW !== null && from <= to
      ? capacityWhatIf(from, to, peaks, rate, capKW).savedEur
      : null,
  };
}
