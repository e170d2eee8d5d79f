import { describe, expect, it } from "vitest";
import { withoutCars } from "../../../../lib/control/ev/battery_guard.ts";
import { parseTelegram } from "../../../../lib/p1/parser.ts";
import { p1FixtureText } from "../../../fixtures/p1.ts";

const base = parseTelegram(p1FixtureText("fluvius-e-mucs-1.7.1-three-phase-gas-water.txt"));
const at = (importKW: number, exportKW: number) => ({
  ...base,
  powerKW: { import: importKW, export: exportKW },
});

describe("the battery does not feed the car", () => {
  it("sees the house without the car", () => {
    // 7.4 kW imported, 6.9 kW of it the car: the house takes 0.5 kW.
    const seen = withoutCars(at(7.4, 0), 6900);
    expect(seen.powerKW.import).toBeCloseTo(0.5, 9);
    expect(seen.powerKW.export).toBe(0);
  });

  it("leaves the surplus the car takes to the car: the battery may store what is still exported", () => {
    // The car takes 4.1 kW of sun while 1 kW still goes to the grid.
    const seen = withoutCars(at(0, 1), 4100);
    expect(seen.powerKW).toEqual({ import: 0, export: 1 });
    // The car takes 4.1 kW, 1.5 kW of it from the grid: the house itself imports nothing.
    expect(withoutCars(at(1.5, 0), 4100).powerKW).toEqual({ import: 0, export: 0 });
  });

  it("leaves the reading as it is without a car", () => {
    const reading = at(2, 0);
    expect(withoutCars(reading, 0)).toBe(reading);
  });
});
