/**
 * The documents that sync, as zod models (checked before every write) and the RxDB schemas that
 * store them. Every document carries `updatedAt` (epoch ms); RxDB adds `_deleted`.
 */
import { z } from "zod";
import { CHANNELS, type DayBucket, Quality, Register, Source } from "../energy/day_bucket.ts";

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
/** Up to 1e15 (the year 33658): the range RxDB's index on `updatedAt` is built for. */
const epochMs = z.number().int().min(0).max(1e15);

export const SiteModel = z.object({
  id: z.string().min(1).max(60),
  name: z.string().max(120),
  address: z.string().max(300).optional(),
  /** Grid operator area (e.g. "Fluvius Antwerpen"), for the capacity tariff. */
  gridArea: z.string().max(60).optional(),
  phases: z.union([z.literal(1), z.literal(3)]).optional(),
  mainFuseA: z.number().positive().max(400).optional(),
  updatedAt: epochMs,
});
export type Site = z.infer<typeof SiteModel>;

export const MeterModel = z.object({
  id: z.string().min(1).max(60),
  siteId: z.string().min(1).max(60),
  ean: z.string().regex(/^\d{18}$/).optional(),
  kind: z.enum(["electricity", "gas"]),
  source: z.enum(["fluvius", "p1", "gateway"]),
  /** The P1 equipment identifier (96.1.1), when the meter was seen on the port. */
  equipmentId: z.string().max(96).optional(),
  updatedAt: epochMs,
});
export type Meter = z.infer<typeof MeterModel>;

export const DeviceModel = z.object({
  id: z.string().min(1).max(80),
  siteId: z.string().min(1).max(60),
  kind: z.enum(["charger", "battery", "inverter", "heat-pump", "other"]),
  name: z.string().max(120),
  /** The device's own settings (limits, addresses); each kind defines its shape. */
  settings: z.record(z.string(), z.unknown()),
  updatedAt: epochMs,
});
export type Device = z.infer<typeof DeviceModel>;

export const ChargeSessionModel = z.object({
  id: z.string().min(1).max(80),
  siteId: z.string().min(1).max(60),
  deviceId: z.string().min(1).max(80),
  startMs: epochMs,
  endMs: epochMs.nullable(),
  energyKWh: z.number().min(0).max(1000),
  updatedAt: epochMs,
});
export type ChargeSession = z.infer<typeof ChargeSessionModel>;

const slotValues = z.array(z.number().nullable()).min(1).max(100);
const flags = <T extends number>(values: readonly T[]) =>
  z.array(z.literal(values)).min(1).max(100);

export const DayBucketModel = z.object({
  id: z.string().min(1).max(120),
  siteId: z.string().min(1).max(60),
  channel: z.enum(CHANNELS),
  day,
  slotMinutes: z.union([z.literal(15), z.literal(60), z.literal(1440)]),
  unit: z.enum(["kWh", "m3"]),
  imported: slotValues,
  exported: slotValues,
  quality: flags(Object.values(Quality)),
  register: flags(Object.values(Register)),
  source: flags(Object.values(Source)),
  updatedAt: epochMs,
  others: z.array(z.object({
    slot: z.number().int().min(0).max(99),
    source: z.literal(Object.values(Source)),
    quality: z.literal(Object.values(Quality)),
    importKWh: z.number().nullable(),
    exportKWh: z.number().nullable(),
  })).max(400).optional(),
}).refine(
  (b) =>
    b.exported.length === b.imported.length && b.quality.length === b.imported.length &&
    b.register.length === b.imported.length && b.source.length === b.imported.length,
  { message: "every slot array must have the same length" },
) satisfies z.ZodType<DayBucket>;

const idField = (maxLength: number) => ({ type: "string", maxLength }) as const;
const updatedAt = { type: "number", minimum: 0, maximum: 1e15, multipleOf: 1 } as const;

export const siteSchema = {
  version: 0,
  primaryKey: "id",
  type: "object",
  properties: {
    id: idField(60),
    name: { type: "string" },
    address: { type: "string" },
    gridArea: { type: "string" },
    phases: { type: "integer" },
    mainFuseA: { type: "number" },
    updatedAt,
  },
  required: ["id", "name", "updatedAt"],
} as const;

export const meterSchema = {
  version: 0,
  primaryKey: "id",
  type: "object",
  properties: {
    id: idField(60),
    siteId: idField(60),
    ean: { type: "string" },
    kind: { type: "string" },
    source: { type: "string" },
    equipmentId: { type: "string" },
    updatedAt,
  },
  required: ["id", "siteId", "kind", "source", "updatedAt"],
  indexes: ["siteId"],
} as const;

const numberArray = { type: "array", items: { type: ["number", "null"] } } as const;
const flagArray = { type: "array", items: { type: "integer" } } as const;

export const dayBucketSchema = {
  // 1: `others`, the values of other sources that disagree with the kept ones.
  version: 1,
  primaryKey: "id",
  type: "object",
  properties: {
    id: idField(120),
    siteId: idField(60),
    channel: idField(10),
    day: idField(10),
    slotMinutes: { type: "integer" },
    unit: { type: "string" },
    imported: numberArray,
    exported: numberArray,
    quality: flagArray,
    register: flagArray,
    source: flagArray,
    updatedAt,
    others: { type: "array", items: { type: "object" } },
  },
  required: [
    "id",
    "siteId",
    "channel",
    "day",
    "slotMinutes",
    "unit",
    "imported",
    "exported",
    "quality",
    "register",
    "source",
    "updatedAt",
  ],
  indexes: [["siteId", "channel", "day"], "updatedAt"],
} as const;

export const tariffVersionSchema = {
  version: 0,
  primaryKey: "id",
  type: "object",
  properties: {
    id: idField(80),
    siteId: idField(60),
    name: { type: "string" },
    effectiveFrom: idField(10),
    energy: { type: "object" },
    fixedFeeEurPerMonth: { type: "number" },
    distribution: { type: "object" },
    leviesEurPerKWh: { type: "number" },
    vatRate: { type: "number" },
    updatedAt,
  },
  required: [
    "id",
    "siteId",
    "name",
    "effectiveFrom",
    "energy",
    "fixedFeeEurPerMonth",
    "distribution",
    "leviesEurPerKWh",
    "vatRate",
    "updatedAt",
  ],
  indexes: [["siteId", "effectiveFrom"]],
} as const;

export const priceDaySchema = {
  version: 0,
  primaryKey: "id",
  type: "object",
  properties: {
    id: idField(40),
    zone: idField(10),
    day: idField(10),
    slotMinutes: { type: "integer" },
    eurPerMWh: numberArray,
    source: { type: "string" },
    updatedAt,
  },
  required: ["id", "zone", "day", "slotMinutes", "eurPerMWh", "source", "updatedAt"],
} as const;
