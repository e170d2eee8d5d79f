/**
 * Everything this device stores, as one versioned JSON file, and restoring from it. The file
 * holds the sites, meters, quarter-hour (and hourly, daily) day buckets, tariff versions,
 * day-ahead prices and the device's settings; the one-second readings only when asked for
 * (`rawIncluded`), each hour of each quantity as little-endian float32 in base64 (an hour of all
 * quantities is ~210 KB of text, a month ~150 MB).
 *
 * Restoring checks the whole file first — a file that fails stores nothing — then writes each
 * collection in one bulk write: energy days merge by quality with what is here (a restore never
 * replaces a better slot), the rest keep the newest edit. Restoring the same file twice changes
 * nothing, so a restore cut short can be run again.
 */
import type { RxCollection } from "rxdb";
import { z } from "zod";
import { chunkKey, RAW_FIELDS, type RawChunk, type RawField } from "../energy/raw_chunk.ts";
import { type TariffVersion, TariffVersionModel } from "../tariff/contract.ts";
import { type PriceDay, PriceDayModel } from "../tariff/prices.ts";
import type { EnergyDatabase } from "./database.ts";
import { saveBuckets } from "./energy_repo.ts";
import { DayBucketModel, type Meter, MeterModel, type Site, SiteModel } from "./models.ts";

export const EXPORT_FORMAT = "thuisenergie-export";
/** 1: the first layout. A later layout raises it; this code refuses a version it does not know. */
export const EXPORT_VERSION = 1;

const RawChunkFileModel = z.object({
  meterId: z.string().min(1).max(120),
  hourStartMs: z.number().int().min(0).max(1e15).multipleOf(3_600_000),
  /** Per quantity: 3,600 float32 values (one a second, NaN without a reading), little-endian. */
  float32le: z.record(z.enum(RAW_FIELDS), z.string().length(19_200)),
});
export type RawChunkFile = z.infer<typeof RawChunkFileModel>;

export const ExportFileModel = z.object({
  format: z.literal(EXPORT_FORMAT),
  version: z.literal(EXPORT_VERSION),
  /** When the file was made, ISO 8601 in UTC. */
  exportedAt: z.iso.datetime(),
  sites: z.array(SiteModel),
  meters: z.array(MeterModel),
  energyDays: z.array(DayBucketModel),
  tariffVersions: z.array(TariffVersionModel),
  priceDays: z.array(PriceDayModel),
  /** The device's choices (language, retention, …); never tokens or the session. */
  settings: z.record(z.string().max(60), z.string().max(10_000)),
  /** Whether the one-second readings are in `rawChunks` (left out unless asked for). */
  rawIncluded: z.boolean(),
  rawChunks: z.array(RawChunkFileModel),
});
export type ExportFile = z.infer<typeof ExportFileModel>;

/** Why a file cannot be restored: not JSON, not our export, a newer layout, or a bad field. */
export class ExportFileError extends Error {
  constructor(
    readonly code: "notJson" | "notExport" | "newerVersion" | "invalid",
    readonly detail = "",
  ) {
    super(detail ? `${code}: ${detail}` : code);
  }
}

function base64Of(bytes: Uint8Array): string {
  let text = "";
  for (let i = 0; i < bytes.length; i += 8192) {
    text += String.fromCharCode(...bytes.subarray(i, i + 8192));
  }
  return btoa(text);
}

function bytesOf(base64: string): Uint8Array {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

export function encodeRawChunk(chunk: RawChunk): RawChunkFile {
  const float32le = {} as Record<RawField, string>;
  for (const field of RAW_FIELDS) {
    const values = chunk.values[field];
    const view = new DataView(new ArrayBuffer(values.length * 4));
    for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i], true);
    float32le[field] = base64Of(new Uint8Array(view.buffer));
  }
  return { meterId: chunk.meterId, hourStartMs: chunk.hourStartMs, float32le };
}

export function decodeRawChunk(file: RawChunkFile): RawChunk {
  const values = {} as Record<RawField, Float32Array>;
  for (const field of RAW_FIELDS) {
    const encoded = file.float32le[field];
    const out = new Float32Array(3600).fill(NaN);
    if (encoded !== undefined) {
      const view = new DataView(bytesOf(encoded).buffer);
      for (let i = 0; i < 3600; i++) out[i] = view.getFloat32(i * 4, true);
    }
    values[field] = out;
  }
  return {
    key: chunkKey(file.meterId, file.hourStartMs),
    meterId: file.meterId,
    hourStartMs: file.hourStartMs,
    values,
  };
}

