/**
 * The app speaks the user's language beyond its pages: each page's title ("Historiek ·
 * Thuisenergie"), and the app's name in the header, which stays on one line on a phone.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PATHS, type Route } from "../../app/browser/router.ts";
import { en } from "../../lib/i18n/en.ts";
import { fr } from "../../lib/i18n/fr.ts";
import type { Locale, Messages } from "../../lib/i18n/messages.ts";
import { nl } from "../../lib/i18n/nl.ts";
import { type Harness, startHarness } from "./harness.ts";

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness?.close();
});

const MESSAGES: Record<Locale, Messages> = { nl, fr, en };

async function chooseLanguage(locale: Locale): Promise<void> {
  const { page } = harness;
  await page.getByTestId("language").selectOption(locale);
  await page.locator(`html[lang=${locale}]`).waitFor({ state: "attached" });
}

/** Goes to a page the way the menu does (the History API), without a reload. */
async function open(path: string): Promise<void> {
  await harness.page.evaluate((to) => {
    history.pushState(null, "", to);
    dispatchEvent(new PopStateEvent("popstate"));
  }, path);
}

describe("the document head and header", () => {
  it("titles every page in the chosen language", async () => {
    const { page, url } = harness;
    await page.goto(url);
    await page.getByTestId("demo").waitFor();
    expect(await page.title()).toBe("Nu · Thuisenergie");
    await open("/history");
    await page.waitForFunction(() => document.title === "Historiek · Thuisenergie");
    await chooseLanguage("fr");
    expect(await page.title()).toBe("Historique · Énergie à la maison");
    await chooseLanguage("en");
    expect(await page.title()).toBe("History · Home Energy");
    for (const locale of ["nl", "fr", "en"] as const) {
      await chooseLanguage(locale);
      const m = MESSAGES[locale];
      for (const route of Object.keys(PATHS) as Route[]) {
        await open(PATHS[route]);
        const title = `${m.titles[route]} · ${m.appName}`;
        await page.waitForFunction((expected) => document.title === expected, title);
      }
    }
  });

  it("keeps the app's name on one line, whole, on a phone 360 to 390 px wide", async () => {
    const { page, url } = harness;
    await page.goto(url);
    await page.getByTestId("demo").waitFor();
    for (const width of [360, 375, 390]) {
      await page.setViewportSize({ width, height: 800 });
      for (const locale of ["nl", "fr", "en"] as const) {
        await chooseLanguage(locale);
        const name = await page.locator("header.top h1 > span").evaluate((span) => ({
          text: span.textContent,
          lines: Math.round(
            span.getBoundingClientRect().height / parseFloat(getComputedStyle(span).lineHeight),
          ),
          // Cut (with its ellipsis) when its text is wider than the room it is given.
          hiddenPx: span.scrollWidth - span.getBoundingClientRect().width,
        }));
        expect({ width, ...name, cut: name.hiddenPx >= 1 }).toEqual({
          width,
          text: MESSAGES[locale].appName,
          lines: 1,
          hiddenPx: name.hiddenPx,
          cut: false,
        });
      }
    }
    // The language menu keeps its name for screen readers where its label is not shown.
    expect(await page.getByRole("combobox", { name: "Language" }).count()).toBe(1);
  });
});
