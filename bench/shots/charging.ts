import { startHarness } from "../../test/e2e/harness.ts";
import { freePort } from "../../test/setup/pg_cluster.ts";
const h = await startHarness();
const { page } = h;
const port = freePort();
const stateDir = await Deno.makeTempDir();
const gw = new Deno.Command(Deno.execPath(), {
  args: ["run", "-A", new URL("../../app/gateway/main.ts", import.meta.url).pathname, "--simulate",
    "--port", String(port), "--state", `${stateDir}/s.json`, "--origin", h.url.slice(0, -1)],
  stdout: "piped", stderr: "null",
}).spawn();
const reader = gw.stdout.pipeThrough(new TextDecoderStream()).getReader();
let out = "", url = "", id = "", code = "";
while (!(url && id && code)) {
  const { value } = await reader.read();
  out += value;
  url = /"url":"(ws:[^"]+)"/.exec(out)?.[1] ?? "";
  id = /Gateway id:\s+(\S+)/.exec(out)?.[1] ?? "";
  code = /Pairing code:\s+(\d{6})/.exec(out)?.[1] ?? "";
}
void (async () => { while (!(await reader.read()).done) {} })();
await page.goto(`${h.url}charging`);
await page.screenshot({ path: "/tmp/shots/ch-0.png", fullPage: true });
await page.getByLabel("Adres van de gateway").fill(url);
await page.getByLabel("Gateway-id").fill(id);
await page.getByLabel("Koppelcode").fill(code);
await page.getByRole("button", { name: "Koppel" }).click();
await page.getByTestId("pending-charger").waitFor({ timeout: 20000 });
await page.screenshot({ path: "/tmp/shots/ch-1.png", fullPage: true });
await page.getByRole("button", { name: "Toelaten" }).click();
await page.getByTestId("charger-sim-laadpaal-status").waitFor({ timeout: 20000 });
await page.waitForTimeout(8000);
await page.screenshot({ path: "/tmp/shots/ch-2.png", fullPage: true });
await page.setViewportSize({ width: 390, height: 844 });
await page.screenshot({ path: "/tmp/shots/ch-phone.png", fullPage: true });
gw.kill("SIGTERM");
await h.close();
Deno.exit(0);
