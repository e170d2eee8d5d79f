/**
 * Synthetic production for the fault tests: months of quarter-hours of a 4 kW array under a
 * made-up sun (a day of 8 h in December to 16 h in June around 12:00 UTC), clear and cloudy days
 * from a seeded generator, and ±4 % weather noise per quarter on what was measured.
 */
import { addDays, dayStartMs, type LocalDay, slotsInDay } from "../../../lib/energy/calendar.ts";
import type { ProductionQuarter } from "../../../lib/solar/faults.ts";

export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Clear-sky power of the made-up array at an instant, in W. */
export function clearSkyW(ms: number, peakW = 4000): number {
  const dayOfYear = (ms - Date.UTC(new Date(ms).getUTCFullYear(), 0, 1)) / 86_400_000;
  const season = Math.cos((2 * Math.PI * (dayOfYear - 172)) / 365);
  const lengthH = 12 + 4 * season;
  const hourUtc = (ms % 86_400_000) / 3_600_000;
  const sinceSunrise = hourUtc - (12 - lengthH / 2);
  if (sinceSunrise <= 0 || sinceSunrise >= lengthH) return 0;
  return peakW * (0.6 + 0.4 * season) * Math.sin((Math.PI * sinceSunrise) / lengthH) ** 1.5;
}

export interface SeriesOptions {
  from: LocalDay;
  days: number;
  seed: number;
  /** Share of cloudy days. */
  cloudyShare?: number;
  /**
   * What the measured energy becomes, quarter by quarter (faults are injected here). `utcTime`
   * is the quarter's start as UTC `HH:MM`: the sun, and so a shade, keeps to UTC, not to the
   * Brussels clock that jumps an hour at the DST changes.
   */
  fault?: (
    q: { day: LocalDay; dayIndex: number; utcTime: string; kWh: number },
  ) => number | null;
  peakW?: number;
}

/** The quarters, with the expectation under the observed weather and a clear flag per day. */
export function syntheticSeries(options: SeriesOptions): ProductionQuarter[] {
  const random = seeded(options.seed);
  const quarters: ProductionQuarter[] = [];
  let day = options.from;
  for (let d = 0; d < options.days; d++, day = addDays(day, 1)) {
    const cloudy = random() < (options.cloudyShare ?? 0.3);
    // Clear days: clear-sky index 0.9–1; cloudy ones 0.2–0.6.
    const index = cloudy ? 0.2 + 0.4 * random() : 0.9 + 0.1 * random();
    const start = dayStartMs(day);
    for (let i = 0; i < slotsInDay(day); i++) {
      const startMs = start + i * 900_000;
      const expectedKWh = (clearSkyW(startMs + 450_000, options.peakW) * index) / 4000;
      // The installation makes 90 % of the model's figure, ±4 % per quarter; more under clouds.
      const noise = cloudy ? 0.3 * (random() - 0.5) : 0.08 * (random() - 0.5);
      const madeKWh = expectedKWh * 0.9 * (1 + noise);
      // `null`: the quarter is missing (the inverter did not answer).
      const kWh = options.fault
        ? options.fault({ day, dayIndex: d, utcTime: utcTimeOf(startMs), kWh: madeKWh })
        : madeKWh;
      quarters.push({ startMs, measuredKWh: kWh, expectedKWh, clear: !cloudy });
    }
  }
  return quarters;
}

/** UTC `HH:MM` of an instant. */
export function utcTimeOf(ms: number): string {
  return new Date(ms).toISOString().slice(11, 16);
}
