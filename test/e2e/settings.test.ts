/**
 * The settings page with real data: the storage in kB/MB/GB, one month of an imported Fluvius
 * meter deleted after a dialog that says exactly what goes (the history then shows that month
 * empty and the rest still there), everything exported as one JSON file, everything deleted, and
 * that file restoring it all; a P1 meter's one-second readings exported on request and deleted
 * with their day.
 */
import { formatEnergy } from "../../lib/i18n/format.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeRawChunk } from "../../lib/db/export_file.ts";
import { HouseholdSimulator } from "../../lib/p1/simulator.ts";
import { FLUVIUS_SAMPLES, fluviusExpected, fluviusPath } from "../fixtures/fluvius.ts";
import { feedInChunks, type Harness, startHarness } from "./harness.ts";

let harness: Harness;
/** The file the export test downloaded, restored after the wipe. */
let exportPath = "";

beforeAll(async () => {
  harness = await startHarness();
  const { page, url } = harness;
  // 29 March – 1 April 2024: three days of March (the last one 23 hours long) and one of April.
  await page.goto(`${url}import`);
  await page.getByTestId("import-file").setInputFiles(fluviusPath(FLUVIUS_SAMPLES[0].file));
  await page.getByTestId("import-summary").waitFor();
});
afterAll(async () => {
  await harness?.close();
  if (exportPath) await Deno.remove(exportPath).catch(() => {});
});

const EAN = "541448820044159229";
const expected = fluviusExpected(FLUVIUS_SAMPLES[0].expected).months;

/** An energy as the Dutch screen shows a total (`formatEnergy`). */
const nlKWh = (kWh: number) => formatEnergy("nl", kWh);

/** The month's import total, or `null` where the history says the month has no data. */
async function monthImport(month: string): Promise<string | null> {
  const { page, url } = harness;
  await page.goto(`${url}history?period=month&date=${month}-01`);
  await page.getByTestId("history-chart").and(page.locator("[data-ready=true]")).waitFor();
  if (await page.getByTestId("empty-period").count()) return null;
  return page.getByTestId("total-import").innerText();
}

async function openSettings() {
  const { page, url } = harness;
  await page.goto(`${url}settings`);
  await page.getByTestId("device-holds").filter({ hasText: /\S/ }).waitFor();
}

