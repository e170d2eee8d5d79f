/**
 * End-to-end harness: the built PWA served on loopback by the real server, Debian's Chromium
 * driven by playwright-core in a persistent context (installability and service workers need
 * one), and a fake `navigator.serial` whose port the test feeds with bytes.
 */
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { serverApp } from "../../app/server/app.ts";
import { loadConfig } from "../../app/server/config.ts";
import { memoryLogger } from "../../app/server/log.ts";
import { openServices, type Running } from "../../app/server/services.ts";
import { freePort } from "../setup/pg_cluster.ts";

export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

export interface Harness {
  url: string;
  context: BrowserContext;
  page: Page;
  /** The server's services (a fresh SQLite database); its log holds the mailed links. */
  services: Running;
  log: ReturnType<typeof memoryLogger>;
  /** Sends the queued mail (to the log: no SMTP) and returns the last link mailed to `to`. */
  mailedLink(to: string): Promise<URL>;
  close(): Promise<void>;
}

export const DIST = new URL("../../dist", import.meta.url).pathname;

export async function startHarness(
  options: {
    fakeSerial?: boolean;
    root?: string;
    entsoeUrl?: string;
    /** A phone instead of a desktop: its screen, touch input, a mobile viewport. */
    device?: {
      viewport: { width: number; height: number };
      hasTouch?: boolean;
      isMobile?: boolean;
    };
  } = {},
): Promise<Harness> {
  const dataDir = await Deno.makeTempDir();
  const log = memoryLogger();
  const port = freePort();
  const url = `http://127.0.0.1:${port}/`;
  // The tests send the mail queue themselves (`mailedLink`), so no worker runs beside them.
  const services = await openServices(
    loadConfig({
      DATA_DIR: dataDir,
      ENTSOE_API_URL: options.entsoeUrl,
      PUBLIC_URL: url.slice(0, -1),
    }),
    { logger: log, workers: false },
  );
  const server = Deno.serve(
    { port, hostname: "127.0.0.1", onListen() {} },
    serverApp(options.root ?? DIST, services).fetch,
  );
  const profile = await Deno.makeTempDir();
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: Deno.env.get("CHROMIUM_PATH") ?? "/usr/bin/chromium",
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 900 },
    ...options.device,
  });
  if (options.fakeSerial !== false) await context.addInitScript(FAKE_SERIAL);
  const page = context.pages()[0] ?? await context.newPage();
  return {
    url,
    context,
    page,
    services,
    log,
    async mailedLink(to) {
      await services.outbox.deliver();
      const mail = log.entries.findLast((e) =>
        e.msg === "mail (no SMTP configured)" && e.to === to
      );
      if (!mail) throw new Error(`no mail to ${to}`);
      return new URL(String(mail.link));
    },
    async close() {
      await context.close();
      services.endStreams();
      await server.shutdown();
      await services.close();
      await Deno.remove(profile, { recursive: true });
      await Deno.remove(dataDir, { recursive: true });
    },
  };
}

/** A second browser (its own profile) on the same server, for two-device tests. */
export async function openBrowser(
  fakeSerial = true,
): Promise<{ context: BrowserContext; page: Page; close(): Promise<void> }> {
  const profile = await Deno.makeTempDir();
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: Deno.env.get("CHROMIUM_PATH") ?? "/usr/bin/chromium",
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 900 },
  });
  if (fakeSerial) await context.addInitScript(FAKE_SERIAL);
  const page = context.pages()[0] ?? await context.newPage();
  return {
    context,
    page,
    async close() {
      await context.close();
      await Deno.remove(profile, { recursive: true });
    },
  };
}

/**
 * A stand-in for Web Serial: one port, granted on request, whose `readable` the test feeds with
 * `__p1.feed(bytes)`. `__p1.unplug()` ends the stream as a lost device does; `__p1.plug()` brings
 * it back and fires `connect` on `navigator.serial`, as Chromium does for a granted port.
 */
const FAKE_SERIAL = `(() => {
  let controller = null;
  let plugged = true;
  const port = new EventTarget();
  port.readable = null;
  port.writable = null;
  port.getInfo = () => ({ usbVendorId: 0x0403, usbProductId: 0x6001 });
  port.open = async (options) => {
    if (!plugged) throw new DOMException("The device has been lost.", "NetworkError");
    window.__p1.openOptions = options;
    window.__p1.opens++;
    port.readable = new ReadableStream({ start(c) { controller = c; } });
  };
  port.close = async () => { port.readable = null; };
  const serial = new EventTarget();
  serial.requestPort = async () => { window.__p1.granted = true; return port; };
  serial.getPorts = async () => (window.__p1.granted ? [port] : []);
  Object.defineProperty(Navigator.prototype, "serial", { get: () => serial, configurable: true });
  window.__p1 = {
    // Chromium remembers a granted port across visits; the fake does so for the session.
    get granted() { return sessionStorage.getItem("fake-serial-granted") === "yes"; },
    set granted(value) { sessionStorage.setItem("fake-serial-granted", value ? "yes" : "no"); },
    opens: 0,
    openOptions: null,
    feed(bytes) { controller.enqueue(new Uint8Array(bytes)); },
    unplug() {
      plugged = false;
      const c = controller;
      port.readable = null;
      c.error(new DOMException("The device has been lost.", "NetworkError"));
    },
    plug() {
      plugged = true;
      serial.dispatchEvent(Object.assign(new Event("connect"), {}));
    },
  };
})();`;

/** Sends bytes to the fake port in chunks of `size`. */
export async function feedInChunks(page: Page, bytes: Uint8Array, size: number): Promise<void> {
  const chunks: number[][] = [];
  for (let at = 0; at < bytes.length; at += size) chunks.push([...bytes.subarray(at, at + size)]);
  await page.evaluate((list) => {
    for (const chunk of list) {
      (window as unknown as { __p1: { feed(b: number[]): void } }).__p1.feed(chunk);
    }
  }, chunks);
}

/**
 * Signs up in the app as a person does: the form, then the link from the mail. From `path`
 * (an invitation's page, say) the link brings the person back with the invitation.
 */
export async function signUpInApp(
  harness: Harness,
  page: Page,
  email: string,
  password: string,
  path = "account",
): Promise<void> {
  await page.goto(`${harness.url}${path}`);
  await page.getByLabel("E-mailadres").fill(email);
  await page.getByLabel("Wachtwoord").fill(password);
  await page.getByRole("button", { name: "Account maken" }).click();
  await page.getByText(`We stuurden een link naar ${email}.`, { exact: false }).waitFor();
  const link = await harness.mailedLink(email);
  await page.goto(link.toString());
  await page.getByTestId("signed-in-as").waitFor();
}
