/**
 * The PWA and a gateway in `--simulate` mode (a real process, on loopback): pairing with id and
 * code, live values on the dashboard without a cable, the battery page, control settings sent,
 * and a connection without pairing refused.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "./harness.ts";

let harness: Harness;
let gateway: Deno.ChildProcess;
let url = "";
let gatewayId = "";
let code = "";
let output = "";

beforeAll(async () => {
  harness = await startHarness();
  const dir = await Deno.makeTempDir();
  gateway = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      new URL("../../app/gateway/main.ts", import.meta.url).pathname,
      "--simulate",
      "--port",
      "0",
      "--state",
      `${dir}/state.json`,
    ],
    stdout: "piped",
    stderr: "null",
  }).spawn();
  const reader = gateway.stdout.pipeThrough(new TextDecoderStream()).getReader();
  while (!(url && gatewayId && code)) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`gateway ended: ${output}`);
    output += value;
    url = /"url":"(ws:[^"]+)"/.exec(output)?.[1] ?? "";
    gatewayId = /Gateway id:\s+(\S+)/.exec(output)?.[1] ?? "";
    code = /Pairing code:\s+(\d{6})/.exec(output)?.[1] ?? "";
  }
  void (async () => {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      output += value;
    }
  })();
});
afterAll(async () => {
  gateway?.kill("SIGTERM");
  await gateway?.status;
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
    await page.getByText("De gateway weigert: wrong gateway id or pairing code").waitFor();
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
    expect(await page.getByTestId("battery-power").innerText()).toMatch(/^-?[\d.]+ W$/);
  });

  it("shows the gateway's live values on the dashboard without a cable", async () => {
    const { page } = harness;
    await page.getByRole("link", { name: "Nu" }).click();
    await page.getByTestId("status").filter({ hasText: "Live gegevens via de gateway." }).waitFor({
      timeout: 10_000,
    });
    expect(await page.getByTestId("net-power").innerText()).toMatch(/^[\d,]+$/);
  });

  it("sends control settings the gateway then uses", async () => {
    const { page } = harness;
    await page.getByRole("link", { name: "Batterij" }).click();
    await page.getByTestId("control-mode").selectOption("balancing");
    await page.getByRole("button", { name: "Stuur naar de gateway" }).click();
    await page.getByText("De gateway gebruikt de nieuwe instellingen.").waitFor();
    await expect.poll(() => output.includes('"msg":"settings","control":{"mode":"balancing"'), {
      timeout: 10_000,
    })
      .toBe(true);
    // After a reload the app reconnects with its token, without pairing again.
    await page.reload();
    await page.getByTestId("battery-soc").waitFor({ timeout: 15_000 });
    expect(await page.getByTestId("control-mode").inputValue()).toBe("balancing");
  });
});
