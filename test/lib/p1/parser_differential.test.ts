/**
 * The fast parser against the plain reference parser (`reference_parser.ts`): they must agree on
 * every field, for every fixture and for thousands of random valid telegrams that mix what real
 * meters send (W and Wh units, B-field 1 registers, F groups, lowercase DST flags, total-only
 * registers, DSMR 2.2 gas lines, objects no parser interprets) in random order.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseTelegram } from "../../../lib/p1/parser.ts";
import { P1_FIXTURES, p1FixtureText } from "../../fixtures/p1.ts";
import { referenceParse } from "./reference_parser.ts";

const digits = (length: number) =>
  fc.string({ unit: fc.constantFrom(..."0123456789"), minLength: length, maxLength: length });

/** A decimal as meters write them: zero-padded, 0–3 decimals. */
const decimal = fc.tuple(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 0, max: 3 })).chain((
  [whole, fraction],
) => fc.tuple(digits(whole), digits(fraction)).map(([w, f]) => (fraction === 0 ? w : `${w}.${f}`)));

/** A valid P1 stamp, with or without its DST flag, sometimes lowercase. */
const stamp = fc.record({
  year: fc.integer({ min: 10, max: 39 }),
  month: fc.integer({ min: 1, max: 12 }),
  day: fc.integer({ min: 1, max: 28 }),
  hour: fc.integer({ min: 0, max: 23 }),
  minute: fc.integer({ min: 0, max: 59 }),
  second: fc.integer({ min: 0, max: 59 }),
  flag: fc.constantFrom("S", "W", "s", "w", ""),
}).map((t) =>
  [t.year, t.month, t.day, t.hour, t.minute, t.second].map((n) => String(n).padStart(2, "0"))
    .join("") + t.flag
);

const hexOf = (text: string) =>
  [...text].map((c) => c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")).join("");

const identifier = fc.oneof(
  fc.string({
    unit: fc.constantFrom(..."0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
    minLength: 8,
    maxLength: 17,
  }).map(hexOf),
  fc.constant("00000000000000"),
  fc.constant(""),
);

/** An electricity object's code, as `1-0:` or the meter's own `1-1:`, sometimes with F = 255. */
const electricity = (code: string) =>
  fc.tuple(fc.constantFrom("1-0:", "1-0:", "1-1:"), fc.constantFrom("", "", ".255")).map((
    [prefix, f],
  ) => `${prefix}${code}${f}`);

const energy = (code: string) =>
  fc.tuple(electricity(code), decimal, fc.constantFrom("kWh", "Wh")).map(([obis, value, unit]) =>
    `${obis}(${value}*${unit})`
  );
const power = (code: string) =>
  fc.tuple(electricity(code), decimal, fc.constantFrom("kW", "W")).map(([obis, value, unit]) =>
    `${obis}(${value}*${unit})`
  );
const plain = (code: string, unit: string) =>
  fc.tuple(electricity(code), decimal).map(([obis, value]) => `${obis}(${value}*${unit})`);

const mbusLines = (channel: number) =>
  fc.tuple(
    fc.constantFrom("003", "007", "004", "012", "002", "009"),
    identifier,
    stamp,
    decimal,
    fc.constantFrom("m3", "GJ", ""),
    fc.boolean(),
    fc.constantFrom(0, 1, 2),
  ).map(([type, id, at, value, unit, dsmr22, valve]) => [
    `0-${channel}:24.1.0(${type})`,
    `0-${channel}:96.1.${dsmr22 ? 0 : 1}(${id})`,
    `0-${channel}:24.4.0(${valve})`,
    dsmr22
      ? `0-${channel}:24.3.0(${at.slice(0, 12)})(00)(60)(1)(0-${channel}:24.2.1)(m3)\r\n(${value})`
      : `0-${channel}:24.2.1(${at})(${value}${unit === "" ? "" : `*${unit}`})`,
  ]);

const peakHistory = fc.array(fc.tuple(stamp, stamp, decimal), { maxLength: 13 }).map((entries) =>
  `0-0:98.1.0(${entries.length})(1-0:1.6.0)(1-0:1.6.0)` +
  entries.map(([close, at, kW]) => `(${close})(${at})(${kW}*kW)`).join("")
);

/** Every line a telegram may carry; each telegram takes a random subset in random order. */
const line = fc.oneof(
  fc.constantFrom("0-0:96.1.4(50217)", "1-3:0.2.8(50)", "1-3:0.2.8(42)"),
  stamp.map((s) => `0-0:1.0.0(${s})`),
  identifier.map((id) => `0-0:96.1.1(${id})`),
  fc.integer({ min: 1, max: 2 }).map((t) => `0-0:96.14.0(000${t})`),
  ...["1.8.0", "1.8.1", "1.8.2", "2.8.0", "2.8.1", "2.8.2"].map(energy),
  ...["1.7.0", "2.7.0", "21.7.0", "41.7.0", "61.7.0", "22.7.0", "42.7.0", "62.7.0", "1.4.0"].map(
    power,
  ),
  ...["32.7.0", "52.7.0", "72.7.0"].map((code) => plain(code, "V")),
  ...["31.7.0", "51.7.0", "71.7.0", "31.4.0"].map((code) => plain(code, "A")),
  fc.tuple(stamp, decimal).map(([at, kW]) => `1-0:1.6.0(${at})(${kW}*kW)`),
  peakHistory,
  fc.constantFrom(0, 1, 2).map((state) => `0-0:96.3.10(${state})`),
  fc.tuple(decimal, fc.constantFrom("kW", "A")).map(([v, unit]) => `0-0:17.0.0(${v}*${unit})`),
  fc.constantFrom("", hexOf("Stroomonderbreking gepland")).map((m) => `0-0:96.13.0(${m})`),
  fc.constantFrom(
    "0-0:96.7.21(00005)",
    "1-0:99.97.0(1)(0-0:96.7.19)(190326095015W)(0000002014*s)",
    "0-0:96.13.1()",
    "1-0:1.8.1.101(000123.456*kWh)",
  ),
);

const telegram = fc.tuple(
  fc.constantFrom("/FLU5\\253769484_A", "/ISK5\\2M550T-1012", "/ISk5\\2MT382-1004"),
  fc.uniqueArray(line, { maxLength: 40, selector: (l) => l.slice(0, l.indexOf("(")) }),
  fc.uniqueArray(fc.integer({ min: 1, max: 4 }), { maxLength: 3 }).chain((channels) =>
    channels.length === 0 ? fc.constant([] as string[][]) : fc.tuple(...channels.map(mbusLines))
  ),
).map(([header, lines, mbus]) => [header, "", ...lines, ...mbus.flat(), "!"].join("\r\n"));

describe("the fast parser and the reference parser", () => {
  it.each(P1_FIXTURES)("agree on every field of %s", (name) => {
    const text = p1FixtureText(name);
    // The reference reads the body; the CRC digits after `!` are the framer's business.
    expect(parseTelegram(text, true)).toEqual(referenceParse(text, true));
  });

  it("agree on every field of 4,000 random valid telegrams", () => {
    fc.assert(
      fc.property(telegram, (text) => {
        const fast = parseTelegram(text);
        expect(fast.errors).toEqual([]);
        expect(fast.warnings).toEqual([]);
        expect(fast).toEqual(referenceParse(text));
      }),
      { numRuns: 4000, seed: 20261201 },
    );
    // A few seconds of work, and much more on a loaded machine: no clock to race.
  }, 300_000);
});
