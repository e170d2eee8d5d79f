/**
 * The settings page's sentences about the device's data: what it holds, what a deletion takes
 * ("284 kwartieren van meter 5414… van 29 maart tot en met 31 maart 2024 worden gewist"), who it
 * reaches, what "delete everything" removes, what a restore brought back. Counts and periods come
 * from `lib/db/local_data.ts`; the island only shows these texts.
 */
import type { LocalDay } from "../energy/calendar.ts";
import { localDayOf } from "../energy/calendar.ts";
import type {
  DataTarget,
  DeletionPlan,
  DeletionReach,
  DeviceContents,
  SlotCounts,
} from "../db/local_data.ts";
import type { RestoreSummary } from "../db/export_file.ts";
import type { Meter } from "../db/models.ts";
import type { Channel } from "../energy/day_bucket.ts";
import { formatBytes, formatLocalDay, formatNumber } from "../i18n/format.ts";
import { fill, type Locale, type Messages } from "../i18n/messages.ts";
import type { Plural } from "../i18n/template.ts";

type Settings = Messages["settings"];

const LIST_LOCALES: Record<Locale, string> = { nl: "nl-BE", fr: "fr-BE", en: "en-GB" };

/** `a, b en c` in the user's language. */
function list(loc: Locale, items: string[]): string {
  return new Intl.ListFormat(LIST_LOCALES[loc], { type: "conjunction" }).format(items);
}

/** `2.972 kwartieren`: a plural message with the count written in the user's locale. */
function counted(loc: Locale, message: Plural<"n" | "count">, n: number): string {
  return fill(message, { n, count: formatNumber(loc, n, 0) });
}

/** How people know a meter: its EAN, else its P1 equipment id, else its id. */
export function meterName(meter: Meter): string {
  return meter.ean ?? meter.equipmentId ?? meter.id.replace(/^p1:/, "");
}

/** `van meter 5414…`, `van de meters 5414… en E004…`, or the channel's own (`van het net`). */
export function dataOf(s: Settings, loc: Locale, channel: Channel, meters: Meter[]): string {
  if (meters.length === 1) return fill(s.of.meter, { id: meterName(meters[0]) });
  if (meters.length > 1) return fill(s.of.meters, { ids: list(loc, meters.map(meterName)) });
  return s.of[channel];
}

/** `van 29 maart tot en met 31 maart 2024`; the first year only when the years differ. */
export function periodText(s: Settings, loc: Locale, from: LocalDay, to: LocalDay): string {
  if (from === to) return fill(s.periodDay, { day: formatLocalDay(loc, from, "long") });
  const sameYear = from.slice(0, 4) === to.slice(0, 4);
  return fill(s.period, {
    from: formatLocalDay(loc, from, sameYear ? "dayMonth" : "long"),
    to: formatLocalDay(loc, to, "long"),
  });
}

/** The choice in the list: `Elektriciteit — meter 5414… (29 maart 2024 – 1 april 2024)`. */
export function targetLabel(s: Settings, loc: Locale, target: DataTarget): string {
  const from = formatLocalDay(loc, target.from, "long");
  const to = formatLocalDay(loc, target.to, "long");
  const channel = s.channel[target.channel];
  if (target.meters.length === 0) return fill(s.targetNoMeter, { channel, from, to });
  const names = target.meters.map(meterName);
  const meters = names.length === 1
    ? fill(s.meterName, { id: names[0] })
    : fill(s.meterNames, { ids: list(loc, names) });
  return fill(s.target, { channel, meters, from, to });
}

/** `2.972 kwartieren en 3 dagtotalen`; empty when no slot holds a value. */
export function slotAmount(s: Settings, loc: Locale, slots: SlotCounts): string {
  const parts: string[] = [];
  if (slots.quarters > 0) parts.push(counted(loc, s.count.quarters, slots.quarters));
  if (slots.hours > 0) parts.push(counted(loc, s.count.hours, slots.hours));
  if (slots.days > 0) parts.push(counted(loc, s.count.days, slots.days));
  return list(loc, parts);
}

export interface DeletionView {
  /** Whether anything would go; when not, `sentence` says there is nothing. */
  hasData: boolean;
  /** The sentence to confirm. */
  sentence: string;
  /** About the one-second readings that go with it; `null` when none do. */
  raw: string | null;
  /** Who the deletion reaches. */
  reach: string;
  /** Whether the user may go ahead (not on a synced site they may not delete from). */
  allowed: boolean;
}

