/** The cost behind each bar of a history series, from the period's day costs. */
import { dayStartMs } from "../energy/calendar.ts";
import type { Series } from "../energy/series.ts";
import type { PeriodCost } from "./cost.ts";

/**
 * Per bar: for the hours or quarters of a day, what their kWh cost (fees are per day); for the
 * days of a week or month, the day's whole cost; for the months of a year, the month's. `null`
 * where the bar has no data or lies outside the costed days.
 */
export function barCosts(series: Series, cost: PeriodCost): (number | null)[] {
  if (series.kind === "day") {
    const day = cost.days.get(series.from);
    if (day === undefined) return series.bars.map(() => null);
    const start = dayStartMs(series.from);
    return series.bars.map((bar, i) => {
      if (bar.netKWh === null) return null;
      const from = (bar.startMs! - start) / 900_000;
      const next = series.bars[i + 1];
      const to = next ? (next.startMs! - start) / 900_000 : day.slotEur.length;
      let eur = 0;
      for (let slot = from; slot < to; slot++) eur += day.slotEur[slot];
      return eur;
    });
  }
  if (series.kind === "year") {
    return series.bars.map((bar) => {
      let eur: number | null = null;
      for (const [day, dayCost] of cost.days) {
        if (day.startsWith(bar.key)) eur = (eur ?? 0) + dayCost.lines.totalEur;
      }
      return eur;
    });
  }
  return series.bars.map((bar) => cost.days.get(bar.key)?.lines.totalEur ?? null);
}
