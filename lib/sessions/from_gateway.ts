/**
 * A session as the gateway reports it (`FinishedSession`), as the report the session's record is
 * built from (`buildSessionRecord`): the charger's register samples as quarter-hours, its first
 * and last sample as the meter's start and stop. The gateway's own solar split, telegram by
 * telegram, stands in where the device has no grid data of the session's quarters. A company
 * car's refund is the charger's setting at the session's end, so every device records the same.
 */
import type { FinishedSession } from "../control/protocol.ts";
import type { ChargeSession } from "../db/models.ts";
import { buildSessionRecord, quartersFromMeter, type SessionContext } from "./session_record.ts";
import type { SessionReport } from "./session_record.ts";
import { roundTo } from "./rounding.ts";

export function reportOfFinished(
  finished: FinishedSession,
  siteId: string,
  updatedAt: number,
  address?: string,
): SessionReport {
  const samples = finished.samples.map(([atMs, meterKWh]) => ({ atMs, meterKWh }));
  const first = finished.samples[0];
  const last = finished.samples.at(-1);
  return {
    id: finished.id,
    siteId,
    deviceId: finished.chargerId,
    chargerName: finished.chargerName,
    idTag: finished.idTag ?? undefined,
    address,
    region: finished.reimbursement?.kind === "creg" ? finished.reimbursement.region : undefined,
    startMs: finished.startMs,
    endMs: finished.endMs,
    meterStart: { value: first?.[1] ?? 0, unit: "kWh" },
    meterStop: { value: last === undefined ? finished.energyKWh : last[1], unit: "kWh" },
    quarters: quartersFromMeter(samples),
    consumptionKWhPer100km: finished.consumptionKWhPer100km,
    status: "finished",
    updatedAt,
  };
}

/** The synced document of a finished session, under this device's tariff and meter data. */
export function sessionFromGateway(
  finished: FinishedSession,
  siteId: string,
  context: SessionContext,
  updatedAt: number,
  address?: string,
): ChargeSession {
  const refund = finished.reimbursement;
  const { session } = buildSessionRecord(
    reportOfFinished(finished, siteId, updatedAt, address),
    refund
      ? { ...context, reimbursement: refund.kind === "creg" ? "creg" : refund.eurPerKWh }
      : context,
  );
  return session.solarKWh === undefined
    ? { ...session, solarKWh: Math.min(roundTo(finished.solarKWh, 3), session.energyKWh) }
    : session;
}
