/**
 * Solar in the browser: the location and two panel groups entered with the keyboard on the
 * settings page, saved, still there after a reload; this device's location on the button, and a
 * plain message when it is refused; what to fix, field by field; axe on the filled form. Then a
 * portal's production export imported beside a Fluvius export, and the history's
 * self-consumption and self-sufficiency for those days, as the lib computes them from the same
 * two files. Last, the owner's panels moved into a synced site, and a member with the role
 * `user` seeing them read-only, with why.
 */
import { Buffer } from "node:buffer";
import { AxeBuilder } from "@axe-core/playwright";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatEnergy, formatShare } from "../../lib/i18n/format.ts";
import { periodSeries } from "../../lib/energy/series.ts";
import { parseFluviusText } from "../../lib/fluvius/import.ts";
import { parsePvCsv } from "../../lib/solar/pv_csv.ts";
import { FLUVIUS_SAMPLES, fluviusPath, fluviusText } from "../fixtures/fluvius.ts";
import { type Harness, openBrowser, signUpInApp, startHarness } from "./harness.ts";

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness?.close();
});

async function openSettings() {
  const { page, url } = harness;
  await page.goto(`${url}settings`);
  await page.getByTestId("solar-form").waitFor();
}

/** Types into the focused field, replacing what it held. */
async function typeHere(text: string) {
  const { page } = harness;
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.type(text);
}

describe("the solar panels on the settings page", () => {
  it("takes a location and two groups from the keyboard, and keeps them", async () => {
    const { page } = harness;
    await openSettings();
    await expect(page.getByTestId("solar-no-groups").innerText()).resolves.toBe(
      "Nog geen paneelgroepen.",
    );
    await page.getByTestId("solar-latitude").focus();
    await typeHere("51,05");
    await page.keyboard.press("Tab");
    await typeHere("3,72");

    // Group 1: adding it puts the focus in its name.
    await page.getByTestId("solar-add-group").focus();
    await page.keyboard.press("Enter");
    await page.getByTestId("solar-g1-name").and(page.locator(":focus")).waitFor();
    await page.keyboard.type("Zuid");
    await page.keyboard.press("Tab");
    await page.keyboard.type("10");
    await page.keyboard.press("Tab");
    await page.keyboard.type("400");
    // The orientation stays south (180°), the tilt 35°.
    await expect(page.getByTestId("solar-peak-1").innerText()).resolves.toBe("4,00 kWp");

    // Group 2: east-facing, by typing on the orientation list, with an AC limit.
    await page.getByTestId("solar-add-group").focus();
    await page.keyboard.press("Enter");
    await page.getByTestId("solar-g2-name").and(page.locator(":focus")).waitFor();
    await page.keyboard.type("Oost");
    await page.keyboard.press("Tab");
    await page.keyboard.type("6");
    await page.keyboard.press("Tab");
    await page.keyboard.type("437,5");
    await page.keyboard.press("Tab");
    await page.keyboard.type("Oost");
    await expect(page.getByTestId("solar-g2-azimuth").inputValue()).resolves.toBe("E");
    await page.keyboard.press("Tab");
    await typeHere("15");
    await page.keyboard.press("Tab");
    await page.keyboard.type("2,5");
    // 6 × 437,5 Wp = 2,625 kWp (shown to two decimals); with group 1: 6,625 kWp.
    await expect(page.getByTestId("solar-peak-2").innerText()).resolves.toBe("2,63 kWp");
    await expect(page.getByTestId("solar-total").innerText()).resolves.toBe("6,63 kWp");

    await page.getByTestId("solar-save").focus();
    await page.keyboard.press("Enter");
    await page.getByTestId("solar-status").filter({ hasText: "Bewaard." }).waitFor();

    await page.reload();
    await page.getByTestId("solar-group-2").waitFor();
    await expect(page.getByTestId("solar-latitude").inputValue()).resolves.toBe("51,05");
    await expect(page.getByTestId("solar-longitude").inputValue()).resolves.toBe("3,72");
    await expect(page.getByTestId("solar-g1-name").inputValue()).resolves.toBe("Zuid");
    await expect(page.getByTestId("solar-g1-azimuth").inputValue()).resolves.toBe("S");
    await expect(page.getByTestId("solar-g2-panelWp").inputValue()).resolves.toBe("437,5");
    await expect(page.getByTestId("solar-g2-azimuth").inputValue()).resolves.toBe("E");
    await expect(page.getByTestId("solar-g2-tiltDeg").inputValue()).resolves.toBe("15");
    await expect(page.getByTestId("solar-g2-inverterAcLimitKW").inputValue()).resolves.toBe(
      "2,5",
    );
    await expect(page.getByTestId("solar-total").innerText()).resolves.toBe("6,63 kWp");
  });

  it("says what to fix and where, and saves nothing until it is fixed", async () => {
    const { page } = harness;
    await openSettings();
    await page.getByTestId("solar-group-2").waitFor();
    await page.getByTestId("solar-g2-panelCount").fill("zes");
    await page.getByTestId("solar-longitude").fill("200");
    await page.getByTestId("solar-save").click();
    const problems = page.getByTestId("solar-problems");
    await problems.and(page.locator(":focus")).waitFor();
    await expect(problems.locator("li").allInnerTexts()).resolves.toEqual([
      "Lengtegraad: geef een getal van −180 tot 180 (bv. 3,72).",
      "Oost: het aantal panelen moet een geheel getal van 1 tot 1000 zijn.",
    ]);
    await expect(page.getByTestId("solar-g2-panelCount").getAttribute("aria-invalid")).resolves
      .toBe("true");
    // The message's link takes the keyboard to the field.
    await problems.getByRole("link").nth(1).press("Enter");
    await page.getByTestId("solar-g2-panelCount").and(page.locator(":focus")).waitFor();
    await page.reload();
    await page.getByTestId("solar-group-2").waitFor();
    await expect(page.getByTestId("solar-g2-panelCount").inputValue()).resolves.toBe("6");
  });

  it("fills in this device's location on the button, and says so when it is refused", async () => {
    const { page, context } = harness;
    await context.setGeolocation({ latitude: 50.8467, longitude: 4.3525 });
    await context.grantPermissions(["geolocation"]);
    await openSettings();
    await page.getByTestId("solar-use-device").click();
    await page.getByTestId("solar-status").filter({ hasText: "Locatie van dit toestel" })
      .waitFor();
    await expect(page.getByTestId("solar-latitude").inputValue()).resolves.toBe("50,8467");
    await expect(page.getByTestId("solar-longitude").inputValue()).resolves.toBe("4,3525");
    await context.clearPermissions();
    await openSettings();
    await page.getByTestId("solar-use-device").click();
    await page.getByTestId("solar-status").filter({ hasText: /toestemming|niet beschikbaar/ })
      .waitFor();
    // Nothing was saved from the first try: the stored location is still the typed one.
    await expect(page.getByTestId("solar-latitude").inputValue()).resolves.toBe("51,05");
  });

  it("has no serious accessibility violation, on a phone and a desktop", async () => {
    const { page } = harness;
    await openSettings();
    await page.getByTestId("solar-group-2").waitFor();
    const found: string[] = [];
    for (const viewport of [{ width: 390, height: 844 }, { width: 1280, height: 900 }]) {
      await page.setViewportSize(viewport);
      const result = await new AxeBuilder({ page }).include("section[aria-labelledby=solar-title]")
        .analyze();
      const wide = await page.evaluate(() =>
        document.documentElement.scrollWidth - document.documentElement.clientWidth
      );
      if (wide > 0) found.push(`${viewport.width}: ${wide} px too wide`);
      for (const violation of result.violations) {
        if (violation.impact !== "serious" && violation.impact !== "critical") continue;
        for (const node of violation.nodes) found.push(`${violation.id}: ${node.target.join(" ")}`);
      }
    }
    await page.setViewportSize({ width: 1280, height: 900 });
    expect(found).toEqual([]);
  });
});

