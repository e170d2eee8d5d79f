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

/** A label a person typed or a charger sent: bounded, and no control characters (NUL included). */
const label = (maxLength: number) =>
  z.string().max(maxLength).refine((text) => !/\p{Cc}/u.test(text), "contains a control character");

/** Regions with their own CREG reimbursement rate for charging a company car at home. */
export const REGIONS = ["flanders", "brussels", "wallonia"] as const;
export type Region = (typeof REGIONS)[number];

/**
 * One charging session of a car at a charger, as it syncs. The first fields are the original
 * document (still valid on its own); every later field is optional, so a session stored before
 * they existed stays valid. Figures are what the session's record computed when it ended
 * (`lib/sessions/session_record.ts`), kept so an export years later shows what was billed.
 */
export const ChargeSessionModel = z.object({
  id: z.string().min(1).max(80),
  siteId: z.string().min(1).max(60),
  /** The charger (a device of kind `charger`). */
  deviceId: z.string().min(1).max(80),
  startMs: epochMs,
  endMs: epochMs.nullable(),
  /** What the car took (meter stop − meter start), kWh. */
  energyKWh: z.number().min(0).max(1000),
  updatedAt: epochMs,
  /** The charger's name at the time (a renamed charger keeps its old sessions' name). */
  chargerName: label(120).optional(),
  /** The RFID tag that started it (OCPP 1.6 `idTag`: CiString20Type, at most 20 characters). */
  idTag: label(20).optional(),
  /** The app account that started it, when it was started from the app. */
  userId: label(80).optional(),
  /** Who the session is billed to: the driver, or the company of a company car. */
  owner: label(120).optional(),
  /** The site's address at the time (an address changes; the session keeps where it was). */
  address: label(300).optional(),
  /** The region of that address: the CREG rate that applies. */
  region: z.enum(REGIONS).optional(),
  /** The charger's own energy register at start and stop, kWh. */
  meterStartKWh: z.number().min(0).max(1e9).optional(),
  meterStopKWh: z.number().min(0).max(1e9).optional(),
  /** The car's consumption the km are counted with, kWh per 100 km (10–40; default 18). */
  consumptionKWhPer100km: z.number().min(10).max(40).optional(),
  kmAdded: z.number().min(0).max(10_000).optional(),
  /** The part of `energyKWh` from the site's own solar (see `session_record.ts`). */
  solarKWh: z.number().min(0).max(1000).optional(),
  /** What the session's energy cost under the tariff in force (grid kWh + solar not injected). */
  costEur: z.number().min(-10_000).max(10_000).optional(),
  /** The CREG reimbursement rate for company cars that applied, € per kWh. */
  cregEurPerKWh: z.number().min(0).max(5).optional(),
  /** `energyKWh × cregEurPerKWh`, rounded to the cent. */
  reimbursementEur: z.number().min(0).max(10_000).optional(),
  status: z.enum(["running", "finished", "faulted"]).optional(),
}).refine(
  (s) =>
    s.meterStartKWh === undefined || s.meterStopKWh === undefined ||
    s.meterStopKWh >= s.meterStartKWh,
  { message: "the meter cannot stop below where it started", path: ["meterStopKWh"] },
).refine((s) => s.solarKWh === undefined || s.solarKWh <= s.energyKWh + 0.0005, {
  message: "the solar part cannot exceed the session's energy",
  path: ["solarKWh"],
}).refine((s) => s.endMs === null || s.endMs >= s.startMs, {
  message: "a session cannot end before it starts",
  path: ["endMs"],
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

export const chargeSessionSchema = {
  version: 0,
  primaryKey: "id",
  type: "object",
  properties: {
    id: idField(80),
    siteId: idField(60),
    deviceId: idField(80),
    startMs: updatedAt,
    endMs: { type: ["number", "null"] },
    energyKWh: { type: "number" },
    updatedAt,
    chargerName: { type: "string" },
    idTag: { type: "string" },
    userId: { type: "string" },
    owner: { type: "string" },
    address: { type: "string" },
    region: { type: "string" },
    meterStartKWh: { type: "number" },
    meterStopKWh: { type: "number" },
    consumptionKWhPer100km: { type: "number" },
    kmAdded: { type: "number" },
    solarKWh: { type: "number" },
    costEur: { type: "number" },
    cregEurPerKWh: { type: "number" },
    reimbursementEur: { type: "number" },
    status: { type: "string" },
  },
  required: ["id", "siteId", "deviceId", "startMs", "endMs", "energyKWh", "updatedAt"],
  indexes: [["siteId", "startMs"]],
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

export const solarSetupSchema = {
  version: 0,
  primaryKey: "id",
  type: "object",
  properties: {
    id: idField(80),
    siteId: idField(60),
    location: {
      type: "object",
      properties: {
        latitudeDeg: { type: "number" },
        longitudeDeg: { type: "number" },
        source: { type: "string" },
      },
    },
    groups: { type: "array", items: { type: "object" } },
    updatedAt,
  },
  required: ["id", "siteId", "groups", "updatedAt"],
  indexes: ["siteId"],
} as const;
