/**
 * The history in the browser: importing each Fluvius sample shows its totals on the day and month
 * views, the data survives a reload, a broken file stores nothing, and live P1 readings appear in
 * today's chart.
 */
import { formatEnergy } from "../../lib/i18n/format.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dayStartMs, localDayOf, slotsInDay } from "../../lib/energy/calendar.ts";
import { P1Decoder } from "../../lib/p1/decoder.ts";
import { HouseholdSimulator } from "../../lib/p1/simulator.ts";
import { FLUVIUS_SAMPLES, fluviusExpected, fluviusPath, fluviusText } from "../fixtures/fluvius.ts";
import { feedInChunks, type Harness, startHarness } from "./harness.ts";

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness?.close();
});

/** An energy as the Dutch screen shows a total: `15,41 kWh`, `123,4 kWh` (`formatEnergy`). */
const nlKWh = (kWh: number) => formatEnergy("nl", kWh);

/** A table cell's kWh, to the Wh: `0,338`. */
function nlCell(kWh: number): string {
  return new Intl.NumberFormat("nl-BE", { minimumFractionDigits: 3, maximumFractionDigits: 3 })
    .format(kWh);
}

/** A day's import and export straight from the CSV text (Afname/Offtake vs Injectie/Injection). */
function dayTotalsFromCsv(file: string, ddmmyyyy: string) {
  let importKWh = 0;
  let exportKWh = 0;
  for (const line of fluviusText(file).split("\r\n").slice(1)) {
    const cells = line.split(";");
    if (cells[0] !== ddmmyyyy || cells[8] === undefined) continue;
    const volume = Number((cells[8] || "0").replace(",", "."));
    if (/^(Afname|Offtake)/.test(cells[7])) importKWh += volume;
    else exportKWh += volume;
  }
  return { importKWh, exportKWh };
}

async function importFile(path: string) {
  const { page, url } = harness;
  await page.goto(`${url}import`);
  await page.getByTestId("import-file").setInputFiles(path);
}

async function totals() {
  const { page } = harness;
  await page.getByTestId("history-chart").and(page.locator("[data-ready=true]")).waitFor();
  return {
    importText: await page.getByTestId("total-import").innerText(),
    exportText: await page.getByTestId("total-export").innerText(),
  };
}

