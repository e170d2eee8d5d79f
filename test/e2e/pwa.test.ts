import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DIST, type Harness, startHarness } from "./harness.ts";

let h: Harness;

beforeEach(async () => {
  h = await startHarness();
});

afterEach(async () => {
  await h.close();
});

describe("PWA", () => {
  it("is installable: Chromium reports no installability or manifest errors", async () => {
    const { page, context } = h;
    await page.goto(h.url);
    await page.evaluate(() => navigator.serviceWorker.ready);
    const cdp = await context.newCDPSession(page);
    const { installabilityErrors } = await cdp.send("Page.getInstallabilityErrors");
    expect(installabilityErrors).toEqual([]);
    const manifest = await cdp.send("Page.getAppManifest");
    expect(manifest.errors).toEqual([]);
    const parsed = JSON.parse(manifest.data!);
    expect(parsed.icons.map((i: { sizes: string }) => i.sizes)).toEqual([
      "192x192",
      "512x512",
      "512x512",
    ]);
  });

  it("names the installed app in the chosen language, and stays installable", async () => {
    const { page, context } = h;
    await page.goto(h.url);
    await page.evaluate(() => navigator.serviceWorker.ready);
    const cdp = await context.newCDPSession(page);
    const manifest = async () => {
      const { data, errors } = await cdp.send("Page.getAppManifest");
      const { name, short_name, description, lang } = JSON.parse(data!);
      return { errors, name, short_name, description, lang };
    };
    expect(await manifest()).toEqual({
      errors: [],
      name: "Thuisenergie — P1-meter live",
      short_name: "Thuisenergie",
      description: "Je digitale meter live: vermogen, drie fasen en capaciteitstarief.",
      lang: "nl",
    });
    await page.getByTestId("language").selectOption("fr");
    await page.locator('link[rel=manifest][href="/manifest.fr.webmanifest"]').waitFor({
      state: "attached",
    });
    expect(await manifest()).toEqual({
      errors: [],
      name: "Énergie à la maison — compteur P1 en direct",
      short_name: "Mon énergie",
      description:
        "Votre compteur numérique en direct : puissance, trois phases et tarif capacitaire.",
      lang: "fr",
    });
    expect((await cdp.send("Page.getInstallabilityErrors")).installabilityErrors).toEqual([]);
    // A later visit starts with the French manifest and titles.
    await page.reload();
    await page.locator('link[rel=manifest][href="/manifest.fr.webmanifest"]').waitFor({
      state: "attached",
    });
    expect(await page.title()).toBe("Maintenant · Énergie à la maison");
    await page.getByTestId("language").selectOption("en");
    await page.locator('link[rel=manifest][href="/manifest.en.webmanifest"]').waitFor({
      state: "attached",
    });
    expect((await manifest()).name).toBe("Home Energy — P1 meter live");
    expect((await cdp.send("Page.getInstallabilityErrors")).installabilityErrors).toEqual([]);
  });

  it("works offline after the first visit", async () => {
    const { page, context } = h;
    // The page's clock under the test's hand: the notice's own timer, not the test's, runs out.
    await page.clock.install();
    await page.goto(h.url);
    await page.getByTestId("offline-ready").waitFor();
    // "Works offline" goes away by itself, and sits in the page's flow, over nothing.
    expect(await page.getByTestId("offline-ready").evaluate((e) => getComputedStyle(e).position))
      .toBe("static");
    await page.clock.fastForward(10_000);
    await page.getByTestId("offline-ready").waitFor({ state: "detached" });
    await context.setOffline(true);
    await page.reload();
    expect(await page.getByRole("heading", { level: 1 }).innerText()).toBe("Thuisenergie");
    expect(await page.title()).toBe("Nu · Thuisenergie");
    await page.getByTestId("demo").click();
    await page.getByTestId("net-power").waitFor();
    expect(await page.getByTestId("meter-id").innerText()).toBe("1SAG3101021605");
  });

  it("offers a reload when a new version is deployed", async () => {
    await h.close();
    const root = await Deno.makeTempDir();
    await new Deno.Command("cp", { args: ["-r", `${DIST}/.`, root] }).output();
    h = await startHarness({ root });
    const { page } = h;
    await page.goto(h.url);
    await page.getByTestId("offline-ready").waitFor();
    await page.reload(); // a later visit, now under the service worker's control
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    // Deploy a new version: a changed service worker script.
    await Deno.writeTextFile(`${root}/sw.js`, "\n// next release\n", { append: true });
    await page.evaluate(async () => {
      const registration = await navigator.serviceWorker.getRegistration();
      await registration!.update();
    });
    const prompt = page.getByTestId("update-ready");
    await prompt.waitFor();
    expect(await prompt.innerText()).toContain("Er is een nieuwe versie.");
    await prompt.getByRole("button", { name: "Herladen" }).click();
    await page.waitForFunction(() => navigator.serviceWorker.controller?.state === "activated");
    await page.getByTestId("demo").waitFor();
    await Deno.remove(root, { recursive: true });
  });
});
