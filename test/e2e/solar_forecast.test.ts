/**
 * The solar forecast on screen: panel groups entered on the settings page, Open-Meteo routed
 * to the real recorded response (test/fixtures/open_meteo/README.md: Berlin, 1–2 January 2023,
 * hourly), the page's clock on 1 January 2023 so "tomorrow" is the recording's second day.
 * Nothing reaches the network. The expected kWh come from the lib model run here on the same
 * fixture, not from numbers pasted in.
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addDays, dayStartMs } from "../../lib/energy/calendar.ts";
import { formatEnergy } from "../../lib/i18n/format.ts";
import { parseOpenMeteo, sliceSeries } from "../../lib/solar/open_meteo.ts";
import { siteForecast } from "../../lib/solar/site_forecast.ts";
import type { SolarSetup } from "../../lib/solar/solar_setup.ts";
import { forecastBand, solarForecastView } from "../../lib/views/solar_forecast.ts";
import { FORECAST_DAYS, PAST_DAYS } from "../../app/browser/solar_forecast.ts";
import { type Harness, startHarness } from "./harness.ts";

const FIXTURE = readFileSync(
  new URL("../fixtures/open_meteo/berlin_2023-01-01_hourly.json", import.meta.url),
  "utf8",
);
const NOW = Date.parse("2023-01-01T09:00:00Z"); // 10:00 in Brussels
const SETUP: SolarSetup = {
  id: "local|solar",
  siteId: "local",
  location: { latitudeDeg: 52.52, longitudeDeg: 13.42, source: "entered" },
  groups: [
    { id: "south", name: "Zuid", panelCount: 10, panelWp: 400, azimuthDeg: 180, tiltDeg: 35 },
    { id: "west", name: "West", panelCount: 6, panelWp: 410, azimuthDeg: 270, tiltDeg: 30 },
  ],
  updatedAt: 1,
};

/** What the app should compute: the same lib model on the same response, no measured pv. */
function expected() {
  const today = "2023-01-01";
  const series = sliceSeries(
    parseOpenMeteo(JSON.parse(FIXTURE)),
    dayStartMs(addDays(today, -PAST_DAYS)),
    dayStartMs(addDays(today, FORECAST_DAYS)),
  );
  const past = Array.from({ length: PAST_DAYS }, (_, i) => addDays(today, i - PAST_DAYS));
  const { banded } = siteForecast(SETUP, series, new Map(), past);
  const view = solarForecastView(banded, NOW);
  const hours = Array.from(
    { length: 24 },
    (_, h) => ({ startMs: dayStartMs(today) + h * 3_600_000 }),
  );
  return { view, band: forecastBand(banded, hours, 3_600_000)! };
}

const CORS = { "access-control-allow-origin": "*" };
let harness: Harness;
const requested: URL[] = [];
beforeAll(async () => {
  harness = await startHarness();
  await harness.context.route("https://api.open-meteo.com/**", (route) => {
    requested.push(new URL(route.request().url()));
    // Open-Meteo answers cross-origin requests with `Access-Control-Allow-Origin: *`.
    return route.fulfill({
      status: 200,
      contentType: "application/json",
      headers: CORS,
      body: FIXTURE,
    });
  });
});
afterAll(async () => {
  await harness?.close();
});

