/**
 * A synthetic Fluvius quarter-hour export (newer Dutch layout) over whole years: two rows per
 * quarter (import and export on the day or night register), DST hours as Fluvius writes them.
 */
import { addDays, dayStartMs, isoLocal, slotsInDay } from "../lib/energy/calendar.ts";

const HEADER =
  "Van (datum);Van (tijdstip);Tot (datum);Tot (tijdstip);EAN-code;Meter;Metertype;Register;Volume;Eenheid;Validatiestatus;Omschrijving";
const EAN = '="541448820044159229"';

function wall(iso: string): [string, string] {
  return [`${iso.slice(8, 10)}-${iso.slice(5, 7)}-${iso.slice(0, 4)}`, iso.slice(11, 19)];
}

/** Writes the export of the days `from` to `to` to `path`; returns the number of data rows. */
export async function writeSyntheticExport(path: string, from: string, to: string) {
  const file = await Deno.open(path, { write: true, create: true, truncate: true });
  const writer = file.writable.getWriter();
  const encoder = new TextEncoder();
  await writer.write(encoder.encode(HEADER + "\r\n"));
  let rows = 0;
  let seed = 7;
  const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  for (let day = from; day <= to; day = addDays(day, 1)) {
    const lines: string[] = [];
    const weekday = new Date(`${day}T12:00:00Z`).getUTCDay();
    for (let slot = 0; slot < slotsInDay(day); slot++) {
      const startMs = dayStartMs(day) + slot * 900_000;
      const [fromDate, fromTime] = wall(isoLocal(startMs));
      const [toDate, toTime] = wall(isoLocal(startMs + 900_000));
      const hour = Number(fromTime.slice(0, 2));
      const register = weekday >= 1 && weekday <= 5 && hour >= 7 && hour < 22 ? "Dag" : "Nacht";
      const solar = Math.max(0, Math.sin(((hour - 6) / 14) * Math.PI)) * 0.6 * random();
      const use = 0.05 + random() * 0.15 + (hour >= 18 && hour < 21 ? 0.4 * random() : 0);
      const net = use - solar;
      const common =
        `${fromDate};${fromTime};${toDate};${toTime};${EAN};1SAG1100042178;Digitale meter`;
      const volume = (v: number) => v.toFixed(3).replace(".", ",");
      lines.push(`${common};Afname ${register};${volume(Math.max(net, 0))};kWh;Uitgelezen;`);
      lines.push(
        net < 0
          ? `${common};Injectie ${register};${volume(-net)};kWh;Uitgelezen;`
          : `${common};Injectie ${register};;kWh;Geen verbruik;`,
      );
      rows += 2;
    }
    await writer.write(encoder.encode(lines.join("\r\n") + "\r\n"));
  }
  await writer.close();
  return rows;
}
