/** The health check a monitor asks (it answers 503 with the same shape when the database is down). */
import { z } from "zod";
import { endpoint } from "./endpoint.ts";

export const HEALTH = {
  check: endpoint({
    method: "GET",
    path: "/api/health",
    body: null,
    status: 200,
    answer: z.object({
      status: z.enum(["ok", "error"]),
      database: z.enum(["sqlite", "postgres"]),
    }),
  }),
};
