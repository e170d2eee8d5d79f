/**
 * The capacity page live: a Belgian meter's telegram (2 November 2023, 12:15:48) with its
 * running quarter (1.4.0), month peak (1.6.0) and 4-month history (98.1.0).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { crc16ArcOfText, formatCrc } from "../../lib/p1/crc16.ts";
import { latin1Bytes, p1Fixture, p1FixtureText } from "../fixtures/p1.ts";
import { feedInChunks, type Harness, startHarness } from "./harness.ts";

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness?.close();
});

/** The fixture a second later, its quarter heading high: 1.4.0 at 2.8 kW, 6 kW imported now. */
function highQuarterTelegram(): Uint8Array {
  const text = p1FixtureText("fluvius-e-mucs-1.7.1-peak-history-4-months.txt");
  const body = text.slice(0, text.lastIndexOf("!") + 1)
    .replace("0-0:1.0.0(231102121548W)", "0-0:1.0.0(231102121549W)")
    .replace("1-0:1.4.0(00.052*kW)", "1-0:1.4.0(02.800*kW)")
    .replace("1-0:1.7.0(00.338*kW)", "1-0:1.7.0(06.000*kW)");
  return latin1Bytes(`${body}${formatCrc(crc16ArcOfText(body))}\r\n`);
}

describe("the capacity page with a live meter", () => {
  it("projects the running quarter, averages the months with the floor and warns above the month's peak only", async () => {
    const { page, url } = harness;
    // The browser's calendar on the telegram's day, so "this month" is November 2023.
    await page.clock.setFixedTime(new Date("2023-11-02T11:16:00Z"));
    await page.goto(url);
    await page.getByTestId("connect").click();
    await feedInChunks(page, p1Fixture("fluvius-e-mucs-1.7.1-peak-history-4-months.txt"), 64);
    await page.getByTestId("meter-id").waitFor();
    await page.getByRole("link", { name: "Piek", exact: true }).click();

    expect(await page.getByTestId("running-average").innerText()).toBe("0,052 kW");
    // 0.052 + 0.338 kW × (852 s left / 900 s) = 0.372 kW
    expect(await page.getByTestId("running-projected").innerText()).toBe("0,372 kW");
    expect(await page.getByTestId("month-peak").innerText()).toMatch(/^3,064 kW \(2 nov/);
    expect(await page.getByTestId("capacity-alert").count()).toBe(0);

    // July 0 → 2.5, August 1.862 → 2.5, September 4.229, October 4.927, November 3.064:
    // 17.22 / 5 = 3.444 kW
    await page.getByTestId("basis-average").waitFor();
    expect(await page.getByTestId("basis-average").innerText()).toBe("3,444 kW");
    expect(await page.getByTestId("basis-short").innerText()).toBe(
      "Gemiddelde over 5 maanden: er zijn er minder dan 12.",
    );
    // The plural in French and English.
    await page.getByTestId("language").selectOption("fr");
    await page.locator("html[lang=fr]").waitFor({ state: "attached" });
    expect(await page.getByTestId("basis-short").innerText()).toBe(
      "Moyenne sur 5 mois : il y en a moins de 12.",
    );
    await page.getByTestId("language").selectOption("en");
    await page.locator("html[lang=en]").waitFor({ state: "attached" });
    expect(await page.getByTestId("basis-short").innerText()).toBe(
      "Average over 5 months: there are fewer than 12.",
    );
    await page.getByTestId("language").selectOption("nl");
    await page.locator("html[lang=nl]").waitFor({ state: "attached" });
    const rows = (await page.getByTestId("capacity-months").locator("tbody tr").allInnerTexts())
      .map((r) => r.split(/\s+/).join(" "));
    expect(rows.slice(-4)).toEqual([
      "augustus 2023 1,862 2,500 meter",
      "september 2023 4,229 4,229 meter",
      "oktober 2023 4,927 4,927 meter",
      "november 2023 3,064 3,064 meter",
    ]);

    // A limit below what the month is billed for anyway (3.064 kW, and at least 2.5 kW) does
    // not make a 0.37 kW quarter worth a warning.
    await page.getByLabel("Waarschuw boven (kW)").fill("0,3");
    expect(await page.getByTestId("capacity-alert").count()).toBe(0);

    // 2.8 + 6 × (851 s / 900 s) = 8.47 kW: above this month's peak. The meter keeps being read
    // on this page (its link outlives the home page).
    await feedInChunks(page, highQuarterTelegram(), 64);
    await page.getByTestId("capacity-alert").waitFor();
    expect(await page.getByTestId("capacity-alert").innerText()).toBe(
      "Dit kwartier gaat naar 8,47 kW: boven je piek van deze maand (3,06 kW).",
    );
  });
});
