import { describe, expect, it } from "vitest";
import { isoLocal } from "../../../lib/energy/calendar.ts";
import {
  dayAheadUrl,
  EntsoeError,
  fetchDayAhead,
  parseDayAheadDocument,
} from "../../../lib/tariff/entsoe.ts";
import { cheapestSlots, pricesToDays } from "../../../lib/tariff/prices.ts";

/** A hand-written A44 document: one period, the given points as `[position, price]`. */
function a44(start: string, end: string, resolution: string, points: [number, number][]) {
  return `<?xml version="1.0" encoding="UTF-8"?>
<Publication_MarketDocument xmlns="urn:iec62325.351:tc57wg16:451-3:publicationdocument:7:3">
  <mRID>hand-written</mRID>
  <type>A44</type>
  <period.timeInterval><start>${start}</start><end>${end}</end></period.timeInterval>
  <TimeSeries>
    <mRID>1</mRID>
    <businessType>A62</businessType>
    <in_Domain.mRID codingScheme="A01">10YBE----------2</in_Domain.mRID>
    <out_Domain.mRID codingScheme="A01">10YBE----------2</out_Domain.mRID>
    <currency_Unit.name>EUR</currency_Unit.name>
    <price_Measure_Unit.name>MWH</price_Measure_Unit.name>
    <curveType>A03</curveType>
    <Period>
      <timeInterval><start>${start}</start><end>${end}</end></timeInterval>
      <resolution>${resolution}</resolution>
${
    points.map(([p, v]) =>
      `      <Point><position>${p}</position><price.amount>${v}</price.amount></Point>`
    ).join("\n")
  }
    </Period>
  </TimeSeries>
</Publication_MarketDocument>`;
}

describe("ENTSO-E day-ahead prices (A44)", () => {
  it("reads an hourly day, carrying a left-out point's price forward", () => {
    // 2 June 2024 in Brussels is 1 June 22:00 UTC to 2 June 22:00 UTC: 24 hours. Positions 3–5
    // are left out (unchanged from position 2), as are 20–24 (unchanged from 19).
    const points: [number, number][] = [[1, 80.5], [2, 75]];
    for (let p = 6; p <= 19; p++) points.push([p, 60 + p]);
    const parsed = parseDayAheadDocument(
      a44("2024-06-01T22:00Z", "2024-06-02T22:00Z", "PT60M", points),
    );
    expect(parsed.length).toBe(24);
    expect(parsed.slice(0, 6).map((p) => p.eurPerMWh)).toEqual([80.5, 75, 75, 75, 75, 66]);
    expect(parsed.slice(18).map((p) => p.eurPerMWh)).toEqual([79, 79, 79, 79, 79, 79]);
    expect(isoLocal(parsed[0].startMs)).toBe("2024-06-02T00:00:00+02:00");
    const [day] = pricesToDays(parsed, "entsoe", 0);
    expect(day).toMatchObject({ day: "2024-06-02", slotMinutes: 60 });
    expect(day.eurPerMWh.length).toBe(24);
    expect(cheapestSlots(day, 3)).toEqual([5, 6, 7]); // 66, 67, 68 €/MWh at 05:00–08:00
  });

  it("reads a quarter-hour day, negative prices included", () => {
    // 1 October 2025, the first 15-minute delivery day: 96 positions. Only 1, 2 and 50 are sent.
    const parsed = parseDayAheadDocument(
      a44("2025-09-30T22:00Z", "2025-10-01T22:00Z", "PT15M", [[1, 101.25], [2, 99.1], [50, -12.5]]),
    );
    expect(parsed.length).toBe(96);
    expect(parsed[0].minutes).toBe(15);
    expect(parsed[2].eurPerMWh).toBe(99.1); // carried
    expect(parsed[48].eurPerMWh).toBe(99.1); // carried up to position 49
    expect(parsed[49].eurPerMWh).toBe(-12.5);
    expect(parsed[95].eurPerMWh).toBe(-12.5);
    expect(isoLocal(parsed[49].startMs)).toBe("2025-10-01T12:15:00+02:00");
    const [day] = pricesToDays(parsed, "entsoe", 0);
    expect(day.slotMinutes).toBe(15);
    expect(cheapestSlots(day, 1)).toEqual([49]);
  });

  it("gives the autumn DST day 100 quarter prices", () => {
    const parsed = parseDayAheadDocument(
      a44("2025-10-25T22:00Z", "2025-10-26T23:00Z", "PT15M", [[1, 50]]),
    );
    expect(parsed.length).toBe(100);
    expect(pricesToDays(parsed, "entsoe", 0)[0].eurPerMWh.length).toBe(100);
  });

  it("turns an acknowledgement into a clear error", () => {
    const ack =
      `<?xml version="1.0"?><Acknowledgement_MarketDocument xmlns="urn:iec62325.351:tc57wg16:451-1:acknowledgementdocument:7:0">
      <mRID>x</mRID><Reason><code>999</code><text>No matching data found for Data item Day-ahead Prices</text></Reason>
    </Acknowledgement_MarketDocument>`;
    expect(() => parseDayAheadDocument(ack)).toThrow(
      new EntsoeError(
        "ENTSO-E refused the request: No matching data found for Data item Day-ahead Prices",
        "No matching data found for Data item Day-ahead Prices",
      ),
    );
    expect(() => parseDayAheadDocument("<html>")).toThrow(EntsoeError);
    expect(() =>
      parseDayAheadDocument(a44("2024-06-01T22:00Z", "2024-06-02T22:00Z", "PT30S", [[1, 1]]))
    )
      .toThrow('unknown resolution "PT30S"');
  });

  it("asks for the Belgian zone with the user's token, over HTTP", async () => {
    const url = new URL(dayAheadUrl("secret", Date.UTC(2024, 5, 1, 22), Date.UTC(2024, 5, 2, 22)));
    expect(Object.fromEntries(url.searchParams)).toEqual({
      documentType: "A44",
      in_Domain: "10YBE----------2",
      out_Domain: "10YBE----------2",
      periodStart: "202406012200",
      periodEnd: "202406022200",
      securityToken: "secret",
    });
    // A local server answering as ENTSO-E does.
    const seen: string[] = [];
    const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, (request) => {
      seen.push(new URL(request.url).searchParams.get("securityToken") ?? "");
      return new Response(a44("2024-06-01T22:00Z", "2024-06-02T22:00Z", "PT60M", [[1, 42]]));
    });
    try {
      const points = await fetchDayAhead(
        "secret",
        Date.UTC(2024, 5, 1, 22),
        Date.UTC(2024, 5, 2, 22),
        fetch,
        `http://127.0.0.1:${server.addr.port}/api`,
      );
      expect(points.length).toBe(24);
      expect(seen).toEqual(["secret"]);
    } finally {
      await server.shutdown();
    }
  });
});
