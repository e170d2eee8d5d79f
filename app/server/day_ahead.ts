/**
 * `GET /api/day-ahead?from=YYYY-MM-DD&to=YYYY-MM-DD` with the user's ENTSO-E token in
 * `X-Entsoe-Token`: the Belgian day-ahead prices of those local days as JSON points. ENTSO-E
 * sends no CORS headers, so the browser asks through here; the token is passed on, never kept
 * or logged.
 */
import { Hono } from "hono";
import { addDays, dayStartMs, isLocalDay } from "../../lib/energy/calendar.ts";
import { ENTSOE_API, EntsoeError, fetchDayAhead } from "../../lib/tariff/entsoe.ts";

const MAX_DAYS = 31;

export function dayAheadRoutes(upstream = ENTSOE_API): Hono {
  const app = new Hono();
  app.get("/api/day-ahead", async (c) => {
    const token = c.req.header("X-Entsoe-Token")?.trim();
    if (!token) return c.json({ error: "the ENTSO-E token is missing (X-Entsoe-Token)" }, 400);
    const from = c.req.query("from") ?? "";
    const to = c.req.query("to") ?? "";
    if (!isLocalDay(from) || !isLocalDay(to) || to < from) {
      return c.json({ error: "from and to must be days (YYYY-MM-DD), from not after to" }, 400);
    }
    if (addDays(from, MAX_DAYS) <= to) {
      return c.json({ error: `at most ${MAX_DAYS} days at once` }, 400);
    }
    try {
      const points = await fetchDayAhead(
        token,
        dayStartMs(from),
        dayStartMs(addDays(to, 1)),
        fetch,
        upstream,
      );
      return c.json({ points }, 200, { "Cache-Control": "no-store" });
    } catch (error) {
      const message = error instanceof EntsoeError ? error.message : "ENTSO-E could not be reached";
      return c.json({ error: message }, 502);
    }
  });
  return app;
}
