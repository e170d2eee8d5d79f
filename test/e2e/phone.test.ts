/**
 * The app on a phone (390 × 844): the menu is a bar at the bottom with the four main places and
 * "Meer" for the rest, it reaches every page, and no page is wider than the screen. With data on
 * every page (the Fluvius samples, a tariff, the tables shown): nothing is wider than a 360 px
 * screen in Dutch, French or English, nor wider than a computer's — a wide table scrolls inside
 * its card, its first column in view — and every button, link and field of the content is a 44 px
 * tap target.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  chooseLanguage,
  CONTENT_PAGES,
  importSamples,
  openWithContent,
  saveDayNightTariff,
} from "./content.ts";
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

/**
 * What the page shows that is wider than it should be, at the current width: the page itself, a
 * card whose content spills past its edge, or a wide table whose first column does not stay in
 * view (or whose last column cannot be reached) when it is scrolled to its end.
 */
function tooWide(): Promise<string[]> {
  return harness.page.evaluate(() => {
    const found: string[] = [];
    const root = document.documentElement;
    if (root.scrollWidth > root.clientWidth) {
      found.push(`page: ${root.scrollWidth - root.clientWidth} px`);
    }
    const name = (e: Element) =>
      e.querySelector("h2")?.textContent ?? e.getAttribute("data-testid") ?? e.className;
    // (A card's widths are rounded apart: one pixel is not a spill.)
    for (const card of document.querySelectorAll("main .card, main .connect")) {
      if (card.scrollWidth > card.clientWidth + 1) {
        found.push(`card "${name(card)}": ${card.scrollWidth - card.clientWidth} px`);
      }
    }
    for (const box of document.querySelectorAll<HTMLElement>("main .table-scroll")) {
      if (box.scrollWidth <= box.clientWidth) continue;
      box.scrollLeft = box.scrollWidth;
      const edge = box.getBoundingClientRect();
      for (const row of box.querySelectorAll("tr")) {
        const first = row.firstElementChild!.getBoundingClientRect();
        const last = row.lastElementChild!.getBoundingClientRect();
        if (Math.abs(first.left - edge.left) > 1 || last.right > edge.right + 1) {
          found.push(`table "${box.getAttribute("aria-label")}": a column out of view`);
          break;
        }
      }
      box.scrollLeft = 0;
    }
    return found;
  });
}

describe("with data, on a 360 px screen", () => {
  beforeAll(async () => {
    await importSamples(harness);
    await saveDayNightTariff(harness);
    await harness.page.setViewportSize({ width: 360, height: 800 });
  });
  afterAll(async () => {
    await chooseLanguage(harness.page, "nl");
    await harness.page.setViewportSize({ width: 390, height: 844 });
  });

  for (const language of ["nl", "fr", "en"] as const) {
    it(`fits every page and every card in ${language}, and on a computer's screen too`, {
      timeout: 240_000,
    }, async () => {
      const { page } = harness;
      await chooseLanguage(page, language);
      const found: string[] = [];
      for (const target of CONTENT_PAGES) {
        await openWithContent(harness, target);
        found.push(...(await tooWide()).map((problem) => `${target.name}: ${problem}`));
        // The same page on a computer's screen, once its charts have followed the width.
        await page.setViewportSize({ width: 1280, height: 900 });
        await page.waitForFunction(
          () => document.documentElement.scrollWidth <= document.documentElement.clientWidth,
          null,
          { timeout: 5000 },
        ).catch(() => undefined);
        found.push(...(await tooWide()).map((problem) => `${target.name}, desktop: ${problem}`));
        await page.setViewportSize({ width: 360, height: 800 });
      }
      // The live dashboard, with its three phases.
      await page.goto(harness.url);
      await page.getByTestId("demo").click();
      await page.getByTestId("phases").waitFor();
      await page.getByTestId("peak-history").waitFor();
      found.push(...(await tooWide()).map((problem) => `demo: ${problem}`));
      expect(found).toEqual([]);
    });
  }
});

describe("with data, on a phone", () => {
  it("gives every button, link, field and check box of the content a 44 px tap target", {
    timeout: 240_000,
  }, async () => {
    const { page } = harness;
    await page.setViewportSize({ width: 390, height: 844 });
    const found: string[] = [];
    for (const target of CONTENT_PAGES) {
      await openWithContent(harness, target);
      const small = await page.evaluate(() => {
        const problems: string[] = [];
        const describe = (e: Element) =>
          `${e.tagName.toLowerCase()} "${(e.textContent ?? "").trim().slice(0, 30)}"`;
        const visible = (e: Element) => {
          const box = e.getBoundingClientRect();
          return box.width > 1 && box.height > 1 && getComputedStyle(e).visibility !== "hidden";
        };
        const targets = document.querySelectorAll(
          "main button, main a, main select, main input, main summary",
        );
        for (const element of targets) {
          if (!visible(element)) continue;
          const input = element as HTMLInputElement;
          // A check box or radio button: at least 20 px, its label the 44 px target.
          const tapped = input.type === "checkbox" || input.type === "radio"
            ? element.closest("label") ?? element
            : element;
          if (tapped !== element) {
            const box = element.getBoundingClientRect();
            if (box.width < 20 || box.height < 20) problems.push(`${input.type} under 20 px`);
          }
          const box = tapped.getBoundingClientRect();
          if (box.height < 44 || box.width < 44) {
            problems.push(
              `${describe(tapped)}: ${Math.round(box.width)}×${Math.round(box.height)}`,
            );
          }
        }
        return problems;
      });
      found.push(...small.map((problem) => `${target.name}: ${problem}`));
    }
    expect(found).toEqual([]);
  });
});
