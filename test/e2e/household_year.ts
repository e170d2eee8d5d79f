/**
 * A household's spring in a Fluvius quarter-hour export (the older Dutch layout), made up for the
 * what-if and insights tests: April to June 2024 (no clock change), day register from 07:00 to
 * 22:00, export around midday, and a base load that rises from 180 W (0.045 kWh a quarter) to
 * 320 W (0.08) on 15 May. The same quarters as day buckets, to compute what the pages must show
 * through the project's own functions.
 */
import { addDays, localTimeOf, slotStartMs } from "../../lib/energy/calendar.ts";
import { type DayBucket, emptyBucket, Quality, Register } from "../../lib/energy/day_bucket.ts";
import { formatDecimalInput } from "../../lib/i18n/decimal_input.ts";
import type { TariffVersion } from "../../lib/tariff/contract.ts";
import { tariffFromDraft } from "../../lib/tariff/draft.ts";
import { AREA_PRESETS } from "../../lib/tariff/presets.ts";

export const FIRST_DAY = "2024-04-01";
export const DAYS = 91;
export const JUMP_DAY = "2024-05-15";

interface Quarter {
  day: string;
  slot: number;
  time: string;
  night: boolean;
  importKWh: number;
  exportKWh: number;
}

function quarters(): Quarter[] {
  const all: Quarter[] = [];
  for (let d = 0; d < DAYS; d++) {
    const day = addDays(FIRST_DAY, d);
    for (let slot = 0; slot < 96; slot++) {
      const time = localTimeOf(slotStartMs(day, slot));
      const hour = Number(time.slice(0, 2));
      const night = hour < 7 || hour >= 22;
      const base = day >= JUMP_DAY ? 0.08 : 0.045;
      let importKWh = base;
      let exportKWh = 0;
      if (hour >= 1 && hour < 5) importKWh = base + 0.005 * ((slot + d) % 3);
      else if (hour >= 11 && hour < 15) {
        importKWh = 0;
        exportKWh = 0.1 + 0.05 * ((slot * 3 + d) % 5);
      } else if (!night) importKWh = base + 0.03 * ((slot * 7 + d * 3) % 11);
      all.push({ day, slot, time, night, importKWh, exportKWh });
    }
  }
  return all;
}

const dutchDate = (day: string) => `${day.slice(8, 10)}-${day.slice(5, 7)}-${day.slice(0, 4)}`;
const volume = (kWh: number) => kWh.toFixed(3).replace(".", ",");

/** The export as Fluvius writes it (CRLF, `;`, decimal comma). */
export function householdCsv(): string {
  const lines = [
    "Van (datum);Van (tijdstip);Tot (datum);Tot (tijdstip);EAN-code;Meter;Metertype;Register;Volume;Eenheid;Validatiestatus;Omschrijving",
  ];
  for (const q of quarters()) {
    const end = q.slot === 95 ? addDays(q.day, 1) : q.day;
    const endTime = q.slot === 95 ? "00:00" : localTimeOf(slotStartMs(q.day, q.slot + 1));
    const when = `${dutchDate(q.day)};${q.time}:00;${dutchDate(end)};${endTime}:00`;
    const meter = `="541448820044159229";1SAG1100042178;Digitale meter`;
    const register = q.night ? "Nacht" : "Dag";
    lines.push(`${when};${meter};Afname ${register};${volume(q.importKWh)};kWh;Uitgelezen;`);
    lines.push(`${when};${meter};Injectie ${register};${volume(q.exportKWh)};kWh;Uitgelezen;`);
  }
  return lines.join("\r\n") + "\r\n";
}

/** The same quarters as grid day buckets. */
export function householdBuckets(): DayBucket[] {
  const buckets = new Map<string, DayBucket>();
  for (const q of quarters()) {
    let bucket = buckets.get(q.day);
    if (!bucket) buckets.set(q.day, bucket = emptyBucket("local", "grid", q.day));
    // Through the CSV's three decimals, as the import reads them.
    bucket.imported[q.slot] = Number(q.importKWh.toFixed(3));
    bucket.exported[q.slot] = Number(q.exportKWh.toFixed(3));
    bucket.quality[q.slot] = Quality.measured;
    bucket.register[q.slot] = q.night ? Register.night : Register.day;
  }
  return [...buckets.values()];
}

/** Writes the export to a temporary file named as Fluvius names it; returns its path. */
export async function writeHouseholdCsv(): Promise<string> {
  const dir = await Deno.makeTempDir();
  const path =
    `${dir}/Verbruikshistoriek_elektriciteit_541448820044159229_20240401_20240630_kwartiertotalen.csv`;
  await Deno.writeTextFile(path, householdCsv());
  return path;
}

/** The tariff `saveDayNightTariff` types into the form, as the form makes it. */
export function savedTariff(): TariffVersion {
  const area = AREA_PRESETS[0];
  const result = tariffFromDraft(
    {
      name: "Dag en nacht",
      effectiveFrom: "2024-01-01",
      area: area.name,
      kind: "dayNight",
      offtake: "",
      injection: "",
      offtakeDay: "0,30",
      offtakeNight: "0,22",
      injectionDay: "0,04",
      injectionNight: "0,03",
      offtakeMultiplier: "",
      offtakeAdd: "",
      injectionMultiplier: "",
      injectionAdd: "",
      billing: "quarter",
      fixedFee: "3",
      distributionDay: "0,06",
      distributionNight: "0,05",
      transmission: "0,02",
      hasCapacity: "yes",
      capacity: formatDecimalInput("nl", area.capacityEurPerKWYear!),
      dataManagement: "18",
      levies: "0,05",
      vatPercent: "6",
    },
    "t",
    "local",
    0,
  );
  if (!result.ok) throw new Error(`tariff: ${result.field}`);
  return result.version;
}
