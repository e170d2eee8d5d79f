/**
 * A signed-out household's first visit leaves the browser's console empty: no error (a signed-out
 * "who am I" is an answer, not a 401 the browser logs as a failed request), no warning, and no
 * library's advertisement (RxDB's notice for its paid storages) — on every page.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { type Harness, startHarness } from "./harness.ts";

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness({ fakeSerial: false });
});
afterAll(async () => {
  await harness?.close();
});

/** Each page, and what shows once it has read what it needs (the database, the session). */
const PAGES: [string, (page: Page) => Promise<void>][] = [
  ["", (page) => page.getByTestId("no-history").waitFor()],
  // Nothing stored yet: the day says so, and what to do.
  ["history", (page) => page.getByTestId("empty-period").waitFor()],
  ["capacity", (page) => page.getByTestId("capacity-months").waitFor()],
  ["battery", (page) => page.getByTestId("sim-month").waitFor()],
  ["tariff", (page) => page.getByTestId("prices-csv").waitFor({ state: "attached" })],
  ["import", (page) => page.getByTestId("import-file").waitFor({ state: "attached" })],
  ["settings", (page) => page.getByTestId("storage-persisted").waitFor()],
  ["account", (page) => page.getByLabel("E-mailadres").waitFor()],
];

describe("the console on a signed-out visit", () => {
  it("stays empty on every page", async () => {
    const { page, url } = harness;
    const said: string[] = [];
    page.on(
      "console",
      (message) => said.push(`${page.url()} ${message.type()}: ${message.text()}`),
    );
    page.on("pageerror", (error) => said.push(`${page.url()} page error: ${error.message}`));
    for (const [path, ready] of PAGES) {
      // The app remembers the server's last answer about the session: forgotten before each
      // load, so each one asks again, and its answer ("signed out", saved as "") is awaited.
      await page.evaluate(() => localStorage.removeItem("session")).catch(() => undefined);
      await page.goto(`${url}${path}`);
      await ready(page);
      await page.waitForFunction(() => localStorage.getItem("session") === "");
    }
    expect(said).toEqual([]);
  });
});
