/**
 * The Europe/Brussels clock by the EU rule: summer time (UTC+2) from the last Sunday of March to
 * the last Sunday of October, the change at 01:00 UTC; winter time (UTC+1) otherwise. The one
 * rule both the energy calendar and P1 timestamps use, so they can never disagree on an hour.
 */

/** Day of month of the last Sunday of a month (UTC calendar arithmetic, no Date parsing). */
function lastSunday(year: number, month: number): number {
  const lastDay = new Date(Date.UTC(year, month, 0));
  return lastDay.getUTCDate() - lastDay.getUTCDay();
}

/**
 * UTC offset in minutes of a Europe/Brussels wall time: summer time from the last Sunday of March
 * 02:00 to the last Sunday of October 03:00. The repeated autumn hour resolves to winter time, the
 * skipped spring hour to summer time.
 */
export function brusselsOffsetOfWallTime(
  year: number,
  month: number,
  day: number,
  hour: number,
): number {
  if (month < 3 || month > 10) return 60;
  if (month > 3 && month < 10) return 120;
  if (month === 3) {
    const change = lastSunday(year, 3);
    return day > change || (day === change && hour >= 2) ? 120 : 60;
  }
  const change = lastSunday(year, 10);
  return day < change || (day === change && hour < 2) ? 120 : 60;
}

/** Last Sunday of a month at 01:00 UTC: when EU clocks change. */
function changeInstantUtc(year: number, month: number): number {
  return Date.UTC(year, month - 1, lastSunday(year, month), 1);
}

/** The summer-time span of the year last asked for (a year of quarters asks 35 040 times). */
let summer = { year: NaN, fromMs: 0, toMs: 0 };

/** Europe/Brussels UTC offset in minutes at an instant (EU rule: changes at 01:00 UTC). */
export function brusselsOffsetAt(utcMs: number): number {
  const year = new Date(utcMs).getUTCFullYear();
  if (year !== summer.year) {
    summer = { year, fromMs: changeInstantUtc(year, 3), toMs: changeInstantUtc(year, 10) };
  }
  return utcMs >= summer.fromMs && utcMs < summer.toMs ? 120 : 60;
}
