/**
 * The what-if page in the browser: a spring of quarter-hours imported from a Fluvius export and a
 * day/night tariff saved in its form, then + 4 kWp facing south-east and + 8 kWh of battery run
 * on them — the table shows, variant by variant, what `whatIfYear` computes here on the same
 * quarters and the same tariff. Then axe-core on the page.
 */
import { AxeBuilder } from "@axe-core/playwright";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localDayOf } from "../../lib/energy/calendar.ts";
import { DUTCH } from "../../lib/i18n/messages.ts";
import { whatIfYear } from "../../lib/views/what_if.ts";
import { whatIfYieldModel } from "../../lib/solar/what_if_yield.ts";
import { type WhatIfForm, whatIfTable, whatIfVariants } from "../../lib/views/what_if_page.ts";
import { saveDayNightTariff } from "./content.ts";
import { type Harness, startHarness } from "./harness.ts";
import { householdBuckets, savedTariff, writeHouseholdCsv } from "./household_year.ts";

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
  const { page, url } = harness;
  await page.goto(`${url}import`);
  await page.getByTestId("import-file").setInputFiles(await writeHouseholdCsv());
  await page.getByTestId("import-summary").waitFor();
  await saveDayNightTariff(harness);
});
afterAll(async () => {
  await harness?.close();
});

describe("the what-if page", () => {
  it("replays the stored spring with more panels and a battery, side by side", async () => {
    const { page, url } = harness;
    await page.goto(url);
    // Reached from the menu, under its name.
    await page.getByRole("navigation", { name: "Hoofdmenu" }).first()
      .getByRole("link", { name: "Wat als" }).click();
    await page.waitForURL("**/what-if");
    await page.getByLabel("Extra vermogen (kWp)").fill("4");
    await page.getByLabel("Richting").selectOption({ label: "Zuidoost" });
    await page.getByLabel("Hellingshoek (°)").fill("30");
    await page.getByLabel("Capaciteit (kWh)").fill("8");
    // The stored tariff is offered as a contract too.
    const contract = page.getByLabel("Contract");
    await expect.poll(() => contract.locator("option").allInnerTexts()).toContain("Dag en nacht");
    await page.getByRole("button", { name: "Bereken" }).click();
    const table = page.getByTestId("what-if-table");
    await table.waitFor();

    const form: WhatIfForm = {
      kWp: 4,
      azimuthDeg: 135,
      tiltDeg: 30,
      batteryKWh: 8,
      contract: null,
    };
    const view = whatIfYear({
      grid: householdBuckets(),
      pv: [],
      versions: [savedTariff()],
      prices: new Map(),
      today: localDayOf(Date.now()),
      // No panels set up nor measured: the clear sky over Brussels, scaled to the typical yield.
      addedYieldKWhPerKWp: whatIfYieldModel(null, [], []).yieldKWhPerKWp,
    }, whatIfVariants(form))!;
    const want = whatIfTable(view, form, DUTCH, "nl");
    expect(await table.locator("thead th").allInnerTexts()).toEqual([
      "Cijfer",
      "Zoals het was",
      "+ 4 kWp",
      "+ 8 kWh batterij",
      "+ 4 kWp en 8 kWh",
    ]);
    for (const row of want.rows) {
      const shown = table.locator(`tr[data-row=${row.key}]`);
      expect([
        row.key,
        await shown.locator("th").innerText(),
        ...await shown.locator("td")
          .allInnerTexts(),
      ]).toEqual([row.key, row.label, ...row.cells]);
    }
    // The figures are real: panels lower the import, the battery lowers it further, both cost
    // less than as it was; the spring has 91 days.
    const [asIs, solar, battery, both] = view.outcomes;
    expect(solar.importKWh).toBeLessThan(asIs.importKWh);
    expect(battery.importKWh).toBeLessThan(asIs.importKWh);
    expect(both.importKWh).toBeLessThan(solar.importKWh);
    expect(both.totalEur!).toBeLessThan(asIs.totalEur!);
    expect(await page.getByTestId("what-if-period").innerText()).toBe(
      "Van 1 april 2024 tot 30 juni 2024, 91 dagen met gegevens.",
    );
    // The household's own panels are not measured (only export is): the page says so.
    expect(await page.locator(".hint").allInnerTexts()).toContain(DUTCH.whatIf.productionUnknown);
  });

  it("names a field that is not a number, and computes nothing", async () => {
    const { page } = harness;
    await page.getByLabel("Capaciteit (kWh)").fill("acht");
    await page.getByRole("button", { name: "Bereken" }).click();
    expect(await page.getByRole("alert").innerText()).toBe(
      "Niet berekend: Capaciteit (kWh) is geen geldig getal.",
    );
  });

  it("has no serious accessibility violation, on a desktop and a phone", async () => {
    const { page } = harness;
    await page.getByLabel("Capaciteit (kWh)").fill("8");
    await page.getByRole("button", { name: "Bereken" }).click();
    await page.getByTestId("what-if-table").waitFor();
    for (const viewport of [{ width: 1280, height: 900 }, { width: 390, height: 844 }]) {
      await page.setViewportSize(viewport);
      const result = await new AxeBuilder({ page }).analyze();
      const serious = result.violations.filter((v) =>
        v.impact === "serious" || v.impact === "critical"
      ).map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
      expect(serious).toEqual([]);
      // And no page wider than the screen: the table scrolls inside its card.
      expect(
        await page.evaluate(() =>
          document.documentElement.scrollWidth - document.documentElement.clientWidth
        ),
      ).toBe(0);
    }
    await page.setViewportSize({ width: 1280, height: 900 });
  });
});
