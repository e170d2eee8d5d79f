/**
 * The what-if page around `whatIfYear`: the form's choices as variants (the contracts offered are
 * the household's own stored tariff versions and the dynamic presets), and the outcomes as the
 * table's texts in the user's language — so the island only binds and renders.
 */
import { formatEnergy, formatEuro, formatLocalDay, formatNumber } from "../i18n/format.ts";
import { fill, type Locale, type Messages } from "../i18n/messages.ts";
import type { EnergyPrice, TariffVersion } from "../tariff/contract.ts";
import { DYNAMIC_PRESETS } from "../tariff/presets.ts";
import type { WhatIfBattery, WhatIfVariant, WhatIfView } from "./what_if.ts";

/** The eight compass directions the form offers, as azimuths from north. */
export const DIRECTIONS = [
  { key: "n", azimuthDeg: 0 },
  { key: "ne", azimuthDeg: 45 },
  { key: "e", azimuthDeg: 90 },
  { key: "se", azimuthDeg: 135 },
  { key: "s", azimuthDeg: 180 },
  { key: "sw", azimuthDeg: 225 },
  { key: "w", azimuthDeg: 270 },
  { key: "nw", azimuthDeg: 315 },
] as const;

export interface ContractChoice {
  id: string;
  name: string;
  energy: EnergyPrice;
}

/** The contracts to compare with: each stored version's energy price, then the dynamic presets. */
export function contractChoices(versions: TariffVersion[]): ContractChoice[] {
  const own = versions.map((v) => ({ id: `version:${v.id}`, name: v.name, energy: v.energy }));
  const presets = DYNAMIC_PRESETS.map((p): ContractChoice => ({
    id: `preset:${p.id}`,
    name: p.name,
    energy: { kind: "dynamic", offtake: p.offtake, injection: p.injection, billing: p.billing },
  }));
  return [...own, ...presets];
}

export interface WhatIfForm {
  kWp: number;
  azimuthDeg: number;
  tiltDeg: number;
  batteryKWh: number;
  /** A `ContractChoice` id, or `null` for none. */
  contract: ContractChoice | null;
}

/**
 * The battery the page simulates for `kWh`: self-consumption ("balancing", 10 % kept), a power of
 * half its capacity per hour (0.5 C: 5 kWh → 2.5 kW), 95 % each way, half full at the start, on
 * an assumed 40 A single-phase connection.
 */
export function pageBattery(kWh: number): WhatIfBattery {
  const powerW = kWh * 500;
  return {
    battery: {
      capacityKWh: kWh,
      maxChargeW: powerW,
      maxDischargeW: powerW,
      efficiency: 0.95,
      initialSocPct: 50,
    },
    control: { mode: "balancing", minSocPct: 10 },
    site: { mainFuseA: 40, phases: 1, inverterMaxW: powerW },
  };
}

/** As it was, then each choice made: panels, battery, both, another contract. */
export function whatIfVariants(form: WhatIfForm): WhatIfVariant[] {
  const variants: WhatIfVariant[] = [{ id: "asIs" }];
  const solar = form.kWp > 0
    ? { kWp: form.kWp, orientation: { azimuthDeg: form.azimuthDeg, tiltDeg: form.tiltDeg } }
    : undefined;
  const battery = form.batteryKWh > 0 ? pageBattery(form.batteryKWh) : undefined;
  if (solar) variants.push({ id: "solar", solar });
  if (battery) variants.push({ id: "battery", battery });
  if (solar && battery) variants.push({ id: "both", solar, battery });
  if (form.contract) variants.push({ id: "contract", energy: form.contract.energy });
  return variants;
}

export interface WhatIfTable {
  /** Column headings, one per variant. */
  columns: string[];
  rows: { key: string; label: string; cells: string[] }[];
  period: string;
  notes: string[];
}

/** The outcomes as the page's table. */
export function whatIfTable(
  view: WhatIfView,
  form: WhatIfForm,
  m: Messages,
  loc: Locale,
): WhatIfTable {
  const w = m.whatIf;
  const kWp = formatNumber(loc, form.kWp, form.kWp % 1 === 0 ? 0 : 1);
  const kWh = formatNumber(loc, form.batteryKWh, form.batteryKWh % 1 === 0 ? 0 : 1);
  const columns = view.outcomes.map((o) =>
    o.id === "asIs"
      ? w.columns.asIs
      : o.id === "solar"
      ? fill(w.columns.solar, { kWp })
      : o.id === "battery"
      ? fill(w.columns.battery, { kWh })
      : o.id === "both"
      ? fill(w.columns.both, { kWp, kWh })
      : form.contract?.name ?? o.id
  );
  const energy = (v: number) => formatEnergy(loc, v);
  const euro = (v: number | null) => (v === null ? "–" : formatEuro(loc, v));
  const share = (v: number | null) => (v === null ? "–" : `${formatNumber(loc, v * 100, 0)} %`);
  const rows: WhatIfTable["rows"] = [
    { key: "import", label: w.rows.import, cells: view.outcomes.map((o) => energy(o.importKWh)) },
    { key: "export", label: w.rows.export, cells: view.outcomes.map((o) => energy(o.exportKWh)) },
    {
      key: "production",
      label: w.rows.production,
      cells: view.outcomes.map((o) => energy(o.productionKWh)),
    },
    {
      key: "selfConsumption",
      label: w.rows.selfConsumption,
      cells: view.outcomes.map((o) => energy(o.selfConsumptionKWh)),
    },
    {
      key: "selfSufficiency",
      label: w.rows.selfSufficiency,
      cells: view.outcomes.map((o) => share(o.selfSufficiency)),
    },
    {
      key: "peak",
      label: w.rows.peak,
      cells: view.outcomes.map((o) => `${formatNumber(loc, o.peakKW, 2)} kW`),
    },
    {
      key: "capacity",
      label: w.rows.capacity,
      cells: view.outcomes.map((o) => euro(o.capacityEur)),
    },
    { key: "total", label: w.rows.total, cells: view.outcomes.map((o) => euro(o.totalEur)) },
    {
      key: "difference",
      label: w.rows.difference,
      cells: view.savingsEur.map((v, i) => (i === 0 ? "" : euro(v))),
    },
  ];
  const notes: string[] = [];
  if (view.period.productionUnknown) notes.push(w.productionUnknown);
  if (form.kWp > 0) notes.push(w.yieldNote);
  if (form.batteryKWh > 0) notes.push(w.batteryNote);
  if (view.outcomes[0].totalEur === null) notes.push(w.noTariff);
  return {
    columns,
    rows,
    period: fill(w.period, {
      from: formatLocalDay(loc, view.period.from, "long"),
      to: formatLocalDay(loc, view.period.to, "long"),
      n: view.period.days,
    }),
    notes,
  };
}
