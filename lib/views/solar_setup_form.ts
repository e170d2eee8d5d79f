/**
 * The solar setup form of the settings page: a draft of what is typed (numbers as text, in the
 * user's decimal notation), its validation into a `SolarSetup` with a message per field that
 * says what is wrong and in which group, each group's peak power, the compass choices for the
 * azimuth, and who may edit. The island only binds these.
 */
import { parseDecimalInput } from "../i18n/decimal_input.ts";
import { formatDecimalInput } from "../i18n/decimal_input.ts";
import { fill, type Locale, type Messages } from "../i18n/messages.ts";
import {
  groupPeakW,
  type PanelGroup,
  PanelGroupModel,
  type SolarLocation,
  type SolarSetup,
  solarSetupId,
} from "../solar/solar_setup.ts";
import { canWrite } from "../sync/collections.ts";
import type { Role, Scope } from "../sync/roles.ts";

/** The eight points people name, in compass degrees (0 = north, clockwise). */
export const COMPASS = [
  ["N", 0],
  ["NE", 45],
  ["E", 90],
  ["SE", 135],
  ["S", 180],
  ["SW", 225],
  ["W", 270],
  ["NW", 315],
] as const;
export type CompassPoint = (typeof COMPASS)[number][0];
export type AzimuthChoice = CompassPoint | "other";

export interface GroupDraft {
  id: string;
  name: string;
  panelCount: string;
  panelWp: string;
  azimuthChoice: AzimuthChoice;
  /** Degrees as typed, used when `azimuthChoice` is `other`. */
  azimuthDeg: string;
  tiltDeg: string;
  /** kW as typed; empty for none. */
  inverterAcLimitKW: string;
  shadingNote: string;
}

export interface SolarDraft {
  latitude: string;
  longitude: string;
  locationSource: SolarLocation["source"];
  groups: GroupDraft[];
}

export type DraftFieldName = Exclude<keyof GroupDraft, "id" | "azimuthChoice">;

/** A field's id in the page, for `for`, `aria-describedby` and focusing it from the summary. */
export function fieldId(field: "latitude" | "longitude" | DraftFieldName, groupId?: string) {
  return groupId === undefined ? `solar-${field}` : `solar-${groupId}-${field}`;
}

export interface FieldProblem {
  /** The input's id (`fieldId`). */
  field: string;
  message: string;
}

export type DraftCheck =
  | { ok: true; location: SolarLocation | undefined; groups: PanelGroup[] }
  | { ok: false; problems: FieldProblem[] };

function azimuthChoiceOf(deg: number): AzimuthChoice {
  return COMPASS.find(([, d]) => d === deg)?.[0] ?? "other";
}

/** The degrees of a compass choice. */
export function compassDeg(point: CompassPoint): number {
  return COMPASS.find(([p]) => p === point)![1];
}

/** A group to fill in: south, 35° (a common Belgian roof), no limit. */
export function newGroupDraft(existing: GroupDraft[], locale: Locale): GroupDraft {
  let n = existing.length + 1;
  const ids = new Set(existing.map((g) => g.id));
  while (ids.has(`g${n}`)) n++;
  return {
    id: `g${n}`,
    name: "",
    panelCount: "",
    panelWp: "",
    azimuthChoice: "S",
    azimuthDeg: formatDecimalInput(locale, 180),
    tiltDeg: formatDecimalInput(locale, 35),
    inverterAcLimitKW: "",
    shadingNote: "",
  };
}

/** What the form shows for a stored setup (or an empty one). */
export function draftOf(setup: SolarSetup | null, locale: Locale): SolarDraft {
  const num = (v: number) => formatDecimalInput(locale, v);
  return {
    latitude: setup?.location ? num(setup.location.latitudeDeg) : "",
    longitude: setup?.location ? num(setup.location.longitudeDeg) : "",
    locationSource: setup?.location?.source ?? "entered",
    groups: (setup?.groups ?? []).map((g) => ({
      id: g.id,
      name: g.name,
      panelCount: num(g.panelCount),
      panelWp: num(g.panelWp),
      azimuthChoice: azimuthChoiceOf(g.azimuthDeg),
      azimuthDeg: num(g.azimuthDeg),
      tiltDeg: num(g.tiltDeg),
      inverterAcLimitKW: g.inverterAcLimitW === undefined ? "" : num(g.inverterAcLimitW / 1000),
      shadingNote: g.shadingNote ?? "",
    })),
  };
}

/** The device's position as the form keeps it: four decimals (about 10 m), enough for the sun. */
export function deviceLocation(latitudeDeg: number, longitudeDeg: number, locale: Locale) {
  const round = (v: number) => Math.round(v * 10_000) / 10_000;
  return {
    latitude: formatDecimalInput(locale, round(latitudeDeg)),
    longitude: formatDecimalInput(locale, round(longitudeDeg)),
  };
}

/** The group as people name it in a message: its name, else "Groep 2". */
export function groupLabel(m: Messages, draft: GroupDraft, index: number): string {
  return draft.name.trim() || fill(m.solarSetup.groupN, { n: index + 1 });
}

