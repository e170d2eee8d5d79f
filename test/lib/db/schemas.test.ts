/**
 * Each stored document has two descriptions: the RxDB JSON schema that stores it and the zod
 * model every write is checked with. They are kept apart on purpose (see `STORED_DOCUMENTS`);
 * this holds them to each other: the same properties, the same required ones, types RxDB accepts
 * for every value zod does, and RxDB's length and range limits (which its indexes rely on) never
 * looser in zod than in the schema.
 */
import { createRxDatabase } from "rxdb";
import { getRxStorageMemory } from "rxdb/plugins/storage-memory";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { openEnergyDatabase, STORED_DOCUMENTS } from "../../../lib/db/database.ts";
import { ChargeSessionModel, chargeSessionSchema } from "../../../lib/db/models.ts";

type Json = Record<string, unknown>;

/** The JSON types a (zod-generated) JSON schema accepts; integers apart from other numbers. */
function typesOf(schema: Json): Set<string> {
  const variants = (schema.anyOf ?? schema.oneOf) as Json[] | undefined;
  if (variants) return new Set(variants.flatMap((v) => [...typesOf(v)]));
  const values = schema.enum ?? ("const" in schema ? [schema.const] : undefined);
  if (Array.isArray(values)) {
    return new Set(
      values.map((v) =>
        v === null ? "null" : typeof v === "number" && Number.isInteger(v) ? "integer" : typeof v
      ),
    );
  }
  const type = schema.type;
  return new Set(Array.isArray(type) ? type : [String(type)]);
}

/** Whether a stored property of RxDB type `rx` can hold every value of zod's types. */
function accepts(rx: Set<string>, zod: Set<string>): boolean {
  return [...zod].every((t) => rx.has(t) || (t === "integer" && rx.has("number")));
}

/** The longest string a zod JSON schema allows, or `Infinity`. */
function longest(schema: Json): number {
  const variants = (schema.anyOf ?? schema.oneOf) as Json[] | undefined;
  if (variants) return Math.max(...variants.map(longest));
  const values = schema.enum ?? ("const" in schema ? [schema.const] : undefined);
  if (Array.isArray(values)) return Math.max(...values.map((v) => String(v).length));
  if (typeof schema.maxLength === "number") return schema.maxLength;
  // A fully anchored pattern of fixed parts (`^\d{4}-\d{2}-\d{2}$`) has a fixed length.
  const fixed = /^\^((?:\\d\{\d+\}|\\d|[^\\^$.*+?()[\]{}|])*)\$$/.exec(String(schema.pattern));
  if (fixed) {
    return [...fixed[1].matchAll(/\\d\{(\d+)\}|\\d|./g)]
      .reduce((n, m) => n + (m[1] ? Number(m[1]) : 1), 0);
  }
  return Infinity;
}

/** The range of numbers a zod JSON schema allows. */
function range(schema: Json): [number, number] {
  const variants = (schema.anyOf ?? schema.oneOf) as Json[] | undefined;
  if (variants) {
    const ranges = variants.filter((v) => v.type !== "null").map(range);
    return [Math.min(...ranges.map((r) => r[0])), Math.max(...ranges.map((r) => r[1]))];
  }
  const values = schema.enum ?? ("const" in schema ? [schema.const] : undefined);
  if (Array.isArray(values)) return [Math.min(...values), Math.max(...values)];
  const min = (schema.minimum ?? schema.exclusiveMinimum ?? -Infinity) as number;
  const max = (schema.maximum ?? schema.exclusiveMaximum ?? Infinity) as number;
  return [min, max];
}

/** What differs between an RxDB property and the zod one, as readable lines. */
function differences(path: string, rx: Json, zod: Json): string[] {
  const found: string[] = [];
  const rxTypes = typesOf(rx);
  const zodTypes = typesOf(zod);
  if (!accepts(rxTypes, zodTypes)) {
    found.push(`${path}: RxDB type ${[...rxTypes]} cannot hold zod's ${[...zodTypes]}`);
  }
  if (typeof rx.maxLength === "number" && longest(zod) > rx.maxLength) {
    found.push(`${path}: zod allows ${longest(zod)} characters, RxDB ${rx.maxLength}`);
  }
  if (Array.isArray(rx.enum)) {
    const zodValues = (zod.enum ?? []) as unknown[];
    if (JSON.stringify([...zodValues].sort()) !== JSON.stringify([...rx.enum].sort())) {
      found.push(`${path}: RxDB enum ${rx.enum}, zod ${zodValues}`);
    }
  }
  if (typeof rx.minimum === "number" || typeof rx.maximum === "number") {
    const [min, max] = range(zod);
    if (min < ((rx.minimum as number) ?? -Infinity) || max > ((rx.maximum as number) ?? Infinity)) {
      found.push(`${path}: zod allows ${min}…${max}, RxDB ${rx.minimum}…${rx.maximum}`);
    }
  }
  if (rx.multipleOf === 1 && !zodTypes.has("integer")) {
    found.push(`${path}: RxDB stores whole numbers, zod allows fractions`);
  }
  if (rx.items && zod.items) {
    found.push(...differences(`${path}[]`, rx.items as Json, zod.items as Json));
  }
  return found;
}