/** What the confirmation says about a planned deletion, with `rawHours` counted by the app. */
export function deletionView(
  m: Messages,
  loc: Locale,
  plan: DeletionPlan,
  rawHours: number,
  reach: DeletionReach,
  siteName: string,
): DeletionView {
  const s = m.settings;
  const what = dataOf(s, loc, plan.channel, plan.meters);
  const amount = slotAmount(s, loc, plan.slots);
  const total = plan.slots.quarters + plan.slots.hours + plan.slots.days;
  const hasData = plan.ids.length > 0;
  const sentence = hasData && plan.firstDay !== null && plan.lastDay !== null
    ? fill(s.deleteConfirm, {
      n: total,
      amount: amount || counted(loc, s.count.energyDays, plan.ids.length),
      what,
      period: periodText(s, loc, plan.firstDay, plan.lastDay),
    })
    : fill(s.deleteNone, { what });
  return {
    hasData,
    sentence,
    raw: hasData && rawHours > 0 ? counted(loc, s.deleteRaw, rawHours) : null,
    reach: fill(s.reach[reach], { site: siteName }),
    allowed: reach !== "refused",
  };
}

/** After the deletion: `Gewist: 284 kwartieren en 12 uur seconde-metingen.` */
export function deletedSentence(
  m: Messages,
  loc: Locale,
  plan: DeletionPlan,
  rawHours: number,
): string {
  const s = m.settings;
  const parts = [
    slotAmount(s, loc, plan.slots) || counted(loc, s.count.energyDays, plan.ids.length),
  ];
  if (rawHours > 0) parts.push(counted(loc, s.count.rawHours, rawHours));
  return fill(s.deleted, { what: list(loc, parts) });
}

/** The non-zero parts of what the device holds: `4 dagen meetgegevens, 1 meter en …`. */
function contentsParts(s: Settings, loc: Locale, contents: DeviceContents, rawHours: number) {
  const parts: string[] = [];
  if (contents.energyDays > 0) parts.push(counted(loc, s.count.energyDays, contents.energyDays));
  if (contents.meters > 0) parts.push(counted(loc, s.count.meters, contents.meters));
  if (contents.tariffVersions > 0) {
    parts.push(counted(loc, s.count.tariffVersions, contents.tariffVersions));
  }
  if (contents.priceDays > 0) parts.push(counted(loc, s.count.priceDays, contents.priceDays));
  if (rawHours > 0) parts.push(counted(loc, s.count.rawHours, rawHours));
  return parts;
}

/** `Op dit toestel: 4 dagen meetgegevens en 1 meter.` */
export function holdsSentence(
  m: Messages,
  loc: Locale,
  contents: DeviceContents,
  rawHours: number,
): string {
  const parts = contentsParts(m.settings, loc, contents, rawHours);
  return parts.length === 0
    ? m.settings.holdsNothing
    : fill(m.settings.holds, { what: list(loc, parts) });
}

/**
 * The confirmation of "delete everything": what goes, and what it means for the server — nothing
 * there is deleted; signed in, a site's data comes back when it is opened; signed out with data
 * of synced sites, when the user signs in again; with this device's own data only, it is gone.
 */
export function wipeView(
  m: Messages,
  loc: Locale,
  contents: DeviceContents,
  rawHours: number,
  signedIn: boolean,
): { sentence: string; server: string; keeps: string } {
  const s = m.settings;
  const parts = [...contentsParts(s, loc, contents, rawHours), s.count.settings];
  return {
    sentence: fill(s.wipeConfirm, { what: list(loc, parts) }),
    server: signedIn
      ? s.wipeSignedIn
      : contents.otherSitesEnergyDays > 0
      ? s.wipeSignedOut
      : s.wipeLocal,
    keeps: s.wipeKeeps,
  };
}

/** `Teruggezet: 4 dagen meetgegevens, 1 tariefversie en 3 uur seconde-metingen.` */
export function restoredSentence(
  m: Messages,
  loc: Locale,
  summary: RestoreSummary,
  rawHours: number,
): string {
  const parts = contentsParts(m.settings, loc, { ...summary, otherSitesEnergyDays: 0 }, rawHours);
  return parts.length === 0
    ? m.settings.restoredNothing
    : fill(m.settings.restored, { what: list(loc, parts) });
}

/** Roughly what the one-second readings add to an export: ~212 KB of text per hour. */
export function rawExportBytes(rawHours: number): number {
  return rawHours * 212_000;
}

/** `thuisenergie-2024-06-12.json`, by the Brussels day it was made. */
export function exportFileName(nowMs: number): string {
  return `thuisenergie-${localDayOf(nowMs)}.json`;
}

/** `Ook de seconde-metingen (744 uur, ongeveer 158 MB)`. */
export function rawExportLabel(m: Messages, loc: Locale, rawHours: number): string {
  return fill(m.settings.exportRaw, {
    n: rawHours,
    count: formatNumber(loc, rawHours, 0),
    size: formatBytes(loc, rawExportBytes(rawHours)),
  });
}
