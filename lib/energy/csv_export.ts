/**
 * Quarter-hours as CSV. `be`: what Belgian Excel opens directly (`;`, decimal comma,
 * `dd-mm-yyyy hh:mm` local time). `iso`: `,`, a decimal point and ISO 8601 instants with offset.
 */
import { addDays, dayStartMs, isoLocal, slotStartMs } from "./calendar.ts";
import { type DayBucket, QUALITY_NAMES, Register } from "./day_bucket.ts";

export type CsvStyle = "be" | "iso";

const REGISTER_NAMES = { [Register.unknown]: "", [Register.day]: "day", [Register.night]: "night" };

function beTime(iso: string): string {
  return `${iso.slice(8, 10)}-${iso.slice(5, 7)}-${iso.slice(0, 4)} ${iso.slice(11, 16)}`;
}

function number(value: number | null, style: CsvStyle): string {
  if (value === null) return "";
  const text = value.toFixed(3);
  return style === "be" ? text.replace(".", ",") : text;
}

/** One line per slot of the given buckets (oldest first), with a header line. */
export function bucketsToCsv(buckets: DayBucket[], style: CsvStyle): string {
  const separator = style === "be" ? ";" : ",";
  const lines = [
    ["start", "end", "import_kWh", "export_kWh", "quality", "register"].join(separator),
  ];
  const sorted = [...buckets].sort((a, b) => (a.day < b.day ? -1 : 1));
  for (const bucket of sorted) {
    const daily = bucket.slotMinutes === 1440;
    for (let i = 0; i < bucket.quality.length; i++) {
      const startMs = daily
        ? dayStartMs(bucket.day)
        : slotStartMs(bucket.day, i, bucket.slotMinutes);
      const start = isoLocal(startMs);
      const end = isoLocal(
        daily ? dayStartMs(addDays(bucket.day, 1)) : startMs + bucket.slotMinutes * 60_000,
      );
      lines.push([
        style === "be" ? beTime(start) : start,
        style === "be" ? beTime(end) : end,
        number(bucket.imported[i], style),
        number(bucket.exported[i], style),
        QUALITY_NAMES[bucket.quality[i]],
        REGISTER_NAMES[bucket.register[i]],
      ].join(separator));
    }
  }
  return lines.join("\r\n") + "\r\n";
}
