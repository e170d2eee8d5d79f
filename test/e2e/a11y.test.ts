/**
 * Accessibility, checked by axe-core on every page with content — the three Fluvius samples
 * imported, a tariff, a paired gateway, the tables shown — on a phone (390 × 844) and a desktop
 * (1280 × 900), in the light and the dark colour scheme: no serious or critical violation. The
 * live dashboard is checked fed by the gateway and by the demo, the account page signed out and in.
 */
import { AxeBuilder } from "@axe-core/playwright";
import type { Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  CONTENT_PAGES,
  importSamples,
  openWithContent,
  pairSimulatedGateway,
  saveDayNightTariff,
  type SimulatedGateway,
} from "./content.ts";
import { FLUVIUS_SAMPLES, fluviusPath } from "../fixtures/fluvius.ts";
import { type Harness, signUpInApp, startHarness } from "./harness.ts";

let harness: Harness;
let gateway: SimulatedGateway | null = null;

beforeAll(async () => {
  harness = await startHarness();
  await importSamples(harness);
  await saveDayNightTariff(harness);
  gateway = await pairSimulatedGateway(harness);
});
afterAll(async () => {
  await gateway?.stop();
  await harness?.close();
});

const VIEWPORTS = [
  { name: "phone", width: 390, height: 844 },
  { name: "desktop", width: 1280, height: 900 },
] as const;
const SCHEMES = ["light", "dark"] as const;

/**
 * The serious and critical violations on the page as shown now, in each viewport and colour
 * scheme, as "rule: element" lines (so a failure names what to fix), and a page wider than the
 * viewport.
 */
async function seriousViolations(): Promise<string[]> {
  const { page } = harness;
  const found: string[] = [];
  for (const viewport of VIEWPORTS) {
    await page.setViewportSize({ width: viewport.width, height: viewport.height });
    // And no page wider than the screen, in either viewport (WCAG's reflow) — once the charts
    // have followed the new width (they resize on the next frames).
    await page.waitForFunction(
      () => document.documentElement.scrollWidth <= document.documentElement.clientWidth,
      null,
      { timeout: 5000 },
    ).catch(() => undefined);
    const overflowPx = await page.evaluate(() =>
      document.documentElement.scrollWidth - document.documentElement.clientWidth
    );
    if (overflowPx > 0) found.push(`${viewport.name}: the page is ${overflowPx} px too wide`);
    for (const scheme of SCHEMES) {
      await page.emulateMedia({ colorScheme: scheme });
      const result = await new AxeBuilder({ page }).analyze();
      for (const violation of result.violations) {
        if (violation.impact !== "serious" && violation.impact !== "critical") continue;
        for (const node of violation.nodes) {
          found.push(
            `${viewport.name} ${scheme} ${violation.id}: ${node.target.join(" ")} — ${
              node.failureSummary?.split("\n").slice(1).join(" ").trim()
            }`,
          );
        }
      }
    }
  }
  await page.emulateMedia({ colorScheme: "light" });
  await page.setViewportSize({ width: 1280, height: 900 });
  return found;
}

/** Links in the content still in the browser's default blue (unvisited or visited). */
function defaultBlueLinks(): Promise<string[]> {
  return harness.page.evaluate(() =>
    [...document.querySelectorAll("main a")]
      .filter((a) => ["rgb(0, 0, 238)", "rgb(85, 26, 139)"].includes(getComputedStyle(a).color))
      .map((a) => a.textContent ?? "")
  );
}

describe("axe-core finds no serious or critical violation", () => {
  for (const target of CONTENT_PAGES) {
    it(`on the ${target.name} page`, { timeout: 180_000 }, async () => {
      await openWithContent(harness, target, { gateway: true });
      expect(await seriousViolations()).toEqual([]);
      expect(await defaultBlueLinks()).toEqual([]);
    });
  }

  it("on the live dashboard of the demo", { timeout: 180_000 }, async () => {
    const { page, url } = harness;
    await gateway?.stop();
    gateway = null;
    await page.goto(url);
    await page.getByTestId("demo").click();
    await page.getByTestId("phases").waitFor();
    await page.getByTestId("peak-history").waitFor();
    await page.getByTestId("month-list").waitFor();
    expect(await seriousViolations()).toEqual([]);
  });

  it("on the account page and the dashboard, signed in", { timeout: 180_000 }, async () => {
    const { page, url } = harness;
    await signUpInApp(harness, page, "a11y@example.be", "Zonnepaneel-Dak-42");
    expect(await seriousViolations()).toEqual([]);
    await page.goto(url);
    await page.getByTestId("month-list").waitFor();
    await page.locator(".site-bar").waitFor();
    expect(await seriousViolations()).toEqual([]);
  });
});

describe("the file pickers", () => {
  // Each test in a tab of its own, closed after it, so no picker of one test is left for the next.
  let page: Page;
  beforeEach(async () => {
    page = await harness.context.newPage();
    // Playwright takes over the page's file pickers once something listens for them, and that
    // takes a round trip to the browser: listening from the start, a key press never beats it.
    page.on("filechooser", () => {});
  });
  afterEach(async () => {
    await page.close();
  });

  for (
    const { path, testId } of [
      { path: "import", testId: "import-file" },
      { path: "tariff", testId: "prices-csv" },
    ]
  ) {
    it(`on the ${path} page: a styled label, reached with Tab, opened with Space`, async () => {
      const { url } = harness;
      await page.goto(`${url}${path}`);
      const input = page.getByTestId(testId);
      await input.waitFor({ state: "attached" });
      // No bare native picker: the input is hidden, its label is what shows.
      const label = input.locator("xpath=ancestor::label[1]");
      expect(await input.evaluate((e) => e.getBoundingClientRect().width)).toBeLessThanOrEqual(1);
      expect(
        await label.evaluate((e) =>
          e.classList.contains("button") ||
          e.classList.contains("drop-zone")
        ),
      ).toBe(true);
      let reached = false;
      for (let i = 0; i < 60 && !reached; i++) {
        await page.keyboard.press("Tab");
        reached = await input.evaluate((e) => e === document.activeElement);
      }
      expect(reached).toBe(true);
      // Its label shows where the keyboard is.
      expect(await label.evaluate((e) => getComputedStyle(e).outlineStyle)).toBe("solid");
      const chooser = page.waitForEvent("filechooser");
      await page.keyboard.press("Space");
      const opened = await chooser;
      expect(opened.isMultiple()).toBe(false);
      // Answered, so the browser's one picker at a time is free for the next test.
      await opened.setFiles(fluviusPath(FLUVIUS_SAMPLES[2].file));
    });
  }

  it("imports the file chosen from the keyboard", async () => {
    const { url } = harness;
    await page.goto(`${url}import`);
    const input = page.getByTestId("import-file");
    await input.waitFor({ state: "attached" });
    // Reached with Tab as a keyboard user does, then opened with Enter.
    let reached = false;
    for (let i = 0; i < 60 && !reached; i++) {
      await page.keyboard.press("Tab");
      reached = await input.evaluate((e) => e === document.activeElement);
    }
    expect(reached).toBe(true);
    const chooser = page.waitForEvent("filechooser");
    await page.keyboard.press("Enter");
    await (await chooser).setFiles(fluviusPath(FLUVIUS_SAMPLES[2].file));
    await page.getByTestId("import-summary").waitFor();
    expect(await page.getByTestId("import-ean").innerText()).toBe("541448820044159229");
  });
});
