/**
 * Islands and components bind and render; every figure comes from a function in `lib/` with
 * tests of its own. This finds arithmetic on energy, power, money or state of charge in them —
 * a name carrying its unit next to an operator, or inside `Math.*` — so a calculation that slips
 * back into the UI fails here, not on a household's screen.
 */
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const UNIT = String.raw`\w*(?:[kK][wW][hH]?|[eE]ur|SocPct|[a-z0-9]W)\b`;
const ARITHMETIC = new RegExp(
  String.raw`(${UNIT}\s*[-+*/%]\s*[\w(.])|([-+*/%]\s*${UNIT})|(Math\.\w+\([^)]*${UNIT})`,
);

function findings(folder: string): string[] {
  const root = new URL(`../../${folder}/`, import.meta.url);
  return readdirSync(root).filter((name) => name.endsWith(".tsx")).flatMap((name) =>
    findingsIn(`${folder}/${name}`, readFileSync(new URL(name, root), "utf8"))
  );
}

function findingsIn(file: string, source: string): string[] {
  return source.split("\n").flatMap((line, i) => {
    // Comments and plain strings go; template strings keep their `${…}` parts.
    const code = line.replace(/\/\/.*$/, "").replace(/"[^"]*"/g, '""').replace(
      /`[^`]*`/g,
      (template) => [...template.matchAll(/\$\{([^}]*)\}/g)].map((m) => m[1]).join(" ; "),
    );
    return ARITHMETIC.test(code) ? [`${file}:${i + 1}: ${line.trim()}`] : [];
  });
}

describe("no calculation in the UI", () => {
  it("islands do no arithmetic on energy, power or money", () => {
    expect(findings("islands")).toEqual([]);
  });

  it("components do none either", () => {
    expect(findings("components")).toEqual([]);
  });

  it("would catch one, also inside a template string", () => {
    expect(findingsIn("x.tsx", "const t = `${formatNumber(loc, x.peakKW * 4, 3)} kW`;")).toEqual([
      "x.tsx:1: const t = `${formatNumber(loc, x.peakKW * 4, 3)} kW`;",
    ]);
    expect(ARITHMETIC.test("const eur = state.dischargedTodayKWh * prices.offtake;")).toBe(true);
    expect(ARITHMETIC.test("Math.max(peak.kW, 2.5)")).toBe(true);
    expect(ARITHMETIC.test("formatNumber(loc, view.magnitudeKW, 3)")).toBe(false);
  });
});
