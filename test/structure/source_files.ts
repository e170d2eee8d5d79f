/** The project's own source files and the modules they import, for tests about its structure. */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/** Every `.ts`/`.tsx` file under a folder of the project, as a path from the root (`lib/p1/crc16.ts`). */
export function sourceFiles(folder: string): string[] {
  return (readdirSync(join(ROOT, folder), { recursive: true }) as string[])
    .filter((name) => /\.tsx?$/.test(name) && !name.endsWith(".d.ts"))
    .map((name) => join(folder, name).replaceAll("\\", "/"))
    .sort();
}

/** The code of a file without its comments, so only real syntax and strings are matched. */
export function codeOf(file: string): string {
  return withoutComments(readFileSync(join(ROOT, file), "utf8"));
}

/** The code without its comments (strings kept whole). */
function withoutComments(text: string): string {
  let out = "";
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === "/" && text[i + 1] === "/") {
      while (i < text.length && text[i] !== "\n") i++;
    } else if (c === "/" && text[i + 1] === "*") {
      const end = text.indexOf("*/", i + 2);
      i = end === -1 ? text.length : end + 2;
    } else if (c === '"' || c === "'" || c === "`") {
      // Strings are kept whole: an import's specifier is one.
      let j = i + 1;
      while (j < text.length && text[j] !== c) j += text[j] === "\\" ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

const SPECIFIER =
  /\b(?:import|export)\s+(?:type\s+)?[^;"'`]*?\bfrom\s*["']([^"']+)["']|\bimport\s*\(\s*["']([^"']+)["']\s*\)|\bimport\s+["']([^"']+)["']/g;

/**
 * What a file imports (static, dynamic and type-only): project files as paths from the root,
 * packages by their name as written (`zod`, `node:fs`).
 */
export function importsOf(file: string): string[] {
  const code = codeOf(file);
  const found: string[] = [];
  for (const match of code.matchAll(SPECIFIER)) {
    const specifier = match[1] ?? match[2] ?? match[3];
    found.push(
      specifier.startsWith(".")
        ? relative(ROOT, resolve(ROOT, dirname(file), specifier)).replaceAll("\\", "/")
        : specifier,
    );
  }
  return found;
}
