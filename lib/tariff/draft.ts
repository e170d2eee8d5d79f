/**
 * The tariff form as the user types it (text fields, decimal comma or point) and back: a draft
 * becomes a checked `TariffVersion`, or the first field that is wrong and why.
 */
import { formatDecimalInput, parseDecimalInput } from "../i18n/decimal_input.ts";
import type { Locale } from "../i18n/messages.ts";
import { type TariffVersion, TariffVersionModel } from "./contract.ts";

// The islands that still import it from here (ContractCompare, CapacityView) read through it.

export const DRAFT_FIELDS = [
  "name",
  "effectiveFrom",
  "area",
  "kind",
  "offtake",
  "injection",
  "offtakeDay",
  "offtakeNight",
  "injectionDay",
  "injectionNight",
  "offtakeMultiplier",
  "offtakeAdd",
  "injectionMultiplier",
  "injectionAdd",
  "billing",
  "fixedFee",
  "distributionDay",
  "distributionNight",
  "transmission",
  "hasCapacity",
  "capacity",
  "dataManagement",
  "levies",
  "vatPercent",
] as const;
export type DraftField = (typeof DRAFT_FIELDS)[number];
export type TariffDraft = Record<DraftField, string>;

export type DraftResult =
  | { ok: true; version: TariffVersion }
  | { ok: false; field: DraftField; problem: "number" | "ambiguous" | "invalid" };

/** The fields a contract kind needs, in form order (for validation and showing). */
export function numberFieldsOf(kind: string, hasCapacity: boolean): DraftField[] {
  const energy: DraftField[] = kind === "single"
    ? ["offtake", "injection"]
    : kind === "dayNight"
    ? ["offtakeDay", "offtakeNight", "injectionDay", "injectionNight"]
    : ["offtakeMultiplier", "offtakeAdd", "injectionMultiplier", "injectionAdd"];
  return [
    ...energy,
    "fixedFee",
    "distributionDay",
    "distributionNight",
    "transmission",
    ...(hasCapacity ? ["capacity" as const] : []),
    "dataManagement",
    "levies",
    "vatPercent",
  ];
}

export function tariffFromDraft(
  draft: TariffDraft,
  id: string,
  siteId: string,
  nowMs: number,
): DraftResult {
  const hasCapacity = draft.hasCapacity === "yes";
  const numbers = {} as Record<DraftField, number>;
  for (const field of numberFieldsOf(draft.kind, hasCapacity)) {
    const parsed = parseDecimalInput(draft[field]);
    if (!parsed.ok) {
      return { ok: false, field, problem: parsed.problem === "ambiguous" ? "ambiguous" : "number" };
    }
    numbers[field] = parsed.value;
  }
  const energy = draft.kind === "single"
    ? {
      kind: "single" as const,
      offtakeEurPerKWh: numbers.offtake,
      injectionEurPerKWh: numbers.injection,
    }
    : draft.kind === "dayNight"
    ? {
      kind: "dayNight" as const,
      offtakeDayEurPerKWh: numbers.offtakeDay,
      offtakeNightEurPerKWh: numbers.offtakeNight,
      injectionDayEurPerKWh: numbers.injectionDay,
      injectionNightEurPerKWh: numbers.injectionNight,
    }
    : {
      kind: "dynamic" as const,
      offtake: { spotMultiplier: numbers.offtakeMultiplier, addEurPerKWh: numbers.offtakeAdd },
      injection: {
        spotMultiplier: numbers.injectionMultiplier,
        addEurPerKWh: numbers.injectionAdd,
      },
      billing: draft.billing === "hour" ? "hour" as const : "quarter" as const,
    };
  const candidate = {
    id,
    siteId,
    name: draft.name.trim(),
    effectiveFrom: draft.effectiveFrom,
    energy,
    fixedFeeEurPerMonth: numbers.fixedFee,
    distribution: {
      area: draft.area,
      offtakeDayEurPerKWh: numbers.distributionDay,
      offtakeNightEurPerKWh: numbers.distributionNight,
      transmissionEurPerKWh: numbers.transmission,
      capacityEurPerKWYear: hasCapacity ? numbers.capacity : null,
      dataManagementEurPerYear: numbers.dataManagement,
    },
    leviesEurPerKWh: numbers.levies,
    vatRate: Math.round(numbers.vatPercent * 1e6) / 1e8,
    updatedAt: nowMs,
  };
  const checked = TariffVersionModel.safeParse(candidate);
  if (checked.success) return { ok: true, version: checked.data };
  const path = checked.error.issues[0].path.join(".");
  const field: DraftField = (
    {
      "effectiveFrom": "effectiveFrom",
      "name": "name",
      "vatRate": "vatPercent",
      "fixedFeeEurPerMonth": "fixedFee",
      "leviesEurPerKWh": "levies",
      "distribution.capacityEurPerKWYear": "capacity",
      "distribution.dataManagementEurPerYear": "dataManagement",
      "distribution.transmissionEurPerKWh": "transmission",
      "distribution.offtakeDayEurPerKWh": "distributionDay",
      "distribution.offtakeNightEurPerKWh": "distributionNight",
    } as Record<string, DraftField>
  )[path] ?? numberFieldsOf(draft.kind, hasCapacity)[0];
  return { ok: false, field, problem: "invalid" };
}

/**
 * A version as form text in the user's language (`0,132` in nl and fr), e.g. to start the next
 * version from the current one.
 */
export function draftFromTariff(version: TariffVersion, locale: Locale): TariffDraft {
  const text = (value: number) => formatDecimalInput(locale, value);
  const e = version.energy;
  const d = version.distribution;
  return {
    name: version.name,
    effectiveFrom: version.effectiveFrom,
    area: d.area,
    kind: e.kind,
    offtake: e.kind === "single" ? text(e.offtakeEurPerKWh) : "",
    injection: e.kind === "single" ? text(e.injectionEurPerKWh) : "",
    offtakeDay: e.kind === "dayNight" ? text(e.offtakeDayEurPerKWh) : "",
    offtakeNight: e.kind === "dayNight" ? text(e.offtakeNightEurPerKWh) : "",
    injectionDay: e.kind === "dayNight" ? text(e.injectionDayEurPerKWh) : "",
    injectionNight: e.kind === "dayNight" ? text(e.injectionNightEurPerKWh) : "",
    offtakeMultiplier: e.kind === "dynamic" ? text(e.offtake.spotMultiplier) : "",
    offtakeAdd: e.kind === "dynamic" ? text(e.offtake.addEurPerKWh) : "",
    injectionMultiplier: e.kind === "dynamic" ? text(e.injection.spotMultiplier) : "",
    injectionAdd: e.kind === "dynamic" ? text(e.injection.addEurPerKWh) : "",
    billing: e.kind === "dynamic" ? e.billing : "quarter",
    fixedFee: text(version.fixedFeeEurPerMonth),
    distributionDay: text(d.offtakeDayEurPerKWh),
    distributionNight: text(d.offtakeNightEurPerKWh),
    transmission: text(d.transmissionEurPerKWh),
    hasCapacity: d.capacityEurPerKWYear === null ? "no" : "yes",
    capacity: d.capacityEurPerKWYear === null ? "" : text(d.capacityEurPerKWYear),
    dataManagement: text(d.dataManagementEurPerYear),
    levies: text(version.leviesEurPerKWh),
    vatPercent: text(version.vatRate * 100),
  };
}
