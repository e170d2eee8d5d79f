/**
 * The insights page in the browser, on a spring of quarter-hours imported from a Fluvius export
 * whose base load rises from 180 W to 320 W on 15 May: the standby load, its yearly cost at the
 * saved tariff and the jump, worded as `insightsView` words them here; the jump as news until it
 * is marked seen; browser notifications only after the button, once per finding; axe-core.
 */
import { AxeBuilder } from "@axe-core/playwright";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DUTCH } from "../../lib/i18n/messages.ts";
import { insightsView } from "../../lib/views/insights_page.ts";
import { saveDayNightTariff } from "./content.ts";
import { type Harness, startHarness } from "./harness.ts";
import { householdBuckets, JUMP_DAY, savedTariff, writeHouseholdCsv } from "./household_year.ts";

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

describe("the insights page", () => {
  it("shows the standby load, its cost and its jump, and tells the jump as news", async () => {
    const { page, url } = harness;
    await page.goto(url);
    await page.getByRole("navigation", { name: "Hoofdmenu" }).first()
      .getByRole("link", { name: "Inzichten" }).click();
    await page.waitForURL("**/insights");
    await page.getByTestId("standby-level").waitFor();

    const want = insightsView(
      {
        grid: householdBuckets(),
        pv: [],
        versions: [savedTariff()],
        prices: new Map(),
        solar: null,
      },
      DUTCH,
      "nl",
    );
    const standby = want.standby!;
    expect(await page.getByTestId("standby-level").innerText()).toBe(standby.level);
    expect(await page.getByTestId("standby-trend").innerText()).toBe(standby.trend);
    expect(await page.getByTestId("standby-year").innerText()).toBe(standby.year);
    // The jump of the made-up household, in the words the brief asks for.
    expect(standby.jumps.map((j) => j.id)).toEqual([`standbyJump|${JUMP_DAY}`]);
    const jump = page.getByTestId("standby-jumps").getByTestId("insight");
    expect(await jump.locator("p").innerText()).toBe(standby.jumps[0].text);
    expect(standby.jumps[0].text).toMatch(
      /^Je sluipverbruik steeg van 180 W naar 320 W op 15 mei 2024\./,
    );
    // No production stored: the solar part says what it needs.
    expect(await page.getByTestId("faults-status").innerText()).toBe(DUTCH.insights.faultsNoPv);

    // News until seen, and not again after a reload.
    const news = page.getByTestId("insights-new");
    expect(await news.locator("li").allInnerTexts()).toEqual(["Sluipverbruik veranderd"]);
    await news.getByRole("button", { name: "Gezien" }).click();
    await news.waitFor({ state: "detached" });
    await page.reload();
    await page.getByTestId("standby-level").waitFor();
    expect(await page.getByTestId("insights-new").count()).toBe(0);
  });

  it("asks for notifications only with the button, then notifies each finding once", async () => {
    const { page, context, url } = harness;
    // Nothing was asked on load: the button is offered, and nothing was notified.
    const notify = page.getByTestId("insights-notify");
    const button = notify.getByRole("button", { name: "Meld nieuwe vaststellingen" });
    await button.waitFor();
    expect(await page.evaluate(() => localStorage.getItem("insightsNotified"))).toBeNull();
    await context.grantPermissions(["notifications"], { origin: url.slice(0, -1) });
    await button.click();
    await notify.getByText(DUTCH.insights.notifyOn).waitFor();
    await page.waitForFunction(() => localStorage.getItem("insightsNotified") !== null);
    expect(JSON.parse((await page.evaluate(() => localStorage.getItem("insightsNotified")))!))
      .toEqual([`standbyJump|${JUMP_DAY}`]);
  });

  it("has no serious accessibility violation, on a desktop and a phone", async () => {
    const { page } = harness;
    for (const viewport of [{ width: 1280, height: 900 }, { width: 390, height: 844 }]) {
      await page.setViewportSize(viewport);
      const result = await new AxeBuilder({ page }).analyze();
      const serious = result.violations.filter((v) =>
        v.impact === "serious" || v.impact === "critical"
      ).map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
      expect(serious).toEqual([]);
      expect(
        await page.evaluate(() =>
          document.documentElement.scrollWidth - document.documentElement.clientWidth
        ),
      ).toBe(0);
    }
    await page.setViewportSize({ width: 1280, height: 900 });
  });
});
