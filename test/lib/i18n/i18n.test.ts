import { describe, expect, it } from "vitest";
import {
  formatBytes,
  formatDateTime,
  formatEnergy,
  formatEuro,
  formatMinutesSeconds,
  formatNumber,
  formatPower,
} from "../../../lib/i18n/format.ts";
import {
  fill,
  initialLocale,
  loadMessages,
  type Locale,
  LOCALES,
  type Messages,
} from "../../../lib/i18n/messages.ts";
import type { Plural } from "../../../lib/i18n/template.ts";

const MESSAGES = Object.fromEntries(
  await Promise.all(LOCALES.map(async (locale) => [locale, await loadMessages(locale)])),
) as Record<Locale, Messages>;

const isPlural = (value: unknown): value is Plural<string> =>
  typeof value === "object" && value !== null && "forms" in value;

/** Every leaf path of a message tree; a plural message is one leaf. */
function paths(tree: object, prefix = ""): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === "string" || isPlural(value)
      ? [`${prefix}${key}`]
      : paths(value, `${prefix}${key}.`)
  );
}

/** The texts of a leaf: the text itself, or each plural form. */
function textsOf(locale: Locale, path: string): string[] {
  const leaf = path.split(".").reduce(
    (node: unknown, key) => (node as Record<string, unknown>)[key],
    MESSAGES[locale],
  );
  return isPlural(leaf) ? Object.values(leaf.forms) as string[] : [leaf as string];
}

describe("messages", () => {
  it("has every text in all three languages, none empty, placeholders kept", () => {
    const nlPaths = paths(MESSAGES.nl);
    for (const locale of LOCALES) {
      expect(paths(MESSAGES[locale])).toEqual(nlPaths);
    }
    const placeholders = (texts: string[]) =>
      [...new Set(texts.flatMap((text) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1])))]
        .filter((name) => name !== "n").sort();
    for (const path of nlPaths) {
      for (const locale of LOCALES) {
        for (const text of textsOf(locale, path)) {
          expect(text.length, `${locale} ${path}`).toBeGreaterThan(0);
        }
        // A plural form may leave the count out ("Het goedkoopste blok"); the rest stay.
        expect(placeholders(textsOf(locale, path)), `${locale} ${path}`).toEqual(
          placeholders(textsOf("nl", path)),
        );
      }
    }
  });

  it("keeps plural messages plural in every language, each in its own language", () => {
    for (const path of paths(MESSAGES.nl)) {
      for (const locale of LOCALES) {
        const leaf = path.split(".").reduce(
          (node: unknown, key) => (node as Record<string, unknown>)[key],
          MESSAGES[locale],
        );
        const nlLeaf = path.split(".").reduce(
          (node: unknown, key) => (node as Record<string, unknown>)[key],
          MESSAGES.nl,
        );
        expect(isPlural(leaf), `${locale} ${path}`).toBe(isPlural(nlLeaf));
        if (isPlural(leaf)) expect(leaf.locale, path).toBe(locale);
      }
    }
  });

  it("picks the plural form by the count and the language (French: 0 and 1 are singular)", () => {
    const pending = (locale: Locale, n: number) => fill(MESSAGES[locale].sync.pending, { n });
    expect([0, 1, 2].map((n) => pending("nl", n))).toEqual([
      "0 wijzigingen te versturen",
      "1 wijziging te versturen",
      "2 wijzigingen te versturen",
    ]);
    expect([0, 1, 2].map((n) => pending("fr", n))).toEqual([
      "0 modification à envoyer",
      "1 modification à envoyer",
      "2 modifications à envoyer",
    ]);
    expect([0, 1, 2].map((n) => pending("en", n))).toEqual([
      "0 changes to send",
      "1 change to send",
      "2 changes to send",
    ]);
    const gaps = (locale: Locale, n: number) => fill(MESSAGES[locale].history.gaps, { n });
    expect(gaps("nl", 1)).toBe(
      "1 kwartier ontbreekt of is onvolledig; het is niet als nul getekend.",
    );
    expect(gaps("fr", 0)).toBe(
      "0 quart d'heure manque ou est incomplet ; il n'est pas dessiné comme zéro.",
    );
    expect(gaps("fr", 2)).toBe(
      "2 quarts d'heure manquent ou sont incomplets ; ils ne sont pas dessinés comme zéro.",
    );
    expect(gaps("en", 0)).toBe(
      "0 quarter-hours are missing or incomplete; they are not drawn as zero.",
    );
    expect(fill(MESSAGES.nl.prices.cheapest, { n: 1 })).toBe("Het goedkoopste blok is groen.");
    expect(fill(MESSAGES.nl.prices.cheapest, { n: 8 })).toBe(
      "De 8 goedkoopste blokken zijn groen.",
    );
  });

  it("fills placeholders and starts in Dutch unless a language was saved", () => {
    expect(fill(MESSAGES.en.dashboard.secondsAgo, { n: 3 })).toBe("3 s ago");
    expect(fill(MESSAGES.nl.settings.used, { used: "2 MB", quota: "1 GB" })).toBe(
      "2 MB gebruikt van 1 GB",
    );
    // @ts-expect-error: a missing placeholder is a type error, and is left visible at run time
    expect(fill(MESSAGES.en.settings.used, { used: "2 MB" })).toBe("2 MB used of {quota}");
    expect(initialLocale(null)).toBe("nl");
    expect(initialLocale("fr")).toBe("fr");
    expect(initialLocale("de")).toBe("nl");
  });
});