/** Every difference between a stored document's RxDB schema and its zod model. */
function mismatches(schema: Json, model: z.ZodType): string[] {
  const zod = z.toJSONSchema(model, { unrepresentable: "any" }) as Json;
  const rxProperties = schema.properties as Record<string, Json>;
  const zodProperties = zod.properties as Record<string, Json>;
  const found: string[] = [];
  const names = new Set([...Object.keys(rxProperties), ...Object.keys(zodProperties)]);
  for (const name of names) {
    if (!rxProperties[name]) found.push(`${name}: in the zod model only`);
    else if (!zodProperties[name]) found.push(`${name}: in the RxDB schema only`);
    else found.push(...differences(name, rxProperties[name], zodProperties[name]));
  }
  const required = (list: unknown) => JSON.stringify([...(list as string[])].sort());
  if (required(schema.required) !== required(zod.required)) {
    found.push(`required: RxDB ${schema.required}, zod ${zod.required}`);
  }
  return found;
}

describe("stored documents", () => {
  it("lists every collection of the database with its schema and model", async () => {
    const db = await openEnergyDatabase(getRxStorageMemory(), "schemas-listed", false);
    try {
      expect(Object.keys(db.collections).sort()).toEqual(Object.keys(STORED_DOCUMENTS).sort());
      for (const [name, { schema }] of Object.entries(STORED_DOCUMENTS)) {
        expect(db.collections[name as keyof typeof db.collections].schema.jsonSchema.version)
          .toBe(schema.version);
      }
    } finally {
      await db.close();
    }
  });

  for (const [name, { schema, model }] of Object.entries(STORED_DOCUMENTS)) {
    it(`${name}: the RxDB schema and the zod model describe the same document`, () => {
      expect(mismatches(schema as unknown as Json, model)).toEqual([]);
    });
  }

  // Not opened by the app's database yet (the charger page will add it): held to its model here.
  it("charge_sessions: the RxDB schema and the zod model describe the same document", async () => {
    expect(mismatches(chargeSessionSchema as unknown as Json, ChargeSessionModel)).toEqual([]);
    const db = await createRxDatabase({
      name: "schemas-sessions",
      storage: getRxStorageMemory(),
      multiInstance: false,
    });
    try {
      await db.addCollections({ charge_sessions: { schema: chargeSessionSchema } });
      const session = {
        id: "s1",
        siteId: "site",
        deviceId: "charger-1",
        startMs: 1_700_000_000_000,
        endMs: null,
        energyKWh: 0,
        updatedAt: 1_700_000_000_000,
        chargerName: "Oprit",
        idTag: "04A2B3C4D5",
        region: "flanders",
        meterStartKWh: 1234.5,
        status: "running",
      };
      expect(ChargeSessionModel.parse(session)).toEqual(session);
      await db.collections.charge_sessions.insert(session);
      const stored = await db.collections.charge_sessions.findOne("s1").exec();
      expect(stored?.toJSON()).toEqual(session);
    } finally {
      await db.close();
    }
  });

  it("notices a property, a type, a required field and a limit that differ", () => {
    const schema = {
      properties: {
        id: { type: "string", maxLength: 10 },
        day: { type: "string", maxLength: 10 },
        count: { type: "integer" },
        at: { type: "number", minimum: 0, maximum: 1000, multipleOf: 1 },
        extra: { type: "string" },
      },
      required: ["id", "count"],
    };
    const model = z.object({
      id: z.string().max(20),
      day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
      count: z.number(),
      at: z.number().int().min(0),
      more: z.string().optional(),
    });
    expect(mismatches(schema, model)).toEqual([
      "id: zod allows 20 characters, RxDB 10",
      "count: RxDB type integer cannot hold zod's number",
      `at: zod allows 0…${Number.MAX_SAFE_INTEGER}, RxDB 0…1000`,
      "extra: in the RxDB schema only",
      "more: in the zod model only",
      "required: RxDB id,count, zod id,day,count,at",
    ]);
  });
});
