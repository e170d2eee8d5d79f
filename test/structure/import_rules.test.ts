/**
 * The dependency rules of the layout (ARCHITECTURE §3), checked on every file's imports: a rule
 * broken by a new import fails here rather than in a review.
 */
import { describe, expect, it } from "vitest";
import { codeOf, importsOf, sourceFiles } from "./source_files.ts";

/** `file imports target` for every import of a file under `from` that goes into one of `into`. */
function crossings(from: string, into: string[]): string[] {
  return sourceFiles(from).flatMap((file) =>
    importsOf(file)
      .filter((target) => into.some((folder) => target.startsWith(`${folder}/`)))
      .map((target) => `${file} imports ${target}`)
  );
}

describe("import rules", () => {
  it("finds the imports of a file, static, dynamic and type-only", () => {
    const imports = importsOf("app/browser/data_version.ts");
    expect(imports).toEqual([
      "@preact/signals",
      "lib/db/name.ts",
      "app/browser/energy_db.ts",
    ]);
    expect(importsOf("lib/p1/energy_input.ts")).toEqual([
      "lib/energy/accumulator.ts",
      "lib/energy/raw_chunk.ts",
      "lib/p1/reading.ts",
      "lib/p1/timestamp.ts",
    ]);
  });

  it("keeps lib/ free of the app, the pages and their widgets", () => {
    expect(crossings("lib", ["app", "islands", "components", "routes"])).toEqual([]);
  });

  it("keeps the energy code free of the P1 protocol (its calendar rule is lib/time's)", () => {
    expect(crossings("lib/energy", ["lib/p1"])).toEqual([]);
  });

  it("keeps lib/time a leaf: the clock rule depends on nothing", () => {
    expect(sourceFiles("lib/time").flatMap(importsOf)).toEqual([]);
  });

  it("keeps the gateway and the server apart (what both need is in app/shared or lib)", () => {
    expect(crossings("app/gateway", ["app/server"])).toEqual([]);
    expect(crossings("app/server", ["app/gateway"])).toEqual([]);
    expect(crossings("app/shared", ["app/server", "app/gateway", "app/browser"])).toEqual([]);
  });

  it("lets no widget or component import a page", () => {
    expect(crossings("islands", ["routes"])).toEqual([]);
    expect(crossings("components", ["routes", "islands"])).toEqual([]);
  });

  it("writes the API's paths in lib/contract only: everyone else routes and calls by it", () => {
    const users = ["app", "islands", "components", "routes", "lib"].flatMap(sourceFiles)
      .filter((file) => !file.startsWith("lib/contract/"));
    // The prefix alone (`/api/*`) is the server's middleware, not an endpoint.
    expect(users.filter((file) => /["'`]\/api\/[a-z]/.test(codeOf(file)))).toEqual([]);
  });
});
