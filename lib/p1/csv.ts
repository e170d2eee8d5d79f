/** One CSV row per reading: the columns a spreadsheet user asks for, units in the headers. */
import { liveMBusDevice, type Reading } from "./reading.ts";

const COLUMNS: [string, (r: Reading) => string | number | boolean | null | undefined][] = [
  ["meterTime", (r) => r.meterTime],
  ["crcValid", (r) => r.crcValid],
  ["tariff", (r) => r.tariff],
  ["importKWh_t1", (r) => r.importKWh.t1],
  ["importKWh_t2", (r) => r.importKWh.t2],
  ["importKWh_total", (r) => r.importKWh.total],
  ["exportKWh_t1", (r) => r.exportKWh.t1],
  ["exportKWh_t2", (r) => r.exportKWh.t2],
  ["exportKWh_total", (r) => r.exportKWh.total],
  ["importKW", (r) => r.powerKW.import],
  ["exportKW", (r) => r.powerKW.export],
  ...[0, 1, 2].flatMap((i): typeof COLUMNS => [
    [`L${i + 1}_voltageV`, (r) => r.phases[i]?.voltageV],
    [`L${i + 1}_currentA`, (r) => r.phases[i]?.currentA],
    [`L${i + 1}_importKW`, (r) => r.phases[i]?.importKW],
    [`L${i + 1}_exportKW`, (r) => r.phases[i]?.exportKW],
  ]),
  ["currentAverageKW", (r) => r.demand?.currentAverageKW],
  ["monthPeakKW", (r) => r.demand?.monthPeak?.kW],
  ["monthPeakAt", (r) => r.demand?.monthPeak?.at],
  ["gasM3", (r) => liveMBusDevice(r, "gas")?.value],
  ["waterM3", (r) => liveMBusDevice(r, "water")?.value],
  ["equipmentId", (r) => r.equipmentId],
  ["errors", (r) => r.errors.join("; ")],
  ["warnings", (r) => r.warnings.join("; ")],
];

function cell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return "";
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function readingCsvHeader(): string {
  return COLUMNS.map(([name]) => name).join(",");
}

export function readingCsvRow(reading: Reading): string {
  return COLUMNS.map(([, get]) => cell(get(reading))).join(",");
}
