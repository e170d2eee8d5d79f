/**
 * The demo beside real data: its values on the home screen's energy-flow picture, and never in
 * the stored figures — with the demo running, the Piek page shows the imported months.
 */
import { formatEnergy } from "../../lib/i18n/format.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FLUVIUS_SAMPLES, fluviusExpected, fluviusPath } from "../fixtures/fluvius.ts";
import { type Harness, startHarness } from "./harness.ts";

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness?.close();
});

describe("a first visit", () => {
  it("offers three ways in, each with what it needs", async () => {
    const { page, url } = harness;
    await page.goto(url);
    const ways = page.getByTestId("ways-in");
    expect(await ways.getByRole("heading").allInnerTexts()).toEqual([
      "Meter via kabel",
      "Fluvius-export",
      "Demo",
    ]);
    expect(await ways.locator("li").first().innerText()).toContain(
      "Chrome of Edge op een computer",
    );
    expect(await ways.locator("li").first().innerText()).toContain(
      "P1-poort geopend in Mijn Fluvius",
    );
    await page.getByTestId("start-import").click();
    await page.waitForURL("**/import");
    await page.getByTestId("import-file").waitFor({ state: "attached" });
    await page.goBack();
    await ways.waitFor();
  });
});

describe("the demo", () => {
  it("draws its values on the home screen's energy-flow picture", async () => {
    const { page, url } = harness;
    await page.goto(url);
    await page.getByTestId("demo").click();
    await page.getByTestId("flow-grid").waitFor();
    // The simulated household's telegram of this second, in the circle and in the picture: the
    // meter alone, so the home takes what the grid gives, or the grid takes what it gives.
    const { net, unit, grid, home } = await page.evaluate(() => {
      const text = (id: string) => document.querySelector(`[data-testid=${id}]`)?.textContent;
      return {
        net: text("net-power"),
        unit: text("net-power-unit"),
        grid: text("flow-grid"),
        home: text("flow-home"),
      };
    });
    expect(grid).toBe(`${net} ${unit}`);
    expect(home).toMatch(/^\d+ W$|^\d+,\d\d kW$/);
    expect(await page.getByTestId("energy-flow").locator("figcaption li").count())
      .toBeGreaterThanOrEqual(1);
  });

  it("leaves the stored months on the Piek page", async () => {
    const { page, url } = harness;
    const months = fluviusExpected(FLUVIUS_SAMPLES[0].expected).months;
    await page.goto(`${url}import`);
    await page.getByTestId("import-file").setInputFiles(fluviusPath(FLUVIUS_SAMPLES[0].file));
    await page.getByTestId("import-summary").waitFor();
    // The import links to each month it brought.
    expect(await page.getByTestId("import-months").getByRole("link").allInnerTexts()).toEqual([
      "april 2024 in de historiek",
      "maart 2024 in de historiek",
    ]);
    // …and each opens that month's history.
    await page.getByTestId("import-months").getByRole("link", {
      name: "maart 2024 in de historiek",
    })
      .click();
    await page.waitForURL("**/history?period=month&date=2024-03-01");
    await page.locator("#history-title", { hasText: "maart 2024" }).waitFor();
    expect(await page.getByTestId("total-import").innerText()).toBe(
      formatEnergy("nl", months["2024-03"].importKWh),
    );

    await page.goto(url);
    await page.getByTestId("demo").click();
    await page.getByTestId("flow-grid").waitFor();
    await page.getByRole("link", { name: "Piek", exact: true }).click();
    const table = page.getByTestId("capacity-months");
    await table.locator("tbody tr").filter({ hasText: "april 2024" }).waitFor();
    const rows = (await table.locator("tbody tr").allInnerTexts())
      .map((row) => row.split(/\s+/).join(" "));
    const kw = (value: number) => value.toFixed(3).replace(".", ",");
    // The newest imported month ends the table; its peaks come from the stored quarter-hours.
    expect(rows.at(-1)).toBe(
      `april 2024 ${kw(months["2024-04"].peakKW)} 2,500 kwartieren`,
    );
    expect(rows.at(-2)).toBe(
      `maart 2024 ${kw(months["2024-03"].peakKW)} ${
        kw(Math.max(2.5, months["2024-03"].peakKW))
      } kwartieren`,
    );
    // None of the simulated meter's 13 months, and no simulated quarter against April 2024.
    expect(rows.filter((row) => row.endsWith(" meter"))).toEqual([]);
    expect(await page.getByTestId("running-average").count()).toBe(0);
  });
});
