import { describe, expect, it } from "vitest";
import { AREA_PRESETS, DYNAMIC_PRESETS } from "../../../lib/tariff/presets.ts";

describe("tariff presets", () => {
  it("has the eight Fluvius areas and Brussels, each with its source", () => {
    expect(AREA_PRESETS.map((a) => a.name).sort()).toEqual([
      "Fluvius Antwerpen",
      "Fluvius Halle-Vilvoorde",
      "Fluvius Imewo",
      "Fluvius Intergem",
      "Fluvius Iveka (Kempen)",
      "Fluvius Limburg",
      "Fluvius West",
      "Fluvius Zenne-Dijle",
      "Sibelga (Brussel)",
    ]);
    expect(AREA_PRESETS.map((a) => a.source)).toEqual([
      "ecopowerApril2026",
      ...Array(5).fill("notInReference"),
      "ecopowerApril2026",
      "ebemMay2026",
      "sibelga2026",
    ]);
    expect(AREA_PRESETS.find((a) => a.id === "sibelga")!.hasCapacityTariff).toBe(false);
    // 59.58 incl. 6 % VAT is 56.21 excl.
    expect(AREA_PRESETS.find((a) => a.id === "fluvius-iveka")!.capacityEurPerKWYear).toBe(56.21);
  });

  it("turns published c€/kWh formulas into €/kWh of the spot in €/kWh", () => {
    const engie = DYNAMIC_PRESETS.find((p) => p.id === "engie-dynamic")!;
    // 0,8702 + 0,1039 × 100 €/MWh = 11,2602 c€/kWh = 0.112602 €/kWh at a spot of 0.100 €/kWh
    expect(engie.offtake.spotMultiplier * 0.1 + engie.offtake.addEurPerKWh).toBeCloseTo(
      0.112602,
      10,
    );
    // injection at −50 €/MWh: −1,3135 − 5 = −6,3135 c€/kWh
    expect(engie.injection.spotMultiplier * -0.05 + engie.injection.addEurPerKWh).toBeCloseTo(
      -0.063135,
      10,
    );
  });
});