/** A day of production in quarter-hours, as a portal writes it: `dd-mm-yyyy hh:mm;Wh`. */
function portalQuarters(ddmmyyyy: string): string {
  const lines = ["Datum en tijd;Energie [Wh]"];
  // Every quarter of the day, as portals write them: 0 at night, 08:00–17:45 rising to about
  // 600 Wh a quarter around 12:45 and falling again.
  for (let q = 0; q < 96; q++) {
    const wh = q < 32 || q >= 72 ? 0 : Math.round(600 * Math.sin(((q - 31) / 41) * Math.PI));
    const time = `${String(Math.floor(q / 4)).padStart(2, "0")}:${
      String((q % 4) * 15).padStart(2, "0")
    }`;
    lines.push(`${ddmmyyyy} ${time};${wh}`);
  }
  return lines.join("\r\n") + "\r\n";
}

describe("production imported beside the meter's quarter-hours", () => {
  it("imports a portal's export, and the history shows the shares the lib computes", async () => {
    const { page, url } = harness;
    const sample = FLUVIUS_SAMPLES[0]; // 29 March – 1 April 2024, quarter-hours
    await page.goto(`${url}import`);
    await page.getByTestId("import-file").setInputFiles(fluviusPath(sample.file));
    await page.getByTestId("import-summary").waitFor();

    const csv = portalQuarters("30-03-2024");
    await page.goto(`${url}import`);
    await page.getByTestId("import-file").setInputFiles({
      name: "productie.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(csv),
    });
    const summary = page.getByTestId("pv-import-summary");
    await summary.waitFor();
    const parsedPv = parsePvCsv(csv, "local");
    await expect(summary.getByTestId("import-days").innerText()).resolves.toBe("1");
    await expect(summary.getByTestId("import-production").innerText()).resolves.toBe(
      formatEnergy("nl", parsedPv.totalKWh),
    );
    await expect(summary.getByTestId("import-resolution").innerText()).resolves.toBe(
      "kwartierwaarden",
    );

    // What the lib makes of the same two files.
    const grid = new Map(
      parseFluviusText(fluviusText(sample.file)).buckets.map((b) => [b.day, b]),
    );
    const pv = new Map(parsedPv.buckets.map((b) => [b.day, b]));
    const expected = periodSeries("day", "2024-03-30", grid, pv).totals.selfUse!;
    expect(expected.selfConsumption).not.toBeNull();
    expect(expected.partial).toBe(false);
    await page.goto(`${url}history?period=day&date=2024-03-30`);
    await page.getByTestId("history-chart").and(page.locator("[data-ready=true]")).waitFor();
    await expect(page.getByTestId("total-production").innerText()).resolves.toBe(
      formatEnergy("nl", parsedPv.totalKWh),
    );
    await expect(page.getByTestId("total-self-consumption").innerText()).resolves.toBe(
      formatShare("nl", expected.selfConsumption!),
    );
    await expect(page.getByTestId("total-self-sufficiency").innerText()).resolves.toBe(
      formatShare("nl", expected.selfSufficiency!),
    );
    expect(await page.getByTestId("self-use-partial").count()).toBe(0);

    // The month: production only on the 30th, so the shares cover that day and say so.
    const month = periodSeries("month", "2024-03-15", grid, pv).totals.selfUse!;
    await page.goto(`${url}history?period=month&date=2024-03-01`);
    await page.getByTestId("history-chart").and(page.locator("[data-ready=true]")).waitFor();
    await expect(page.getByTestId("total-self-sufficiency").innerText()).resolves.toBe(
      formatShare("nl", month.selfSufficiency!),
    );
    await page.getByTestId("self-use-partial").waitFor();
  });

  it("says on which line and column a broken export is wrong, and stores nothing", async () => {
    const { page, url } = harness;
    await page.goto(`${url}import`);
    await page.getByTestId("import-file").setInputFiles({
      name: "kapot.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(
        "Datum;Opbrengst (kWh)\r\n01/06/2024;12,5\r\n02/06/2024;veel\r\n",
      ),
    });
    await expect(page.getByTestId("import-error").innerText()).resolves.toBe(
      "Dit bestand is niet ingelezen: regel 3, kolom 2: “veel” is geen energie. Er is niets opgeslagen.",
    );
    await page.goto(`${url}history?period=day&date=2024-06-01`);
    await page.getByTestId("history-chart").and(page.locator("[data-ready=true]")).waitFor();
    await page.getByTestId("empty-period").waitFor();
  });
});