function numberIn(text: string, min: number, max: number, integer = false): number | null {
  const parsed = parseDecimalInput(text);
  if (!parsed.ok) return null;
  const v = parsed.value;
  if (v < min || v > max || (integer && !Number.isInteger(v))) return null;
  return v;
}

/** The draft as a setup's location and groups, or every problem with its field. */
export function checkDraft(m: Messages, draft: SolarDraft): DraftCheck {
  const e = m.solarSetup.errors;
  const problems: FieldProblem[] = [];
  let location: SolarLocation | undefined;
  const latText = draft.latitude.trim();
  const lonText = draft.longitude.trim();
  if (latText !== "" || lonText !== "") {
    const lat = numberIn(latText, -90, 90);
    const lon = numberIn(lonText, -180, 180);
    if (lat === null) problems.push({ field: fieldId("latitude"), message: e.latitude });
    if (lon === null) problems.push({ field: fieldId("longitude"), message: e.longitude });
    if (lat !== null && lon !== null) {
      location = { latitudeDeg: lat, longitudeDeg: lon, source: draft.locationSource };
    }
  }
  if (draft.groups.length > 20) problems.push({ field: "solar-add-group", message: e.tooMany });
  const groups: PanelGroup[] = [];
  draft.groups.forEach((g, index) => {
    const group = groupLabel(m, g, index);
    const problem = (field: DraftFieldName, message: string) =>
      problems.push({ field: fieldId(field, g.id), message: fill(message, { group }) });
    const name = g.name.trim();
    if (name === "" || name.length > 60 || /\p{Cc}/u.test(name)) problem("name", e.name);
    const panelCount = numberIn(g.panelCount, 1, 1000, true);
    if (panelCount === null) problem("panelCount", e.panelCount);
    const panelWp = numberIn(g.panelWp, 1, 1000);
    if (panelWp === null) problem("panelWp", e.panelWp);
    const azimuthDeg = g.azimuthChoice === "other"
      ? numberIn(g.azimuthDeg, 0, 360)
      : compassDeg(g.azimuthChoice);
    if (azimuthDeg === null) problem("azimuthDeg", e.azimuth);
    const tiltDeg = numberIn(g.tiltDeg, 0, 90);
    if (tiltDeg === null) problem("tiltDeg", e.tilt);
    let inverterAcLimitW: number | undefined;
    if (g.inverterAcLimitKW.trim() !== "") {
      const kW = numberIn(g.inverterAcLimitKW, 0.001, 1000);
      if (kW === null) problem("inverterAcLimitKW", e.acLimit);
      else inverterAcLimitW = Math.round(kW * 1000);
    }
    const note = g.shadingNote.trim();
    if (note.length > 200 || /\p{Cc}/u.test(note)) problem("shadingNote", e.shading);
    if (
      panelCount === null || panelWp === null || azimuthDeg === null || tiltDeg === null
    ) return;
    const candidate: PanelGroup = {
      id: g.id,
      name,
      panelCount,
      panelWp,
      azimuthDeg,
      tiltDeg,
      ...(inverterAcLimitW === undefined ? {} : { inverterAcLimitW }),
      ...(note === "" ? {} : { shadingNote: note }),
    };
    if (PanelGroupModel.safeParse(candidate).success) groups.push(candidate);
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, location, groups };
}

/** The document to store for a site. */
export function setupOf(
  siteId: string,
  checked: Extract<DraftCheck, { ok: true }>,
  nowMs: number,
): SolarSetup {
  return {
    id: solarSetupId(siteId),
    siteId,
    ...(checked.location ? { location: checked.location } : {}),
    groups: checked.groups,
    updatedAt: nowMs,
  };
}

/** A group's peak power in kWp as typed so far; `null` while count or Wp is not a number. */
export function draftPeakKWp(g: GroupDraft): number | null {
  const panelCount = numberIn(g.panelCount, 1, 1000, true);
  const panelWp = numberIn(g.panelWp, 1, 1000);
  if (panelCount === null || panelWp === null) return null;
  return groupPeakW({ panelCount, panelWp } as PanelGroup) / 1000;
}

/** All groups' peak power together, over the groups whose peak is known. */
export function totalPeakKWp(groups: GroupDraft[]): number | null {
  const peaks = groups.map(draftPeakKWp).filter((p): p is number => p !== null);
  return peaks.length === 0 ? null : Math.round(peaks.reduce((a, b) => a + b, 0) * 1000) / 1000;
}

export type EditAccess = { canEdit: true } | { canEdit: false; reason: "user" | "scope" };

/**
 * Who may change the setup: anyone on this device's own site; on a synced site the owner and
 * the installer (the server refuses the others' writes too); a `user` reads it.
 */
export function solarEditAccess(
  site: { id: string; role: Role; scope: Scope } | undefined,
  localSite: boolean,
): EditAccess {
  if (localSite || site === undefined) return { canEdit: true };
  if (canWrite("solar_setups", site.role, site.scope)) return { canEdit: true };
  return { canEdit: false, reason: site.role === "user" ? "user" : "scope" };
}
