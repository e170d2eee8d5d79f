/**
 * The home battery must not empty itself into the car unless the user allows it. The battery's
 * controller decides from the grid power the meter measures; it is shown the house without the
 * cars it may not feed, so peak shaving and self-consumption cover the house and not the car.
 * Surplus the car takes stays the car's: the battery stores only what still goes to the grid.
 */
import type { Reading } from "../../p1/reading.ts";

/** The reading as the battery's controller should see it, `carW` of car charging taken out. */
export function withoutCars(reading: Reading, carW: number): Reading {
  if (carW <= 0) return reading;
  const importKW = Math.max((reading.powerKW.import ?? 0) - carW / 1000, 0);
  return { ...reading, powerKW: { import: importKW, export: reading.powerKW.export } };
}