describe("the device's data on the settings page", () => {
  it("shows the storage this device uses as people read it, and keeps the retention", async () => {
    const { page } = harness;
    await openSettings();
    const used = page.getByTestId("storage-used");
    await used.waitFor();
    const match = /^([\d.,]+) ([kMG]B) gebruikt van ([\d.,]+) ([MGT]B)$/.exec(
      await used.innerText(),
    );
    expect(match).not.toBeNull();
    // The import is stored, so the device holds more than nothing.
    expect(Number(match![1].replace(/\./g, "").replace(",", "."))).toBeGreaterThan(0);
    await page.getByLabel("Seconde-metingen bewaren (dagen)").fill("7");
    await page.getByRole("button", { name: "OK" }).click();
    await page.reload();
    expect(await page.getByLabel("Seconde-metingen bewaren (dagen)").inputValue()).toBe("7");
    await page.getByTestId("device-holds").filter({
      hasText: "Op dit toestel: 4 dagen meetgegevens en 1 meter.",
    }).waitFor();
  });

  it("deletes one month of the meter after confirming, and keeps the rest", async () => {
    const { page } = harness;
    expect(await monthImport("2024-03")).toBe(nlKWh(expected["2024-03"].importKWh));
    await openSettings();
    const target = page.getByLabel("Gegevens van");
    expect(await target.locator("option:checked").innerText()).toBe(
      `Elektriciteit — meter ${EAN} (29 maart 2024 – 1 april 2024)`,
    );
    await page.getByLabel("Van", { exact: true }).fill("2024-03-01");
    await page.getByLabel("Tot en met").fill("2024-03-31");

    // By keyboard: the dialog opens with focus on Cancel; Escape closes it, nothing is deleted.
    const ask = page.getByRole("button", { name: "Wis deze periode…" });
    await ask.focus();
    await page.keyboard.press("Enter");
    const dialog = page.getByRole("dialog", { name: "Deze gegevens wissen?" });
    await dialog.waitFor();
    expect(await dialog.getByTestId("delete-what").innerText()).toBe(
      `284 kwartieren van meter ${EAN} van 29 maart tot en met 31 maart 2024 worden gewist.`,
    );
    expect(await dialog.getByTestId("delete-reach").innerText()).toBe(
      "Dit gebeurt alleen op dit toestel; er is geen server bij betrokken.",
    );
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Annuleer");
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "hidden" });
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(
      "Wis deze periode…",
    );
    expect(await page.getByTestId("device-holds").innerText()).toBe(
      "Op dit toestel: 4 dagen meetgegevens en 1 meter.",
    );

    // The same in French, then confirmed in Dutch.
    await page.getByTestId("language").selectOption("fr");
    await page.locator("html[lang=fr]").waitFor({ state: "attached" });
    await page.getByRole("button", { name: "Effacer cette période…" }).click();
    const frDialog = page.getByRole("dialog", { name: "Effacer ces données ?" });
    expect((await frDialog.getByTestId("delete-what").innerText()).replace(/\s/g, " ")).toBe(
      `Effacement de 284 quarts d'heure du compteur ${EAN} du 29 mars au 31 mars 2024.`,
    );
    await frDialog.getByRole("button", { name: "Annuler" }).click();
    await page.getByTestId("language").selectOption("nl");
    await page.locator("html[lang=nl]").waitFor({ state: "attached" });

    await ask.click();
    await dialog.getByRole("button", { name: "Wis", exact: true }).click();
    await page.getByTestId("delete-result").filter({ hasText: "Gewist: 284 kwartieren." })
      .waitFor();
    await page.getByTestId("device-holds").filter({
      hasText: "Op dit toestel: 1 dag meetgegevens en 1 meter.",
    }).waitFor();
    // What is left is offered next, with its own period.
    expect(await target.locator("option:checked").innerText()).toBe(
      `Elektriciteit — meter ${EAN} (1 april 2024 – 1 april 2024)`,
    );

    expect(await monthImport("2024-03")).toBeNull();
    expect(await page.getByText("Geen gegevens voor deze periode.").count()).toBe(1);
    expect(await monthImport("2024-04")).toBe(nlKWh(expected["2024-04"].importKWh));
  });

  it("exports everything as one JSON file", async () => {
    const { page } = harness;
    await openSettings();
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Download alles (JSON)" }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^thuisenergie-\d{4}-\d{2}-\d{2}\.json$/);
    exportPath = await Deno.makeTempFile({ suffix: ".json" });
    await download.saveAs(exportPath);
    const file = JSON.parse(await Deno.readTextFile(exportPath));
    expect([file.format, file.version, file.rawIncluded, file.rawChunks]).toEqual([
      "thuisenergie-export",
      1,
      false,
      [],
    ]);
    expect(file.sites.map((s: { id: string }) => s.id)).toEqual(["local"]);
    expect(file.meters.map((m: { ean: string; source: string }) => [m.ean, m.source])).toEqual([
      [EAN, "fluvius"],
    ]);
    expect(file.energyDays.map((b: { id: string }) => b.id)).toEqual([
      "local|grid|15|2024-04-01",
    ]);
    const april = file.energyDays[0].imported as (number | null)[];
    expect(april.length).toBe(96);
    const sum = april.reduce<number>((a, b) => a + (b ?? 0), 0);
    expect(sum).toBeCloseTo(expected["2024-04"].importKWh, 6);
    expect(file.tariffVersions).toEqual([]);
    expect(file.settings).toEqual({ rawRetentionDays: "7", locale: "nl" });
    await page.getByTestId("export-result").filter({ hasText: "is klaar." }).waitFor();
  });

  it("deletes everything on the device, and the exported file brings it back", async () => {
    const { page, url, context } = harness;
    // A second tab shows April's data; it must not keep showing it once everything is gone.
    const other = await context.newPage();
    await other.goto(`${url}history?period=month&date=2024-04-01`);
    await other.getByTestId("total-import").filter({
      hasText: nlKWh(expected["2024-04"].importKWh),
    }).waitFor();
    await openSettings();
    await page.getByRole("button", { name: "Wis alles op dit toestel…" }).click();
    const dialog = page.getByRole("dialog", { name: "Alles op dit toestel wissen?" });
    expect(await dialog.getByTestId("wipe-what").innerText()).toBe(
      "Alles op dit toestel wordt gewist: 1 dag meetgegevens, 1 meter en je instellingen.",
    );
    await dialog.getByText("Dit toestel synchroniseert met geen enkele server").waitFor();
    await dialog.getByRole("button", { name: "Wis alles" }).click();
    // The page starts afresh, and says so.
    await page.getByTestId("wipe-result").filter({ hasText: "Alles op dit toestel is gewist." })
      .waitFor();
    // The page drops the one-time `?wiped=1` from the address once it has said so.
    await page.waitForURL((url) => url.search === "");
    await page.getByTestId("device-holds").filter({
      hasText: "Er staan nog geen gegevens op dit toestel.",
    }).waitFor();
    // (The deletion card reads the emptied database on its own, a moment later.)
    await page.getByText("Deze site heeft nog geen meetgegevens op dit toestel.").waitFor();
    expect(await page.getByLabel("Seconde-metingen bewaren (dagen)").inputValue()).toBe("30");
    // Of the settings, only the language (and the app's own session and site keys) are there.
    const keys = await page.evaluate(() => Object.keys(localStorage));
    expect(keys.filter((k) => !["locale", "session", "site"].includes(k))).toEqual([]);
    expect(await monthImport("2024-04")).toBeNull();
    // The other tab reloaded by itself.
    await other.getByText("Geen gegevens voor deze periode.").waitFor();
    expect(await other.getByTestId("total-import").count()).toBe(0);
    await other.close();

    await openSettings();
    await page.getByLabel("Kies een exportbestand").setInputFiles(exportPath);
    await page.getByTestId("restore-result").filter({
      hasText: "Teruggezet: 1 dag meetgegevens en 1 meter.",
    }).waitFor();
    await expect.poll(() => page.getByLabel("Seconde-metingen bewaren (dagen)").inputValue())
      .toBe("7");
    expect(await monthImport("2024-04")).toBe(nlKWh(expected["2024-04"].importKWh));
  });

  it("exports a P1 meter's one-second readings when asked, and deletes them with its day", async () => {
    const { page, url } = harness;
    // Two minutes of telegrams on 12 June 2024 from 18:00 Brussels time.
    const simulator = new HouseholdSimulator({ startMs: Date.UTC(2024, 5, 12, 16), seed: 5 });
    let text = "";
    for (let i = 0; i < 120; i++) text += simulator.next();
    await page.goto(url);
    await page.getByTestId("connect").click();
    await feedInChunks(page, new TextEncoder().encode(text), 4096);
    await page.getByTestId("meter-time").filter({ hasText: "18:01" }).waitFor();
    // Hiding the page writes the open quarter and the buffered seconds.
    await page.evaluate(() => dispatchEvent(new Event("pagehide")));
    await page.getByRole("link", { name: "Instellingen" }).click();
    const withRaw = page.getByLabel(/^Ook de seconde-metingen \(1 uur, ongeveer \d+ kB\)$/);
    await withRaw.waitFor();
    // A fresh page: no recorder runs any more to write the open quarter again after the deletion.
    await page.reload();
    await withRaw.check();
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Download alles (JSON)" }).click(),
    ]);
    const path = await Deno.makeTempFile({ suffix: ".json" });
    await download.saveAs(path);
    const file = JSON.parse(await Deno.readTextFile(path));
    await Deno.remove(path);
    expect(file.rawIncluded).toBe(true);
    expect(file.rawChunks.length).toBe(1);
    const chunk = decodeRawChunk(file.rawChunks[0]);
    expect(chunk.hourStartMs).toBe(Date.UTC(2024, 5, 12, 16));
    const seen = [...chunk.values.l1V].filter((v) => !Number.isNaN(v));
    expect(seen.length).toBeGreaterThanOrEqual(100);
    expect(seen.every((v) => v > 200 && v < 260)).toBe(true);

    const target = page.getByLabel("Gegevens van");
    const p1 = file.meters.find((m: { source: string }) => m.source === "p1");
    expect(await target.locator("option:checked").innerText()).toBe(
      `Elektriciteit — meters ${EAN} en ${p1.equipmentId} (1 april 2024 – 12 juni 2024)`,
    );
    await page.getByLabel("Van", { exact: true }).fill("2024-06-12");
    await page.getByLabel("Tot en met").fill("2024-06-12");
    await page.getByRole("button", { name: "Wis deze periode…" }).click();
    const dialog = page.getByRole("dialog", { name: "Deze gegevens wissen?" });
    expect(await dialog.innerText()).toContain(
      "Ook 1 uur seconde-metingen van die dagen.",
    );
    await dialog.getByRole("button", { name: "Wis", exact: true }).click();
    await page.getByTestId("delete-result").filter({
      hasText: /^Gewist: \d kwartier(en)? en 1 uur seconde-metingen\.$/,
    }).waitFor();
    // Nothing of that hour is left to export.
    await page.getByTestId("device-holds").filter({
      hasText: "Op dit toestel: 1 dag meetgegevens en 2 meters.",
    }).waitFor();
    expect(await withRaw.count()).toBe(0);
  });
});
