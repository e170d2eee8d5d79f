/**
 * The gateway's solar forecast over a real HTTP connection to a stand-in Open-Meteo on loopback.
 * The stand-in answers in Open-Meteo's documented forecast format (hourly block, GMT, values the
 * mean of the preceding hour: open-meteo.com/en/docs); it is built here, not recorded.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GatewaySolarForecast } from "../../../app/gateway/solar_forecast.ts";
import { DEFAULT_BAND } from "../../../lib/solar/correction.ts";
import { forecastProduction } from "../../../lib/solar/forecast.ts";
import { openMeteoProvider, parseOpenMeteo } from "../../../lib/solar/open_meteo.ts";
import type { SolarSetup } from "../../../lib/solar/solar_setup.ts";

const NOW = Date.UTC(2026, 5, 21, 4, 10);
const SETUP: SolarSetup = {
  id: "site|solar",
  siteId: "site",
  location: { latitudeDeg: 50.8503, longitudeDeg: 4.3517, source: "entered" },
  groups: [{ id: "s", name: "Zuid", panelCount: 10, panelWp: 400, azimuthDeg: 180, tiltDeg: 35 }],
  updatedAt: 1,
};

/** Two days of hours from 21 June 00:00 GMT: a bell of GHI over the day, a mild 20 °C. */
function response() {
  const time: string[] = [];
  const ghi: number[] = [];
  const dni: number[] = [];
  const dhi: number[] = [];
  const temp: number[] = [];
  for (let h = 0; h < 48; h++) {
    time.push(new Date(Date.UTC(2026, 5, 21, h)).toISOString().slice(0, 16));
    const hour = h % 24;
    const up = hour > 4 && hour < 20 ? Math.sin(((hour - 4) / 16) * Math.PI) : 0;
    ghi.push(Math.round(800 * up));
    dni.push(Math.round(600 * up));
    dhi.push(Math.round(150 * up));
    temp.push(20);
  }
  return {
    latitude: 50.85,
    longitude: 4.35,
    utc_offset_seconds: 0,
    timezone: "GMT",
    hourly: {
      time,
      shortwave_radiation: ghi,
      direct_normal_irradiance: dni,
      diffuse_radiation: dhi,
      temperature_2m: temp,
    },
  };
}

let server: Deno.HttpServer;
let baseUrl = "";
let failing = false;
const requests: URL[] = [];

beforeAll(async () => {
  const listening = Promise.withResolvers<number>();
  server = Deno.serve({
    port: 0,
    hostname: "127.0.0.1",
    onListen: ({ port }) => listening.resolve(port),
  }, (request) => {
    requests.push(new URL(request.url));
    return failing
      ? Response.json({ error: true, reason: "busy" }, { status: 503 })
      : Response.json(response());
  });
  baseUrl = `http://127.0.0.1:${await listening.promise}/v1/forecast`;
});

afterAll(async () => {
  await server.shutdown();
});

describe("the gateway's solar forecast", () => {
  it("fetches the site's weather once and keeps the cautious P10 production per quarter", async () => {
    const logged: Record<string, unknown>[] = [];
    let setup: SolarSetup | null = SETUP;
    const forecast = new GatewaySolarForecast({
      setup: () => Promise.resolve(setup),
      provider: openMeteoProvider({ fetch, baseUrl, now: () => NOW }),
      now: () => NOW,
      log: (entry) => logged.push(entry),
    });
    expect(forecast.p10).toBeNull();
    await forecast.refresh();
    expect(requests).toHaveLength(1);
    expect(requests[0].searchParams.get("latitude")).toBe("50.8503");

    // The expectation from the same answer through the lib: the model's quarter at 11:00 GMT
    // times the default band's P10, as W.
    const series = parseOpenMeteo(response());
    const model = forecastProduction(SETUP, series);
    const noon = Date.UTC(2026, 5, 21, 11, 0);
    const q = (noon - model.startMs) / 900_000;
    const i = forecast.p10!.startMs.indexOf(noon);
    expect(i).toBeGreaterThanOrEqual(0);
    expect(forecast.p10!.w[i]).toBeCloseTo(model.totalKWh[q] * 4000 * DEFAULT_BAND.p10, 6);
    expect(forecast.p10!.w[i]).toBeGreaterThan(1000);

    // A failed refresh keeps the last forecast and says why.
    failing = true;
    await forecast.refresh();
    failing = false;
    expect(forecast.p10!.w[i]).toBeCloseTo(model.totalKWh[q] * 4000 * DEFAULT_BAND.p10, 6);
    expect(String(logged.at(-1)?.error)).toContain("503");

    // Panels removed in the app: no forecast.
    setup = { ...SETUP, groups: [] };
    await forecast.refresh();
    expect(forecast.p10).toBeNull();
  });
});
