/**
 * The contract as tariff versions: the list of versions, and a form for the next one (prefilled
 * from the current version, or from an area preset the first time), applying from tomorrow
 * unless the user picks a day.
 */
import { useEffect, useState } from "preact/hooks";
import { dataVersion, loadEnergyDb } from "../app/browser/data_version.ts";
import { locale, t } from "../app/browser/i18n.ts";
import { currentSite } from "../app/browser/site.ts";
import { Card } from "../components/Card.tsx";
import { addDays, localDayOf } from "../lib/energy/calendar.ts";
import { formatDecimalInput } from "../lib/i18n/decimal_input.ts";
import { formatLocalDay } from "../lib/i18n/format.ts";
import { fill, type Locale, type Messages } from "../lib/i18n/messages.ts";
import type { TariffVersion } from "../lib/tariff/contract.ts";
import {
  type DraftField,
  draftFromTariff,
  numberFieldsOf,
  type TariffDraft,
  tariffFromDraft,
} from "../lib/tariff/draft.ts";
import { AREA_PRESETS, DYNAMIC_PRESETS } from "../lib/tariff/presets.ts";

/** Field names: texts of `tariff`, not its group of source notes. */
const LABELS: Partial<Record<DraftField, Exclude<keyof Messages["tariff"], "areaSources">>> = {
  name: "name",
  effectiveFrom: "effectiveFrom",
  offtake: "offtake",
  injection: "injection",
  offtakeDay: "offtakeDay",
  offtakeNight: "offtakeNight",
  injectionDay: "injectionDay",
  injectionNight: "injectionNight",
  offtakeMultiplier: "multiplier",
  offtakeAdd: "add",
  injectionMultiplier: "multiplier",
  injectionAdd: "add",
  fixedFee: "fixedFee",
  distributionDay: "distributionDay",
  distributionNight: "distributionNight",
  transmission: "transmission",
  capacity: "capacity",
  dataManagement: "dataManagement",
  levies: "levies",
  vatPercent: "vat",
};

function firstDraft(locale: Locale): TariffDraft {
  const area = AREA_PRESETS[0];
  return {
    name: "",
    effectiveFrom: addDays(localDayOf(Date.now()), 1),
    area: area.name,
    kind: "single",
    offtake: "",
    injection: "",
    offtakeDay: "",
    offtakeNight: "",
    injectionDay: "",
    injectionNight: "",
    offtakeMultiplier: "",
    offtakeAdd: "",
    injectionMultiplier: "",
    injectionAdd: "",
    billing: "quarter",
    fixedFee: "",
    distributionDay: "",
    distributionNight: "",
    transmission: "",
    hasCapacity: "yes",
    capacity: area.capacityEurPerKWYear === null
      ? ""
      : formatDecimalInput(locale, area.capacityEurPerKWYear),
    dataManagement: "",
    levies: "",
    vatPercent: "6",
  };
}

function Field(props: {
  field: DraftField;
  label: string;
  draft: TariffDraft;
  set: (field: DraftField, value: string) => void;
  invalid: boolean;
  type?: "text" | "date";
}) {
  const id = `tariff-${props.field}`;
  return (
    <label for={id} class="field">
      <span>{props.label}</span>
      {props.type === "date"
        ? (
          <input
            id={id}
            type="date"
            value={props.draft[props.field]}
            aria-invalid={props.invalid}
            onInput={(e) => props.set(props.field, (e.currentTarget as HTMLInputElement).value)}
          />
        )
        : (
          <input
            id={id}
            type="text"
            inputMode={props.field === "name" ? "text" : "decimal"}
            value={props.draft[props.field]}
            aria-invalid={props.invalid}
            onInput={(e) => props.set(props.field, (e.currentTarget as HTMLInputElement).value)}
          />
        )}
    </label>
  );
}