describe("history from Fluvius imports", () => {
  const days = [
    { sample: FLUVIUS_SAMPLES[0], day: "2024-03-31", csvDay: "31-03-2024", quarters: 92 },
    { sample: FLUVIUS_SAMPLES[1], day: "2023-10-29", csvDay: "29-10-2023", quarters: 100 },
    { sample: FLUVIUS_SAMPLES[2], day: "2024-06-02", csvDay: "02/06/2024", quarters: 96 },
  ];

  for (const { sample, day, csvDay, quarters } of days) {
    it(`imports the ${sample.name} sample and shows its day and month totals`, async () => {
      const { page, url } = harness;
      await importFile(fluviusPath(sample.file));
      await page.getByTestId("import-summary").waitFor();
      const expected = fluviusExpected(sample.expected);
      const months = Object.entries(expected.months);
      const importSum = months.reduce((sum, [, m]) => sum + m.importKWh, 0);
      expect(await page.getByTestId("import-ean").innerText()).toBe(expected.ean);
      expect(await page.getByTestId("import-import").innerText()).toBe(nlKWh(importSum));
      expect(await page.getByTestId("import-gaps").innerText()).toBe("0");

      for (const [month, want] of months) {
        await page.goto(`${url}history?period=month&date=${month}-01`);
        const shown = await totals();
        expect(shown.importText).toBe(nlKWh(want.importKWh));
        expect(shown.exportText).toBe(nlKWh(want.exportKWh));
      }

      await page.goto(`${url}history?period=day&date=${day}&zoom=quarters`);
      const shown = await totals();
      const want = dayTotalsFromCsv(sample.file, csvDay);
      expect(shown.importText).toBe(nlKWh(want.importKWh));
      expect(shown.exportText).toBe(nlKWh(want.exportKWh));
      expect(await page.getByTestId("history-table").locator("tbody tr").count()).toBe(quarters);
    });
  }

  it("draws axes with their units, ticks in the user's language and a text legend", async () => {
    const { page, url } = harness;
    const chart = page.locator("[data-testid=history-chart][data-ready=true]");
    const ticks = async () => (await chart.getAttribute("data-y-ticks"))!.split(";");
    // 2 June 2024 of the English sample: 08:15 is Fluvius's estimate.
    await page.goto(`${url}history?period=day&date=2024-06-02`);
    await chart.waitFor();
    expect(await chart.getAttribute("data-x-title")).toBe("Uur");
    const dutch = await ticks();
    expect(dutch).toContain("0");
    // A decimal comma and only the decimals a tick needs: "1" and "0,5", never "1,000".
    for (const tick of dutch) expect(tick).toMatch(/^\d+(,\d*[1-9])?$/);
    expect(dutch.some((tick) => tick.includes(","))).toBe(true);
    const legend = page.getByTestId("history-legend");
    expect(await chart.getAttribute("aria-describedby")).toBe(await legend.getAttribute("id"));
    expect(await legend.locator("li").allInnerTexts()).toEqual([
      "Afname: rode staaf boven de nullijn",
      "Injectie: groene staaf onder de nullijn",
      "Gestreepte staaf: geschat door de netbeheerder (1 van de 24)",
    ]);

    await page.getByTestId("language").selectOption("en");
    await page.locator("html[lang=en]").waitFor({ state: "attached" });
    await chart.and(page.locator("[data-x-title=Hour]")).waitFor();
    const english = await ticks();
    expect(english.length).toBe(dutch.length);
    for (const tick of english) expect(tick).toMatch(/^\d+(\.\d*[1-9])?$/);
    expect(english).toEqual(dutch.map((tick) => tick.replace(",", ".")));
    expect(await legend.locator("li").allInnerTexts()).toEqual([
      "Import: red bar above the zero line",
      "Export: green bar below the zero line",
      "Striped bar: estimated by the grid operator (1 of 24)",
    ]);
    await page.getByTestId("language").selectOption("nl");
    await page.locator("html[lang=nl]").waitFor({ state: "attached" });

    // Days across the month view, months across the year view; 2 June's estimate marks its day.
    await page.goto(`${url}history?period=month&date=2024-06-01`);
    await chart.and(page.locator("[data-x-title=Dag]")).waitFor();
    expect(await legend.getByTestId("legend-estimated").innerText()).toBe(
      "Gestreepte staaf: geschat door de netbeheerder (1 van de 30)",
    );
    await page.goto(`${url}history?period=year&date=2024-06-01`);
    await chart.and(page.locator("[data-x-title=Maand]")).waitFor();
    // March, April and June 2024 hold a few days of the samples each: three incomplete months,
    // each with an estimated quarter-hour.
    expect(await legend.getByTestId("legend-incomplete").innerText()).toBe(
      "Lichtere staaf: onvolledig, een deel ontbreekt of is maar deels gemeten (3 van de 12)",
    );
    expect(await legend.getByTestId("legend-estimated").innerText()).toBe(
      "Gestreepte staaf: geschat door de netbeheerder (3 van de 12)",
    );
  });

  it("keeps the data after a reload, and re-importing changes nothing", async () => {
    const { page, url } = harness;
    const march = fluviusExpected(FLUVIUS_SAMPLES[0].expected).months["2024-03"];
    await page.goto(`${url}history?period=month&date=2024-03-01`);
    await page.reload();
    expect((await totals()).importText).toBe(nlKWh(march.importKWh));
    await importFile(fluviusPath(FLUVIUS_SAMPLES[0].file));
    await page.getByTestId("import-summary").waitFor();
    expect(await page.getByTestId("import-summary").innerText()).toContain(
      "Deze gegevens stonden er al",
    );
    await page.goto(`${url}history?period=month&date=2024-03-01`);
    expect((await totals()).importText).toBe(nlKWh(march.importKWh));
  });

  it("shows the newest months' net import on the dashboard", async () => {
    const { page, url } = harness;
    await page.goto(url);
    const list = page.getByTestId("month-list");
    await list.waitFor();
    const items = await list.locator("li").allInnerTexts();
    // June 2024: 7,333 in, 27,754 out → −20,42; then April and March 2024, then October 2023.
    expect(items[0]).toMatch(/^juni 2024\s+-20,4 kWh/);
    expect(items[1]).toMatch(/^april 2024\s+\+0,36 kWh/);
    expect(items[2]).toMatch(/^maart 2024\s+\+2,94 kWh/);

    // Today and yesterday have nothing: the tiles say where the newest data is, and link to it.
    expect(await page.getByTestId("no-recent-data").innerText()).toMatch(
      /De nieuwste zijn van 2 juni 2024\./,
    );
    await page.getByTestId("open-newest").click();
    await page.waitForURL("**/history?period=day&date=2024-06-02");
    expect((await totals()).exportText).toBe(
      nlKWh(dayTotalsFromCsv(FLUVIUS_SAMPLES[2].file, "02/06/2024").exportKWh),
    );

    // Each month of the list opens its history.
    await page.goBack();
    await list.getByRole("link", { name: "april 2024 in de historiek" }).click();
    await page.waitForURL("**/history?period=month&date=2024-04-01");
    expect((await totals()).importText).toBe(
      nlKWh(fluviusExpected(FLUVIUS_SAMPLES[0].expected).months["2024-04"].importKWh),
    );

    // The history opened from the menu, with nothing today, shows the newest day with data.
    await page.goto(url);
    await page.getByRole("link", { name: "Historiek", exact: true }).click();
    await page.waitForURL("**/history?period=day&date=2024-06-02");
    expect((await totals()).exportText).toBe(
      nlKWh(dayTotalsFromCsv(FLUVIUS_SAMPLES[2].file, "02/06/2024").exportKWh),
    );
  });

  it("refuses a broken file with its line and stores nothing from it", async () => {
    const { page, url } = harness;
    const lines = fluviusText(FLUVIUS_SAMPLES[2].file).split("\r\n");
    // A whole new month (June 2025) with one bad volume near the end.
    const shifted = lines.map((line, i) => (i === 0 ? line : line.replaceAll("/2024", "/2025")));
    shifted[300] = shifted[300].replace(/;(\d+),(\d+);kWh;/, ";1,2,3;kWh;");
    const path = await Deno.makeTempFile({ suffix: ".csv" });
    await Deno.writeTextFile(path, shifted.join("\r\n"));
    await importFile(path);
    const error = page.getByTestId("import-error");
    await error.waitFor();
    expect(await error.innerText()).toBe(
      "Dit bestand is niet ingelezen: regel 301: “1,2,3” is geen volume. Er is niets opgeslagen.",
    );
    await page.goto(`${url}history?period=month&date=2025-06-01`);
    // An empty month says so, and where the newest data is, instead of totals of 0.
    const empty = page.getByTestId("empty-period");
    await empty.waitFor();
    expect(await empty.innerText()).toBe(
      "Geen gegevens voor deze periode. Naar de nieuwste gegevens (2 juni 2024)",
    );
    expect(await page.getByTestId("total-import").count()).toBe(0);
    await empty.getByRole("link").click();
    await page.waitForURL("**/history?period=month&date=2024-06-02");
    expect((await totals()).exportText).toBe(
      nlKWh(fluviusExpected(FLUVIUS_SAMPLES[2].expected).months["2024-06"].exportKWh),
    );
  });
});

