/** The what-if page's year: a full year of quarter-hours replayed under every variant at once. */
import { daysBetween } from "../lib/energy/calendar.ts";
import { emptyBucket, Quality } from "../lib/energy/day_bucket.ts";
import type { TariffVersion } from "../lib/tariff/contract.ts";
import { type WhatIfVariant, whatIfYear } from "../lib/views/what_if.ts";
import { BRUSSELS, whatIfYieldModel } from "../lib/solar/what_if_yield.ts";
import type { PanelGroup } from "../lib/solar/solar_setup.ts";

/** The measured panels the added ones are scaled to: 3.2 kWp facing south. */
const GROUPS: PanelGroup[] = [
  { id: "s", name: "Zuid", panelCount: 8, panelWp: 400, azimuthDeg: 180, tiltDeg: 35 },
];

const TARIFF: TariffVersion = {
  id: "bench",
  siteId: "local",
  name: "bench",
  effectiveFrom: "2025-01-01",
  energy: {
    kind: "dayNight",
    offtakeDayEurPerKWh: 0.14,
    offtakeNightEurPerKWh: 0.11,
    injectionDayEurPerKWh: 0.04,
    injectionNightEurPerKWh: 0.03,
  },
  fixedFeeEurPerMonth: 4,
  distribution: {
    area: "Fluvius Antwerpen",
    offtakeDayEurPerKWh: 0.06,
    offtakeNightEurPerKWh: 0.06,
    transmissionEurPerKWh: 0.02,
    capacityEurPerKWYear: 50,
    dataManagementEurPerYear: 17,
  },
  leviesEurPerKWh: 0.05,
  vatRate: 0.06,
  updatedAt: 0,
};

const VARIANTS: WhatIfVariant[] = [
  { id: "asIs" },
  { id: "solar", solar: { kWp: 4, orientation: { azimuthDeg: 135, tiltDeg: 30 } } },
  {
    id: "battery",
    battery: {
      battery: {
        capacityKWh: 10,
        maxChargeW: 3000,
        maxDischargeW: 3000,
        efficiency: 0.95,
        initialSocPct: 50,
      },
      control: { mode: "balancing", minSocPct: 10 },
      site: { mainFuseA: 40, phases: 1, inverterMaxW: 3000 },
    },
  },
  { id: "contract", energy: { kind: "single", offtakeEurPerKWh: 0.13, injectionEurPerKWh: 0.03 } },
];

export function benchWhatIfYear(
  runs = 7,
): { quarters: number; variants: number; firstMs: number; medianMs: number; savedEur: number } {
  let seed = 11;
  const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const days = daysBetween("2025-01-01", "2025-12-31");
  const grid = days.map((day) => {
    const b = emptyBucket("local", "grid", day);
    for (let i = 0; i < b.quality.length; i++) {
      const evening = i >= 72 && i < 84 ? 0.6 * random() : 0;
      const solar = i > 36 && i < 68 ? 0.4 * random() : 0;
      const net = 0.05 + 0.1 * random() + evening - solar;
      b.imported[i] = Math.max(net, 0);
      b.exported[i] = Math.max(-net, 0);
      b.quality[i] = Quality.measured;
    }
    return b;
  });
  const pv = days.map((day) => {
    const b = emptyBucket("local", "pv", day);
    for (let i = 0; i < b.quality.length; i++) {
      b.imported[i] = i > 36 && i < 68 ? 0.3 : 0;
      b.quality[i] = Quality.measured;
    }
    return b;
  });
  const quarters = grid.reduce((n, d) => n + d.quality.length, 0);
  const times: number[] = [];
  let savedEur = 0;
  // The first runs are the engine compiling the code: kept apart (the first is printed), the
  // median is over the runs after them.
  const warmUp = 3;
  for (let run = 0; run < warmUp + runs; run++) {
    const start = performance.now();
    // As the page does: the yield model (clear sky at the site, scaled per month to the
    // measured panels) is built from the stored year each time, then every variant runs.
    const { yieldKWhPerKWp } = whatIfYieldModel(BRUSSELS, GROUPS, pv);
    const view = whatIfYear({
      grid,
      pv,
      versions: [TARIFF],
      prices: new Map(),
      today: "2026-01-01",
      addedYieldKWhPerKWp: yieldKWhPerKWp,
    }, VARIANTS)!;
    times.push(performance.now() - start);
    savedEur = -(view.savingsEur[1] ?? 0);
  }
  const firstMs = times[0];
  times.splice(0, warmUp);
  times.sort((a, b) => a - b);
  return {
    quarters,
    variants: VARIANTS.length,
    firstMs,
    medianMs: times[Math.floor(runs / 2)],
    savedEur,
  };
}
