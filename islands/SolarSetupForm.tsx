/**
 * The site's solar panels on the settings page: the location (this device's, asked only on the
 * button, or typed) and the panel groups, saved to the synced `solar_setups` document. A member
 * who may not change them sees them read-only, with why. The figures and checks come from
 * `lib/views/solar_setup_form.ts`.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import { session } from "../app/browser/account.ts";
import { loadEnergyDb } from "../app/browser/data_version.ts";
import { locale, t } from "../app/browser/i18n.ts";
import { currentSite, LOCAL_SITE } from "../app/browser/site.ts";
import { Card } from "../components/Card.tsx";
import { formatNumber } from "../lib/i18n/format.ts";
import { fill } from "../lib/i18n/messages.ts";
import {
  type AzimuthChoice,
  checkDraft,
  COMPASS,
  compassDeg,
  deviceLocation,
  draftOf,
  draftPeakKWp,
  fieldId,
  type FieldProblem,
  type GroupDraft,
  groupLabel,
  newGroupDraft,
  setupOf,
  type SolarDraft,
  solarEditAccess,
  totalPeakKWp,
} from "../lib/views/solar_setup_form.ts";
import { formatDecimalInput } from "../lib/i18n/decimal_input.ts";

type Status =
  | { kind: "none" }
  | { kind: "locating" }
  | { kind: "located" }
  | { kind: "refused" }
  | { kind: "unavailable" }
  | { kind: "saved" }
  | { kind: "failed"; reason: string };

function TextField(props: {
  id: string;
  label: string;
  value: string;
  onInput: (value: string) => void;
  problem?: string;
  decimal?: boolean;
  placeholder?: string;
  wide?: boolean;
}) {
  const errorId = `${props.id}-error`;
  return (
    <label for={props.id} class={`field${props.wide ? " wide" : ""}`}>
      <span>{props.label}</span>
      <input
        id={props.id}
        type="text"
        inputMode={props.decimal ? "decimal" : "text"}
        value={props.value}
        placeholder={props.placeholder}
        aria-invalid={props.problem ? true : undefined}
        aria-describedby={props.problem ? errorId : undefined}
        data-testid={props.id}
        onInput={(e) => props.onInput((e.currentTarget as HTMLInputElement).value)}
      />
      {props.problem && <span class="error" id={errorId}>{props.problem}</span>}
    </label>
  );
}

export function SolarSetupForm() {
  const m = t.value;
  const s = m.solarSetup;
  const loc = locale.value;
  const siteId = currentSite.value;
  const site = session.value?.sites.find((x) => x.id === siteId);
  const access = solarEditAccess(site, siteId === LOCAL_SITE);
  const [draft, setDraft] = useState<SolarDraft | null>(null);
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [status, setStatus] = useState<Status>({ kind: "none" });
  const summary = useRef<HTMLDivElement>(null);

  useEffect(() => {
    let cancelled = false;
    setDraft(null);
    void (async () => {
      const { database, loadSolarSetup } = await loadEnergyDb();
      const setup = await loadSolarSetup(await database(), siteId);
      if (!cancelled) setDraft(draftOf(setup, locale.peek()));
    })();
    return () => {
      cancelled = true;
    };
  }, [siteId]);

  if (draft === null) {
    return (
      <Card title={s.title} id="solar-title">
        <p class="hint">{s.intro}</p>
      </Card>
    );
  }

  const problemOf = (id: string) => problems.find((p) => p.field === id)?.message;
  const change = (next: SolarDraft) => {
    setDraft(next);
    if (status.kind === "saved") setStatus({ kind: "none" });
  };
  const setGroup = (id: string, patch: Partial<GroupDraft>) =>
    change({ ...draft, groups: draft.groups.map((g) => (g.id === id ? { ...g, ...patch } : g)) });

  function useDeviceLocation() {
    if (!("geolocation" in navigator)) {
      setStatus({ kind: "unavailable" });
      return;
    }
    setStatus({ kind: "locating" });
    navigator.geolocation.getCurrentPosition(
      (position) => {
        const { latitude, longitude } = deviceLocation(
          position.coords.latitude,
          position.coords.longitude,
          locale.peek(),
        );
        setDraft((d) => d && { ...d, latitude, longitude, locationSource: "device" });
        setStatus({ kind: "located" });
      },
      (error) =>
        setStatus({ kind: error.code === error.PERMISSION_DENIED ? "refused" : "unavailable" }),
      { enableHighAccuracy: false, timeout: 20_000, maximumAge: 600_000 },
    );
  }

  async function save(event: Event) {
    event.preventDefault();
    const checked = checkDraft(m, draft!);
    if (!checked.ok) {
      setProblems(checked.problems);
      setStatus({ kind: "none" });
      // The summary takes the focus, so a screen reader reads what to fix.
      queueMicrotask(() => summary.current?.focus());
      return;
    }
    setProblems([]);
    try {
      const { database, saveSolarSetup } = await loadEnergyDb();
      await saveSolarSetup(await database(), setupOf(siteId, checked, Date.now()));
      setStatus({ kind: "saved" });
    } catch (error) {
      setStatus({ kind: "failed", reason: String((error as Error).message ?? error) });
    }
  }

  const total = totalPeakKWp(draft.groups);
  const kWp = (value: number | null) => value === null ? "–" : `${formatNumber(loc, value, 2)} kWp`;
  const statusText = status.kind === "locating"
    ? s.locating
    : status.kind === "located"
    ? s.located
    : status.kind === "refused"
    ? s.refused
    : status.kind === "unavailable"
    ? s.unavailable
    : status.kind === "saved"
    ? s.saved
    : status.kind === "failed"
    ? fill(s.saveFailed, { reason: status.reason })
    : "";

  return (
    <Card title={s.title} id="solar-title">
      <p class="hint">{s.intro}</p>
      {!access.canEdit && (
        <p class="notice" role="note" data-testid="solar-read-only">
          {access.reason === "user" ? s.readOnly : s.noAccess}
        </p>
      )}
      <form onSubmit={save} noValidate data-testid="solar-form">
        <fieldset disabled={!access.canEdit} class="plain">
          {problems.length > 0 && (
            <div
              class="notice error"
              role="alert"
              tabIndex={-1}
              ref={summary}
              data-testid="solar-problems"
            >
              <p>{s.fix}</p>
              <ul>
                {problems.map((p) => (
                  <li key={p.field}>
                    <a
                      href={`#${p.field}`}
                      onClick={(e) => {
                        e.preventDefault();
                        document.getElementById(p.field)?.focus();
                      }}
                    >
                      {p.message}
                    </a>
                  </li>
                ))}
              </ul>
            </div>
          )}
          <fieldset>
            <legend>{s.location}</legend>
            {access.canEdit && (
              <p>
                <button
                  type="button"
                  class="secondary"
                  onClick={useDeviceLocation}
                  data-testid="solar-use-device"
                >
                  {s.useDevice}
                </button>
              </p>
            )}
            <div class="field-grid">
              <TextField
                id={fieldId("latitude")}
                label={s.latitude}
                value={draft.latitude}
                decimal
                problem={problemOf(fieldId("latitude"))}
                onInput={(latitude) => change({ ...draft, latitude, locationSource: "entered" })}
              />
              <TextField
                id={fieldId("longitude")}
                label={s.longitude}
                value={draft.longitude}
                decimal
                problem={problemOf(fieldId("longitude"))}
                onInput={(longitude) => change({ ...draft, longitude, locationSource: "entered" })}
              />
            </div>
            <p class="hint">{s.addressNote}</p>
          </fieldset>
          <h3>{s.groups}</h3>
          <p class="hint">{s.groupsHint}</p>
          {draft.groups.length === 0 && <p data-testid="solar-no-groups">{s.noGroups}</p>}
          {draft.groups.map((g, index) => {
            const label = groupLabel(m, g, index);
            const id = (field: Parameters<typeof fieldId>[0]) => fieldId(field, g.id);
            const azimuthSelect = `solar-${g.id}-azimuth`;
            return (
              <fieldset key={g.id} data-testid={`solar-group-${index + 1}`}>
                <legend>{label}</legend>
                <div class="field-grid">
                  <TextField
                    id={id("name")}
                    label={s.name}
                    value={g.name}
                    problem={problemOf(id("name"))}
                    onInput={(name) => setGroup(g.id, { name })}
                  />
                  <TextField
                    id={id("panelCount")}
                    label={s.panelCount}
                    value={g.panelCount}
                    decimal
                    problem={problemOf(id("panelCount"))}
                    onInput={(panelCount) => setGroup(g.id, { panelCount })}
                  />
                  <TextField
                    id={id("panelWp")}
                    label={s.panelWp}
                    value={g.panelWp}
                    decimal
                    problem={problemOf(id("panelWp"))}
                    onInput={(panelWp) => setGroup(g.id, { panelWp })}
                  />
                  <label for={azimuthSelect} class="field">
                    <span>{s.azimuth}</span>
                    <select
                      id={azimuthSelect}
                      value={g.azimuthChoice}
                      aria-describedby={`${azimuthSelect}-hint`}
                      data-testid={azimuthSelect}
                      onChange={(e) => {
                        const choice = (e.currentTarget as HTMLSelectElement)
                          .value as AzimuthChoice;
                        setGroup(g.id, {
                          azimuthChoice: choice,
                          ...(choice === "other"
                            ? {}
                            : { azimuthDeg: formatDecimalInput(loc, compassDeg(choice)) }),
                        });
                      }}
                    >
                      {COMPASS.map(([point]) => (
                        <option key={point} value={point}>{s.compass[point]}</option>
                      ))}
                      <option value="other">{s.compass.other}</option>
                    </select>
                    <span class="hint" id={`${azimuthSelect}-hint`}>{s.azimuthHint}</span>
                  </label>
                  {g.azimuthChoice === "other" && (
                    <TextField
                      id={id("azimuthDeg")}
                      label={s.azimuthDeg}
                      value={g.azimuthDeg}
                      decimal
                      problem={problemOf(id("azimuthDeg"))}
                      onInput={(azimuthDeg) => setGroup(g.id, { azimuthDeg })}
                    />
                  )}
                  <TextField
                    id={id("tiltDeg")}
                    label={s.tilt}
                    value={g.tiltDeg}
                    decimal
                    problem={problemOf(id("tiltDeg"))}
                    onInput={(tiltDeg) => setGroup(g.id, { tiltDeg })}
                  />
                  <TextField
                    id={id("inverterAcLimitKW")}
                    label={s.acLimit}
                    value={g.inverterAcLimitKW}
                    decimal
                    problem={problemOf(id("inverterAcLimitKW"))}
                    onInput={(inverterAcLimitKW) => setGroup(g.id, { inverterAcLimitKW })}
                  />
                  <TextField
                    id={id("shadingNote")}
                    label={s.shading}
                    value={g.shadingNote}
                    placeholder={s.shadingPlaceholder}
                    wide
                    problem={problemOf(id("shadingNote"))}
                    onInput={(shadingNote) => setGroup(g.id, { shadingNote })}
                  />
                </div>
                <p>
                  {s.peak}:{" "}
                  <strong data-testid={`solar-peak-${index + 1}`}>
                    {kWp(draftPeakKWp(g))}
                  </strong>
                </p>
                {access.canEdit && (
                  <button
                    type="button"
                    class="secondary"
                    onClick={() =>
                      change({ ...draft, groups: draft.groups.filter((x) => x.id !== g.id) })}
                  >
                    {fill(s.removeGroup, { group: label })}
                  </button>
                )}
              </fieldset>
            );
          })}
          {draft.groups.length > 0 && (
            <p>
              {s.total}: <strong data-testid="solar-total">{kWp(total)}</strong>
            </p>
          )}
          {access.canEdit && (
            <div class="actions">
              <button
                type="button"
                class="secondary"
                id="solar-add-group"
                data-testid="solar-add-group"
                onClick={() => {
                  const group = newGroupDraft(draft.groups, loc);
                  change({ ...draft, groups: [...draft.groups, group] });
                  // The new group's first field takes the focus, for the keyboard.
                  requestAnimationFrame(() =>
                    document.getElementById(fieldId("name", group.id))?.focus()
                  );
                }}
              >
                {s.addGroup}
              </button>
              <button type="submit" class="primary" data-testid="solar-save">{s.save}</button>
            </div>
          )}
        </fieldset>
      </form>
      <p role="status" data-testid="solar-status">{statusText}</p>
    </Card>
  );
}