describe("live P1 data in today's chart", () => {
  it("records quarter-hours from the meter into today's day view", async () => {
    const { page, url } = harness;
    const now = Date.now();
    const today = localDayOf(now);
    // Twenty minutes of telegrams up to now (or since midnight, just after it).
    // Brussels midnight (not UTC's: between 23:00 and 00:00 UTC that is still in the future).
    const start = Math.max(now - 20 * 60_000, dayStartMs(today));
    const simulator = new HouseholdSimulator({ startMs: start - (start % 1000), seed: 3 });
    let text = "";
    while (simulator.nowMs < now - 1000) text += simulator.next();
    await page.goto(url);
    await page.getByTestId("connect").click();
    await feedInChunks(page, new TextEncoder().encode(text), 4096);
    await page.getByTestId("meter-id").waitFor();
    // Hiding the page flushes the open quarter too; the app's own menu keeps the page alive.
    await page.evaluate(() => dispatchEvent(new Event("pagehide")));
    await page.getByRole("link", { name: "Historiek", exact: true }).click();
    await page.getByRole("checkbox", { name: "Per kwartier" }).check();
    // The simulated household may be importing or exporting now: look at the net column.
    await page.waitForFunction(() => {
      const text = document.querySelector("[data-testid=total-net]")?.textContent;
      return text !== undefined && text !== "0,00 kWh";
    });
    const cells = await page.getByTestId("history-table").locator("tbody tr td:nth-child(4)")
      .allTextContents();
    const filled = cells.filter((cell) => cell !== "–");
    expect(filled.length).toBeGreaterThanOrEqual(1);
    expect(filled.length).toBeLessThanOrEqual(3);
    expect(cells.length).toBe(slotsInDay(today));

    // The home screen's tiles show the same day, at two decimals.
    const kWhOf = async (testId: string) =>
      Number((await page.getByTestId(testId).innerText()).replace(" kWh", "").replace(",", "."));
    const [importKWh, exportKWh] = [await kWhOf("total-import"), await kWhOf("total-export")];
    await page.getByRole("link", { name: "Nu", exact: true }).click();
    await page.getByTestId("day-tiles").waitFor();
    const twoDecimals = (kWh: number) => `${kWh.toFixed(2).replace(".", ",")} kWh`;
    expect(await page.getByTestId("today-import").innerText()).toBe(twoDecimals(importKWh));
    expect(await page.getByTestId("today-export").innerText()).toBe(twoDecimals(exportKWh));
  });

  it("neither loses nor double-counts energy when the page reloads mid-quarter", async () => {
    const { page, url } = harness;
    // 12 June 2024 from 18:00 Brussels time: the simulated household is cooking (importing).
    const simulator = new HouseholdSimulator({
      startMs: Date.UTC(2024, 5, 12, 16, 0, 0),
      seed: 11,
    });
    const telegrams: string[] = [];
    for (let i = 0; i < 960; i++) telegrams.push(simulator.next());
    const registersAt = (index: number) => {
      let sum = 0;
      new P1Decoder((r) => (sum = r.importKWh.t1 + r.importKWh.t2)).push(
        new TextEncoder().encode(telegrams[index]),
      );
      return sum;
    };
    // The quarter 18:00–18:15 from the meter's own registers, telegram 0 to telegram 900.
    const quarterKWh = registersAt(900) - registersAt(0);
    expect(quarterKWh).toBeGreaterThan(0.1);

    // The port granted in the test before reopens by itself.
    await page.goto(url);
    await page.getByTestId("status").filter({ hasText: "Verbonden met de meter." }).waitFor();
    await feedInChunks(page, new TextEncoder().encode(telegrams.slice(0, 420).join("")), 4096);
    await page.getByTestId("meter-time").filter({ hasText: "18:06" }).waitFor();
    await page.reload(); // at 18:07, mid-quarter
    await page.getByTestId("status").filter({ hasText: "Verbonden met de meter." }).waitFor();
    await feedInChunks(page, new TextEncoder().encode(telegrams.slice(420).join("")), 4096);
    await page.getByTestId("meter-time").filter({ hasText: "18:15" }).waitFor();

    await page.getByRole("link", { name: "Historiek", exact: true }).click();
    await page.getByTestId("history-date").fill("2024-06-12");
    await page.getByRole("checkbox", { name: "Per kwartier" }).check();
    const row = page.getByTestId("history-table").locator("tr", {
      has: page.locator("th", { hasText: /^18:00$/ }),
    });
    await page.waitForFunction(() =>
      [...document.querySelectorAll("[data-testid=history-table] tr")].some((tr) =>
        tr.querySelector("th")?.textContent === "18:00" &&
        tr.querySelector("td")?.textContent !== "–"
      )
    );
    expect(await row.locator("td").first().textContent()).toBe(
      nlCell(quarterKWh),
    );
  });

  it("keeps and shows the other source's value where P1 and Fluvius disagree", async () => {
    const { page, url } = harness;
    // 2 June 2024 from 18:00: the meter's own quarters, over the imported June sample's.
    const simulator = new HouseholdSimulator({ startMs: Date.UTC(2024, 5, 2, 16, 0, 0), seed: 12 });
    let text = "";
    for (let i = 0; i < 930; i++) text += simulator.next();
    await page.goto(url);
    await page.getByTestId("status").filter({ hasText: "Verbonden met de meter." }).waitFor();
    await feedInChunks(page, new TextEncoder().encode(text), 4096);
    await page.getByTestId("meter-time").filter({ hasText: "18:15" }).waitFor();
    await page.getByRole("link", { name: "Historiek", exact: true }).click();
    await page.getByTestId("history-date").fill("2024-06-02");
    await page.getByRole("checkbox", { name: "Per kwartier" }).check();
    const hint = page.getByTestId("disagreements");
    await hint.waitFor({ timeout: 15_000 });
    // One closed quarter (18:00–18:15) of the meter's own, in the singular.
    expect(await hint.innerText()).toBe(
      "1 kwartier: een andere bron (je P1-meting of Fluvius) gaf een andere waarde. Die staat in de tabel.",
    );
    // The singular in French and English too (French counts 0 and 1 as one).
    await page.getByTestId("language").selectOption("fr");
    await page.locator("html[lang=fr]").waitFor({ state: "attached" });
    expect(await hint.innerText()).toBe(
      "1 quart d'heure : une autre source (votre mesure P1 ou Fluvius) a donné une autre valeur. Elle figure dans le tableau.",
    );
    await page.getByTestId("language").selectOption("en");
    await page.locator("html[lang=en]").waitFor({ state: "attached" });
    expect(await hint.innerText()).toBe(
      "1 quarter-hour: another source (your P1 measurement or Fluvius) gave a different value. It is in the table.",
    );
    await page.getByTestId("language").selectOption("nl");
    await page.locator("html[lang=nl]").waitFor({ state: "attached" });
    // The 18:00 row carries Fluvius's import beside the meter's.
    const csvValue =
      fluviusText(FLUVIUS_SAMPLES[2].file).split("\r\n").find((l) =>
        l.startsWith("02/06/2024;18:00:00") && l.includes("Offtake")
      )!.split(";")[8];
    const row = page.getByTestId("history-table").locator("tr", {
      has: page.locator("th", { hasText: /^18:00$/ }),
    });
    const cells = await row.locator("td").allTextContents();
    expect(cells.at(-1)).toBe(csvValue);
  });
});
