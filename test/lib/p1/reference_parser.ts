/**
 * A second P1 parser, written for the differential test the plain way: lines split with regular
 * expressions, numbers read with `Number`, times through `Intl`, nothing cached. It follows the
 * documents, not `lib/p1/parser.ts`: DSMR 5.0.2 §6.12 (the object list), e-MUCS H 1.7.1 (the
 * Belgian capacity objects) and DSMR 2.2/3.0 for the older gas line. Valid telegrams only: on a
 * line it cannot read it throws, which the test reports.
 */
import type {
  BreakerState,
  DemandReading,
  MBusDevice,
  MBusKind,
  PhaseReading,
  Reading,
} from "../../../lib/p1/reading.ts";

const PLACEHOLDER_STAMPS = ["632525252525", "000101000001", "700101010000"];

/** The UTC offset of a Brussels wall time, by asking `Intl` which of +1 h and +2 h shows it. */
function brusselsOffset(wall: string): "+01:00" | "+02:00" {
  const format = new Intl.DateTimeFormat("sv-SE", {
    timeZone: "Europe/Brussels",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
  });
  // The repeated autumn hour is read as winter time, the skipped spring hour as summer time.
  for (const offset of ["+01:00", "+02:00"] as const) {
    const shown = format.format(new Date(wall + offset)).replace(" ", "T");
    if (shown === wall) return offset;
  }
  return "+02:00";
}