describe("a member who may only read", () => {
  it("sees the owner's panels, synced, read-only and told why", { timeout: 120_000 }, async () => {
    const { page, url } = harness;
    const password = "Zonnepaneel-Dak-42";
    await signUpInApp(harness, page, "ann@example.be", password);
    await page.getByTestId("upload-local").click();
    await page.getByTestId("sync-status").filter({ hasText: "Gesynchroniseerd" }).waitFor();
    // The panels moved with this device's data into the new site.
    await openSettings();
    await page.getByTestId("solar-group-2").waitFor();
    await expect(page.getByTestId("solar-g1-name").inputValue()).resolves.toBe("Zuid");

    await page.goto(`${url}account`);
    const members = page.getByRole("region", { name: "Leden van Thuisenergie" });
    await members.getByLabel("E-mailadres").fill("bob@example.be");
    await members.locator("select[name=role]").selectOption("user");
    await members.getByRole("button", { name: "Uitnodigen" }).click();
    await members.getByText("Uitnodiging gestuurd naar bob@example.be.").waitFor();
    const link = await harness.mailedLink("bob@example.be");
    const second = await openBrowser();
    try {
      const bob = second.page;
      await signUpInApp(harness, bob, "bob@example.be", password, `account${link.search}`);
      await bob.getByRole("button", { name: "Neem de uitnodiging aan" }).click();
      await bob.getByText("Je bent nu lid van de site.").waitFor();
      await bob.getByTestId("sync-status").filter({ hasText: "Gesynchroniseerd" }).waitFor();
      // The form reads the setup when it opens: open it until the synced one is there.
      await expect.poll(async () => {
        await bob.goto(`${url}settings`);
        await bob.getByTestId("solar-form").waitFor();
        return bob.getByTestId("solar-group-2").count();
      }, { timeout: 20_000 }).toBe(1);
      await expect(bob.getByTestId("solar-read-only").innerText()).resolves.toBe(
        "Alleen de eigenaar of de installateur van deze site kan de zonnepanelen wijzigen. Jij kunt ze bekijken.",
      );
      await expect(bob.getByTestId("solar-g2-name").inputValue()).resolves.toBe("Oost");
      await expect(bob.getByTestId("solar-g2-name").isDisabled()).resolves.toBe(true);
      await expect(bob.getByTestId("solar-total").innerText()).resolves.toBe("6,63 kWp");
      expect(await bob.getByTestId("solar-save").count()).toBe(0);
      expect(await bob.getByTestId("solar-use-device").count()).toBe(0);
    } finally {
      await second.close();
    }
  });
});
