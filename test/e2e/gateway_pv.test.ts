/**
 * The PWA with a `--simulate` gateway whose simulated SunSpec inverter runs on its own clock —
 * from 2 June 2024 11:00 Brussels time, 60 times faster than real time, so the sun shines
 * whatever the hour of the test — and that day's grid quarters imported from the English Fluvius
 * sample: paired, the app counts pv quarter-hours from the inverter's energy counter, and the
 * day's history draws the production curve from them.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fluviusPath } from "../fixtures/fluvius.ts";
import { type Harness, startHarness } from "./harness.ts";
import { type GatewayProcess, startGateway } from "./gateway_process.ts";

let harness: Harness;
let gateway: GatewayProcess;
const DAY = "2024-06-02";

beforeAll(async () => {
  harness = await startHarness();
  gateway = await startGateway({
    origin: harness.url.slice(0, -1),
    args: [
      "--pv-clock-start",
      "2024-06-02T09:00:00Z", // 11:00 in Brussels
      "--pv-clock-speed",
      "60",
    ],
  });
});
afterAll(async () => {
  await gateway?.stop();
  await harness?.close();
});

describe("production measured through the gateway", () => {
  it("shows the inverter's production in the history, from its counter's quarter-hours", {
    timeout: 120_000,
  }, async () => {
    const { page, url } = harness;
    await page.goto(`${url}import`);
    await page.getByTestId("import-file").setInputFiles(
      fluviusPath(
        "Consumption_history_electricity_541448820044159229_20240601_20240603_15 minute totals.csv",
      ),
    );
    await page.getByTestId("import-summary").waitFor();
    await page.goto(`${url}battery`);
    await page.getByLabel("Adres van de gateway").fill(gateway.url);
    await page.getByLabel("Gateway-id").fill(gateway.gatewayId);
    await page.getByLabel("Koppelcode").fill(gateway.code);
    await page.getByRole("button", { name: "Koppel" }).click();
    await page.getByTestId("battery-soc").waitFor({ timeout: 30_000 });

    // A simulated quarter-hour passes every 15 s; the app stores each one as it closes.
    await page.goto(`${url}history?period=day&date=${DAY}&zoom=quarters`);
    const production = page.getByTestId("total-production");
    await page.waitForFunction(
      () => {
        const text = document.querySelector("[data-testid=total-production]")?.textContent ?? "";
        const kWh = Number(text.replace(/[^\d,]/g, "").replace(",", "."));
        return kWh >= 0.5;
      },
      undefined,
      { timeout: 90_000, polling: 500 },
    ).catch(async (error) => {
      throw new Error(`${error}\n${await production.textContent()}\n${gateway.output()}`);
    });
    expect(await production.innerText()).toMatch(/^\d+,\d{1,3} kWh$/);
    await expect(page.getByTestId("history-legend").innerText()).resolves.toContain(
      "Productie: oranje lijn",
    );
  });
});
