import { getRxStorageMemory } from "rxdb/plugins/storage-memory";
import { afterEach, describe, expect, it } from "vitest";
import { type EnergyDatabase, openEnergyDatabase } from "../../../lib/db/database.ts";
import {
  loadPriceDays,
  loadTariffVersions,
  removeTariffVersion,
  savePriceDays,
  saveTariffVersion,
} from "../../../lib/db/tariff_repo.ts";
import { dayStartMs } from "../../../lib/energy/calendar.ts";
import type { TariffVersion } from "../../../lib/tariff/contract.ts";
import { pricesToDays } from "../../../lib/tariff/prices.ts";

let db: EnergyDatabase | null = null;
let n = 0;
afterEach(async () => {
  await db?.remove();
  db = null;
});

const version = (id: string, effectiveFrom: string): TariffVersion => ({
  id,
  siteId: "local",
  name: id,
  effectiveFrom,
  energy: { kind: "single", offtakeEurPerKWh: 0.3, injectionEurPerKWh: 0.04 },
  fixedFeeEurPerMonth: 4,
  distribution: {
    area: "Fluvius Antwerpen",
    offtakeDayEurPerKWh: 0.06,
    offtakeNightEurPerKWh: 0.06,
    transmissionEurPerKWh: 0.02,
    capacityEurPerKWYear: 49.4,
    dataManagementEurPerYear: 18,
  },
  leviesEurPerKWh: 0.05,
  vatRate: 0.06,
  updatedAt: 1,
});

describe("tariffs and prices on the device", () => {
  it("keeps tariff versions in date order and removes one", async () => {
    db = await openEnergyDatabase(getRxStorageMemory(), `tariffs${n++}`, false);
    await saveTariffVersion(db, version("b", "2025-03-01"));
    await saveTariffVersion(db, version("a", "2024-01-01"));
    expect((await loadTariffVersions(db, "local")).map((v) => v.id)).toEqual(["a", "b"]);
    await removeTariffVersion(db, "a");
    expect((await loadTariffVersions(db, "local")).map((v) => v.id)).toEqual(["b"]);
  });

  it("refuses a version that breaks the model", async () => {
    db = await openEnergyDatabase(getRxStorageMemory(), `tariffs${n++}`, false);
    await expect(saveTariffVersion(db, { ...version("x", "2024-13-01") })).rejects.toThrow();
    await expect(saveTariffVersion(db, { ...version("x", "2024-01-01"), vatRate: 6 })).rejects
      .toThrow();
    expect(await loadTariffVersions(db, "local")).toEqual([]);
  });

  it("keeps quarter-hour prices when hourly ones of the same day come later", async () => {
    db = await openEnergyDatabase(getRxStorageMemory(), `tariffs${n++}`, false);
    const start = dayStartMs("2025-10-01");
    const quarters = pricesToDays(
      [{ startMs: start, minutes: 15, eurPerMWh: 10 }],
      "entsoe",
      1,
    );
    const hours = pricesToDays([{ startMs: start, minutes: 60, eurPerMWh: 99 }], "csv", 2);
    expect(await savePriceDays(db, quarters)).toBe(1);
    expect(await savePriceDays(db, hours)).toBe(0);
    const stored = await loadPriceDays(db, "2025-10-01", "2025-10-02");
    expect(stored.get("2025-10-01")!.slotMinutes).toBe(15);
    expect(stored.get("2025-10-01")!.eurPerMWh[0]).toBe(10);
    expect(stored.has("2025-10-02")).toBe(false);
  });
});
