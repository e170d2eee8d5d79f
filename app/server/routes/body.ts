/** Request bodies: JSON only, parsed with a zod model; a bad body is a 400 that says what. */
import type { Context } from "hono";
import type { z } from "zod";
import { problem } from "../context.ts";

/** Deeper than any document the app writes; a deeper body is refused before it is looked at. */
export const MAX_JSON_DEPTH = 32;

/**
 * Why a parsed body cannot be stored as it is, or `null`: nested deeper than `MAX_JSON_DEPTH`,
 * or a NUL character in a string or key (PostgreSQL's text cannot hold one). Iterative, so a
 * hostile nesting cannot exhaust the stack.
 */
export function unfitJson(value: unknown): string | null {
  const stack: [unknown, number, string][] = [[value, 1, ""]];
  const at = (path: string, key: string | number) => (path ? `${path}.${key}` : String(key));
  while (stack.length > 0) {
    const [item, depth, path] = stack.pop()!;
    if (typeof item === "string") {
      if (item.includes("\0")) return `${path || "body"}: contains a NUL character`;
      continue;
    }
    if (item === null || typeof item !== "object") continue;
    if (depth > MAX_JSON_DEPTH) return `the body is nested deeper than ${MAX_JSON_DEPTH} levels`;
    if (Array.isArray(item)) {
      for (let i = 0; i < item.length; i++) {
        const child = item[i];
        // Numbers, booleans and null need no look (most of a day bucket).
        if (child !== null && (typeof child === "object" || typeof child === "string")) {
          stack.push([child, depth + 1, at(path, i)]);
        }
      }
      continue;
    }
    for (const key in item) {
      if (key.includes("\0")) return `${at(path, key)}: contains a NUL character`;
      stack.push([(item as Record<string, unknown>)[key], depth + 1, at(path, key)]);
    }
  }
  return null;
}

export async function readJson<T>(
  c: Context,
  model: z.ZodType<T>,
): Promise<{ ok: true; data: T } | { ok: false; response: Response }> {
  if (!(c.req.header("Content-Type") ?? "").startsWith("application/json")) {
    return {
      ok: false,
      response: problem(c, 415, "send JSON (Content-Type: application/json)", "request.invalid"),
    };
  }
  let raw: unknown;
  try {
    raw = await c.req.json();
  } catch {
    return {
      ok: false,
      response: problem(c, 400, "the body is not valid JSON", "request.invalid"),
    };
  }
  const unfit = unfitJson(raw);
  if (unfit) return { ok: false, response: problem(c, 400, unfit, "request.invalid") };
  const parsed = model.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue.path.join(".");
    const error = `${field ? `${field}: ` : ""}${issue.message}`;
    // The app's forms check most fields first; an address is the one people mistype.
    const response = field === "email"
      ? problem(c, 400, error, "request.badEmail")
      : field
      ? problem(c, 400, error, "request.invalidField", { field })
      : problem(c, 400, error, "request.invalid");
    return { ok: false, response };
  }
  return { ok: true, data: parsed.data };
}
