/**
 * What "Eco x %" the household's own surplus could carry: over the last three weeks of quarter-
 * hours, the energy the house fed into the grid each day, as much of it as the car could have taken
 * (at most its charge power in each quarter, at most one session's energy a day), against the
 * car's typical session. The result is numbers only, shaped for one sentence the UI words with its
 * i18n template, e.g. "De injectie van de voorbije 21 dagen had gemiddeld 6,2 van de 12 kWh per
 * laadbeurt kunnen leveren: Eco 51 % was haalbaar."
 */
import { addDays, type LocalDay } from "../../energy/calendar.ts";
import { type DayBucket, Quality } from "../../energy/day_bucket.ts";

/** The window looked back over (days), ending the day before `today`. */
export const ECO_ESTIMATE_DAYS = 21;

export interface EcoEstimate {
  /** The eco share (whole %, rounded down) the surplus would have carried on average. */
  pct: number;
  /** The surplus a session would have taken on average (kWh), and the session it is out of. */
  solarKWh: number;
  sessionKWh: number;
  /** The days with quarter-hour data the average is over (of `ECO_ESTIMATE_DAYS`), and the window. */
  days: number;
  fromDay: LocalDay;
  toDay: LocalDay;
}

/**
 * The estimate from the grid channel's quarter-hour buckets (other days and channels are ignored).
 * `chargeKW` caps what the car could take in one quarter. `null` when the window holds no data.
 */
export function estimateEcoShare(
  buckets: Iterable<DayBucket>,
  today: LocalDay,
  sessionKWh: number,
  chargeKW: number,
): EcoEstimate | null {
  const fromDay = addDays(today, -ECO_ESTIMATE_DAYS);
  const toDay = addDays(today, -1);
  const perQuarterKWh = chargeKW / 4;
  let days = 0;
  let solarKWh = 0;
  for (const bucket of buckets) {
    if (bucket.channel !== "grid" || bucket.slotMinutes !== 15) continue;
    if (bucket.day < fromDay || bucket.day > toDay) continue;
    let dayKWh = 0;
    let known = false;
    bucket.exported.forEach((kWh, i) => {
      if (kWh === null || bucket.quality[i] === Quality.missing) return;
      known = true;
      dayKWh += Math.min(kWh, perQuarterKWh);
    });
    if (!known) continue;
    days++;
    solarKWh += Math.min(dayKWh, sessionKWh);
  }
  if (days === 0 || sessionKWh <= 0) return null;
  const perSession = solarKWh / days;
  return {
    pct: Math.floor((perSession / sessionKWh) * 100 + 1e-9),
    solarKWh: perSession,
    sessionKWh,
    days,
    fromDay,
    toDay,
  };
}
