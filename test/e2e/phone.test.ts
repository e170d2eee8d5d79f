/**
 * The app on a phone (390 × 844): the menu is a bar at the bottom with the four main places and
 * "Meer" for the rest, it reaches every page, and no page is wider than the screen.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "./harness.ts";

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
  await harness.page.setViewportSize({ width: 390, height: 844 });
});
afterAll(async () => {
  await harness?.close();
});

/** How much wider than the screen the page is, in CSS pixels (0: not at all). */
function overflowPx(): Promise<number> {
  return harness.page.evaluate(() =>
    document.documentElement.scrollWidth - document.documentElement.clientWidth
  );
}

describe("on a phone", () => {
  it("reaches every page from the bottom bar, and none is wider than the screen", async () => {
    const { page, url } = harness;
    await page.goto(url);
    const bar = page.getByTestId("bottom-nav");
    await bar.waitFor();
    expect(await page.locator(".main-nav").isVisible()).toBe(false);
    expect(await bar.getByRole("link").allInnerTexts()).toEqual([
      "Nu",
      "Historiek",
      "Piek",
      "Batterij",
    ]);
    expect(await overflowPx()).toBe(0);

    for (
      const [name, path] of [["Historiek", "/history"], ["Piek", "/capacity"], [
        "Batterij",
        "/battery",
      ]]
    ) {
      await bar.getByRole("link", { name }).click();
      await page.waitForURL(`**${path}`);
      expect(await bar.getByRole("link", { name }).getAttribute("aria-current")).toBe("page");
      expect(await overflowPx()).toBe(0);
    }
    for (
      const [name, path] of [
        ["Tarief", "/tariff"],
        ["Importeren", "/import"],
        ["Instellingen", "/settings"],
        ["Account", "/account"],
      ]
    ) {
      const more = bar.getByRole("button");
      await more.click();
      expect(await more.getAttribute("aria-expanded")).toBe("true");
      await page.getByTestId("more-sheet").getByRole("link", { name }).click();
      await page.waitForURL(`**${path}`);
      // The place shown stays visible in the bar: "Meer" carries its name.
      expect(await more.innerText()).toBe(name);
      expect(await page.getByTestId("more-sheet").count()).toBe(0);
      expect(await overflowPx()).toBe(0);
    }
  });

  it("offers a skip link to the content as the keyboard's first stop", async () => {
    const { page, url } = harness;
    await page.goto(url);
    await page.getByTestId("bottom-nav").waitFor();
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Naar de inhoud");
    await page.keyboard.press("Enter");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("main");
  });

  it("closes the sheet with Escape", async () => {
    const { page } = harness;
    const more = page.getByTestId("bottom-nav").getByRole("button");
    await more.click();
    await page.getByTestId("more-sheet").waitFor();
    await page.keyboard.press("Escape");
    await page.getByTestId("more-sheet").waitFor({ state: "detached" });
    expect(await more.getAttribute("aria-expanded")).toBe("false");
  });

  it("gives every link and button of the bar a tap target of at least 44 px", async () => {
    const { page } = harness;
    const heights = await page.getByTestId("bottom-nav").locator(":scope > a, :scope > button")
      .evaluateAll((elements) => elements.map((e) => e.getBoundingClientRect().height));
    expect(heights.length).toBe(5);
    for (const height of heights) expect(height).toBeGreaterThanOrEqual(44);
  });
});
