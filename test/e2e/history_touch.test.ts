/**
 * The history on a touch phone (390 × 844, touch input): a finger swiping left shows the next
 * period, swiping right the previous one, in the day and the month view; a vertical swipe scrolls
 * the page and leaves the period alone. The touches are the browser's own (DevTools protocol
 * `Input.dispatchTouchEvent`), so the pointer events and `touch-action` are Chromium's.
 */
import type { CDPSession } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FLUVIUS_SAMPLES, fluviusPath } from "../fixtures/fluvius.ts";
import { type Harness, startHarness } from "./harness.ts";

let harness: Harness;
let touch: CDPSession;

beforeAll(async () => {
  harness = await startHarness({
    device: { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true },
  });
  touch = await harness.context.newCDPSession(harness.page);
  // June 2024 from Fluvius: a day with data is a page tall enough to scroll.
  await harness.page.goto(`${harness.url}import`);
  await harness.page.getByTestId("import-file").setInputFiles(fluviusPath(FLUVIUS_SAMPLES[2].file));
  await harness.page.getByTestId("import-summary").waitFor();
});
afterAll(async () => {
  await harness?.close();
});

/** A finger put on the chart's middle, moved by (dx, dy) CSS pixels in steps, then lifted. */
async function swipe(dx: number, dy: number): Promise<void> {
  const box = await harness.page.locator(".swipe").boundingBox();
  if (!box) throw new Error("no chart to swipe");
  const x = box.x + box.width / 2;
  const y = box.y + box.height / 2;
  await touch.send("Input.dispatchTouchEvent", { type: "touchStart", touchPoints: [{ x, y }] });
  for (let step = 1; step <= 10; step++) {
    await touch.send("Input.dispatchTouchEvent", {
      type: "touchMove",
      touchPoints: [{ x: x + (dx * step) / 10, y: y + (dy * step) / 10 }],
    });
  }
  await touch.send("Input.dispatchTouchEvent", { type: "touchEnd", touchPoints: [] });
}

/** Waits for the period of `date` to be shown: in the address and in the card's heading. */
async function shows(date: string, heading: string): Promise<void> {
  const { page } = harness;
  await page.waitForURL((url) => url.searchParams.get("date") === date);
  await page.locator("#history-title", { hasText: heading }).waitFor();
  await page.locator("[data-testid=history-chart][data-ready=true]").waitFor();
  expect(await page.locator("#history-title").innerText()).toBe(heading);
}

describe("swiping between periods on a touch screen", () => {
  it("swipes a day view to the next day and back", async () => {
    const { page, url } = harness;
    await page.goto(`${url}history?period=day&date=2024-06-02`);
    await shows("2024-06-02", "zo 2 juni 2024");
    await swipe(-160, 0);
    await shows("2024-06-03", "ma 3 juni 2024");
    await swipe(160, 0);
    await shows("2024-06-02", "zo 2 juni 2024");
    await swipe(160, 0);
    await shows("2024-06-01", "za 1 juni 2024");
  });

  it("leaves the period alone when the finger moves up to scroll", async () => {
    const { page, url } = harness;
    await page.goto(`${url}history?period=day&date=2024-06-02`);
    await shows("2024-06-02", "zo 2 juni 2024");
    await swipe(0, -220);
    // The browser scrolled the page (the chart lets vertical pans through)...
    await page.waitForFunction(() => scrollY > 0);
    expect(new URL(page.url()).searchParams.get("date")).toBe("2024-06-02");
    // ...and had the vertical move stepped, this one swipe would land two days on.
    await swipe(-160, 0);
    await shows("2024-06-03", "ma 3 juni 2024");
  });

  it("swipes a month view to the next month and back", async () => {
    const { page, url } = harness;
    await page.goto(`${url}history?period=month&date=2024-06-01`);
    await shows("2024-06-01", "juni 2024");
    await swipe(-160, 0);
    await shows("2024-07-01", "juli 2024");
    await swipe(160, 0);
    await shows("2024-06-01", "juni 2024");
    await swipe(160, 0);
    await shows("2024-05-01", "mei 2024");
  });
});
