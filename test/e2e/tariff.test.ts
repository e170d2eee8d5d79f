/**
 * Costs in the browser: a day/night tariff set in the form, a Fluvius sample imported, and the
 * costs on the day and month views and the capacity page — checked against sums worked out
 * here from the CSV text itself. Day-ahead prices come through the app's relay from a local
 * server that answers as ENTSO-E does.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FLUVIUS_SAMPLES, fluviusPath, fluviusText } from "../fixtures/fluvius.ts";
import { type Harness, signUpInApp, startHarness } from "./harness.ts";

let harness: Harness;
let entsoe: Deno.HttpServer<Deno.NetAddr>;

beforeAll(async () => {
  entsoe = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, (request) => {
    const params = new URL(request.url).searchParams;
    const stamp = (s: string) =>
      `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}T${s.slice(8, 10)}:${s.slice(10, 12)}Z`;
    const start = stamp(params.get("periodStart")!);
    const end = stamp(params.get("periodEnd")!);
    // Quarter prices 40, 41, 42, … €/MWh, every fifth position left out (carried forward).
    const count = (Date.parse(end) - Date.parse(start)) / 900_000;
    const points = Array.from({ length: count }, (_, i) => i + 1).filter((p) => p % 5 !== 0)
      .map((p) => `<Point><position>${p}</position><price.amount>${39 + p}</price.amount></Point>`);
    return new Response(`<Publication_MarketDocument><TimeSeries><Period>
      <timeInterval><start>${start}</start><end>${end}</end></timeInterval>
      <resolution>PT15M</resolution>${
      points.join("")
    }</Period></TimeSeries></Publication_MarketDocument>`);
  });
  harness = await startHarness({ entsoeUrl: `http://127.0.0.1:${entsoe.addr.port}/api` });
});
afterAll(async () => {
  await harness?.close();
  await entsoe?.shutdown();
});

const RATES = {
  offtakeDay: 0.30,
  offtakeNight: 0.22,
  injectionDay: 0.04,
  injectionNight: 0.03,
  fixedPerMonth: 3,
  distributionDay: 0.06,
  distributionNight: 0.05,
  transmission: 0.02,
  capacityPerKWYear: 49.4, // the Fluvius Antwerpen preset
  dataManagementPerYear: 18,
  levies: 0.05,
  vat: 0.06,
};

function euro(value: number): string {
  return new Intl.NumberFormat("nl-BE", { style: "currency", currency: "EUR" }).format(value);
}

/**
 * The cost of some March 2024 days, from the CSV rows: per-kWh lines by register, each day's
 * share of the fees (March has 31 days, 2024 has 366) and of the capacity tariff. The only
 * month before is March itself, whose peak (1.092 kW) counts as the 2.5 kW floor.
 */
function expectedCost(days: string[]): number {
  let taxable = 0;
  let injection = 0;
  for (const line of fluviusText(FLUVIUS_SAMPLES[0].file).split("\r\n").slice(1)) {
    const cells = line.split(";");
    if (!days.includes(cells[0])) continue;
    const kWh = Number((cells[8] || "0").replace(",", "."));
    const night = cells[7].endsWith("Nacht");
    if (cells[7].startsWith("Afname")) {
      taxable += kWh * ((night ? RATES.offtakeNight : RATES.offtakeDay) +
        (night ? RATES.distributionNight : RATES.distributionDay) + RATES.transmission +
        RATES.levies);
    } else {
      injection += kWh * (night ? RATES.injectionNight : RATES.injectionDay);
    }
  }
  const perDay = RATES.fixedPerMonth / 31 + RATES.dataManagementPerYear / 366 +
    (2.5 * RATES.capacityPerKWYear) / 12 / 31;
  taxable += perDay * days.length;
  return taxable * (1 + RATES.vat) - injection;
}

