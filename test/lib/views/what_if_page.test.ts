import { describe, expect, it } from "vitest";
import { formatEuro } from "../../../lib/i18n/format.ts";
import { DUTCH } from "../../../lib/i18n/messages.ts";
import type { TariffVersion } from "../../../lib/tariff/contract.ts";
import { DYNAMIC_PRESETS } from "../../../lib/tariff/presets.ts";
import type { WhatIfView } from "../../../lib/views/what_if.ts";
import {
  contractChoices,
  pageBattery,
  type WhatIfForm,
  whatIfTable,
  whatIfVariants,
} from "../../../lib/views/what_if_page.ts";

const version = {
  id: "v1",
  name: "Mijn contract",
  energy: { kind: "single", offtakeEurPerKWh: 0.3, injectionEurPerKWh: 0.05 },
} as TariffVersion;

const form: WhatIfForm = {
  kWp: 3,
  azimuthDeg: 180,
  tiltDeg: 35,
  batteryKWh: 5,
  contract: contractChoices([version])[1],
};

describe("whatIfVariants", () => {
  it("offers as it was, panels, battery, both and the other contract", () => {
    const variants = whatIfVariants(form);
    expect(variants.map((v) => v.id)).toEqual(["asIs", "solar", "battery", "both", "contract"]);
    expect(variants[1].solar).toEqual({ kWp: 3, orientation: { azimuthDeg: 180, tiltDeg: 35 } });
    expect(variants[4].energy).toEqual({
      kind: "dynamic",
      offtake: DYNAMIC_PRESETS[0].offtake,
      injection: DYNAMIC_PRESETS[0].injection,
      billing: DYNAMIC_PRESETS[0].billing,
    });
    expect(whatIfVariants({ ...form, kWp: 0, batteryKWh: 0, contract: null }).map((v) => v.id))
      .toEqual(["asIs"]);
  });

  it("simulates a battery at half its capacity per hour", () => {
    // 5 kWh × 0.5 /h = 2.5 kW.
    expect(pageBattery(5).battery).toEqual({
      capacityKWh: 5,
      maxChargeW: 2500,
      maxDischargeW: 2500,
      efficiency: 0.95,
      initialSocPct: 50,
    });
  });

  it("lists the stored versions first, then the dynamic presets", () => {
    const choices = contractChoices([version]);
    expect(choices.map((c) => c.id)).toEqual([
      "version:v1",
      ...DYNAMIC_PRESETS.map((p) => `preset:${p.id}`),
    ]);
    expect(choices[0]).toEqual({ id: "version:v1", name: "Mijn contract", energy: version.energy });
  });
});

describe("whatIfTable", () => {
  const outcome = (id: string, importKWh: number, totalEur: number | null) => ({
    id,
    importKWh,
    exportKWh: 100,
    productionKWh: 2000,
    selfConsumptionKWh: 1900,
    selfSufficiency: 0.4567,
    selfConsumptionShare: 0.95,
    peakKW: 4.2,
    capacityEur: 150.5,
    totalEur,
  });
  const view: WhatIfView = {
    period: { from: "2025-06-01", to: "2026-05-31", days: 365, productionUnknown: true },
    outcomes: [outcome("asIs", 3000, 1000), outcome("solar", 2500.5, 900.25)],
    savingsEur: [0, -99.75],
  };

  it("words the outcomes in the user's language", () => {
    const table = whatIfTable(view, form, DUTCH, "nl");
    expect(table.columns).toEqual(["Zoals het was", "+ 3 kWp"]);
    const row = (key: string) => table.rows.find((r) => r.key === key)!.cells;
    expect(row("import")).toEqual(["3.000,0 kWh", "2.500,5 kWh"]);
    expect(row("selfSufficiency")).toEqual(["46 %", "46 %"]);
    // (The currency's spacing is the browser's own: formatEuro gives it.)
    expect(row("total")).toEqual([formatEuro("nl", 1000), formatEuro("nl", 900.25)]);
    expect(row("total")[1]).toMatch(/^€\s900,25$/);
    expect(row("difference")).toEqual(["", formatEuro("nl", -99.75)]);
    expect(table.period).toBe("Van 1 juni 2025 tot 31 mei 2026, 365 dagen met gegevens.");
    expect(table.notes[0]).toBe(DUTCH.whatIf.productionUnknown);
  });
});
