/**
 * One endpoint of the server's JSON API as data: its method and path, the body it takes and the
 * answer it gives when it succeeds, each a zod model. The server routes and checks by these; the
 * app's client builds its requests and reads the answers by the same ones.
 */
import { z } from "zod";

export type Method = "GET" | "POST" | "PATCH" | "DELETE";

export interface Endpoint<
  Body extends z.ZodType | null = z.ZodType | null,
  Answer extends z.ZodType | null = z.ZodType | null,
  Path extends string = string,
> {
  method: Method;
  /** As the server routes it, parameters as `:name` (`/api/sites/:id`). */
  path: Path;
  /** The JSON body it takes, or `null` for none. */
  body: Body;
  /** The status of a success. */
  status: 200 | 201 | 202 | 204;
  /** The JSON body of a success, or `null` for none (204). */
  answer: Answer;
}

/** An endpoint with its types kept: the models', and the path's parameters. */
export function endpoint<
  Body extends z.ZodType | null,
  Answer extends z.ZodType | null,
  const Path extends string,
>(spec: Endpoint<Body, Answer, Path>): Endpoint<Body, Answer, Path> {
  return spec;
}

/** What every failure answers: what went wrong in plain words, and a code where the app words it. */
/** A refusal: English words for API users, a code and values the app words in its language. */
export const ProblemModel = z.object({
  error: z.string(),
  code: z.string().optional(),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});
export type Problem = z.infer<typeof ProblemModel>;

/** The names of a path's `:parameters`. */
export type PathParams<Path extends string> = Path extends `${string}:${infer Name}/${infer Rest}`
  ? { [K in Name | keyof PathParams<`/${Rest}`>]: string }
  : Path extends `${string}:${infer Name}` ? { [K in Name]: string }
  : Record<never, never>;

/** A path with its parameters filled in, each encoded. */
export function fillPath(path: string, params: Record<string, string>): string {
  return path.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`${path}: no value for :${name}`);
    return encodeURIComponent(value);
  });
}
