/** Routes by the API's contract (`lib/contract`): its method and path, its typed answers. */
import type { Context, Handler, Hono } from "hono";
import type { z } from "zod";
import type { Endpoint } from "../../../lib/contract/endpoint.ts";
import type { Env } from "../context.ts";

/** Serves `endpoint` at its method and path. */
export function serve(app: Hono<Env>, endpoint: Endpoint, handler: Handler<Env>): void {
  app.on(endpoint.method, endpoint.path, handler);
}

/** A success of `endpoint`: its status, and a body its answer model describes. */
export function answer<E extends Endpoint<z.ZodType | null, z.ZodType>>(
  c: Context,
  endpoint: E,
  data: z.input<E["answer"]>,
): Response {
  return c.json(data, endpoint.status as 200 | 201 | 202);
}

/** A success of an endpoint that answers without a body (204). */
export function done(c: Context, endpoint: Endpoint<z.ZodType | null, null>): Response {
  return c.body(null, endpoint.status as 204);
}
