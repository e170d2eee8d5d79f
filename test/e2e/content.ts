/**
 * The app with something on every page, for the accessibility and narrow-screen tests: the three
 * Fluvius samples imported, a day/night tariff, optionally a paired `--simulate` gateway (the
 * battery page and the dashboard's battery and solar), and each page's tables shown (the contract
 * comparison and the battery simulation run, every `<details>` open).
 */
import type { Page } from "playwright-core";
import { FLUVIUS_SAMPLES, fluviusPath } from "../fixtures/fluvius.ts";
import { startGateway } from "./gateway_process.ts";
import type { Harness } from "./harness.ts";

/** Every page of the app, on dates the samples cover (the history in day, month and year). */
export const CONTENT_PAGES = [
  { name: "dashboard", path: "" },
  {
    name: "history (day, quarter-hours)",
    path: "history?period=day&date=2024-03-31&zoom=quarters",
  },
  { name: "history (month)", path: "history?period=month&date=2024-03-01" },
  { name: "history (year)", path: "history?period=year&date=2024-03-01" },
  { name: "capacity", path: "capacity" },
  { name: "battery", path: "battery" },
  { name: "charging", path: "charging" },
  { name: "tariff", path: "tariff" },
  { name: "import", path: "import" },
  { name: "settings", path: "settings" },
  { name: "account", path: "account" },
] as const;

export type ContentPage = (typeof CONTENT_PAGES)[number];

/** Imports the three Fluvius samples, one after the other. */
export async function importSamples(harness: Harness): Promise<void> {
  const { page, url } = harness;
  for (const sample of FLUVIUS_SAMPLES) {
    await page.goto(`${url}import`);
    await page.getByTestId("import-file").setInputFiles(fluviusPath(sample.file));
    await page.getByTestId("import-summary").waitFor();
  }
}

/** Saves a day/night tariff in the form (in Dutch), so every history view has its cost lines. */
export async function saveDayNightTariff(harness: Harness): Promise<void> {
  const { page, url } = harness;
  await page.goto(`${url}tariff`);
  const form = page.getByRole("region", { name: "Nieuwe versie" });
  await form.getByLabel("Dag/nacht").check();
  const fields: [string, string][] = [
    ["Naam", "Dag en nacht"],
    ["Afname dag (€/kWh)", "0,30"],
    ["Afname nacht (€/kWh)", "0,22"],
    ["Injectie dag (€/kWh)", "0,04"],
    ["Injectie nacht (€/kWh)", "0,03"],
    ["Vaste vergoeding (€/maand)", "3"],
    ["Distributie dag/piek (€/kWh)", "0,06"],
    ["Distributie nacht/dal (€/kWh)", "0,05"],
    ["Transmissie (€/kWh)", "0,02"],
    ["Databeheer (€/jaar)", "18"],
    ["Heffingen (€/kWh)", "0,05"],
  ];
  for (const [label, value] of fields) await form.getByLabel(label, { exact: true }).fill(value);
  await form.getByRole("button", { name: "Bewaar deze versie" }).click();
  await page.getByTestId("tariff-versions").waitFor();
}

export interface SimulatedGateway {
  stop(): Promise<void>;
}

/** Starts `deno task gateway --simulate` on loopback and pairs the app with it (in Dutch). */
export async function pairSimulatedGateway(harness: Harness): Promise<SimulatedGateway> {
  const gateway = await startGateway({ origin: harness.url.slice(0, -1) });
  const { page, url } = harness;
  await page.goto(`${url}battery`);
  await page.getByLabel("Adres van de gateway").fill(gateway.url);
  await page.getByLabel("Gateway-id").fill(gateway.gatewayId);
  await page.getByLabel("Koppelcode").fill(gateway.code);
  await page.getByRole("button", { name: "Koppel" }).click();
  await page.getByTestId("battery-soc").waitFor({ timeout: 30_000 });
  return { stop: () => gateway.stop() };
}

/**
 * Opens a page and waits until its content is there, then shows its tables: the contract
 * comparison and the battery simulation are run, the import page imports a sample again (its
 * summary), and every `<details>` is opened. Works in any of the three languages.
 */
export async function openWithContent(
  harness: Harness,
  target: ContentPage,
  options: { gateway?: boolean } = {},
): Promise<void> {
  const { page, url } = harness;
  await page.goto(`${url}${target.path}`);
  const testId = (id: string) => page.getByTestId(id).first().waitFor();
  switch (target.name) {
    case "dashboard":
      await testId("month-list");
      if (options.gateway) await testId("net-power");
      break;
    case "history (day, quarter-hours)":
    case "history (month)":
    case "history (year)":
      await page.getByTestId("history-chart").and(page.locator("[data-ready=true]")).waitFor();
      await testId("cost-total");
      break;
    case "capacity":
      // (Its rows come with the rest of the stored peaks, in one render.)
      await page.getByTestId("capacity-months").locator("tbody tr").first().waitFor();
      break;
    case "battery":
      if (options.gateway) await testId("battery-soc");
      await page.getByTestId("sim-month").fill("2024-03");
      await page.locator("form:has([data-testid=sim-month]) button[type=submit]").click();
      await testId("simulation");
      break;
    case "tariff":
      await testId("tariff-versions");
      // Whole numbers: the same in every language's number format.
      await page.locator("#compare-singleOfftake").fill("1");
      await page.locator("#compare-singleInjection").fill("0");
      await page.locator("form:has(#compare-singleOfftake) button[type=submit]").click();
      await testId("compare-table");
      break;
    case "import":
      await page.getByTestId("import-file").setInputFiles(fluviusPath(FLUVIUS_SAMPLES[0].file));
      await testId("import-summary");
      break;
    case "settings":
      await testId("storage-used");
      break;
    case "account":
      await page.locator("main form input[type=email]").first().waitFor();
      break;
  }
  await page.evaluate(() => document.querySelectorAll("details").forEach((d) => (d.open = true)));
}

/** Switches the app's language with the menu's select, and waits until the page shows it. */
export async function chooseLanguage(page: Page, code: "nl" | "fr" | "en"): Promise<void> {
  await page.getByTestId("language").selectOption(code);
  await page.locator(`html[lang=${code}]`).waitFor({ state: "attached" });
}
