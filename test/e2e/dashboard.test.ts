import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { p1Fixture, p1FixtureText } from "../fixtures/p1.ts";
import { feedInChunks, type Harness, startHarness } from "./harness.ts";

const FIXTURE = "fluvius-e-mucs-1.7.1-peak-history-4-months.txt";

let h: Harness;

beforeEach(async () => {
  h = await startHarness();
});

afterEach(async () => {
  await h.close();
});

async function connectAndFeed(bytes: Uint8Array) {
  const { page } = h;
  await page.goto(h.url);
  await page.getByTestId("connect").click();
  await page.getByTestId("status").filter({ hasText: "Verbonden met de meter." }).waitFor();
  await feedInChunks(page, bytes, 13);
  await page.getByTestId("net-power").waitFor();
}

describe("live dashboard over Web Serial", () => {
  it("shows a Belgian fixture's values fed in 13-byte chunks, in Dutch", async () => {
    await connectAndFeed(p1Fixture(FIXTURE));
    const { page } = h;
    const text = async (id: string) => (await page.getByTestId(id).innerText()).trim();
    expect(
      await page.evaluate(() =>
        (window as unknown as { __p1: { openOptions: unknown } }).__p1.openOptions
      ),
    )
      .toEqual({ baudRate: 115200, dataBits: 8, parity: "none", stopBits: 1 });
    // Below 1 kW in W: "338 W", not "0,338 kW".
    expect(await text("net-power")).toBe("338");
    expect(await text("net-power-unit")).toBe("W");
    expect(await text("tariff")).toBe("Tarief: Dag");
    expect(await text("import-t1")).toBe("301,548 kWh");
    expect(await text("import-t2")).toBe("270,014 kWh");
    expect(await text("export-t1")).toBe("0,005 kWh");
    expect(await text("quarter-average")).toBe("0,052 kW");
    expect(await text("month-peak")).toBe("3,064 kW");
    expect(await text("month-peak-at")).toMatch(/2 nov\.? 2023.* 11:45/);
    expect(await text("mbus-gas")).toBe("92,287 m³");
    expect(await text("mbus-water")).toBe("8,579 m³");
    expect(await text("meter-id")).toBe("1SAG3100721326");
    expect(await text("meter-version")).toBe("50217");
    expect(await text("crc-errors")).toBe("0");
    // The energy-flow picture from the meter alone: the home takes what the grid gives, in W.
    // (SVG text: its textContent, not innerText.)
    expect(await page.getByTestId("flow-grid").textContent()).toBe("338 W");
    expect(await page.getByTestId("flow-home").textContent()).toBe("338 W");
    expect(await page.getByTestId("energy-flow").locator("figcaption li").allInnerTexts())
      .toEqual(["Net naar Huis: 338 W"]);
    const phases = await page.getByTestId("phases").locator("tbody tr").allInnerTexts();
    expect(phases.map((row) => row.split(/\s+/).join(" "))).toEqual([
      "L1 232,9 0,27 0,047 0,000",
      "L2 228,1 0,88 0,179 0,000",
      "L3 228,1 0,52 0,111 0,000",
    ]);
    const history = await page.getByTestId("peak-history").locator("li").allInnerTexts();
    expect(history.map((row) => row.split(/\s+/).join(" "))).toEqual([
      "jul 2023 0,000 kW",
      "aug 2023 1,862 kW",
      "sep 2023 4,229 kW",
      "okt 2023 4,927 kW",
    ]);
  });

  it("switches between Dutch, French and English", async () => {
    await connectAndFeed(p1Fixture(FIXTURE));
    const { page } = h;
    const text = async (id: string) => (await page.getByTestId(id).innerText()).trim();
    await page.getByTestId("language").selectOption("fr");
    // The language's texts load first (their own chunk), then the page switches.
    await page.locator("html[lang=fr]").waitFor({ state: "attached" });
    expect((await text("tariff")).replace(/\s/g, " ")).toBe("Tarif : Jour");
    expect(await page.getByRole("heading", { name: "Tarif capacitaire" }).count()).toBe(1);
    expect(await text("import-t1")).toBe("301,548 kWh");
    await page.getByTestId("language").selectOption("en");
    await page.locator("html[lang=en]").waitFor({ state: "attached" });
    expect(await text("tariff")).toBe("Tariff: Day");
    expect(await text("import-t1")).toBe("301.548 kWh");
    expect(await page.getByRole("heading", { name: "Capacity tariff" }).count()).toBe(1);
    // The choice is remembered (and so is the port, which reopens by itself).
    await page.reload();
    await page.getByTestId("status").filter({ hasText: "Connected to the meter." }).waitFor();
    expect(await page.getByTestId("disconnect").innerText()).toBe("Disconnect");
  });

  it("reconnects after the cable is unplugged and plugged back", async () => {
    await connectAndFeed(p1Fixture(FIXTURE));
    const { page } = h;
    await page.evaluate(() => (window as unknown as { __p1: { unplug(): void } }).__p1.unplug());
    await page.getByTestId("status").filter({ hasText: "Kabel losgekoppeld" }).waitFor();
    await page.evaluate(() => (window as unknown as { __p1: { plug(): void } }).__p1.plug());
    await page.getByTestId("status").filter({ hasText: "Verbonden met de meter." }).waitFor();
    const next = p1FixtureText("fluvius-e-mucs-1.7.1-three-phase-gas-water.txt");
    await feedInChunks(page, new Uint8Array([...next].map((c) => c.charCodeAt(0))), 13);
    await page.getByTestId("meter-id").filter({ hasText: "1SAG3101021605" }).waitFor();
    expect(await page.getByTestId("net-power").innerText()).toBe("0");
  });

  it("reopens the port granted before when the app is opened again", async () => {
    await connectAndFeed(p1Fixture(FIXTURE));
    const { page } = h;
    await page.reload();
    await page.getByTestId("status").filter({ hasText: "Verbonden met de meter." }).waitFor();
    await feedInChunks(page, p1Fixture(FIXTURE), 64);
    expect(await page.getByTestId("net-power").innerText()).toBe("338");
  });

  it("shows what to check when only bad telegrams arrive", async () => {
    const { page } = h;
    await page.goto(h.url);
    await page.getByTestId("connect").click();
    await page.getByTestId("status").filter({ hasText: "Verbonden" }).waitFor();
    const corrupt = p1FixtureText(FIXTURE).replace("(000301.548", "(000301.549");
    await feedInChunks(page, new Uint8Array([...corrupt].map((c) => c.charCodeAt(0))), 13);
    const panel = page.getByTestId("troubleshooting");
    await panel.waitFor();
    expect(await panel.getByRole("heading").first().innerText()).toBe(
      "Er komen gegevens binnen, maar geen geldige telegrammen",
    );
    expect(await panel.innerText()).toContain("115200 baud 8N1");
    expect(await page.getByTestId("net-power").count()).toBe(0);
  });

  it("offers 9600 7E1 for old meters", async () => {
    const { page } = h;
    await page.goto(h.url);
    await page.getByTestId("line-settings").selectOption("9600-7E1");
    await page.getByTestId("connect").click();
    await page.getByTestId("status").filter({ hasText: "Verbonden" }).waitFor();
    expect(
      await page.evaluate(() =>
        (window as unknown as { __p1: { openOptions: unknown } }).__p1.openOptions
      ),
    )
      .toEqual({ baudRate: 9600, dataBits: 7, parity: "even", stopBits: 1 });
  });
});

describe("without Web Serial", () => {
  it("says what to do instead and still offers the demo", async () => {
    await h.context.addInitScript(() => {
      Object.defineProperty(Navigator.prototype, "serial", {
        get: () => undefined,
        configurable: true,
      });
      Object.defineProperty(Navigator.prototype, "usb", {
        get: () => undefined,
        configurable: true,
      });
    });
    const { page } = h;
    await page.goto(h.url);
    expect(await page.getByTestId("no-serial").innerText()).toContain("Chrome of Edge");
    expect(await page.getByTestId("connect").count()).toBe(0);
    await page.getByTestId("demo").click();
    await page.getByTestId("net-power").waitFor();
    expect(await page.getByTestId("meter-version").innerText()).toBe("50217");
  });
});
