import { describe, expect, it } from "vitest";
import { PvStatusModel } from "../../../lib/control/protocol.ts";

const STATUS = {
  atMs: 1_717_920_000_000,
  source: "sunspec",
  name: "SMA Sunny Boy",
  powerW: 2150,
  counterWh: 12_345_670,
  counter: "lifetime",
  wrapWh: 2 ** 32 * 10,
  online: true,
};

describe("the gateway's pv message", () => {
  it("takes a PV source's status as the gateway sends it", () => {
    expect(PvStatusModel.parse(STATUS)).toEqual(STATUS);
    const offline = { ...STATUS, powerW: null, counterWh: null, wrapWh: null, online: false };
    expect(PvStatusModel.parse(offline)).toEqual(offline);
  });

  it("refuses what would become wrong quarter-hours: negative, unknown kinds, missing fields", () => {
    for (
      const bad of [
        { ...STATUS, powerW: -5 },
        { ...STATUS, counterWh: -1 },
        { ...STATUS, counter: "monthly" },
        { ...STATUS, source: "modbus" },
        { ...STATUS, atMs: 1.5 },
        { ...STATUS, online: undefined },
      ]
    ) {
      expect(PvStatusModel.safeParse(bad).success).toBe(false);
    }
  });
});
