/**
 * OCPP 1.6J as far as the rest of the app needs it, pure: a connector's status in the app's words,
 * a MeterValues sample as a `ChargerReading`, the charging profile that carries a `ChargerLimit`,
 * and a watch that notices a charger which accepts a limit but keeps drawing more.
 *
 * Source: OCPP 1.6 edition 2 (FINAL, 2017-09-28), chapter 7 (Types): ChargePointStatus,
 * Measurand, Phase, SampledValue (the value as text; measurand Energy.Active.Import.Register and
 * unit Wh when absent), UnitOfMeasure, ChargingProfile, ChargingProfileKindType, ChargingSchedule
 * and ChargingSchedulePeriod (the JSON schema: limit a multiple of 0.1). The central system
 * (app/gateway/ocpp_central.ts) does the I/O.
 */
import type { ChargerLimit, ChargerReading, ChargerStatus } from "./charger.ts";

/** OCPP 1.6 §7 ChargePointStatus. */
export type OcppStatus =
  | "Available"
  | "Preparing"
  | "Charging"
  | "SuspendedEVSE"
  | "SuspendedEV"
  | "Finishing"
  | "Reserved"
  | "Unavailable"
  | "Faulted";

/** A connector's OCPP status in the app's words; `null` (no status yet, before boot) is starting. */
export function chargerStatusOf(status: OcppStatus | null): ChargerStatus {
  switch (status) {
    case null:
      return "starting";
    case "Available":
    case "Reserved":
      return "standby";
    case "Preparing":
    case "Finishing":
      return "carConnected";
    case "Charging":
      return "charging";
    case "SuspendedEV":
    case "SuspendedEVSE":
      return "sleeping";
    case "Faulted":
    case "Unavailable":
      return "fault";
  }
}

/** OCPP 1.6 §7 SampledValue, as it arrives (every field but `value` optional). */
export interface SampledValue {
  value: string;
  context?: string;
  format?: string;
  measurand?: string;
  phase?: string;
  location?: string;
  unit?: string;
}

export interface MeterValue {
  timestamp: string;
  sampledValue: SampledValue[];
}

/** The measured part of a reading; status and tag come from elsewhere. */
export type MeterPart = Pick<
  ChargerReading,
  "currentA" | "powerW" | "meterKWh" | "offeredA" | "socPct"
>;

function scaled(v: SampledValue, base: "W" | "Wh"): number | null {
  const x = Number(v.value);
  if (!Number.isFinite(x)) return null;
  const unit = v.unit ?? (base === "Wh" ? "Wh" : "W");
  if (unit === base) return x;
  if (unit === `k${base}`) return x * 1000;
  return null;
}

/** Phase index of a current sample: L1, L1-N → 0 … ; no phase (a 1-phase meter) → 0; N → null. */
function phaseIndex(phase: string | undefined): 0 | 1 | 2 | null {
  if (phase === undefined) return 0;
  const m = /^L([123])(-N)?$/.exec(phase);
  return m ? (Number(m[1]) - 1) as 0 | 1 | 2 : null;
}

/**
 * What one or more meter values say, the newest value of each kind winning. Units: power in
 * W or kW, energy in Wh or kWh (anything else is ignored, not guessed), current in A, SoC in %.
 * Power and energy without a phase (the charger's total) are taken; per-phase ones are not
 * summed into them. A charger that sends per-phase current but no power gets none.
 */
export function meterPartOf(values: readonly MeterValue[]): MeterPart {
  const part: MeterPart = {
    currentA: [null, null, null],
    powerW: null,
    meterKWh: null,
    offeredA: null,
    socPct: null,
  };
  for (const mv of values) {
    for (const v of mv.sampledValue) {
      if (v.format === "SignedData") continue;
      const measurand = v.measurand ?? "Energy.Active.Import.Register";
      const x = Number(v.value);
      if (!Number.isFinite(x)) continue;
      switch (measurand) {
        case "Current.Import": {
          if (v.unit !== undefined && v.unit !== "A") break;
          const i = phaseIndex(v.phase);
          if (i !== null) part.currentA[i] = x;
          break;
        }
        case "Current.Offered":
          if (v.unit === undefined || v.unit === "A") part.offeredA = x;
          break;
        case "Power.Active.Import":
          if (v.phase === undefined) part.powerW = scaled(v, "W") ?? part.powerW;
          break;
        case "Energy.Active.Import.Register": {
          if (v.phase !== undefined) break;
          const wh = scaled(v, "Wh");
          if (wh !== null) part.meterKWh = wh / 1000;
          break;
        }
        case "SoC":
          if (v.unit === undefined || v.unit === "Percent") part.socPct = x;
          break;
      }
    }
  }
  return part;
}

/** The newest timestamp among meter values (epoch ms), or `null`. */
export function newestAtMs(values: readonly MeterValue[]): number | null {
  let newest: number | null = null;
  for (const mv of values) {
    const t = Date.parse(mv.timestamp);
    if (Number.isFinite(t) && (newest === null || t > newest)) newest = t;
  }
  return newest;
}

