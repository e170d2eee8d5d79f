/**
 * The app's side of the contract: calls an endpoint with a typed body and reads the answer with
 * the endpoint's own model, so an answer the app does not expect fails here, by name, not later
 * in a page. Transport is handed in (`fetch`), so the browser, the gateway and tests share it.
 */
import type { z } from "zod";
import { type Endpoint, fillPath, type PathParams, ProblemModel } from "./endpoint.ts";

/** A failure as the server answered it: its status, its words, and its code where it has one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code?: string,
    /** The values the code's text is filled with (`{ min: 10 }`). */
    readonly params?: Readonly<Record<string, string | number>>,
  ) {
    super(message);
  }
}

type BodyOf<E extends Endpoint> = E["body"] extends z.ZodType ? { body: z.input<E["body"]> }
  : { body?: undefined };
type ParamsOf<E extends Endpoint> = keyof PathParams<E["path"]> extends never
  ? { params?: undefined }
  : { params: PathParams<E["path"]> };

export type CallOptions<E extends Endpoint> = BodyOf<E> & ParamsOf<E> & {
  query?: Record<string, string>;
  headers?: Record<string, string>;
};

export type AnswerOf<E extends Endpoint> = E["answer"] extends z.ZodType ? z.output<E["answer"]>
  : undefined;

/** Whether a call must say something: a body, or the path's parameters. */
type NeedsOptions<E extends Endpoint> = E["body"] extends z.ZodType ? true
  : keyof PathParams<E["path"]> extends never ? false
  : true;

export type ApiCall = <E extends Endpoint>(
  endpoint: E,
  ...options: NeedsOptions<E> extends true ? [CallOptions<E>] : [CallOptions<E>?]
) => Promise<AnswerOf<E>>;

/** A client of the API at `baseUrl` (`""`: the page's own origin) over `fetcher`. */
export function apiClient(fetcher: typeof fetch, baseUrl = ""): ApiCall {
  return (async (endpoint: Endpoint, options: CallOptions<Endpoint> = {}) => {
    const query = options.query ? `?${new URLSearchParams(options.query)}` : "";
    const hasBody = endpoint.body !== null;
    const response = await fetcher(
      `${baseUrl}${fillPath(endpoint.path, options.params ?? {})}${query}`,
      {
        method: endpoint.method,
        headers: {
          ...(hasBody ? { "Content-Type": "application/json" } : {}),
          ...options.headers,
        },
        body: hasBody ? JSON.stringify(options.body) : undefined,
      },
    );
    if (!response.ok) {
      const problem = ProblemModel.safeParse(await response.json().catch(() => null));
      throw problem.success
        ? new ApiError(response.status, problem.data.error, problem.data.code, problem.data.params)
        : new ApiError(response.status, `HTTP ${response.status}`);
    }
    if (endpoint.answer === null) {
      await response.body?.cancel();
      return undefined;
    }
    const answer = endpoint.answer.safeParse(await response.json().catch(() => undefined));
    if (!answer.success) {
      const issue = answer.error.issues[0];
      throw new ApiError(
        response.status,
        `${endpoint.method} ${endpoint.path} answered unexpectedly: ${
          issue.path.join(".") || "body"
        }: ${issue.message}`,
        "answer.unexpected",
      );
    }
    return answer.data;
  }) as ApiCall;
}
