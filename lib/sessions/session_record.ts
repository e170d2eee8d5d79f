/**
 * A charge session's figures, from what the charger reported and the site's own quarter-hours:
 * energy (meter stop − meter start), km added, the part from own solar, the cost under the
 * tariff in force, and the CREG reimbursement of a company car.
 *
 * **Solar share.** Per Brussels quarter-hour q, with the car's energy c(q) (the charger's
 * register) and the grid meter's import i(q) of the same quarter (the `grid` day bucket, which
 * includes the car): every kWh the site imported in q is counted against the car first, so
 *
 *     grid(q)  = min(c(q), i(q))        solar(q) = c(q) − grid(q) = max(0, c(q) − i(q))
 *
 * The car's energy counts as solar only up to what the site did not import in that quarter —
 * its own production (or the home battery's, as evcc counts it) — never more than the car took.
 * It is a lower bound: when the kettle and the car both run in a sunny quarter, the import goes
 * to the car. A quarter without grid data (missing, no bucket, or only hourly or daily totals)
 * counts as grid, and the kWh are reported in `gridUnknownKWh`; when no quarter of the session
 * has grid data (or the charger sent no quarters), the solar part is unknown and left out.
 *
 * **Cost.** Each quarter's grid kWh cost what a kWh taken from the grid costs under the tariff
 * version in force that day (energy, distribution, transmission, levies and VAT, the day or night
 * rate by the meter's register of that quarter, the quarter's day-ahead price on a dynamic
 * contract); each solar kWh costs the injection compensation it did not earn. Both are priced by
 * `dayCost` of `lib/tariff/cost.ts` on buckets holding the car's kWh alone, so no tariff rule is
 * written twice. Fixed fees and the capacity tariff are the household's, not the session's. A
 * cost is given only when every kWh is priced (a dynamic contract lacking a price, or energy
 * the quarters do not account for, leaves it out).
 *
 * **Rounding.** The document holds what an export prints: kWh to the Wh, km to 0.1 km, euros to
 * the cent (see `lib/sessions/rounding.ts`); totals are sums of those.
 */
import { type LocalDay, QUARTER_MS, slotOf } from "../energy/calendar.ts";
import { type DayBucket, emptyBucket, Quality, Register } from "../energy/day_bucket.ts";
import { type ChargeSession, ChargeSessionModel, type Region } from "../db/models.ts";
import { DEFAULT_CONSUMPTION_KWH_PER_100KM } from "../control/ev/settings.ts";
import { dayCost, tariffInForce } from "../tariff/cost.ts";
import type { TariffVersion } from "../tariff/contract.ts";
import { hourSpotEurPerKWh, type PriceDay, quarterSpotEurPerKWh } from "../tariff/prices.ts";
import { cregRate, type Quarter, reimbursementEur } from "./creg.ts";
import { roundCents, roundTo } from "./rounding.ts";

/** A charger's energy register, as it reports it (OCPP meter values are often in Wh). */
export interface MeterValue {
  value: number;
  unit: "Wh" | "kWh";
}

/** The car's energy in one quarter-hour, starting at `startMs` (on the quarter grid). */
export interface QuarterEnergy {
  startMs: number;
  kWh: number;
}

/** What is known of a session when it is recorded (at its end, or while it runs). */
export interface SessionReport {
  id: string;
  siteId: string;
  deviceId: string;
  chargerName?: string;
  idTag?: string;
  userId?: string;
  owner?: string;
  address?: string;
  region?: Region;
  startMs: number;
  /** `null` while the session runs. */
  endMs: number | null;
  meterStart: MeterValue;
  /** Absent while the session runs: the quarters' sum stands for it. */
  meterStop?: MeterValue;
  /** The car's energy per quarter-hour (`quartersFromMeter` makes them from meter samples). */
  quarters: QuarterEnergy[];
  /** The car's consumption, kWh per 100 km (default 18). */
  consumptionKWhPer100km?: number;
  status?: ChargeSession["status"];
  updatedAt: number;
}

export interface SessionContext {
  /** The site's `grid` quarter-hour buckets by local day (those of the session's days suffice). */
  grid: Map<LocalDay, DayBucket>;
  tariffs: TariffVersion[];
  prices: Map<LocalDay, PriceDay>;
  /**
   * A company car: `"creg"` pays back at the CREG rate of the session's quarter and region,
   * a number at that rate (€/kWh, an employer's own); absent for a private car.
   */
  reimbursement?: "creg" | number;
}