/** Every stored document of the device (tombstones left out), with `settings` and raw chunks. */
export async function collectExport(
  db: EnergyDatabase,
  options: { settings: Record<string, string>; rawChunks?: RawChunk[]; nowMs?: number },
): Promise<ExportFile> {
  const all = async <T>(collection: RxCollection<T>, model: z.ZodType<T>) =>
    (await collection.find().exec()).map((doc) => model.parse(doc.toJSON()));
  const byId = <T extends { id: string }>(docs: T[]) =>
    docs.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAt: new Date(options.nowMs ?? Date.now()).toISOString(),
    sites: byId(await all<Site>(db.sites, SiteModel)),
    meters: byId(await all<Meter>(db.meters, MeterModel)),
    energyDays: byId(
      (await db.energy_days.find().exec()).map((doc) => DayBucketModel.parse(doc.toJSON())),
    ),
    tariffVersions: byId(await all<TariffVersion>(db.tariff_versions, TariffVersionModel)),
    priceDays: byId(await all<PriceDay>(db.price_days, PriceDayModel)),
    settings: { ...options.settings },
    rawIncluded: options.rawChunks !== undefined,
    rawChunks: (options.rawChunks ?? []).map(encodeRawChunk),
  };
}

/**
 * The file's text in parts: the documents, then one part per hour of one-second readings
 * (`rawChunkText` of each), so a month of them (~150 MB) is never one string. Joined, the parts
 * are the JSON of `file` with those hours appended to its `rawChunks`.
 */
export function exportTextParts(file: ExportFile, rawTexts: string[] = []): string[] {
  const { rawChunks, ...rest } = file;
  const chunks = [...rawChunks.map((chunk) => JSON.stringify(chunk)), ...rawTexts];
  const parts = [`${JSON.stringify(rest).slice(0, -1)},"rawChunks":[`];
  chunks.forEach((chunk, i) => parts.push(i === 0 ? chunk : `,${chunk}`));
  parts.push("]}");
  return parts;
}

/** One hour of one-second readings as it stands in the file. */
export function rawChunkText(chunk: RawChunk): string {
  return JSON.stringify(encodeRawChunk(chunk));
}

/** Reads a file as an export, or says why it is not one this version can restore. */
export function parseExport(text: string): ExportFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ExportFileError("notJson");
  }
  const head = z.object({ format: z.literal(EXPORT_FORMAT), version: z.number() }).safeParse(
    json,
  );
  if (!head.success) throw new ExportFileError("notExport");
  if (head.data.version > EXPORT_VERSION) {
    throw new ExportFileError("newerVersion", String(head.data.version));
  }
  const file = ExportFileModel.safeParse(json);
  if (!file.success) {
    const issue = file.error.issues[0];
    throw new ExportFileError("invalid", `${issue.path.join(".")}: ${issue.message}`);
  }
  return file.data;
}

/** What a restore wrote (documents new or changed); 0 everywhere for a file restored before. */
export interface RestoreSummary {
  sites: number;
  meters: number;
  energyDays: number;
  tariffVersions: number;
  priceDays: number;
}

/** Writes the documents that are new here or newer than the stored ones, in one bulk write. */
async function upsertNewer<T extends { id: string; updatedAt: number }>(
  collection: RxCollection<T>,
  docs: T[],
): Promise<number> {
  if (docs.length === 0) return 0;
  const stored = await collection.findByIds(docs.map((d) => d.id)).exec();
  const writes = docs.filter((d) => (stored.get(d.id)?.updatedAt ?? -1) < d.updatedAt);
  if (writes.length === 0) return 0;
  const { error } = await collection.bulkUpsert(writes);
  if (error.length > 0) throw new Error(`restoring ${error.length} documents failed`);
  return writes.length;
}

/** Restores an export's documents (not its settings or raw chunks: the app stores those). */
export async function restoreExport(
  db: EnergyDatabase,
  file: ExportFile,
  nowMs = Date.now(),
): Promise<RestoreSummary> {
  const sites = await upsertNewer(db.sites, file.sites);
  const meters = await upsertNewer(db.meters, file.meters);
  const tariffVersions = await upsertNewer(db.tariff_versions, file.tariffVersions);
  const priceDays = await upsertNewer(db.price_days, file.priceDays);
  const energyDays = file.energyDays.length === 0
    ? 0
    : (await saveBuckets(db, file.energyDays, nowMs)).writtenDays;
  return { sites, meters, energyDays, tariffVersions, priceDays };
}
