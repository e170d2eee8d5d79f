/** The live store's sources: a cable or the demo on this device wins over the gateway's copy. */
import { describe, expect, it } from "vitest";
import { readingFromGateway } from "../../../app/browser/gateway.ts";
import { reading, setStatus, showGatewayReading, status } from "../../../app/browser/live_store.ts";

const fromGateway = readingFromGateway({
  atMs: Date.UTC(2026, 11, 1, 19, 41),
  importW: 5030,
  exportW: 0,
  tariff: 1,
  importKWh: { t1: 1843.318, t2: 2210.118 },
  exportKWh: { t1: 912.604, t2: 301.337 },
});

describe("the gateway's readings", () => {
  it("show on a device without a cable, which then says they come from the gateway", () => {
    setStatus({ kind: "idle" });
    showGatewayReading(fromGateway);
    expect(reading.value?.powerKW.import).toBe(5.03);
    expect(status.value.kind).toBe("gateway");
  });

  it("never take turns with a connected cable's or the demo's", () => {
    for (const kind of ["connected", "demo"] as const) {
      reading.value = null;
      setStatus({ kind });
      showGatewayReading(fromGateway);
      expect(reading.value).toBeNull();
      expect(status.value.kind).toBe(kind);
    }
  });
});