function stamp(text: string | undefined): string | null {
  const match = /^(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)([SWsw]?)$/.exec(text ?? "");
  if (!match || PLACEHOLDER_STAMPS.includes(text!.slice(0, 12))) return null;
  const [, yy, mo, dd, hh, mi, ss, dst] = match;
  const wall = `20${yy}-${mo}-${dd}T${hh}:${mi}:${ss}`;
  const date = new Date(`${wall}Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 19) !== wall) return null;
  const offset = dst === ""
    ? brusselsOffset(wall)
    : dst.toUpperCase() === "S"
    ? "+02:00"
    : "+01:00";
  return wall + offset;
}

function hexText(hex: string): string | null {
  if (hex === "" || hex.length % 2 !== 0 || !/^[0-9A-Fa-f]+$/.test(hex)) return null;
  return hex.match(/../g)!.map((pair) => String.fromCharCode(parseInt(pair, 16))).join("");
}

function identifier(text: string): string | null {
  if (text === "") return null;
  const decoded = hexText(text);
  return decoded !== null && /^[\x20-\x7e\x80-\xff]*$/.test(decoded) ? decoded : text;
}

const TO_BASE: Record<string, Record<string, number>> = {
  kWh: { kWh: 0, Wh: 3 },
  kW: { kW: 0, W: 3 },
  V: { V: 0 },
  A: { A: 0 },
};

/** `000750.826*kWh` in `unit`; a value in W or Wh is shifted by its decimal exponent. */
function quantity(value: string, unit: string): number {
  const match = /^(-?\d+(?:\.\d*)?)(?:\*(.*))?$/.exec(value);
  if (!match) throw new Error(`not a quantity: ${value}`);
  const sent = match[2] ?? unit;
  const shift = Object.entries(TO_BASE[unit]).find(([u]) => u.toLowerCase() === sent.toLowerCase())
    ?.[1];
  if (shift === undefined) throw new Error(`unit ${sent} for ${unit}`);
  return Number(`${match[1]}e-${shift}`);
}

function kindOf(type: number | null): MBusKind {
  if (type === null) return "unknown";
  return ({ 3: "gas", 7: "water", 4: "heat", 12: "heat", 2: "electricity" } as Record<
    number,
    MBusKind
  >)[type] ?? "other";
}

const BREAKER: BreakerState[] = ["disconnected", "connected", "ready"];

function monthClosed(close: string | null, at: string | null): string | null {
  if (close === null) return at === null ? null : at.slice(0, 7);
  const [year, month] = [Number(close.slice(0, 4)), Number(close.slice(5, 7))];
  if (close.slice(8, 19) !== "01T00:00:00") return close.slice(0, 7);
  const previous = month === 1 ? [year - 1, 12] : [year, month - 1];
  return `${previous[0]}-${String(previous[1]).padStart(2, "0")}`;
}

export function referenceParse(text: string, crcValid: boolean | null = null): Reading {
  const lines = text.split("\r\n");
  // A DSMR 2.2/3.0 gas value on a line of its own belongs to the line before.
  for (let i = lines.length - 1; i > 0; i--) {
    if (lines[i].startsWith("(")) lines.splice(i - 1, 2, lines[i - 1] + lines[i]);
  }
  const reading: Reading = {
    crcValid,
    profile: "NL",
    version: null,
    header: lines[0].slice(1),
    meterTime: null,
    equipmentId: null,
    tariff: null,
    importKWh: {},
    exportKWh: {},
    powerKW: { import: null, export: null },
    phases: [],
    demand: null,
    mbus: [],
    ean: null,
    breaker: null,
    limiterKW: null,
    limiterA: null,
    fuseThresholdA: null,
    message: null,
    other: {},
    errors: [],
    warnings: [],
  };
  const phases = new Map<number, PhaseReading>();
  const devices = new Map<number, MBusDevice>();
  const demand = (): DemandReading =>
    reading.demand ??= { currentAverageKW: null, monthPeak: null, history: [] };
  const phase = (n: number) => {
    if (!phases.has(n)) {
      phases.set(n, {
        phase: n as 1 | 2 | 3,
        importKW: null,
        exportKW: null,
        voltageV: null,
        currentA: null,
      });
    }
    return phases.get(n)!;
  };
  const device = (channel: number) => {
    if (!devices.has(channel)) {
      devices.set(channel, {
        channel,
        kind: "unknown",
        id: null,
        at: null,
        value: null,
        unit: null,
        type: null,
        valve: null,
        ean: null,
      });
    }
    return devices.get(channel)!;
  };

  const parsed = lines.slice(1).filter((line) => line !== "" && !line.startsWith("!")).map(
    (line) => {
      const match = /^(\d+)-(\d+):(\d+)\.(\d+)\.(\d+)(?:\.(\d+))?((?:\([^)]*\))+)$/.exec(line);
      if (!match) throw new Error(`not an object line: ${line}`);
      const [, a, b, c, d, e, f, rest] = match;
      const values = [...rest.matchAll(/\(([^)]*)\)/g)].map((m) => m[1]);
      const f255 = f === undefined || f === "255";
      return { a: +a, b: +b, code: `${c}.${d}.${e}`, f255, values, line };
    },
  );
  // Electricity objects on B-field 1 count where no 1-0 line sent them.
  const sentOnB0 = new Set(
    parsed.filter((p) => p.a === 1 && p.b === 0 && p.f255).map((p) => p.code),
  );
  const used = parsed.filter((p) => !(p.a === 1 && p.b === 1 && sentOnB0.has(p.code)));
  // Apply 1-0 and the rest in order, then the B-field 1 lines.
  used.sort((x, y) => Number(x.a === 1 && x.b === 1) - Number(y.a === 1 && y.b === 1));

  for (const { a, b, code, values, line, f255 } of used) {
    if (!f255) {
      // A historic value (F group other than 255): not interpreted, kept as sent.
      reading.other[line.slice(0, line.indexOf("("))] = values.length === 1 ? values[0] : values;
      continue;
    }
    const obis = `${a}-${b}:${code}`;
    const electricity = a === 1 && (b === 0 || b === 1);
    const [first] = values;
    let m: RegExpExecArray | null;
    if (obis === "0-0:96.1.4") {
      reading.profile = "BE";
      reading.version = first;
    } else if (obis === "1-3:0.2.8") reading.version = first;
    else if (obis === "0-0:1.0.0") reading.meterTime = stamp(first);
    else if (obis === "0-0:96.1.1") reading.equipmentId = identifier(first);
    else if (obis === "0-0:96.1.2") reading.ean = hexText(first);
    else if (obis === "0-0:96.14.0") reading.tariff = Number(first);
    else if (obis === "0-0:96.3.10") reading.breaker = BREAKER[Number(first)] ?? null;
    else if (obis === "0-0:17.0.0") {
      if (/\*A$/i.test(first)) reading.limiterA = quantity(first, "A");
      else reading.limiterKW = quantity(first, "kW");
    } else if (obis === "0-0:96.13.0") reading.message = hexText(first);
    else if (obis === "0-0:98.1.0") {
      const history = demand().history;
      for (let i = 3; i + 2 < values.length; i += 3) {
        const at = stamp(values[i + 1]);
        history.push({
          month: monthClosed(stamp(values[i]), at),
          at,
          kW: quantity(values[i + 2], "kW"),
        });
      }
    } else if (electricity && code === "1.7.0") reading.powerKW.import = quantity(first, "kW");
    else if (electricity && code === "2.7.0") reading.powerKW.export = quantity(first, "kW");
    else if (electricity && code === "1.4.0") demand().currentAverageKW = quantity(first, "kW");
    else if (electricity && code === "1.6.0") {
      demand().monthPeak = { at: stamp(values[0]), kW: quantity(values[1], "kW") };
    } else if (electricity && code === "31.4.0") {
      reading.fuseThresholdA = quantity(first, "A");
    } else if (electricity && (m = /^([12])\.8\.(\d)$/.exec(code))) {
      const key = m[2] === "0" ? "total" : `t${m[2]}`;
      (m[1] === "1" ? reading.importKWh : reading.exportKWh)[key] = quantity(first, "kWh");
    } else if (electricity && (m = /^([2-7])([1-2])\.7\.0$/.exec(code)) && +m[1] % 2 === 0) {
      const p = phase(+m[1] / 2);
      if (m[2] === "1") p.importKW = quantity(first, "kW");
      else p.exportKW = quantity(first, "kW");
    } else if (electricity && (m = /^([3-7])([12])\.7\.0$/.exec(code)) && +m[1] % 2 === 1) {
      const p = phase((+m[1] - 1) / 2);
      if (m[2] === "2") p.voltageV = quantity(first, "V");
      else p.currentA = quantity(first, "A");
    } else if (
      a === 0 && b >= 1 && b <= 4 &&
      ["24.1.0", "96.1.0", "96.1.1", "96.1.2", "24.4.0", "24.2.1", "24.2.3", "24.3.0"].includes(
        code,
      )
    ) {
      const dev = device(b);
      if (code === "24.1.0") {
        dev.type = Number(first);
        dev.kind = kindOf(dev.type);
      } else if (code === "96.1.0" || code === "96.1.1") dev.id = identifier(first);
      else if (code === "96.1.2") dev.ean = hexText(first);
      else if (code === "24.4.0") dev.valve = BREAKER[Number(first)] ?? null;
      else {
        dev.at = stamp(values[0]);
        const last = values[values.length - 1];
        const [number, unit] = last.split("*");
        dev.value = Number(number);
        if (unit !== undefined) dev.unit = unit === "m\xb3" ? "m3" : unit;
        else if (values.length >= 7) {
          const unitGroup = values[values.length - 2];
          dev.unit = unitGroup === "m\xb3" ? "m3" : unitGroup;
          if (dev.type === null) dev.kind = "gas";
        } else dev.unit = null;
      }
    } else {
      // Not interpreted: kept as sent.
      const key = line.slice(0, line.indexOf("("));
      reading.other[key] = values.length === 1 ? values[0] : values;
    }
  }
  reading.phases = [...phases.values()].sort((x, y) => x.phase - y.phase);
  reading.mbus = [...devices.values()].sort((x, y) => x.channel - y.channel);
  return reading;
}
