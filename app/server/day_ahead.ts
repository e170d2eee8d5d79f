/**
 * `GET /api/day-ahead?from=YYYY-MM-DD&to=YYYY-MM-DD` with the user's ENTSO-E token in
 * `X-Entsoe-Token`: the Belgian day-ahead prices of those local days as JSON points. ENTSO-E
 * sends no CORS headers, so the browser asks through here; the token is passed on, never kept
 * or logged.
 */
import { Hono } from "hono";
import { DAY_AHEAD, ENTSOE_TOKEN_HEADER } from "../../lib/contract/day_ahead.ts";
import { addDays, dayStartMs, isLocalDay } from "../../lib/energy/calendar.ts";
import { ENTSOE_API, EntsoeError, fetchDayAhead } from "../../lib/tariff/entsoe.ts";
import { problem } from "./context.ts";
import { answer } from "./routes/contract.ts";

const MAX_DAYS = 31;

export function dayAheadRoutes(upstream = ENTSOE_API): Hono {
  const app = new Hono();
  app.get(DAY_AHEAD.prices.path, async (c) => {
    const token = c.req.header(ENTSOE_TOKEN_HEADER)?.trim();
    if (!token) {
      return problem(
        c,
        400,
        "the ENTSO-E token is missing (X-Entsoe-Token)",
        "dayAhead.tokenMissing",
      );
    }
    const from = c.req.query("from") ?? "";
    const to = c.req.query("to") ?? "";
    if (!isLocalDay(from) || !isLocalDay(to) || to < from) {
      return problem(
        c,
        400,
        "from and to must be days (YYYY-MM-DD), from not after to",
        "dayAhead.badRange",
      );
    }
    if (addDays(from, MAX_DAYS) <= to) {
      return problem(c, 400, `at most ${MAX_DAYS} days at once`, "dayAhead.tooManyDays", {
        max: MAX_DAYS,
      });
    }
    try {
      const points = await fetchDayAhead(
        token,
        dayStartMs(from),
        dayStartMs(addDays(to, 1)),
        fetch,
        upstream,
      );
      c.header("Cache-Control", "no-store");
      return answer(c, DAY_AHEAD.prices, { points });
    } catch (error) {
      if (!(error instanceof EntsoeError)) {
        return problem(c, 502, "ENTSO-E could not be reached", "dayAhead.unreachable");
      }
      return error.refusal === null
        ? problem(c, 502, error.message, "dayAhead.unreadable")
        : problem(c, 502, error.message, "dayAhead.refused", { reason: error.refusal });
    }
  });
  return app;
}