describe("costs under the household's tariff", () => {
  it("sets a day/night tariff in the form", async () => {
    const { page, url } = harness;
    await page.goto(`${url}tariff`);
    const form = page.getByRole("region", { name: "Nieuwe versie" });
    await form.getByLabel("Dag/nacht").check();
    const fill = (label: string, value: number) =>
      form.getByLabel(label, { exact: true }).fill(String(value).replace(".", ","));
    await form.getByLabel("Naam", { exact: true }).fill("Dag en nacht");
    await fill("Afname dag (€/kWh)", RATES.offtakeDay);
    await fill("Afname nacht (€/kWh)", RATES.offtakeNight);
    await fill("Injectie dag (€/kWh)", RATES.injectionDay);
    await fill("Injectie nacht (€/kWh)", RATES.injectionNight);
    await fill("Vaste vergoeding (€/maand)", RATES.fixedPerMonth);
    await fill("Distributie dag/piek (€/kWh)", RATES.distributionDay);
    await fill("Distributie nacht/dal (€/kWh)", RATES.distributionNight);
    await fill("Transmissie (€/kWh)", RATES.transmission);
    await fill("Databeheer (€/jaar)", RATES.dataManagementPerYear);
    // A mistake first: the form names the field and stores nothing.
    await fill("Heffingen (€/kWh)", Number.NaN);
    await form.getByRole("button", { name: "Bewaar deze versie" }).click();
    expect(await form.getByRole("alert").innerText()).toBe(
      "Niet bewaard: Heffingen (€/kWh) is geen getal.",
    );
    await fill("Heffingen (€/kWh)", RATES.levies);
    await form.getByRole("button", { name: "Bewaar deze versie" }).click();
    await page.getByTestId("tariff-versions").waitFor();
    expect(await page.getByTestId("tariff-versions").innerText()).toContain("Dag en nacht");

    // The decimal comma round-trips: the next version's form starts from the saved one, as typed
    // in Dutch ("0,30" reads back as "0,3"), and with a point in English.
    await page.reload();
    const next = page.getByRole("region", { name: "Nieuwe versie" });
    await expect.poll(() => next.getByLabel("Afname dag (€/kWh)", { exact: true }).inputValue())
      .toBe("0,3");
    expect(await next.getByLabel("Heffingen (€/kWh)", { exact: true }).inputValue()).toBe("0,05");
    // A field keeps what was typed when the language changes; a form opened in English shows a point.
    await page.getByTestId("language").selectOption("en");
    await page.locator("html[lang=en]").waitFor({ state: "attached" });
    await page.reload();
    const nextEn = page.getByRole("region", { name: "New version" });
    await expect.poll(() => nextEn.getByLabel("Import day (€/kWh)", { exact: true }).inputValue())
      .toBe("0.3");
    await page.getByTestId("language").selectOption("nl");
    await page.locator("html[lang=nl]").waitFor({ state: "attached" });
  });

  it("shows the cost lines of the day and month views of an imported sample", async () => {
    const { page, url } = harness;
    await page.goto(`${url}import`);
    await page.getByTestId("import-file").setInputFiles(fluviusPath(FLUVIUS_SAMPLES[0].file));
    await page.getByTestId("import-summary").waitFor();

    await page.goto(`${url}history?period=day&date=2024-03-31`);
    await page.getByTestId("cost-total").waitFor();
    expect(await page.getByTestId("cost-total").innerText()).toBe(
      euro(expectedCost(["31-03-2024"])),
    );
    // March 2024's capacity share for one day: 2.5 kW × 49.40 € / 12 / 31
    expect(await page.getByTestId("cost-capacityEur").innerText()).toBe(euro(2.5 * 49.4 / 12 / 31));

    await page.goto(`${url}history?period=month&date=2024-03-01`);
    await page.getByTestId("cost-total").waitFor();
    expect(await page.getByTestId("cost-total").innerText()).toBe(
      euro(expectedCost(["29-03-2024", "30-03-2024", "31-03-2024"])),
    );
    // Each day's bar carries its cost in the table.
    const cells = await page.getByTestId("history-table").locator("tbody tr").nth(30)
      .locator("td").allTextContents();
    expect(cells[4]).toBe(
      new Intl.NumberFormat("nl-BE", { minimumFractionDigits: 2, maximumFractionDigits: 2 })
        .format(expectedCost(["31-03-2024"])),
    );
  });

  it("shows the monthly peaks, the floor and the capacity cost", async () => {
    const { page, url } = harness;
    await page.goto(`${url}capacity`);
    const months = page.getByTestId("capacity-months");
    await months.waitFor();
    await page.getByTestId("basis-average").waitFor();
    expect(await page.getByTestId("basis-average").innerText()).toBe("2,500 kW");
    expect(await page.getByTestId("basis-short").innerText()).toBe(
      "Gemiddelde over 2 maanden: er zijn er minder dan 12.",
    );
    // 2.5 kW × 49.40 €/kW/year = 123.50 € a year, 10.29 € a month
    expect(await page.getByTestId("capacity-per-year").innerText()).toBe(euro(123.5));
    expect(await page.getByTestId("capacity-per-month").innerText()).toBe(euro(123.5 / 12));
    const rows = (await months.locator("tbody tr").allInnerTexts()).map((r) =>
      r.split(/\s+/).join(" ")
    );
    expect(rows.slice(-2)).toEqual([
      "maart 2024 1,092 2,500 kwartieren",
      "april 2024 1,088 2,500 kwartieren",
    ]);
  });

  it("lists the month's cost next to its net import on the dashboard", async () => {
    const { page, url } = harness;
    await page.goto(url);
    const list = page.getByTestId("month-list");
    await list.waitFor();
    await page.waitForFunction(() =>
      document.querySelector("[data-testid=month-list]")?.textContent?.includes("€")
    );
    const items = (await list.locator("li").allInnerTexts()).map((r) => r.split(/\s+/).join(" "));
    // "(onvolledig)" is set apart by a margin, not a space.
    expect(items[1]).toBe(
      `maart 2024 +2,94 kWh · ${
        euro(expectedCost(["29-03-2024", "30-03-2024", "31-03-2024"]))
      }(onvolledig)`.split(/\s+/).join(" "),
    );
  });

  it("compares contracts on the imported data, the cheapest marked", async () => {
    const { page, url } = harness;
    // A second export, five months earlier: the year compared now has long gaps without data,
    // for which neither the history nor the comparison may charge fees.
    await page.goto(`${url}import`);
    await page.getByTestId("import-file").setInputFiles(fluviusPath(FLUVIUS_SAMPLES[1].file));
    await page.getByTestId("import-summary").waitFor();
    await page.goto(`${url}tariff`);
    const compare = page.getByRole("region", { name: "Contracten vergelijken" });
    // The day/night rates come from the current tariff; a single rate is added here.
    await expect.poll(() => compare.getByLabel("Afname dag (€/kWh)").inputValue()).toBe("0,3");
    await compare.getByLabel("Afname (€/kWh)", { exact: true }).fill("0,10");
    await compare.getByLabel("Injectie (€/kWh)", { exact: true }).fill("0,04");
    await compare.getByRole("button", { name: "Vergelijk" }).click();
    const rows = compare.getByTestId("compare-table").locator("tbody tr");
    await rows.first().waitFor();
    const texts = (await rows.allInnerTexts()).map((r) => r.split(/\s+/).join(" "));
    expect(texts.length).toBe(3);
    expect(texts[0]).toMatch(/^Enkelvoudig \(goedkoopst\)/); // 0.10 €/kWh beats 0.30/0.22
    expect(texts[1]).toMatch(/^Dag\/nacht /);
    // The dynamic row has no prices for 2024 stored: it says how many quarters it could not price,
    // and has no total (so it is not the cheapest, however low its sum without energy looks).
    expect(texts[2]).toMatch(/^Dynamisch \d+ kwartieren zonder dagprijs – – –$/);

    // The same days as the history, and the same money: the day/night row is the current tariff,
    // so its total is what the history's months add up to.
    const compareDays = await compare.getByTestId("compare-days").innerText();
    const dayNightTotal = (await rows.nth(1).locator("td").allInnerTexts())[2];
    const history = { days: 0, cents: 0 };
    for (const month of ["2023-10-01", "2024-03-01", "2024-04-01"]) {
      await page.goto(`${url}history?period=month&date=${month}`);
      await page.getByTestId("cost-days").waitFor();
      history.days += Number(
        /(\d+) dag/.exec(await page.getByTestId("cost-days").innerText())![1],
      );
      history.cents += Number(
        (await page.getByTestId("cost-total").innerText()).replace(/\D/g, ""),
      );
    }
    expect(compareDays).toBe(
      `Gerekend over ${history.days} dagen met gegevens: vaste kosten en capaciteitstarief voor die dagen, zoals in de historiek.`,
    );
    // Each month rounds to the cent on its own: the sum may differ from the whole by a cent.
    expect(Math.abs(Number(dayNightTotal.replace(/\D/g, "")) - history.cents)).toBeLessThanOrEqual(
      1,
    );
  });

  it("fetches today's and tomorrow's prices through the relay and marks the cheapest", async () => {
    const { page, url } = harness;
    await page.goto(`${url}tariff`);
    await page.getByLabel("ENTSO-E-token").fill("my-own-token");
    await page.getByRole("button", { name: "Haal prijzen op" }).click();
    // The relay is for signed-in users: the app says so, and how else to get prices.
    await page.getByText("Meld je aan (onder Account) om prijzen via de server").waitFor();
    await signUpInApp(harness, page, "prices@example.be", "a long enough password");
    await page.goto(`${url}tariff`);
    await page.getByLabel("ENTSO-E-token").fill("my-own-token");
    await page.getByRole("button", { name: "Haal prijzen op" }).click();
    await page.getByText("2 dagen prijzen bewaard.").waitFor();
    const today = page.locator("section[data-testid^=prices-]").first();
    await today.locator("canvas").waitFor();
    // The price axis in Dutch: whole euros as "60", never "60.0" or "60,000".
    const chart = today.locator("canvas[data-ready=true]");
    await chart.waitFor();
    const ticks = (await chart.getAttribute("data-y-ticks"))!.split(";");
    expect(ticks.length).toBeGreaterThanOrEqual(3);
    for (const tick of ticks) expect(tick).toMatch(/^\d+(,\d*[1-9])?$/);
    const rows = await today.locator("tbody tr").allTextContents();
    expect(rows.length).toBeGreaterThanOrEqual(92);
    // Position 5 was left out: it carries position 4's 43 €/MWh.
    expect(rows.slice(0, 6)).toEqual([
      "00:0040,00",
      "00:1541,00",
      "00:3042,00",
      "00:4543,00",
      "01:0043,00",
      "01:1545,00",
    ]);
    expect(await today.getByText("De 8 goedkoopste blokken zijn groen.").count()).toBe(1);
  });
});
