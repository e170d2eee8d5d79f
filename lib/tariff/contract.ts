/**
 * A household's electricity contract as tariff versions, each valid from a local day until the
 * next one. Every price is excluding VAT; VAT is added once, at the end of a cost.
 */
import { z } from "zod";
import { isLocalDay } from "../energy/calendar.ts";

/** `price €/kWh = spotMultiplier × spot €/kWh + addEurPerKWh` (suppliers publish a × Belpex + b). */
export const DynamicFormulaModel = z.object({
  spotMultiplier: z.number().min(0).max(10),
  addEurPerKWh: z.number().min(-1).max(1),
});
export type DynamicFormula = z.infer<typeof DynamicFormulaModel>;

const eurPerKWh = z.number().min(-2).max(5);

export const EnergyPriceModel = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("single"),
    offtakeEurPerKWh: eurPerKWh,
    injectionEurPerKWh: eurPerKWh,
  }),
  z.object({
    /** Day and night rates, split by the meter's register — never by a clock rule. */
    kind: z.literal("dayNight"),
    offtakeDayEurPerKWh: eurPerKWh,
    offtakeNightEurPerKWh: eurPerKWh,
    injectionDayEurPerKWh: eurPerKWh,
    injectionNightEurPerKWh: eurPerKWh,
  }),
  z.object({
    kind: z.literal("dynamic"),
    offtake: DynamicFormulaModel,
    injection: DynamicFormulaModel,
    /** `quarter`: each quarter at its own spot price; `hour`: at its hour's average. */
    billing: z.enum(["quarter", "hour"]),
  }),
]);
export type EnergyPrice = z.infer<typeof EnergyPriceModel>;

export const DistributionModel = z.object({
  /** Grid operator area, e.g. "Fluvius Antwerpen" or "Sibelga". */
  area: z.string().max(60),
  /** Distribution per kWh taken, on the day and night (peak/off-peak) register. */
  offtakeDayEurPerKWh: eurPerKWh,
  offtakeNightEurPerKWh: eurPerKWh,
  transmissionEurPerKWh: eurPerKWh,
  /** Flemish capacity tariff; `null` where there is none (Brussels, Wallonia). */
  capacityEurPerKWYear: z.number().min(0).max(1000).nullable(),
  dataManagementEurPerYear: z.number().min(0).max(1000),
});
export type Distribution = z.infer<typeof DistributionModel>;

export const TariffVersionModel = z.object({
  id: z.string().min(1).max(80),
  siteId: z.string().min(1).max(60),
  name: z.string().max(120),
  /** The first local day this version applies to. */
  effectiveFrom: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be a day, YYYY-MM-DD")
    .refine(isLocalDay, "must be a day, YYYY-MM-DD"),
  energy: EnergyPriceModel,
  fixedFeeEurPerMonth: z.number().min(0).max(1000),
  distribution: DistributionModel,
  /** Levies and excise per kWh taken (energiebijdrage, accijns, …). */
  leviesEurPerKWh: eurPerKWh,
  vatRate: z.number().min(0).max(0.5),
  // The range the stored schema gives it (lib/db/models.ts).
  updatedAt: z.number().int().min(0).max(1e15),
});
export type TariffVersion = z.infer<typeof TariffVersionModel>;

/** Versions sorted by their first day, for `versionOn`. */
export function sortVersions(versions: Iterable<TariffVersion>): TariffVersion[] {
  return [...versions].sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : 1));
}

/** A tariff as a user writes it in a file: one version or a list; ids and stamps optional. */
const TariffInputModel = TariffVersionModel.extend({
  id: z.string().min(1).max(80).optional(),
  siteId: z.string().min(1).max(60).optional(),
  name: z.string().max(120).optional(),
  updatedAt: z.number().int().min(0).optional(),
});

/** Reads tariff versions from JSON text; a wrong field is named with its path. */
export function parseTariffJson(text: string): TariffVersion[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new Error(`not JSON: ${(error as Error).message}`);
  }
  // One model per shape, so a mistake is reported at its own path, not as "no union matched".
  const parsed = Array.isArray(data)
    ? z.array(TariffInputModel).min(1).safeParse(data)
    : TariffInputModel.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${issue.path.join(".") || "tariff"}: ${issue.message}`);
  }
  const list = Array.isArray(parsed.data) ? parsed.data : [parsed.data];
  return list.map((v, i) => ({
    ...v,
    id: v.id ?? `tariff-${i + 1}`,
    siteId: v.siteId ?? "local",
    name: v.name ?? `tariff ${i + 1}`,
    updatedAt: v.updatedAt ?? 0,
  }));
}
