/**
 * The PWA and a gateway in `--simulate` mode (a real process, on loopback): pairing with id and
 * code, live values on the dashboard without a cable, the battery page with today's chart, the
 * paired devices, control settings (powers in kW) sent and kept across a restart, and a
 * connection without pairing refused.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../setup/pg_cluster.ts";
import { type Harness, startHarness } from "./harness.ts";
import { type GatewayProcess, startGateway as startGatewayProcess } from "./gateway_process.ts";

let harness: Harness;
let gateway: GatewayProcess;
let stateDir = "";
let port = 0;
let url = "";
let gatewayId = "";
let code = "";

/** Starts the `--simulate` gateway on `port`, for the app's origin, keeping its state in `stateDir`. */
async function startGateway(): Promise<void> {
  gateway = await startGatewayProcess({ origin: harness.url.slice(0, -1), port, stateDir });
  ({ url, gatewayId, code } = gateway);
}

async function stopGateway(): Promise<void> {
  await gateway.stop();
}

beforeAll(async () => {
  harness = await startHarness();
  stateDir = await Deno.makeTempDir();
  port = freePort();
  await startGateway();
});
afterAll(async () => {
  await stopGateway().catch(() => {});
  await harness?.close();
});

describe("the PWA with a gateway", () => {
  it("refuses a connection that has not paired", async () => {
    const socket = new WebSocket(url);
    await new Promise((r) => (socket.onopen = r));
    const messages: string[] = [];
    socket.onmessage = (e) => messages.push(e.data);
    const closed = new Promise<number>((r) => (socket.onclose = (e) => r(e.code)));
    socket.send(JSON.stringify({ type: "hello", token: "forged-token" }));
    expect(await closed).toBe(4401);
    expect(messages.map((m) => JSON.parse(m).type)).toEqual(["error"]);
  });

  it("refuses a wrong code in the app, then pairs and shows the battery", async () => {
    const { page, url: app } = harness;
    await page.goto(`${app}battery`);
    await page.getByLabel("Adres van de gateway").fill(url);
    await page.getByLabel("Gateway-id").fill(gatewayId);
    await page.getByLabel("Koppelcode").fill("000000");
    await page.getByRole("button", { name: "Koppel" }).click();
    await page.getByText("De gateway weigert: De gateway-ID of de koppelcode klopt niet.")
      .waitFor();
    await page.getByLabel("Adres van de gateway").fill(url);
    await page.getByLabel("Gateway-id").fill(gatewayId);
    await page.getByLabel("Koppelcode").fill(code);
    await page.getByRole("button", { name: "Koppel" }).click();
    const soc = page.getByTestId("battery-soc");
    await soc.waitFor({ timeout: 15_000 });
    expect(await soc.innerText()).toMatch(/^\d{1,3} %$/);
    expect(["stand-by", "laden", "ontladen", "bezig"]).toContain(
      await page.getByTestId("battery-status").innerText(),
    );
    // In kW, its direction in words, never a minus sign.
    expect(await page.getByTestId("battery-power").innerText()).toMatch(
      /^((laden|ontladen) \d+,\d\d kW|stil)$/,
    );
  });

  it("shows the gateway's live values on the dashboard without a cable", async () => {
    const { page } = harness;
    await page.getByRole("link", { name: "Nu", exact: true }).click();
    await page.getByTestId("status").filter({ hasText: "Live gegevens via de gateway." }).waitFor({
      timeout: 10_000,
    });
    expect(await page.getByTestId("net-power").innerText()).toMatch(/^\d+$|^\d+,\d\d$/);
    // The energy-flow picture has the gateway's battery, with its state of charge.
    await page.getByTestId("flow-battery").waitFor({ timeout: 10_000 });
    expect(await page.getByTestId("flow-battery").textContent()).toMatch(/^\d+ W$|^\d+,\d\d kW$/);
    // Its direction in words beside its state of charge, never a minus sign.
    expect(await page.getByTestId("flow-battery-detail").textContent()).toMatch(
      /^((laden|ontladen) · )?\d{1,3} %$/,
    );
    // And the solar production its inverter measures.
    expect(await page.getByTestId("flow-solar").textContent()).toMatch(/^\d+ W$|^\d+,\d\d kW$/);
    expect(await page.getByTestId("flow-home").textContent()).toMatch(/^\d+ W$|^\d+,\d\d kW$/);

    // The meter the gateway reads (its simulator sends 0-0:96.1.1 of 1SAG3101021605), the running
    // capacity quarter from its 1.4.0 and 1.6.0, and the battery in short, beside the picture.
    await page.getByTestId("meter-id").filter({ hasText: "1SAG3101021605" }).waitFor();
    expect(await page.getByRole("heading", { name: "Capaciteitstarief" }).isVisible()).toBe(true);
    expect(await page.getByTestId("quarter-projected").innerText()).toMatch(/^\d+,\d{3} kW/);
    const battery = page.getByRole("region", { name: "Thuisbatterij" });
    expect(await battery.getByTestId("home-battery-soc").innerText()).toMatch(/^\d{1,3} %$/);
    expect(await battery.getByTestId("home-battery-power").innerText()).toMatch(
      /^((laden|ontladen) (\d+ W|\d+,\d\d kW)|stil)$/,
    );
    await battery.getByRole("link", { name: "Naar de batterij" }).click();
    await page.waitForURL("**/battery");
  });

  it("lists this device among the paired ones", async () => {
    const { page } = harness;
    await page.getByRole("link", { name: "Batterij", exact: true }).click();
    const devices = page.getByTestId("paired-devices");
    await devices.getByText("(dit toestel)").waitFor({ timeout: 10_000 });
    expect(await devices.locator("li").count()).toBe(1);
    expect(await devices.innerText()).toContain("Chrome · Linux");
  });

  it("charts today's state of charge and the day's charging from the gateway", async () => {
    const { page } = harness;
    await page.getByRole("link", { name: "Batterij" }).click();
    const chart = page.locator("[data-testid=battery-day-chart][data-ready=true]");
    // The gateway samples as soon as the inverter answers.
    await chart.waitFor({ timeout: 15_000 });
    // The day's hours in Brussels time across, % on the right, kWh on the left.
    expect(await chart.getAttribute("data-x-ticks")).toBe(
      "00:00;03:00;06:00;09:00;12:00;15:00;18:00;21:00;24:00",
    );
    expect(await chart.getAttribute("data-soc-ticks")).toBe("0 %;25 %;50 %;75 %;100 %");
    const kWhTicks = (await chart.getAttribute("data-y-ticks"))!.split(";");
    expect(kWhTicks).toContain("0");
    for (const tick of kWhTicks) expect(tick).toMatch(/^\d+(,\d*[1-9])?$/);
    expect(await page.locator("#battery-day-legend li").allInnerTexts()).toEqual([
      "Laadtoestand: lijn, schaal rechts (%)",
      "Geladen: blauwe staaf boven de nullijn (kWh)",
      "Ontladen: oranje staaf onder de nullijn (kWh)",
    ]);
    // The table holds the hour of now: what the inverter's counters rose between two samples
    // (the simulated gateway samples every 10 s), and the state of charge the big figure shows.
    const rows = page.getByTestId("battery-day-table").locator("tbody tr");
    await page.waitForFunction(
      () => {
        const cells = document.querySelectorAll("[data-testid=battery-day-table] tbody tr");
        return /^\d/.test(cells[cells.length - 1]?.querySelector("td")?.textContent ?? "");
      },
      undefined,
      { timeout: 30_000 },
    );
    const soc = (await page.getByTestId("battery-soc").innerText()).replace(" %", "");
    const last = await rows.last().locator("td").allTextContents();
    expect(last[0]).toMatch(/^\d+,\d\d$/);
    expect(last[1]).toMatch(/^\d+,\d\d$/);
    expect(Math.abs(Number(last[2]) - Number(soc))).toBeLessThanOrEqual(1);
  });

  it("takes powers in kW with a decimal comma, and sends them in W", async () => {
    const { page } = harness;
    await page.getByRole("link", { name: "Batterij" }).click();
    await page.getByTestId("control-mode").selectOption("peakShaving");
    const peak = page.getByLabel("Gewenste maximale afname (kW)");
    expect(await peak.inputValue()).toBe("2,5");
    await peak.fill("3,2");
    await page.getByTestId("control-mode").selectOption("timers");
    expect(await page.getByLabel("Vermogen (kW)").first().inputValue()).toBe("2");
    await page.getByTestId("control-mode").selectOption("peakShaving");
    await page.getByLabel("Gewenste maximale afname (kW)").fill("3,2");
    await page.getByRole("button", { name: "Stuur naar de gateway" }).click();
    await page.getByText("De gateway gebruikt de nieuwe instellingen.").waitFor({
      timeout: 10_000,
    });
    const saved = JSON.parse(await Deno.readTextFile(`${stateDir}/state.json`));
    expect(saved.control).toMatchObject({ mode: "peakShaving", desiredPeakW: 3200 });
    // In English, the same power with a decimal point.
    await page.getByTestId("language").selectOption("en");
    await page.locator("html[lang=en]").waitFor({ state: "attached" });
    expect(await page.getByLabel("Desired maximum import (kW)").inputValue()).toBe("3.2");
    await page.getByTestId("language").selectOption("nl");
    await page.locator("html[lang=nl]").waitFor({ state: "attached" });
  });

  it("sends control settings the gateway confirms, and keeps them across its restart", async () => {
    const { page } = harness;
    await page.getByRole("link", { name: "Batterij", exact: true }).click();
    await page.getByTestId("control-mode").selectOption("balancing");
    await page.getByRole("button", { name: "Stuur naar de gateway" }).click();
    // Shown once the gateway answers with the settings it now uses.
    await page.getByText("De gateway gebruikt de nieuwe instellingen.").waitFor({
      timeout: 10_000,
    });
    // The gateway restarts; after a reload the app reconnects with its token, without pairing
    // again, and the gateway still has the settings.
    await stopGateway();
    await startGateway();
    await page.reload();
    await page.getByTestId("battery-soc").waitFor({ timeout: 15_000 });
    expect(await page.getByTestId("control-mode").inputValue()).toBe("balancing");
  });
});