describe("format", () => {
  it("never writes minus zero euro", () => {
    expect(formatEuro("nl", -0)).toBe(formatEuro("nl", 0));
    expect(formatEuro("nl", -0.004)).toBe(formatEuro("nl", 0));
    expect(formatEuro("nl", -0.005)).not.toBe(formatEuro("nl", 0));
  });

  it("writes a power in W below 1 kW and in kW with two decimals above, without its sign", () => {
    expect(formatPower("nl", 0.338)).toBe("338 W");
    expect(formatPower("nl", -0.0004)).toBe("0 W");
    expect(formatPower("nl", 0.9996)).toBe("1,00 kW");
    expect(formatPower("fr", -2.3456)).toBe("2,35 kW");
    expect(formatPower("en", 12.5)).toBe("12.50 kW");
  });

  it("writes an energy with two decimals below 10 kWh and one above, never −0", () => {
    expect(formatEnergy("nl", 3.214)).toBe("3,21 kWh");
    expect(formatEnergy("nl", 9.996)).toBe("10,0 kWh");
    expect(formatEnergy("fr", 123.45).replace(/\s/g, " ")).toBe("123,5 kWh");
    expect(formatEnergy("en", -0.001)).toBe("0.00 kWh");
    expect(formatEnergy("nl", -2.5)).toBe("-2,50 kWh");
    expect(formatEnergy("en", 1234.56)).toBe("1,234.6 kWh");
  });

  it("uses a decimal comma in nl and fr, a point in en", () => {
    expect(formatNumber("nl", 1234.5, 2)).toBe("1.234,50");
    expect(formatNumber("fr", 1234.5, 2).replace(/\s/g, " ")).toBe("1 234,50");
    expect(formatNumber("en", 1234.5, 2)).toBe("1,234.50");
    expect(formatNumber("nl", 2.351, 3)).toBe("2,351");
  });

  it("shows instants as Brussels wall time, across DST", () => {
    expect(formatDateTime("en", "2020-05-12T11:54:09Z", "time")).toBe("13:54:09");
    expect(formatDateTime("en", "2020-01-12T11:54:09Z", "time")).toBe("12:54:09");
    // ICU versions differ in the joiner (", " or " om "); the parts are what matter.
    expect(formatDateTime("nl", "2020-05-09T13:45:58+02:00")).toMatch(/^9 mei 2020.* 13:45$/);
    expect(formatDateTime("fr", "2020-02-10T03:54:21+01:00")).toMatch(/^10 févr\. 2020.* 03:54$/);
  });

  it("writes sizes on disk in decimal kB, MB, GB as each language does", () => {
    expect(formatBytes("nl", 1_234_567_890)).toBe("1,2 GB");
    expect(formatBytes("nl", 350_400_000)).toBe("350 MB");
    expect(formatBytes("nl", 4_560_000)).toBe("4,6 MB");
    expect(formatBytes("nl", 12_300)).toBe("12 kB");
    expect(formatBytes("nl", 0)).toBe("0 kB");
    expect(formatBytes("nl", 299_000_000_000)).toBe("299 GB");
    // French says octets; English a decimal point.
    expect(formatBytes("fr", 1_234_567_890).replace(/\s/g, " ")).toBe("1,2 Go");
    expect(formatBytes("fr", 350_400_000).replace(/\s/g, " ")).toBe("350 Mo");
    expect(formatBytes("en", 1_234_567_890)).toBe("1.2 GB");
    // Just under a unit rounds up into it, never "1.000 MB" or "10,0 MB".
    expect(formatBytes("nl", 999_700_000)).toBe("1 GB");
    expect(formatBytes("nl", 9_970_000)).toBe("10 MB");
    expect(formatBytes("nl", 9_940_000)).toBe("9,9 MB");
    expect(formatBytes("en", 2_500_000_000_000)).toBe("2.5 TB");
  });

  it("writes minutes and seconds", () => {
    expect(formatMinutesSeconds(754)).toBe("12:34");
    expect(formatMinutesSeconds(5)).toBe("0:05");
  });
});
