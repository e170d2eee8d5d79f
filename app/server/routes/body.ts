/** Request bodies: JSON only, parsed with a zod model; a bad body is a 400 that says what. */
import type { Context } from "hono";
import type { z } from "zod";

export async function readJson<T>(
  c: Context,
  model: z.ZodType<T>,
): Promise<{ ok: true; data: T } | { ok: false; response: Response }> {
  if (!(c.req.header("Content-Type") ?? "").startsWith("application/json")) {
    return {
      ok: false,
      response: c.json({ error: "send JSON (Content-Type: application/json)" }, 415),
    };
  }
  let raw: unknown;
  try {
    raw = await c.req.json();
  } catch {
    return { ok: false, response: c.json({ error: "the body is not valid JSON" }, 400) };
  }
  const parsed = model.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path.length > 0 ? `${issue.path.join(".")}: ` : "";
    return { ok: false, response: c.json({ error: `${where}${issue.message}` }, 400) };
  }
  return { ok: true, data: parsed.data };
}
