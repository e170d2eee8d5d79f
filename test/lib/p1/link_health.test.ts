import { describe, expect, it } from "vitest";
import type { DecoderStats } from "../../../lib/p1/decoder.ts";
import { diagnose, LinkMonitor } from "../../../lib/p1/link_health.ts";

const stats = (over: Partial<DecoderStats>): DecoderStats => ({
  telegrams: 0,
  valid: 0,
  crcFailures: 0,
  missingCrc: 0,
  parseErrors: 0,
  withWarnings: 0,
  truncated: 0,
  overflows: 0,
  bytesDiscarded: 0,
  bytesReceived: 0,
  ...over,
});

describe("LinkMonitor", () => {
  it("counts telegrams per second over its window and the last one's age", () => {
    const monitor = new LinkMonitor(10_000);
    monitor.connected(0);
    for (let t = 1000; t <= 20_000; t += 1000) monitor.telegram(t);
    const health = monitor.health(stats({ telegrams: 20, valid: 20 }), 20_500);
    expect(health.telegramsPerSecond).toBe(1);
    expect(health.lastTelegramAgeS).toBe(0.5);
    expect(health.diagnosis).toBe("ok");
  });

  it("counts right from the first telegrams, and drops to 0 once they stop", () => {
    const monitor = new LinkMonitor(10_000);
    monitor.connected(0);
    for (const t of [0, 1000, 2000]) monitor.telegram(t);
    expect(monitor.health(stats({ telegrams: 3, valid: 3 }), 2000).telegramsPerSecond).toBe(1);
    const later = monitor.health(stats({ telegrams: 3, valid: 3 }), 30_000);
    expect(later.telegramsPerSecond).toBe(0);
    expect(later.diagnosis).toBe("stalled");
  });

  it("reads one telegram per 10 s from a DSMR 4 meter", () => {
    const monitor = new LinkMonitor(60_000);
    monitor.connected(0);
    for (let t = 0; t <= 50_000; t += 10_000) monitor.telegram(t);
    expect(monitor.health(stats({ telegrams: 6, valid: 6 }), 50_000).telegramsPerSecond).toBe(0.1);
  });
});

describe("diagnose", () => {
  it("waits a little, then calls a quiet port silent", () => {
    expect(diagnose(stats({}), 3, null)).toBe("waiting");
    expect(diagnose(stats({}), 30, null)).toBe("silent");
  });

  it("calls bytes without good telegrams garbled (wrong speed or parity)", () => {
    expect(diagnose(stats({ bytesReceived: 5000, bytesDiscarded: 5000 }), 30, null)).toBe(
      "garbled",
    );
    expect(diagnose(stats({ bytesReceived: 900, telegrams: 1, crcFailures: 1 }), 2, 1)).toBe(
      "garbled",
    );
  });

  it("tells a stalled link from a healthy one", () => {
    expect(diagnose(stats({ telegrams: 5, valid: 5, bytesReceived: 5000 }), 60, 1)).toBe("ok");
    expect(diagnose(stats({ telegrams: 5, valid: 5, bytesReceived: 5000 }), 60, 40)).toBe(
      "stalled",
    );
  });
});