/** OCPP 1.6 §7 ChargingProfile (the fields this app sends and the simulator reads). */
export interface ChargingProfile {
  chargingProfileId: number;
  transactionId?: number;
  stackLevel: number;
  chargingProfilePurpose: "ChargePointMaxProfile" | "TxDefaultProfile" | "TxProfile";
  chargingProfileKind: "Absolute" | "Recurring" | "Relative";
  recurrencyKind?: "Daily" | "Weekly";
  validFrom?: string;
  validTo?: string;
  chargingSchedule: {
    duration?: number;
    startSchedule?: string;
    chargingRateUnit: "A" | "W";
    chargingSchedulePeriod: { startPeriod: number; limit: number; numberPhases?: number }[];
    minChargingRate?: number;
  };
}

/**
 * A limit as a charging profile: one period in A from the start, for ever. Relative (from the
 * session's start, §7 ChargingProfileKindType), so the charger's clock does not matter: an Absolute profile whose
 * startSchedule comes from our clock is not yet in effect on a charger whose clock lags (evcc
 * works around the same with a start a minute back, and offers Relative for such firmware). The
 * limit is floored to whole tenths (the schema's `multipleOf 0.1`), never rounded up.
 */
export function profileFor(
  limit: ChargerLimit,
  options: {
    purpose: "TxDefaultProfile" | "TxProfile";
    id: number;
    stackLevel: number;
    transactionId?: number;
  },
): ChargingProfile {
  const tenths = Math.max(0, Math.floor(limit.currentA * 10 + 1e-9));
  return {
    chargingProfileId: options.id,
    ...(options.transactionId !== undefined ? { transactionId: options.transactionId } : {}),
    stackLevel: options.stackLevel,
    chargingProfilePurpose: options.purpose,
    chargingProfileKind: "Relative",
    chargingSchedule: {
      chargingRateUnit: "A",
      chargingSchedulePeriod: [{
        startPeriod: 0,
        limit: tenths % 10 === 0 ? tenths / 10 : Number((tenths / 10).toFixed(1)),
        numberPhases: limit.phases,
      }],
    },
  };
}

const NOMINAL_V = 230;

/** Why the app says a charger misbehaves (worded by the app). */
export interface LimitProblem {
  /** More current than the limit, or current on L2/L3 under a 1-phase limit. */
  kind: "ignoresLimit" | "ignoresPhases";
  /** The limit the charger accepted (A per phase). */
  limitA: number;
  /** In the last sample: the most it drew or offered (A), or for `ignoresPhases` the most on L2/L3. */
  measuredA: number;
  /** Consecutive samples above the limit. */
  samples: number;
}

/**
 * Watches a charger against the limit it accepted: when its measured current on any phase, or
 * the current it says it offers, stays above the limit + `toleranceA` for `samples` meter values
 * in a row (a charger that meters only power: that power as current at 230 V on the limit's
 * phases), it ignores the limit; under a 1-phase limit, current above `toleranceA` on L2 or L3
 * ignores the phases. The first sample after a new limit is not counted (the car ramps down over
 * a few seconds); the problem clears after `samples` compliant ones.
 */
export class LimitWatch {
  #limitA: number | null = null;
  #phases: 1 | 3 = 3;
  #skip = 0;
  #over = 0;
  #under = 0;
  problem: LimitProblem | null = null;

  constructor(readonly toleranceA = 1, readonly samples = 3) {}

  /** A limit the charger accepted. `null`: no limit (cleared). */
  limit(limitA: number | null, phases: 1 | 3 = 3): void {
    // The same limit again (sent anew now and then) changes nothing the charger should do.
    if (limitA !== null && limitA === this.#limitA && phases === this.#phases) return;
    this.#limitA = limitA;
    this.#phases = phases;
    this.#skip = 1;
    this.#over = 0;
    this.#under = 0;
    if (limitA === null) this.problem = null;
  }

  /** One meter sample; returns whether a problem appeared or went away. */
  sample(part: Pick<MeterPart, "currentA" | "offeredA"> & { powerW?: number | null }): boolean {
    if (this.#limitA === null) return false;
    let measured = Math.max(
      ...part.currentA.map((a) => a ?? -Infinity),
      part.offeredA ?? -Infinity,
    );
    // A charger that meters only power: its current per phase at the nominal 230 V.
    if (!Number.isFinite(measured) && part.powerW != null) {
      measured = part.powerW / (NOMINAL_V * this.#phases);
    }
    if (!Number.isFinite(measured)) return false;
    if (this.#skip > 0) {
      this.#skip--;
      return false;
    }
    const before = this.problem;
    const otherPhasesA = this.#phases === 1
      ? Math.max(part.currentA[1] ?? 0, part.currentA[2] ?? 0)
      : 0;
    const overLimit = measured > this.#limitA + this.toleranceA;
    if (overLimit || otherPhasesA > this.toleranceA) {
      this.#over++;
      this.#under = 0;
      if (this.#over >= this.samples) {
        this.problem = {
          kind: overLimit ? "ignoresLimit" : "ignoresPhases",
          limitA: this.#limitA,
          measuredA: overLimit ? measured : otherPhasesA,
          samples: this.#over,
        };
      }
    } else {
      this.#over = 0;
      this.#under++;
      if (this.#under >= this.samples) this.problem = null;
    }
    return (before === null) !== (this.problem === null);
  }
}
