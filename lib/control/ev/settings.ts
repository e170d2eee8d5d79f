/**
 * How a household wants a car charged: the mode, an optional departure goal, and what the
 * session may use. Checked with zod where it crosses a wire (app → gateway) and where it is stored.
 */
import { z } from "zod";
import { REGIONS } from "../../db/models.ts";

/** A car's consumption when the user gives none (kWh per 100 km). */
export const DEFAULT_CONSUMPTION_KWH_PER_100KM = 18;

export const ChargeModeModel = z.discriminatedUnion("mode", [
  /** As fast as the fuse allows; the only mode that may raise this month's peak. */
  z.object({ mode: z.literal("fast") }),
  /** Only on surplus: start above `startSurplusW`, stop after `stopDelayS` without it. */
  z.object({
    mode: z.literal("solar"),
    startSurplusW: z.number().min(0).max(50_000).default(1400),
    stopDelayS: z.number().int().min(0).max(3600).default(180),
  }),
  /** At least the minimum current all the time, more on surplus. */
  z.object({ mode: z.literal("minSolar") }),
  /** At least `ecoPct` % of the session's energy from own solar. */
  z.object({ mode: z.literal("eco"), ecoPct: z.number().int().min(0).max(100) }),
]);
export type ChargeMode = z.infer<typeof ChargeModeModel>;

export const DepartureGoalModel = z.object({
  /** Local Brussels wall time of departure, `YYYY-MM-DDTHH:MM`. */
  departure: z.string().regex(/^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d$/),
  target: z.discriminatedUnion("kind", [
    z.object({ kind: z.literal("energy"), kWh: z.number().min(0.1).max(200) }),
    /** Needs the car's usable capacity and its state of charge now (the car or the user says). */
    z.object({
      kind: z.literal("soc"),
      pct: z.number().min(1).max(100),
      nowPct: z.number().min(0).max(100),
      batteryKWh: z.number().min(5).max(200),
    }),
    z.object({
      kind: z.literal("range"),
      km: z.number().min(1).max(1500),
      consumptionKWhPer100km: z.number().min(10).max(40).default(
        DEFAULT_CONSUMPTION_KWH_PER_100KM,
      ),
    }),
  ]),
});
export type DepartureGoal = z.infer<typeof DepartureGoalModel>;

export const ChargeSettingsModel = z.object({
  chargeMode: ChargeModeModel,
  goal: DepartureGoalModel.nullable().default(null),
  /** The month's peak may rise for this session (the cost of that peak is shown first). */
  allowHigherPeak: z.boolean().default(false),
  /** The home battery may discharge into the car. */
  allowBattery: z.boolean().default(false),
  /** Kept under the budget this much (W) so a kettle at the quarter's end does not tip it. */
  peakMarginW: z.number().min(0).max(5000).default(200),
  /**
   * A company car's charging paid back: at the CREG rate of the session's quarter and region
   * (Belgian circular 2024/C/77), or at an employer's own rate. `null`: a private car.
   */
  reimbursement: z.discriminatedUnion("kind", [
    z.object({ kind: z.literal("creg"), region: z.enum(REGIONS) }),
    z.object({ kind: z.literal("rate"), eurPerKWh: z.number().min(0).max(2) }),
  ]).nullable().default(null),
});
export type ChargeSettings = z.infer<typeof ChargeSettingsModel>;

export const DEFAULT_CHARGE_SETTINGS: ChargeSettings = ChargeSettingsModel.parse({
  chargeMode: { mode: "minSolar" },
});
