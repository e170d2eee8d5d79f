/**
 * The battery page's simulation in the browser, on an imported Fluvius month: the battery's
 * power is typed in kW with a decimal comma, and the simulated day is charted — its state of
 * charge over the day's Brussels hours, what it charged and discharged per hour or quarter-hour —
 * with a text legend and a table whose numbers add up to the day's totals.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FLUVIUS_SAMPLES, fluviusPath } from "../fixtures/fluvius.ts";
import { type Harness, startHarness } from "./harness.ts";

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness?.close();
});

/** `1,25` → 1.25 */
const dutchNumber = (text: string) => Number(text.replace(" kWh", "").replace(",", "."));

describe("the battery simulation", () => {
  it("simulates an imported month with a power in kW and charts its peak day", async () => {
    const { page, url } = harness;
    await page.goto(`${url}import`);
    // 1 and 2 June 2024, the month's highest quarter-hour on the 1st at 20:45.
    await page.getByTestId("import-file").setInputFiles(fluviusPath(FLUVIUS_SAMPLES[2].file));
    await page.getByTestId("import-summary").waitFor();

    await page.getByRole("link", { name: "Batterij" }).click();
    const power = page.getByLabel("Vermogen (kW)");
    expect(await power.inputValue()).toBe("3");
    await power.fill("2,5");
    await page.getByLabel("Capaciteit (kWh)").fill("5");
    await page.getByTestId("sim-month").fill("2024-06");
    await page.getByRole("button", { name: "Simuleer" }).click();

    const chart = page.locator("[data-testid=sim-day-chart][data-ready=true]");
    await chart.waitFor();
    const day = page.getByTestId("sim-day");
    expect(await day.inputValue()).toBe("2024-06-01");
    expect(await day.locator("option").allInnerTexts()).toEqual([
      "za 1 juni 2024",
      "zo 2 juni 2024",
    ]);
    expect(await chart.getAttribute("aria-label")).toBe(
      "Laadtoestand, laden en ontladen van de batterij, za 1 juni 2024",
    );
    expect(await chart.getAttribute("data-x-ticks")).toBe(
      "00:00;03:00;06:00;09:00;12:00;15:00;18:00;21:00;24:00",
    );
    expect(await chart.getAttribute("data-soc-ticks")).toBe("0 %;25 %;50 %;75 %;100 %");
    for (const tick of (await chart.getAttribute("data-y-ticks"))!.split(";")) {
      expect(tick).toMatch(/^\d+(,\d*[1-9])?$/);
    }
    expect(await page.locator("#sim-day-legend li").allInnerTexts()).toEqual([
      "Laadtoestand: lijn, schaal rechts (%)",
      "Geladen: blauwe staaf boven de nullijn (kWh)",
      "Ontladen: oranje staaf onder de nullijn (kWh)",
    ]);

    // A day of June sun: the battery stores some of what went to the grid.
    const charged = dutchNumber(await page.getByTestId("sim-day-charged").innerText());
    const discharged = dutchNumber(await page.getByTestId("sim-day-discharged").innerText());
    expect(charged).toBeGreaterThan(0);
    // The table's 24 hours add up to the day's totals.
    const rows = page.getByTestId("sim-day-table").locator("tbody tr");
    expect(await rows.count()).toBe(24);
    const column = async (n: number) =>
      (await rows.locator(`td:nth-child(${n})`).allTextContents()).map(dutchNumber);
    const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
    expect(sum(await column(2))).toBeCloseTo(charged, 1);
    expect(sum(await column(3))).toBeCloseTo(discharged, 1);
    for (const soc of await column(4)) {
      expect(soc).toBeGreaterThanOrEqual(0);
      expect(soc).toBeLessThanOrEqual(100);
    }
    // No hour charges more than 2.5 kW can in an hour.
    for (const kWh of await column(2)) expect(kWh).toBeLessThanOrEqual(2.5);

    // Per quarter-hour, and the other day.
    await page.getByRole("checkbox", { name: "Per kwartier" }).check();
    await page.waitForFunction(() =>
      document.querySelectorAll("[data-testid=sim-day-table] tbody tr").length === 96
    );
    await day.selectOption("2024-06-02");
    await page.locator(
      "[data-testid=sim-day-chart][aria-label='Laadtoestand, laden en ontladen van de batterij, zo 2 juni 2024']",
    ).waitFor();
    expect(await rows.count()).toBe(96);

    // In English: a decimal point in the power field, the axis in English.
    await page.getByTestId("language").selectOption("en");
    await page.locator("html[lang=en]").waitFor({ state: "attached" });
    expect(await page.getByLabel("Power (kW)").inputValue()).toBe("2.5");
    expect(await page.locator("#sim-day-legend li").first().innerText()).toBe(
      "State of charge: line, scale on the right (%)",
    );
    await page.getByTestId("language").selectOption("nl");
    await page.locator("html[lang=nl]").waitFor({ state: "attached" });
  });
});
