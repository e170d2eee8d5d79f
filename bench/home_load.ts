/**
 * The home screen's load on a phone-like browser: headless Chromium with its CPU slowed 4× (the
 * DevTools protocol's `Emulation.setCPUThrottlingRate`) and a 390 × 844 mobile viewport at
 * device scale 3, with touch (`isMobile`, `hasTouch`: the persistent context emulates both). The
 * network is loopback, unthrottled: the figures are the app's own work, not a radio's.
 *
 * Two figures per load, both from the navigation's start (`performance.now()` in the page):
 * - the largest contentful paint (`PerformanceObserver`, type `largest-contentful-paint`,
 *   buffered), the last candidate before the first input;
 * - the first live value from the demo: the moment the net power (`data-testid="net-power"`)
 *   first holds a figure — taken in the animation frame after it enters the page, the frame
 *   that paints it. Two ways to start the demo, each measured:
 *   `/?demo` (the address starts the demo: no click), and the way a visitor does it — `/`, then a
 *   tap on "Demo zonder meter" as soon as the button is on screen (it is interactive when it is
 *   there: Preact binds its handler as it renders), reporting the tap's time and the value's.
 *
 * Each figure comes from several loads. A cold load has a fresh profile (no HTTP cache, no
 * service worker: the honest first visit); a warm one is a reload in the same profile once the
 * service worker has precached the app and controls the page (a later visit).
 */
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { serverApp } from "../app/server/app.ts";
import { loadConfig } from "../app/server/config.ts";
import { memoryLogger } from "../app/server/log.ts";
import { openServices } from "../app/server/services.ts";
import { CHROMIUM_ARGS, DIST } from "../test/e2e/harness.ts";

export const CPU_SLOWDOWN = 4;
export const PHONE = { width: 390, height: 844, deviceScaleFactor: 3 };

export interface HomeLoad {
  /** Largest contentful paint, ms from navigation. */
  lcpMs: number;
  /** First contentful paint, ms from navigation. */
  fcpMs: number;
  /** The demo's first net-power figure on screen, ms from navigation. */
  valueMs: number;
  /** The tap on "Demo zonder meter", ms from navigation (`null` with `/?demo`). */
  tapMs: number | null;
}

export interface HomeLoadBench {
  /** `/?demo`, fresh profile. */
  demoUrlCold: HomeLoad[];
  /** `/?demo` again in the same profile, under the service worker. */
  demoUrlWarm: HomeLoad[];
  /** `/`, then a tap on the demo button as soon as it shows; fresh profile. */
  tapCold: HomeLoad[];
  tapWarm: HomeLoad[];
}

/**
 * Runs in the page before its scripts: keeps the last LCP candidate, the first contentful paint,
 * the first tap, and the frame in which the net power first shows a figure.
 */
const PROBE = `(() => {
  const probe = { lcpMs: NaN, fcpMs: NaN, valueMs: NaN, tapMs: null };
  window.__homeLoad = probe;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) probe.lcpMs = entry.startTime;
  }).observe({ type: "largest-contentful-paint", buffered: true });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (entry.name === "first-contentful-paint") probe.fcpMs = entry.startTime;
    }
  }).observe({ type: "paint", buffered: true });
  addEventListener("pointerdown", () => { probe.tapMs ??= performance.now(); }, true);
  const check = () => {
    const value = document.querySelector('[data-testid="net-power"]');
    if (!value || !/[0-9]/.test(value.textContent ?? "")) return false;
    requestAnimationFrame(() => { probe.valueMs = performance.now(); });
    return true;
  };
  const watch = new MutationObserver(() => { if (check()) watch.disconnect(); });
  watch.observe(document, { childList: true, subtree: true, characterData: true });
})();`;

async function phoneContext(profile: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: Deno.env.get("CHROMIUM_PATH") ?? "/usr/bin/chromium",
    args: CHROMIUM_ARGS,
    viewport: { width: PHONE.width, height: PHONE.height },
    deviceScaleFactor: PHONE.deviceScaleFactor,
    isMobile: true,
    hasTouch: true,
  });
  await context.addInitScript(PROBE);
  const page = context.pages()[0] ?? await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: CPU_SLOWDOWN });
  return { context, page };
}

async function load(page: Page, url: string, tap: boolean): Promise<HomeLoad> {
  await page.goto(tap ? url : `${url}?demo`, { waitUntil: "commit" });
  if (tap) await page.getByTestId("demo").tap({ timeout: 60_000 });
  await page.waitForFunction(
    () => {
      const probe = (window as unknown as { __homeLoad: HomeLoad }).__homeLoad;
      return !Number.isNaN(probe.valueMs) && !Number.isNaN(probe.lcpMs);
    },
    null,
    { timeout: 60_000 },
  );
  return await page.evaluate(() => ({
    ...(window as unknown as { __homeLoad: HomeLoad }).__homeLoad,
  }));
}

/** One fresh profile: a cold load, then `warm` loads once the service worker controls the page. */
async function profileRuns(url: string, tap: boolean, warm: number) {
  const profile = await Deno.makeTempDir();
  const { context, page } = await phoneContext(profile);
  try {
    const cold = await load(page, url, tap);
    await page.getByTestId("offline-ready").waitFor({ timeout: 60_000 });
    const warmRuns: HomeLoad[] = [];
    for (let i = 0; i < warm; i++) {
      warmRuns.push(await load(page, url, tap));
      if (i === 0) {
        const controlled = await page.evaluate(() => navigator.serviceWorker.controller !== null);
        if (!controlled) throw new Error("the warm load was not under the service worker");
      }
    }
    return { cold, warm: warmRuns };
  } finally {
    await context.close();
    await Deno.remove(profile, { recursive: true });
  }
}

export async function benchHomeLoad(
  coldRuns = 5,
  warmRuns = 1,
  root = DIST,
): Promise<HomeLoadBench> {
  const dataDir = await Deno.makeTempDir();
  const listener = Deno.listen({ port: 0, hostname: "127.0.0.1" });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  const url = `http://127.0.0.1:${port}/`;
  const services = await openServices(
    loadConfig({ DATA_DIR: dataDir, PUBLIC_URL: url.slice(0, -1) }),
    { logger: memoryLogger(), workers: false },
  );
  const server = Deno.serve(
    { port, hostname: "127.0.0.1", onListen() {} },
    serverApp(root, services).fetch,
  );
  const result: HomeLoadBench = { demoUrlCold: [], demoUrlWarm: [], tapCold: [], tapWarm: [] };
  try {
    for (let i = 0; i < coldRuns; i++) {
      // Alternated, so a busy moment on the machine does not fall on one way only.
      {
        const byUrl = await profileRuns(url, false, warmRuns);
        result.demoUrlCold.push(byUrl.cold);
        result.demoUrlWarm.push(...byUrl.warm);
      }
      const byTap = await profileRuns(url, true, warmRuns);
      result.tapCold.push(byTap.cold);
      result.tapWarm.push(...byTap.warm);
    }
  } finally {
    services.endStreams();
    await server.shutdown();
    await services.close();
    await Deno.remove(dataDir, { recursive: true });
  }
  return result;
}

if (import.meta.main) {
  console.log(JSON.stringify(
    await benchHomeLoad(Number(Deno.args[0] ?? 2), 1, Deno.args[1] ?? DIST),
    null,
    1,
  ));
}
