/**
 * Starting points for a tariff: the grid-operator areas and the published dynamic formulas. Each
 * figure says where it comes from and when; figures the reference does not give are left empty
 * (`null`) for the user to copy from their own tariff card — never guessed. All are editable.
 */
import type { DynamicFormula } from "./contract.ts";

/** Where an area's figures come from, worded in the user's language (`tariff.areaSources`). */
export type AreaSource = "ecopowerApril2026" | "notInReference" | "ebemMay2026" | "sibelga2026";

export interface AreaPreset {
  id: string;
  name: string;
  /** €/kW/year excluding VAT; `null` when unknown here, `0`-free areas use `hasCapacityTariff`. */
  capacityEurPerKWYear: number | null;
  hasCapacityTariff: boolean;
  /** Distribution per kWh on the day (peak) and night (off-peak) register, when known. */
  offtakeDayEurPerKWh: number | null;
  offtakeNightEurPerKWh: number | null;
  source: AreaSource;
}

const VAT = 1.06;

/** The eight Fluvius areas and Brussels. */
export const AREA_PRESETS: AreaPreset[] = [
  {
    id: "fluvius-antwerpen",
    name: "Fluvius Antwerpen",
    capacityEurPerKWYear: 49.40,
    hasCapacityTariff: true,
    offtakeDayEurPerKWh: null,
    offtakeNightEurPerKWh: null,
    source: "ecopowerApril2026",
  },
  ...["Halle-Vilvoorde", "Intergem", "Limburg", "West", "Zenne-Dijle"].map((area): AreaPreset => ({
    id: `fluvius-${area.toLowerCase()}`,
    name: `Fluvius ${area}`,
    capacityEurPerKWYear: null,
    hasCapacityTariff: true,
    offtakeDayEurPerKWh: null,
    offtakeNightEurPerKWh: null,
    source: "notInReference",
  })),
  {
    id: "fluvius-imewo",
    name: "Fluvius Imewo",
    capacityEurPerKWYear: 54.20,
    hasCapacityTariff: true,
    offtakeDayEurPerKWh: null,
    offtakeNightEurPerKWh: null,
    source: "ecopowerApril2026",
  },
  {
    id: "fluvius-iveka",
    name: "Fluvius Iveka (Kempen)",
    capacityEurPerKWYear: Math.round((59.58 / VAT) * 100) / 100,
    hasCapacityTariff: true,
    offtakeDayEurPerKWh: null,
    offtakeNightEurPerKWh: null,
    source: "ebemMay2026",
  },
  {
    id: "sibelga",
    name: "Sibelga (Brussel)",
    capacityEurPerKWYear: null,
    hasCapacityTariff: false,
    offtakeDayEurPerKWh: 0.0996,
    offtakeNightEurPerKWh: 0.0753,
    source: "sibelga2026",
  },
];

export interface DynamicPreset {
  id: string;
  name: string;
  offtake: DynamicFormula;
  injection: DynamicFormula;
  billing: "quarter" | "hour";
  source: string;
}

/**
 * Suppliers publish `a × spot + b` in c€/kWh with the spot in €/MWh; in €/kWh that is
 * `10a × spot €/kWh + b/100`. They change often: check your own contract.
 */
function formula(aCentPerMWh: number, bCent: number): DynamicFormula {
  return {
    spotMultiplier: Math.round(aCentPerMWh * 10 * 1e6) / 1e6,
    addEurPerKWh: Math.round((bCent / 100) * 1e8) / 1e8,
  };
}

export const DYNAMIC_PRESETS: DynamicPreset[] = [
  {
    id: "engie-dynamic",
    name: "Engie Dynamic",
    offtake: formula(0.1039, 0.8702),
    injection: formula(0.1, -1.3135),
    billing: "quarter",
    source: "0,8702 + 0,1039 × eSpot_15 (excl. VAT); injection −1,3135 + 0,1000 × eSpot_15",
  },
  {
    id: "luminus-dynamic",
    name: "Luminus Dynamic",
    offtake: formula(0.1019, 2.4591),
    injection: formula(0.1019, -1.2737),
    billing: "hour",
    source: "0,1019 × Belpex H + 2,4591 (Wallonia; the base differs by region)",
  },
  {
    id: "totalenergies-dynamic",
    name: "TotalEnergies Dynamic",
    offtake: formula(0.1034, 1.75),
    injection: formula(0.1, -1.3),
    billing: "hour",
    source: "0.1034 × BELPEXH + 1.75; injection 0.1 × BELPEXH − 1.3",
  },
  {
    id: "eneco-dynamic",
    name: "Eneco Dynamic",
    offtake: formula(0.102, 1),
    injection: formula(0, 0),
    billing: "hour",
    source:
      "(0.102 × BELPEX-H + 1) × 1.06 — the × 1.06 is VAT, added by the app; injection not published",
  },
];