export function TariffEditor() {
  const m = t.value;
  const tm = m.tariff;
  const loc = locale.value;
  const [versions, setVersions] = useState<TariffVersion[]>([]);
  const [draft, setDraft] = useState<TariffDraft>(() => firstDraft(locale.peek()));
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const [invalid, setInvalid] = useState<DraftField | null>(null);
  const [loaded, setLoaded] = useState(false);
  const siteId = currentSite.value;

  useEffect(() => {
    let cancelled = false;
    (async () => {
      const { database, loadTariffVersions } = await loadEnergyDb();
      const list = await loadTariffVersions(await database(), siteId);
      if (cancelled) return;
      setVersions(list);
      if (!loaded && list.length > 0) {
        // The next version starts from the newest one (a contract already signed for later
        // included), applying from tomorrow.
        const current = list[list.length - 1];
        setDraft({
          ...draftFromTariff(current, locale.peek()),
          effectiveFrom: addDays(localDayOf(Date.now()), 1),
        });
      }
      setLoaded(true);
    })();
    return () => {
      cancelled = true;
    };
  }, [dataVersion.value, siteId]);

  const set = (field: DraftField, value: string) => {
    setDraft((d) => ({ ...d, [field]: value }));
    setInvalid(null);
    setMessage(null);
  };
  const chooseArea = (name: string) => {
    const preset = AREA_PRESETS.find((a) => a.name === name);
    setDraft((d) => ({
      ...d,
      area: name,
      hasCapacity: preset && !preset.hasCapacityTariff ? "no" : "yes",
      capacity: preset?.capacityEurPerKWYear != null
        ? formatDecimalInput(loc, preset.capacityEurPerKWYear)
        : d.capacity,
      distributionDay: preset?.offtakeDayEurPerKWh != null
        ? formatDecimalInput(loc, preset.offtakeDayEurPerKWh)
        : d.distributionDay,
      distributionNight: preset?.offtakeNightEurPerKWh != null
        ? formatDecimalInput(loc, preset.offtakeNightEurPerKWh)
        : d.distributionNight,
    }));
  };
  const chooseDynamic = (id: string) => {
    const preset = DYNAMIC_PRESETS.find((p) => p.id === id);
    if (!preset) return;
    setDraft((d) => ({
      ...d,
      offtakeMultiplier: formatDecimalInput(loc, preset.offtake.spotMultiplier),
      offtakeAdd: formatDecimalInput(loc, preset.offtake.addEurPerKWh),
      injectionMultiplier: formatDecimalInput(loc, preset.injection.spotMultiplier),
      injectionAdd: formatDecimalInput(loc, preset.injection.addEurPerKWh),
      billing: preset.billing,
      name: d.name || preset.name,
    }));
  };

  async function save(event: Event) {
    event.preventDefault();
    const result = tariffFromDraft(
      { ...draft, name: draft.name || tm[draft.kind as "single"] },
      `tariff-${Date.now()}`,
      siteId,
      Date.now(),
    );
    if (!result.ok) {
      setInvalid(result.field);
      const label = tm[LABELS[result.field] ?? "name"];
      setMessage({
        text: fill(tm.invalid, {
          field: label,
          problem: result.problem === "number"
            ? tm.notNumber
            : result.problem === "ambiguous"
            ? tm.ambiguous
            : tm.notAllowed,
        }),
        error: true,
      });
      document.getElementById(`tariff-${result.field}`)?.focus();
      return;
    }
    const { database, saveTariffVersion } = await loadEnergyDb();
    await saveTariffVersion(await database(), result.version);
    setMessage({
      text: fill(tm.saved, { day: formatLocalDay(loc, result.version.effectiveFrom, "long") }),
      error: false,
    });
  }

  async function remove(id: string) {
    const { database, removeTariffVersion } = await loadEnergyDb();
    await removeTariffVersion(await database(), id);
  }

  const area = AREA_PRESETS.find((a) => a.name === draft.area);
  const numberFields = numberFieldsOf(draft.kind, draft.hasCapacity === "yes");
  const field = (f: DraftField, label = tm[LABELS[f]!]) => (
    <Field field={f} label={label} draft={draft} set={set} invalid={invalid === f} />
  );
  return (
    <>
      <Card title={tm.title} id="tariff-title">
        <p>{tm.intro}</p>
        <h3>{tm.history}</h3>
        {versions.length === 0
          ? <p class="hint">{tm.none}</p>
          : (
            <ul class="version-list" data-testid="tariff-versions">
              {[...versions].reverse().map((v) => (
                <li key={v.id}>
                  <span>
                    <strong>{v.name}</strong>{" "}
                    {fill(tm.from, { day: formatLocalDay(loc, v.effectiveFrom, "long") })}
                  </span>
                  <button type="button" class="secondary small" onClick={() => void remove(v.id)}>
                    {tm.remove}
                  </button>
                </li>
              ))}
            </ul>
          )}
        {versions.length > 0 && <p class="hint">{tm.firstApplies}</p>}
      </Card>
      <Card title={tm.newVersion} id="tariff-new-title">
        <form class="tariff-form" onSubmit={save} noValidate>
          <div class="field-grid">
            {field("name")}
            <Field
              field="effectiveFrom"
              label={tm.effectiveFrom}
              draft={draft}
              set={set}
              invalid={invalid === "effectiveFrom"}
              type="date"
            />
            <label for="tariff-area" class="field">
              <span>{tm.area}</span>
              <select
                id="tariff-area"
                value={draft.area}
                onChange={(e) => chooseArea((e.currentTarget as HTMLSelectElement).value)}
              >
                {AREA_PRESETS.map((a) => <option key={a.id} value={a.name}>{a.name}</option>)}
              </select>
            </label>
          </div>
          {area && (
            <p class="hint">{fill(tm.areaSource, { source: tm.areaSources[area.source] })}</p>
          )}
          <fieldset>
            <legend>{tm.energyKind}</legend>
            {(["single", "dayNight", "dynamic"] as const).map((kind) => (
              <label key={kind} class="check">
                <input
                  type="radio"
                  name="kind"
                  value={kind}
                  checked={draft.kind === kind}
                  onChange={() =>
                    set("kind", kind)}
                />
                {tm[kind]}
              </label>
            ))}
          </fieldset>
          {draft.kind === "dynamic" && (
            <div class="field-grid">
              <label for="tariff-preset" class="field">
                <span>{tm.dynamicPreset}</span>
                <select
                  id="tariff-preset"
                  onChange={(e) => chooseDynamic((e.currentTarget as HTMLSelectElement).value)}
                >
                  <option value="">{tm.custom}</option>
                  {DYNAMIC_PRESETS.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
                </select>
              </label>
              <label for="tariff-billing" class="field">
                <span>{tm.billing}</span>
                <select
                  id="tariff-billing"
                  value={draft.billing}
                  onChange={(e) => set("billing", (e.currentTarget as HTMLSelectElement).value)}
                >
                  <option value="quarter">{tm.billingQuarter}</option>
                  <option value="hour">{tm.billingHour}</option>
                </select>
              </label>
            </div>
          )}
          <div class="field-grid">
            {numberFields.filter((f) => f.startsWith("offtake") || f.startsWith("injection")).map((
              f,
            ) =>
              draft.kind === "dynamic"
                ? field(
                  f,
                  `${f.startsWith("offtake") ? tm.offtakeFormula : tm.injectionFormula}: ${
                    tm[LABELS[f]!]
                  }`,
                )
                : field(f)
            )}
          </div>
          <div class="field-grid">
            {field("fixedFee")}
            {field("distributionDay")}
            {field("distributionNight")}
            {field("transmission")}
            <label class="check">
              <input
                type="checkbox"
                checked={draft.hasCapacity === "no"}
                onChange={(e) =>
                  set("hasCapacity", (e.currentTarget as HTMLInputElement).checked ? "no" : "yes")}
              />
              {tm.capacityNone}
            </label>
            {draft.hasCapacity === "yes" && field("capacity")}
            {field("dataManagement")}
            {field("levies")}
            {field("vatPercent")}
          </div>
          <div class="actions">
            <button type="submit" class="primary">{tm.save}</button>
            <span role={message?.error ? "alert" : "status"} class={message?.error ? "error" : ""}>
              {message?.text ?? ""}
            </span>
          </div>
        </form>
      </Card>
    </>
  );
}
