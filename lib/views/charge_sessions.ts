/**
 * The charge-session history: sessions filtered by charger, owner and address (and days), grouped
 * per ISO week, month or year of Brussels time — by the local day each session started — with
 * totals per group and over all (exact sums of the printed lines: `lib/sessions/session_lines.ts`).
 */
import type { LocalDay } from "../energy/calendar.ts";
import type { ChargeSession } from "../db/models.ts";
import {
  ownerKey,
  ownerName,
  periodOf,
  type SessionFilter,
  type SessionLine,
  sessionLines,
  type SessionPeriod,
  type SessionTotals,
  sessionTotals,
} from "../sessions/session_lines.ts";

export {
  isoWeekOf,
  ownerKey,
  ownerName,
  periodOf,
  type SessionFilter,
  type SessionLine,
  sessionLines,
  type SessionPeriod,
  type SessionTotals,
  sessionTotals,
} from "../sessions/session_lines.ts";

export interface SessionGroup {
  period: SessionPeriod;
  /** `2025-W23`, `2025-06` or `2025`. */
  key: string;
  /** The group's first and last local day. */
  from: LocalDay;
  to: LocalDay;
  /** Oldest first. */
  lines: SessionLine[];
  totals: SessionTotals;
}

export interface FilterOption {
  value: string;
  label: string;
}

export interface ChargeSessionsView {
  /** Newest first. */
  groups: SessionGroup[];
  totals: SessionTotals;
  /** What the filters can choose from (over all sessions, not only the filtered ones). */
  chargers: FilterOption[];
  owners: FilterOption[];
  addresses: FilterOption[];
}

function options(pairs: [string, string][]): FilterOption[] {
  const byValue = new Map<string, string>();
  for (const [value, label] of pairs) {
    if (value !== "" && !byValue.has(value)) byValue.set(value, label);
  }
  return [...byValue].map(([value, label]) => ({ value, label }))
    .sort((a, b) => a.label.localeCompare(b.label, "nl") || (a.value < b.value ? -1 : 1));
}

/** The history page's figures. */
export function chargeSessionsView(
  sessions: ChargeSession[],
  period: SessionPeriod,
  filter: SessionFilter = {},
): ChargeSessionsView {
  const lines = sessionLines(sessions, filter);
  const groups = new Map<string, SessionGroup>();
  for (const l of lines) {
    const { key, from, to } = periodOf(period, l.day);
    let group = groups.get(key);
    if (group === undefined) {
      group = { period, key, from, to, lines: [], totals: sessionTotals([]) };
      groups.set(key, group);
    }
    group.lines.push(l);
  }
  for (const group of groups.values()) group.totals = sessionTotals(group.lines);
  // Newest first: by the group's first day (ISO week keys sort by it too).
  const sorted = [...groups.values()].sort((a, b) => (a.from < b.from ? 1 : -1));
  // Each session by its newest name: a charger renamed since keeps its old sessions' name there.
  const newestFirst = [...sessions].sort((a, b) => b.startMs - a.startMs);
  return {
    groups: sorted,
    totals: sessionTotals(lines),
    chargers: options(newestFirst.map((s) => [s.deviceId, s.chargerName ?? s.deviceId])),
    owners: options(newestFirst.map((s) => [ownerKey(s), ownerName(s)])),
    addresses: options(newestFirst.map((s) => [s.address ?? "", s.address ?? ""])),
  };
}