export interface SessionRecord {
  session: ChargeSession;
  /** The car's kWh of quarters without grid data, counted as grid. */
  gridUnknownKWh: number;
  /** Energy the meter counted beyond the quarters' sum (not priced, not split). */
  unallocatedKWh: number;
  /** Quarters a dynamic contract had no price for. */
  unpricedQuarters: number;
  /** Why `costEur` or `cregEurPerKWh` is absent, when it is. */
  missing: ("tariff" | "prices" | "quarters" | "region" | { cregRateFor: Quarter })[];
}

/**
 * A label as a session may hold it: line ends and other control characters (an address typed on
 * two lines) become one space; empty becomes absent.
 */
function label(text: string | undefined): string | undefined {
  const clean = text?.replace(/[\p{Cc}\s]+/gu, " ").trim();
  return clean ? clean : undefined;
}

function kWhOf(meter: MeterValue): number {
  return meter.unit === "Wh" ? meter.value / 1000 : meter.value;
}

/**
 * The car's energy per quarter from samples of the charger's register (sorted or not): the
 * register at each quarter boundary is interpolated linearly between the samples around it.
 * Samples that go backwards (a register reset) are left out. Quarters are Brussels-local slots,
 * which are whole quarters of UTC as well (Brussels is a whole number of hours from UTC).
 */
export function quartersFromMeter(samples: { atMs: number; meterKWh: number }[]): QuarterEnergy[] {
  const sorted = samples.filter((s) => Number.isFinite(s.atMs) && Number.isFinite(s.meterKWh))
    .sort((a, b) => a.atMs - b.atMs);
  const rising: typeof sorted = [];
  for (const sample of sorted) {
    const last = rising.at(-1);
    if (last && (sample.meterKWh < last.meterKWh || sample.atMs === last.atMs)) continue;
    rising.push(sample);
  }
  if (rising.length < 2) return [];
  const registerAt = (ms: number): number => {
    let i = 1;
    while (i < rising.length - 1 && rising[i].atMs < ms) i++;
    const a = rising[i - 1];
    const b = rising[i];
    return a.meterKWh + ((b.meterKWh - a.meterKWh) * (ms - a.atMs)) / (b.atMs - a.atMs);
  };
  const first = rising[0].atMs;
  const last = rising.at(-1)!.atMs;
  const quarters: QuarterEnergy[] = [];
  for (let q = Math.floor(first / QUARTER_MS) * QUARTER_MS; q < last; q += QUARTER_MS) {
    const from = Math.max(q, first);
    const to = Math.min(q + QUARTER_MS, last);
    quarters.push({ startMs: q, kWh: registerAt(to) - registerAt(from) });
  }
  return quarters;
}

/** The car's kWh per slot of each local day it charged on. */
function carSlotsByDay(quarters: QuarterEnergy[]): Map<LocalDay, Map<number, number>> {
  const days = new Map<LocalDay, Map<number, number>>();
  for (const quarter of quarters) {
    if (quarter.startMs % QUARTER_MS !== 0) {
      throw new RangeError(`quarter ${quarter.startMs} is not on the quarter-hour grid`);
    }
    if (!Number.isFinite(quarter.kWh) || quarter.kWh < 0) {
      throw new RangeError(`quarter ${quarter.startMs}: ${quarter.kWh} kWh`);
    }
    const { day, slot } = slotOf(quarter.startMs);
    const slots = days.get(day) ?? new Map<number, number>();
    slots.set(slot, (slots.get(slot) ?? 0) + quarter.kWh);
    days.set(day, slots);
  }
  return days;
}

/** A bucket of the car's kWh alone, on the grid's registers (day/night) of the same slots. */
function carBucket(
  day: LocalDay,
  grid: DayBucket | undefined,
  kWh: Map<number, number>,
  side: "imported" | "exported",
): DayBucket {
  const bucket = emptyBucket("session", "grid", day);
  for (const [slot, value] of kWh) {
    bucket.imported[slot] = side === "imported" ? value : 0;
    bucket.exported[slot] = side === "exported" ? value : 0;
    bucket.quality[slot] = Quality.measured;
    bucket.register[slot] = grid?.slotMinutes === 15
      ? grid.register[slot] ?? Register.unknown
      : Register.unknown;
  }
  return bucket;
}

