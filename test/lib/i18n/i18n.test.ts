import { describe, expect, it } from "vitest";
import { formatDateTime, formatMinutesSeconds, formatNumber } from "../../../lib/i18n/format.ts";
import { fill, initialLocale, LOCALES, MESSAGES } from "../../../lib/i18n/messages.ts";

/** Every leaf path of a message tree. */
function paths(tree: object, prefix = ""): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === "string" ? [`${prefix}${key}`] : paths(value, `${prefix}${key}.`)
  );
}

describe("messages", () => {
  it("has every text in all three languages, none empty, placeholders kept", () => {
    const nlPaths = paths(MESSAGES.nl);
    for (const locale of LOCALES) {
      expect(paths(MESSAGES[locale])).toEqual(nlPaths);
    }
    const leaf = (locale: "nl" | "fr" | "en", path: string) =>
      path.split(".").reduce(
        (node: unknown, key) => (node as Record<string, unknown>)[key],
        MESSAGES[locale],
      ) as string;
    for (const path of nlPaths) {
      const placeholders = (text: string) =>
        [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      for (const locale of LOCALES) {
        expect(leaf(locale, path).length, `${locale} ${path}`).toBeGreaterThan(0);
        expect(placeholders(leaf(locale, path)), `${locale} ${path}`).toEqual(
          placeholders(leaf("nl", path)),
        );
      }
    }
  });

  it("fills placeholders and starts in Dutch unless a language was saved", () => {
    expect(fill(MESSAGES.en.dashboard.secondsAgo, { n: 3 })).toBe("3 s ago");
    expect(initialLocale(null)).toBe("nl");
    expect(initialLocale("fr")).toBe("fr");
    expect(initialLocale("de")).toBe("nl");
  });
});

describe("format", () => {
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

  it("writes minutes and seconds", () => {
    expect(formatMinutesSeconds(754)).toBe("12:34");
    expect(formatMinutesSeconds(5)).toBe("0:05");
  });
});
