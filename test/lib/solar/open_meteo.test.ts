import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import {
  OpenMeteoFormatError,
  openMeteoProvider,
  OpenMeteoRequestError,
  openMeteoUrl,
  parseOpenMeteo,
} from "../../../lib/solar/open_meteo.ts";

/** The real recorded response (test/fixtures/open_meteo/README.md). */
const RECORDED = JSON.parse(
  readFileSync(
    new URL("../../fixtures/open_meteo/berlin_2023-01-01_hourly.json", import.meta.url),
    "utf8",
  ),
);
const BERLIN = { latitudeDeg: 52.52, longitudeDeg: 13.42, source: "entered" as const };
const BRUSSELS = { latitudeDeg: 50.8503, longitudeDeg: 4.3517, source: "entered" as const };

describe("Open-Meteo URL", () => {
  it("asks once per site for the four variables in GMT, forecast and past days bounded", () => {
    const url = new URL(openMeteoUrl(BRUSSELS, { forecastDays: 3, pastDays: 40 }));
    expect(url.origin + url.pathname).toBe("https://api.open-meteo.com/v1/forecast");
    expect(url.searchParams.get("latitude")).toBe("50.8503");
    expect(url.searchParams.get("longitude")).toBe("4.3517");
    expect(url.searchParams.get("minutely_15")).toBe(
      "shortwave_radiation,direct_normal_irradiance,diffuse_radiation,temperature_2m",
    );
    expect(url.searchParams.get("hourly")).toBe(url.searchParams.get("minutely_15"));
    expect(url.searchParams.get("timezone")).toBe("GMT");
    expect(url.searchParams.get("forecast_days")).toBe("3");
    expect(url.searchParams.get("past_days")).toBe("40");
    const bounded = new URL(openMeteoUrl(BRUSSELS, { forecastDays: 30, pastDays: 200 }));
    expect(bounded.searchParams.get("forecast_days")).toBe("16");
    expect(bounded.searchParams.get("past_days")).toBe("92");
    expect(openMeteoUrl(BRUSSELS, { forecastDays: 1, pastDays: 0, baseUrl: "http://x/f" }))
      .toMatch(/^http:\/\/x\/f\?latitude=/);
  });
});

