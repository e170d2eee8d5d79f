/**
 * Day-ahead prices relayed from ENTSO-E (it sends no CORS headers): the user's token goes in
 * `X-Entsoe-Token`, the local days in the query.
 */
import { z } from "zod";
import type { PricePoint } from "../tariff/prices.ts";
import { endpoint } from "./endpoint.ts";

export const ENTSOE_TOKEN_HEADER = "X-Entsoe-Token";

export const PricePointModel = z.object({
  startMs: z.number().int(),
  minutes: z.union([z.literal(15), z.literal(60)]),
  eurPerMWh: z.number(),
}) satisfies z.ZodType<PricePoint>;

export const DAY_AHEAD = {
  prices: endpoint({
    method: "GET",
    path: "/api/day-ahead",
    body: null,
    status: 200,
    answer: z.object({ points: z.array(PricePointModel) }),
  }),
};
