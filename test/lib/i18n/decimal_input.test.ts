import { describe, expect, it } from "vitest";
import {
  formatDecimalInput,
  formatKWInput,
  parseDecimal,
  parseDecimalInput,
  parseKWInput,
} from "../../../lib/i18n/decimal_input.ts";

describe("decimal input", () => {
  it("shows a decimal comma in Dutch and French, a point in English", () => {
    expect(formatDecimalInput("nl", 0.132)).toBe("0,132");
    expect(formatDecimalInput("fr", 0.132)).toBe("0,132");
    expect(formatDecimalInput("en", 0.132)).toBe("0.132");
    expect(formatDecimalInput("nl", 49.4)).toBe("49,4");
    expect(formatDecimalInput("nl", 1234.5)).toBe("1234,5");
    expect(formatDecimalInput("fr", -0.013135)).toBe("-0,013135");
    expect(formatDecimalInput("en", 25)).toBe("25");
    expect(formatDecimalInput("nl", 0)).toBe("0");
    expect(formatDecimalInput("nl", -0.000000001)).toBe("0");
    expect(formatDecimalInput("nl", 0.1 + 0.2)).toBe("0,3");
    expect(formatDecimalInput("en", 2.0567, 2)).toBe("2.06");
  });

  it("reads a comma or a point as the decimal separator", () => {
    expect(parseDecimalInput("0,1320")).toEqual({ ok: true, value: 0.132 });
    expect(parseDecimalInput("0.1320")).toEqual({ ok: true, value: 0.132 });
    expect(parseDecimalInput(" 25 ")).toEqual({ ok: true, value: 25 });
    expect(parseDecimalInput("-1,3135")).toEqual({ ok: true, value: -1.3135 });
    expect(parseDecimalInput("−0,5")).toEqual({ ok: true, value: -0.5 });
    expect(parseDecimalInput(",5")).toEqual({ ok: true, value: 0.5 });
    expect(parseDecimalInput("4,")).toEqual({ ok: true, value: 4 });
  });

  it("refuses thousands separators as ambiguous, and what is no number at all", () => {
    expect(parseDecimalInput("1.234,5")).toEqual({ ok: false, problem: "ambiguous" });
    expect(parseDecimalInput("1,234.5")).toEqual({ ok: false, problem: "ambiguous" });
    expect(parseDecimalInput("1.234.567")).toEqual({ ok: false, problem: "ambiguous" });
    expect(parseDecimalInput("1 234,5")).toEqual({ ok: false, problem: "ambiguous" });
    expect(parseDecimalInput("")).toEqual({ ok: false, problem: "empty" });
    expect(parseDecimalInput("abc")).toEqual({ ok: false, problem: "notNumber" });
    expect(parseDecimalInput("0,13 €")).toEqual({ ok: false, problem: "notNumber" });
    expect(parseDecimalInput("1e3")).toEqual({ ok: false, problem: "notNumber" });
    expect(parseDecimal("0,25")).toBe(0.25);
    expect(parseDecimal("1.234,5")).toBeNull();
  });

  it("reads back what it shows, in every language", () => {
    for (const value of [0.132, -1.3135, 49.4, 1234.5, 0.00000001, 400]) {
      for (const locale of ["nl", "fr", "en"] as const) {
        expect(parseDecimal(formatDecimalInput(locale, value))).toBe(value);
      }
    }
  });
});

describe("power fields in kW", () => {
  it("shows watts as kilowatts with the decimal comma, to the watt", () => {
    expect(formatKWInput("nl", 2500)).toBe("2,5");
    expect(formatKWInput("fr", 2500)).toBe("2,5");
    expect(formatKWInput("en", 2500)).toBe("2.5");
    expect(formatKWInput("nl", 3000)).toBe("3");
    expect(formatKWInput("nl", 260)).toBe("0,26");
    expect(formatKWInput("nl", 1234)).toBe("1,234");
    expect(formatKWInput("nl", 0)).toBe("0");
  });

  it("reads kilowatts typed with a comma or a point back as whole watts", () => {
    expect(parseKWInput("2,5")).toBe(2500);
    expect(parseKWInput("2.5")).toBe(2500);
    expect(parseKWInput("0,26")).toBe(260);
    expect(parseKWInput("1,2345")).toBe(1235);
    expect(parseKWInput("3")).toBe(3000);
    expect(parseKWInput("")).toBeNull();
    expect(parseKWInput("2,5 kW")).toBeNull();
    expect(parseKWInput("1.234,5")).toBeNull();
  });
});
