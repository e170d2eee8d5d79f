import { describe, expect, it } from "vitest";
import { isoLocal } from "../../../lib/energy/calendar.ts";
import { parsePriceCsv, PriceCsvError } from "../../../lib/tariff/price_csv.ts";

describe("day-ahead prices from CSV", () => {
  it("reads Belgian style: semicolons, decimal comma, wall time, a header", () => {
    const points = parsePriceCsv(
      "Tijd;Prijs (€/MWh)\r\n02/06/2024 00:00;80,5\r\n02/06/2024 01:00;-3,25\r\n",
    );
    expect(points).toEqual([
      { startMs: Date.parse("2024-06-01T22:00:00Z"), minutes: 60, eurPerMWh: 80.5 },
      { startMs: Date.parse("2024-06-01T23:00:00Z"), minutes: 60, eurPerMWh: -3.25 },
    ]);
  });

  it("reads ISO instants, quarter-hours, and the repeated autumn hour in order", () => {
    const iso = parsePriceCsv("2025-10-01T00:00:00+02:00,10.5\n2025-10-01T00:15:00+02:00,11\n");
    expect(iso.map((p) => p.minutes)).toEqual([15, 15]);
    const autumn = parsePriceCsv(
      ["2025-10-26 01:00;1", "2025-10-26 02:00;2", "2025-10-26 02:00;3", "2025-10-26 03:00;4"].join(
        "\n",
      ),
    );
    expect(autumn.map((p) => isoLocal(p.startMs))).toEqual([
      "2025-10-26T01:00:00+02:00",
      "2025-10-26T02:00:00+02:00",
      "2025-10-26T02:00:00+01:00",
      "2025-10-26T03:00:00+01:00",
    ]);
  });

  it("names the line of a bad price or time", () => {
    expect(() => parsePriceCsv("02/06/2024 00:00;80,5\n02/06/2024 01:00;abc")).toThrow(
      new PriceCsvError(2, '"abc" is not a price in €/MWh', "notPrice", { price: "abc" }),
    );
    expect(() => parsePriceCsv("02/06/2024 00:00;1\nyesterday;1\n")).toThrow(
      'line 2: "yesterday" is not a time',
    );
    expect(() => parsePriceCsv("Tijd;Prijs\n")).toThrow(
      new PriceCsvError(0, "the file holds no prices", "empty"),
    );
    expect(() => parsePriceCsv("31/03/2024 02:00;1")).toThrow("does not exist in Brussels");
    expect(() => parsePriceCsv("02/06/2024 00:00;1\n02/06/2024 00:20;1")).toThrow(
      "15 minutes or one hour apart",
    );
  });

  it("carries a code and its values, for the app to word in the user's language", () => {
    const problem = (text: string) => {
      try {
        parsePriceCsv(text);
      } catch (error) {
        const e = error as PriceCsvError;
        return [e.line, e.code, e.params];
      }
      return null;
    };
    expect(problem("02/06/2024 00:00;1\nyesterday;1")).toEqual([2, "notTime", {
      when: "yesterday",
    }]);
    expect(problem("31/03/2024 02:00;1")).toEqual([1, "notInBrussels", {
      when: "31/03/2024 02:00",
    }]);
    expect(problem("02/06/2024 00:00;1\n02/06/2024 00:20;1")).toEqual([2, "badStep", {}]);
    expect(problem("02/06/2024 01:00;1\n02/06/2024 02:00;1\n02/06/2024 00:00;1")).toEqual([
      3,
      "notForward",
      {},
    ]);
  });
});
