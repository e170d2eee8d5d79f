/**
 * The live dashboard's figures from the latest reading: net grid power and its direction, the
 * meter's registers (tariff registers, or the totals of meters that send only those), the live
 * M-Bus meters, and the running capacity quarter.
 */
import { type CapacityAlert, capacityAlert } from "../capacity/alert.ts";
import {
  MINIMUM_MONTH_PEAK_KW,
  projectQuarter,
  type QuarterProjection,
} from "../capacity/quarter.ts";
import {
  liveMBusDevice,
  type MBusDevice,
  netPowerKW,
  type Reading,
  tariffName,
} from "../p1/reading.ts";
import { instantMs } from "../p1/timestamp.ts";

/** Below half a watt the grid counts as balanced: the registers' last digit is 1 W. */
const BALANCED_KW = 0.0005;
/** The ring fills with power up to 10 kW, a typical Belgian household's range. */
const RING_FULL_KW = 10;

export interface RegisterLine {
  direction: "import" | "export";
  /** Tariff register 1 or 2, or the only register of a total-only meter. */
  register: "t1" | "t2" | "total";
  kWh: number | null;
}

export interface LiveDashboard {
  /** Import positive, export negative. */
  netKW: number;
  /** The net power without its sign, as the circle shows it beside its direction. */
  magnitudeKW: number;
  direction: "import" | "export" | "balanced";
  /** How far the ring is drawn, 0…1. */
  ringFraction: number;
  tariff: ReturnType<typeof tariffName>;
  registers: RegisterLine[];
  /** The live device of each metered kind (a dead gas channel is skipped), then the others. */
  devices: MBusDevice[];
  quarter: QuarterProjection | null;
  /** The capacity gauge: bar lengths in % of one scale, and the warning (`capacityAlert`). */
  gauge: {
    nowPct: number | null;
    projectedPct: number | null;
    monthPeakPct: number | null;
    alert: CapacityAlert | null;
    /** The meter's past months, bars in % of the highest. */
    history: { month: string; kW: number; pct: number }[];
  };
  /** Per phase: net power (import positive) and its bar, in % of the busiest phase (≥ 1 kW). */
  phaseBars: { phase: 1 | 2 | 3; netKW: number; pct: number }[];
}

const METERED = ["gas", "water", "heat"] as const;

/**
 * `limitKW`: the household's own warning limit, so the gauge warns exactly when the capacity
 * page does (`capacityAlert`).
 */
export function liveDashboard(reading: Reading, limitKW: number | null = null): LiveDashboard {
  const netKW = netPowerKW(reading) ?? 0;
  const totalOnly = reading.importKWh.t1 === undefined && reading.importKWh.t2 === undefined &&
    reading.importKWh.total !== undefined;
  const registers = (["import", "export"] as const).flatMap((direction): RegisterLine[] => {
    const values = direction === "import" ? reading.importKWh : reading.exportKWh;
    return totalOnly
      ? [{ direction, register: "total" as const, kWh: values.total ?? null }]
      : (["t1", "t2"] as const).map((register) => ({
        direction,
        register,
        kWh: values[register] ?? null,
      }));
  });
  const timeMs = instantMs(reading.meterTime);
  const average = reading.demand?.currentAverageKW ?? null;
  const quarter = timeMs === null || average === null
    ? null
    : projectQuarter(timeMs, average, reading.powerKW.import ?? 0);
  const peakKW = reading.demand?.monthPeak?.kW ?? null;
  // Room above the highest figure, so the month's marker never sits at the very end.
  const scaleKW = Math.max(peakKW ?? 0, quarter?.projectedKW ?? 0, MINIMUM_MONTH_PEAK_KW) * 1.15;
  const pct = (kW: number) => Math.min(kW / scaleKW, 1) * 100;
  const history = (reading.demand?.history ?? []).filter((h) => h.month !== null);
  const historyMaxKW = Math.max(1, ...history.map((h) => h.kW));
  const busiestKW = Math.max(
    1,
    ...reading.phases.map((p) => Math.max(p.importKW ?? 0, p.exportKW ?? 0)),
  );
  return {
    netKW,
    magnitudeKW: Math.abs(netKW),
    direction: netKW > BALANCED_KW ? "import" : netKW < -BALANCED_KW ? "export" : "balanced",
    ringFraction: Math.min(Math.abs(netKW) / RING_FULL_KW, 1),
    tariff: tariffName(reading.profile, reading.tariff),
    registers,
    devices: [
      ...METERED.flatMap((kind) => liveMBusDevice(reading, kind) ?? []),
      ...reading.mbus.filter((d) =>
        d.value !== null && !(METERED as readonly string[]).includes(d.kind)
      ),
    ],
    quarter,
    gauge: {
      nowPct: quarter ? pct(quarter.currentAverageKW) : null,
      projectedPct: quarter ? pct(quarter.projectedKW) : null,
      monthPeakPct: peakKW === null ? null : pct(peakKW),
      alert: capacityAlert(quarter?.projectedKW ?? null, peakKW, limitKW),
      history: history.map((h) => ({
        month: h.month!,
        kW: h.kW,
        pct: (h.kW / historyMaxKW) * 100,
      })),
    },
    phaseBars: reading.phases.map((p) => {
      const netKW = (p.importKW ?? 0) - (p.exportKW ?? 0);
      return { phase: p.phase, netKW, pct: (Math.abs(netKW) / busiestKW) * 100 };
    }),
  };
}