describe("Open-Meteo parser", () => {
  it("turns the recorded hourly response into interval-start means", () => {
    const s = parseOpenMeteo(RECORDED);
    expect(s.intervalMinutes).toBe(60);
    // 48 stamps → 47 intervals: the value stamped 01:00 is the mean of 00:00–01:00.
    expect(s.startMs.length).toBe(47);
    expect(s.startMs[0]).toBe(Date.parse("2023-01-01T00:00:00Z"));
    const at = (iso: string) => s.startMs.indexOf(Date.parse(iso));
    // Stamped 08:00: 6 W/m² → the interval 07:00–08:00 (sunrise 07:17 UTC).
    expect(s.ghiWm2[at("2023-01-01T07:00:00Z")]).toBe(6);
    expect(s.ghiWm2[at("2023-01-01T06:00:00Z")]).toBe(0);
    // Stamped 12:00: GHI 111, DNI 48.7, DHI 99; temperature (15.2 at 11:00 + 15.8 at 12:00)/2
    const noon = at("2023-01-01T11:00:00Z");
    expect([s.ghiWm2[noon], s.dniWm2[noon], s.dhiWm2[noon]]).toEqual([111, 48.7, 99]);
    expect(s.airTempC[noon]).toBeCloseTo(15.5, 9);
    // Stamped 15:00 → 14:00–15:00 (16 W/m²); stamped 16:00 → 15:00–16:00, after sunset (0).
    expect(s.ghiWm2[at("2023-01-01T14:00:00Z")]).toBe(16);
    expect(s.ghiWm2[at("2023-01-01T15:00:00Z")]).toBe(0);
  });

  // A small response built in the documented minutely_15 format (not recorded): Brussels.
  const quarterly = (overrides: Record<string, unknown> = {}) => ({
    latitude: 50.85,
    longitude: 4.35,
    generationtime_ms: 0.1,
    utc_offset_seconds: 0,
    timezone: "GMT",
    timezone_abbreviation: "GMT",
    elevation: 30,
    minutely_15: {
      time: ["2026-06-21T12:00", "2026-06-21T12:15", "2026-06-21T12:30"],
      shortwave_radiation: [800, 810, -3],
      direct_normal_irradiance: [700, 720, 730],
      diffuse_radiation: [150, 140, 130],
      temperature_2m: [20, 21, 23],
      ...overrides,
    },
  });

  it("prefers minutely_15, shifts by one quarter, clamps negative irradiance", () => {
    const s = parseOpenMeteo(quarterly());
    expect(s.intervalMinutes).toBe(15);
    expect(s.startMs).toEqual([Date.parse("2026-06-21T12:00Z"), Date.parse("2026-06-21T12:15Z")]);
    expect(s.ghiWm2).toEqual([810, 0]); // −3 (open-meteo#1355) → 0
    expect(s.dniWm2).toEqual([720, 730]);
    expect(s.airTempC).toEqual([20.5, 22]);
  });

  it("says what is wrong and where", () => {
    expect(() => parseOpenMeteo({ latitude: 1 })).toThrow(OpenMeteoFormatError);
    expect(() => parseOpenMeteo({ ...quarterly(), utc_offset_seconds: 7200 })).toThrow(
      "Open-Meteo response: expected timezone=GMT (utc_offset_seconds 0) at utc_offset_seconds",
    );
    expect(() => parseOpenMeteo(quarterly({ temperature_2m: [1, 2] }))).toThrow(
      "Open-Meteo response: minutely_15.temperature_2m has 2 values for 3 times",
    );
    expect(() => parseOpenMeteo(quarterly({ diffuse_radiation: [1, "x", 3] }))).toThrow(
      /at minutely_15\.diffuse_radiation\.1$/,
    );
    expect(() =>
      parseOpenMeteo(
        quarterly({ time: ["2026-06-21T12:00", "2026-06-21T12:15", "2026-06-21T12:45"] }),
      )
    )
      .toThrow("minutely_15.time is not evenly spaced at index 2 (2026-06-21T12:45)");
    const { minutely_15: _, ...none } = quarterly();
    expect(() => parseOpenMeteo(none)).toThrow("neither minutely_15 nor hourly");
  });
});

describe("Open-Meteo provider", () => {
  it("fetches from a real local server and returns the asked range", async () => {
    const seen: URL[] = [];
    const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, (request) => {
      seen.push(new URL(request.url));
      return Response.json(RECORDED);
    });
    try {
      const provider = openMeteoProvider({
        fetch: (url, init) => fetch(url, init),
        baseUrl: `http://127.0.0.1:${server.addr.port}/v1/forecast`,
        now: () => Date.parse("2023-01-01T10:00:00Z"),
      });
      const s = await provider.fetchIrradiance(
        BERLIN,
        Date.parse("2023-01-02T00:00:00Z"),
        Date.parse("2023-01-03T00:00:00Z"),
      );
      expect(seen.length).toBe(1);
      expect(seen[0].searchParams.get("forecast_days")).toBe("2");
      expect(seen[0].searchParams.get("past_days")).toBe("0");
      // 2023-01-02 00:00 … 22:00 (the 23:00 interval would need a stamp at 24:00)
      expect(s.startMs.length).toBe(23);
      expect(s.ghiWm2.reduce((a, b) => a + b, 0)).toBe(5 + 28 + 60 + 60 + 42 + 50 + 52 + 14);
    } finally {
      await server.shutdown();
    }
  });

  it("reports Open-Meteo's own reason on an error answer", async () => {
    const server = Deno.serve(
      { port: 0, hostname: "127.0.0.1", onListen() {} },
      () =>
        Response.json({ error: true, reason: "Latitude must be in range of -90 to 90°." }, {
          status: 400,
        }),
    );
    try {
      const provider = openMeteoProvider({
        fetch: (url, init) => fetch(url, init),
        baseUrl: `http://127.0.0.1:${server.addr.port}/v1/forecast`,
      });
      const failure = provider.fetchIrradiance(BERLIN, 0, 1);
      await expect(failure).rejects.toThrow(OpenMeteoRequestError);
      await expect(provider.fetchIrradiance(BERLIN, 0, 1)).rejects.toThrow(
        "Open-Meteo answered HTTP 400: Latitude must be in range of -90 to 90°.",
      );
    } finally {
      await server.shutdown();
    }
  });
});
