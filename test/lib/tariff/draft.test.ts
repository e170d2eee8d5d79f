import { describe, expect, it } from "vitest";
import { draftFromTariff, type TariffDraft, tariffFromDraft } from "../../../lib/tariff/draft.ts";

const draft: TariffDraft = {
  name: "Mijn contract",
  effectiveFrom: "2026-11-23",
  area: "Fluvius Antwerpen",
  kind: "dayNight",
  offtake: "",
  injection: "",
  offtakeDay: "0,31",
  offtakeNight: "0.24",
  injectionDay: "0,04",
  injectionNight: "0,03",
  offtakeMultiplier: "",
  offtakeAdd: "",
  injectionMultiplier: "",
  injectionAdd: "",
  billing: "quarter",
  fixedFee: "4,5",
  distributionDay: "0,062",
  distributionNight: "0,05",
  transmission: "0,021",
  hasCapacity: "yes",
  capacity: "49,40",
  dataManagement: "18,5",
  levies: "0,05",
  vatPercent: "6",
};

describe("the tariff form", () => {
  it("turns typed text (decimal commas too) into a checked version, and back", () => {
    const result = tariffFromDraft(draft, "v1", "local", 7);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.version).toMatchObject({
      effectiveFrom: "2026-11-23",
      energy: { kind: "dayNight", offtakeDayEurPerKWh: 0.31, offtakeNightEurPerKWh: 0.24 },
      fixedFeeEurPerMonth: 4.5,
      distribution: { capacityEurPerKWYear: 49.4, transmissionEurPerKWh: 0.021 },
      vatRate: 0.06,
      updatedAt: 7,
    });
    // Dutch and French show the comma, whichever separator was typed; English the point.
    expect(draftFromTariff(result.version, "nl")).toEqual({
      ...draft,
      offtakeNight: "0,24",
      capacity: "49,4",
    });
    expect(draftFromTariff(result.version, "fr").offtakeDay).toBe("0,31");
    expect(draftFromTariff(result.version, "en")).toEqual({
      ...draft,
      offtakeDay: "0.31",
      offtakeNight: "0.24",
      injectionDay: "0.04",
      injectionNight: "0.03",
      fixedFee: "4.5",
      distributionDay: "0.062",
      distributionNight: "0.05",
      transmission: "0.021",
      capacity: "49.4",
      dataManagement: "18.5",
      levies: "0.05",
    });
  });

  it("keeps 0,1320 typed in Dutch as 0,132 and 0.1320 typed in English as 0.132", () => {
    const single = { ...draft, kind: "single", offtake: "0,1320", injection: "0.1320" };
    const saved = tariffFromDraft(single, "v", "local", 0);
    expect(saved.ok && saved.version.energy).toEqual({
      kind: "single",
      offtakeEurPerKWh: 0.132,
      injectionEurPerKWh: 0.132,
    });
    if (!saved.ok) return;
    expect(draftFromTariff(saved.version, "nl").offtake).toBe("0,132");
    expect(draftFromTariff(saved.version, "en").injection).toBe("0.132");
  });

  it("names the first field that is not a number or not allowed", () => {
    expect(tariffFromDraft({ ...draft, fixedFee: "1.234,5" }, "v", "local", 0)).toEqual({
      ok: false,
      field: "fixedFee",
      problem: "ambiguous",
    });
    expect(tariffFromDraft({ ...draft, offtakeNight: "" }, "v", "local", 0)).toEqual({
      ok: false,
      field: "offtakeNight",
      problem: "number",
    });
    expect(tariffFromDraft({ ...draft, vatPercent: "90" }, "v", "local", 0)).toEqual({
      ok: false,
      field: "vatPercent",
      problem: "invalid",
    });
    expect(tariffFromDraft({ ...draft, effectiveFrom: "" }, "v", "local", 0)).toEqual({
      ok: false,
      field: "effectiveFrom",
      problem: "invalid",
    });
  });

  it("needs no capacity rate where there is no capacity tariff", () => {
    const result = tariffFromDraft({ ...draft, hasCapacity: "no", capacity: "" }, "v", "local", 0);
    expect(result.ok && result.version.distribution.capacityEurPerKWYear).toBeNull();
  });
});
