import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dayAheadRoutes } from "../../../app/server/day_ahead.ts";

let upstream: Deno.HttpServer<Deno.NetAddr>;
const asked: URLSearchParams[] = [];

beforeAll(() => {
  // Stands in for ENTSO-E: a real HTTP server answering as the Transparency API does.
  upstream = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, (request) => {
    const params = new URL(request.url).searchParams;
    asked.push(params);
    if (params.get("securityToken") !== "good") {
      return new Response(
        "<Acknowledgement_MarketDocument><Reason><code>999</code><text>Unauthorized</text></Reason></Acknowledgement_MarketDocument>",
        { status: 401 },
      );
    }
    return new Response(`<Publication_MarketDocument><TimeSeries><Period>
      <timeInterval><start>2024-06-01T22:00Z</start><end>2024-06-02T22:00Z</end></timeInterval>
      <resolution>PT60M</resolution><Point><position>1</position><price.amount>42</price.amount></Point>
    </Period></TimeSeries></Publication_MarketDocument>`);
  });
});
afterAll(async () => {
  await upstream.shutdown();
});

function app() {
  return dayAheadRoutes(`http://127.0.0.1:${upstream.addr.port}/api`);
}

describe("GET /api/day-ahead", () => {
  it("relays the user's token and answers with price points", async () => {
    const response = await app().request("/api/day-ahead?from=2024-06-02&to=2024-06-02", {
      headers: { "X-Entsoe-Token": "good" },
    });
    expect(response.status).toBe(200);
    const { points } = await response.json();
    expect(points.length).toBe(24);
    expect(points[0]).toEqual({ startMs: Date.UTC(2024, 5, 1, 22), minutes: 60, eurPerMWh: 42 });
    const last = asked[asked.length - 1];
    expect([last.get("periodStart"), last.get("periodEnd")]).toEqual([
      "202406012200",
      "202406022200",
    ]);
  });

  it("refuses without a token, with bad days, or too many days", async () => {
    const noToken = await app().request("/api/day-ahead?from=2024-06-02&to=2024-06-02");
    expect(noToken.status).toBe(400);
    expect((await noToken.json()).code).toBe("dayAhead.tokenMissing");
    const headers = { "X-Entsoe-Token": "good" };
    const bad = await app().request("/api/day-ahead?from=2024-06-31&to=2024-07-01", { headers });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({
      error: "from and to must be days (YYYY-MM-DD), from not after to",
      code: "dayAhead.badRange",
    });
    const long = await app().request("/api/day-ahead?from=2024-01-01&to=2024-03-01", { headers });
    expect(long.status).toBe(400);
    expect(await long.json()).toEqual({
      error: "at most 31 days at once",
      code: "dayAhead.tooManyDays",
      params: { max: 31 },
    });
  });

  it("passes ENTSO-E's reason on when it refuses", async () => {
    const response = await app().request("/api/day-ahead?from=2024-06-02&to=2024-06-02", {
      headers: { "X-Entsoe-Token": "wrong" },
    });
    expect(response.status).toBe(502);
    expect(await response.json()).toEqual({
      error: "ENTSO-E refused the request: Unauthorized",
      code: "dayAhead.refused",
      params: { reason: "Unauthorized" },
    });
  });
});