/** The session's document and what could not be worked out. */
export function buildSessionRecord(report: SessionReport, context: SessionContext): SessionRecord {
  const missing: SessionRecord["missing"] = [];
  const meterStartKWh = roundTo(kWhOf(report.meterStart), 3);
  const meterStopKWh = report.meterStop === undefined
    ? undefined
    : roundTo(kWhOf(report.meterStop), 3);
  const days = carSlotsByDay(report.quarters);
  let quartersKWh = 0;
  let solarKWh = 0;
  let gridUnknownKWh = 0;
  let costEur = 0;
  let unpricedQuarters = 0;
  for (const [day, slots] of days) {
    const grid = context.grid.get(day);
    const gridKWh = new Map<number, number>();
    const solar = new Map<number, number>();
    for (const [slot, car] of slots) {
      quartersKWh += car;
      const measured = grid?.slotMinutes === 15 && grid.quality[slot] !== Quality.missing &&
        grid.imported[slot] !== null && grid.imported[slot] !== undefined;
      const fromGrid = measured ? Math.min(car, grid!.imported[slot]!) : car;
      if (!measured) gridUnknownKWh += car;
      gridKWh.set(slot, fromGrid);
      solar.set(slot, car - fromGrid);
      solarKWh += car - fromGrid;
    }
    const tariff = tariffInForce(context.tariffs, day);
    if (tariff === null) continue;
    const prices = context.prices.get(day);
    const taken = dayCost(day, carBucket(day, grid, gridKWh, "imported"), tariff, prices, 0);
    const notInjected = dayCost(day, carBucket(day, grid, solar, "exported"), tariff, prices, 0);
    // Each slot's cost once: taken kWh with VAT, plus the compensation the solar kWh forwent.
    for (const slot of slots.keys()) costEur += taken.slotEur[slot] - notInjected.slotEur[slot];
    if (taken.unpricedSlots > 0 || notInjected.unpricedSlots > 0) {
      unpricedQuarters += [...slots].filter(([slot, car]) =>
        car > 0 && !hasSpotPrice(tariff, prices, slot)
      ).length;
    }
  }
  const energyKWh = roundTo(
    meterStopKWh === undefined ? quartersKWh : Math.max(0, meterStopKWh - meterStartKWh),
    3,
  );
  const unallocatedKWh = Math.max(0, roundTo(energyKWh - quartersKWh, 3));
  const consumption = report.consumptionKWhPer100km ?? DEFAULT_CONSUMPTION_KWH_PER_100KM;

  const session: Record<string, unknown> = {
    id: report.id,
    siteId: report.siteId,
    deviceId: report.deviceId,
    startMs: report.startMs,
    endMs: report.endMs,
    energyKWh,
    updatedAt: report.updatedAt,
    chargerName: label(report.chargerName),
    idTag: label(report.idTag),
    userId: label(report.userId),
    owner: label(report.owner),
    address: label(report.address),
    region: report.region,
    meterStartKWh,
    meterStopKWh,
    consumptionKWhPer100km: consumption,
    kmAdded: roundTo((energyKWh / consumption) * 100, 1),
    // Known only where some of the energy fell in quarters with grid data; never above the
    // energy (the quarters may add up to a Wh more than the meter's difference).
    solarKWh: quartersKWh - gridUnknownKWh > 0 || energyKWh === 0
      ? Math.min(roundTo(solarKWh, 3), energyKWh)
      : undefined,
    status: report.status,
  };
  if (context.tariffs.length === 0) missing.push("tariff");
  else if (unpricedQuarters > 0) missing.push("prices");
  else if (unallocatedKWh > 0) missing.push("quarters");
  else session.costEur = roundCents(costEur);

  if (context.reimbursement !== undefined) {
    let rate: number | undefined;
    if (typeof context.reimbursement === "number") rate = context.reimbursement;
    else if (report.region === undefined) missing.push("region");
    else {
      const found = cregRate(report.region, report.startMs);
      if (found.known) rate = found.eurPerKWh;
      else missing.push({ cregRateFor: found.quarter });
    }
    if (rate !== undefined) {
      session.cregEurPerKWh = rate;
      session.reimbursementEur = reimbursementEur(energyKWh, rate);
    }
  }
  for (const key of Object.keys(session)) if (session[key] === undefined) delete session[key];
  return {
    session: ChargeSessionModel.parse(session),
    gridUnknownKWh: roundTo(gridUnknownKWh, 3),
    unallocatedKWh,
    unpricedQuarters,
    missing,
  };
}

/** Whether a dynamic contract has the spot price `dayCost` looks up for a slot. */
function hasSpotPrice(tariff: TariffVersion, prices: PriceDay | undefined, slot: number): boolean {
  if (tariff.energy.kind !== "dynamic") return true;
  if (prices === undefined) return false;
  const spot = tariff.energy.billing === "quarter"
    ? quarterSpotEurPerKWh(prices, slot)
    : hourSpotEurPerKWh(prices, slot);
  return spot !== null;
}