describe("the solar forecast", () => {
  it("shows tomorrow's expected production on the home screen and the band in history", async () => {
    const { page, url } = harness;
    await page.clock.setFixedTime(new Date(NOW));
    // The panels as a user enters them: the location and two groups on the settings page.
    await page.goto(`${url}settings`);
    await page.getByTestId("solar-form").waitFor();
    await page.locator("#solar-latitude").fill("52,52");
    await page.locator("#solar-longitude").fill("13,42");
    for (const [n, group] of SETUP.groups.entries()) {
      await page.getByTestId("solar-add-group").click();
      const id = `#solar-g${n + 1}`;
      await page.locator(`${id}-name`).fill(group.name);
      await page.locator(`${id}-panelCount`).fill(String(group.panelCount));
      await page.locator(`${id}-panelWp`).fill(String(group.panelWp));
      await page.locator(`${id}-azimuth`).selectOption(group.azimuthDeg === 180 ? "S" : "W");
      await page.locator(`${id}-tiltDeg`).fill(String(group.tiltDeg));
    }
    await page.getByTestId("solar-save").click();
    await page.getByTestId("solar-status").filter({ hasText: "Bewaard." }).waitFor();

    const { view, band } = expected();
    expect(view.tomorrow).not.toBeNull();
    expect(view.tomorrow!.p50KWh).toBeGreaterThan(0.5); // a grey Berlin January day, 6.5 kWp
    await page.goto(url);
    const tomorrow = page.getByTestId("solar-tomorrow");
    await tomorrow.waitFor();
    expect(await page.getByTestId("solar-tomorrow-p50").innerText()).toBe(
      `${formatEnergy("nl", view.tomorrow!.p50KWh)} verwacht`,
    );
    expect(await page.getByTestId("solar-tomorrow-range").innerText()).toBe(
      `waarschijnlijk tussen ${formatEnergy("nl", view.tomorrow!.p10KWh)} en ${
        formatEnergy("nl", view.tomorrow!.p90KWh)
      }`,
    );
    expect(await page.getByTestId("solar-today-p50").innerText()).toBe(
      `${formatEnergy("nl", view.todayRemaining!.p50KWh)} verwacht`,
    );
    // One request for the site, in GMT, with the past days for learning.
    expect(requested.length).toBe(1);
    expect(requested[0].searchParams.get("latitude")).toBe("52.5200");
    expect(requested[0].searchParams.get("timezone")).toBe("GMT");
    // 14 Brussels days back start at 23:00 UTC: 15 GMT days cover them.
    expect(requested[0].searchParams.get("past_days")).toBe(String(PAST_DAYS + 1));

    // History of today: the band behind the (empty) production, described in words.
    await page.goto(`${url}history?period=day&date=2023-01-01`);
    await page.getByTestId("history-chart").and(page.locator("[data-ready=true]")).waitFor();
    await page.getByTestId("legend-forecast").waitFor();
    expect(await page.getByTestId("forecast-summary").textContent()).toBe(
      ` Prognose voor deze periode: ${formatEnergy("nl", band.total.p50KWh)} verwacht, ` +
        `waarschijnlijk tussen ${formatEnergy("nl", band.total.p10KWh)} en ${
          formatEnergy("nl", band.total.p90KWh)
        }.`,
    );

    // Offline within the hour: the cached forecast shows without a new request.
    await harness.context.setOffline(true);
    await page.goto(url).catch(() => {});
    await page.reload().catch(() => {});
    await page.getByTestId("solar-tomorrow-p50").waitFor();
    expect(requested.length).toBe(1);
    await harness.context.setOffline(false);
  });

  it("says so in plain words when the forecast cannot be fetched and none is cached", async () => {
    const { page, url } = harness;
    await harness.context.unroute("https://api.open-meteo.com/**");
    await harness.context.route("https://api.open-meteo.com/**", (route) =>
      route.fulfill({
        status: 400,
        contentType: "application/json",
        headers: CORS,
        body: JSON.stringify({ error: true, reason: "Latitude must be in range of -90 to 90°." }),
      }));
    await page.evaluate(() => localStorage.removeItem("solarWeather|local"));
    await page.goto(url);
    await page.getByTestId("solar-forecast-failed").waitFor();
    expect(await page.getByTestId("solar-forecast-failed").innerText()).toBe(
      "De zonneprognose kon niet worden opgehaald (Open-Meteo answered HTTP 400: Latitude must be in range of -90 to 90°.). Ze verschijnt zodra er weer verbinding is.",
    );
  });
});
