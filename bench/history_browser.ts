/**
 * Imports and history views measured in headless Chromium through the real app: a one-year
 * Fluvius export into IndexedDB, the year and month views drawn from IndexedDB with their costs
 * under a tariff (the capacity basis reads the 11 months before too), and the peak JS
 * heap (page and import worker together) while a three-year export is imported. Heap samples
 * come from the DevTools protocol, attached to every target, since a worker has no
 * `performance.memory`.
 */
import { chromium, type Page } from "playwright-core";
import { staticApp } from "../app/server/static_app.ts";
import { CHROMIUM_ARGS, DIST } from "../test/e2e/harness.ts";
import { writeSyntheticExport } from "./fluvius_file.ts";

export interface HistoryBench {
  yearRows: number;
  yearImportMs: number;
  yearParseMs: number;
  yearViewMs: number[];
  monthViewMs: number[];
  threeYearRows: number;
  threeYearImportMs: number;
  threeYearPeakHeapBytes: number;
  threeYearWorkersSampled: number;
  /** After a reload: loading the database module, opening IndexedDB, then the year view. */
  coldYearViewMs: number;
}

/** Sums `Runtime.getHeapUsage` over every page and worker target, sampled until stopped. */
class HeapSampler {
  #socket: WebSocket;
  #next = 1;
  #pending = new Map<number, (result: Record<string, unknown>) => void>();
  #sessions = new Map<string, string>(); // targetId → sessionId
  peakBytes = 0;
  /** Worker targets seen: proves the import worker's heap was counted. */
  workersSeen = new Set<string>();
  #running = false;

  private constructor(socket: WebSocket) {
    this.#socket = socket;
    socket.onmessage = (event) => {
      const message = JSON.parse(event.data);
      const resolve = this.#pending.get(message.id);
      if (resolve) {
        this.#pending.delete(message.id);
        resolve(message.result ?? {});
      }
    };
  }

  static async connect(endpoint: string): Promise<HeapSampler> {
    const socket = new WebSocket(endpoint);
    await new Promise((resolve, reject) => {
      socket.onopen = resolve;
      socket.onerror = reject;
    });
    return new HeapSampler(socket);
  }

  #send(method: string, params: Record<string, unknown> = {}, sessionId?: string) {
    const id = this.#next++;
    this.#socket.send(JSON.stringify({ id, method, params, sessionId }));
    return new Promise<Record<string, unknown>>((resolve) => this.#pending.set(id, resolve));
  }

  async sample(): Promise<number> {
    const { targetInfos } = await this.#send("Target.getTargets") as {
      targetInfos: { targetId: string; type: string }[];
    };
    let total = 0;
    for (const target of targetInfos) {
      if (target.type !== "page" && target.type !== "worker") continue;
      if (target.type === "worker") this.workersSeen.add(target.targetId);
      let sessionId = this.#sessions.get(target.targetId);
      if (sessionId === undefined) {
        const attached = await this.#send("Target.attachToTarget", {
          targetId: target.targetId,
          flatten: true,
        });
        sessionId = attached.sessionId as string;
        this.#sessions.set(target.targetId, sessionId);
      }
      const usage = await this.#send("Runtime.getHeapUsage", {}, sessionId);
      total += (usage.usedSize as number | undefined) ?? 0;
    }
    this.peakBytes = Math.max(this.peakBytes, total);
    return total;
  }

  start(): void {
    this.#running = true;
    const loop = async () => {
      while (this.#running) {
        await this.sample();
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    void loop();
  }

  stop(): void {
    this.#running = false;
  }

  close(): void {
    this.#socket.close();
  }
}

async function measure(page: Page, name: string): Promise<number> {
  return await page.evaluate((n) => {
    const entries = performance.getEntriesByName(n, "measure");
    return entries[entries.length - 1]?.duration ?? NaN;
  }, name);
}

async function withBrowser<T>(run: (page: Page, url: string, profile: string) => Promise<T>) {
  const server = Deno.serve(
    { port: 0, hostname: "127.0.0.1", onListen() {} },
    staticApp(DIST).fetch,
  );
  const profile = await Deno.makeTempDir();
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: Deno.env.get("CHROMIUM_PATH") ?? "/usr/bin/chromium",
    args: [...CHROMIUM_ARGS, "--remote-debugging-port=0"],
    viewport: { width: 1280, height: 900 },
  });
  try {
    const page = context.pages()[0] ?? await context.newPage();
    return await run(page, `http://127.0.0.1:${server.addr.port}/`, profile);
  } finally {
    await context.close();
    await server.shutdown();
    await Deno.remove(profile, { recursive: true });
  }
}

async function importAndWait(page: Page, url: string, path: string): Promise<void> {
  await page.goto(`${url}import`);
  await page.getByTestId("import-file").setInputFiles(path);
  await page.getByTestId("import-summary").waitFor({ timeout: 300_000 });
}

/** A single-rate tariff with a capacity rate, set through the form: views then compute costs. */
async function setTariff(page: Page, url: string): Promise<void> {
  await page.goto(`${url}tariff`);
  const form = page.getByRole("region", { name: "Nieuwe versie" });
  const values: [string, string][] = [
    ["Afname (€/kWh)", "0,30"],
    ["Injectie (€/kWh)", "0,04"],
    ["Vaste vergoeding (€/maand)", "3"],
    ["Distributie dag/piek (€/kWh)", "0,06"],
    ["Distributie nacht/dal (€/kWh)", "0,05"],
    ["Transmissie (€/kWh)", "0,02"],
    ["Databeheer (€/jaar)", "18"],
    ["Heffingen (€/kWh)", "0,05"],
  ];
  for (const [label, value] of values) await form.getByLabel(label, { exact: true }).fill(value);
  await form.getByRole("button", { name: "Bewaar deze versie" }).click();
  await page.getByTestId("tariff-versions").waitFor();
}

async function viewTimes(page: Page, url: string, kind: "year" | "month", runs: number) {
  const label = { year: "Jaar", month: "Maand" }[kind];
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    // Start from the day view each time, so the click reads IndexedDB and redraws.
    await page.goto(`${url}history?period=day&date=2025-06-1${i}`);
    await page.locator("[data-ready=true]").waitFor();
    await page.evaluate(() => performance.clearMeasures());
    await page.getByRole("button", { name: label, exact: true }).click();
    await page.waitForFunction(
      (name) => performance.getEntriesByName(name, "measure").length > 0,
      `history-${kind}`,
    );
    times.push(await measure(page, `history-${kind}`));
  }
  return times;
}

export async function benchHistory(): Promise<HistoryBench> {
  const dir = await Deno.makeTempDir();
  const yearFile =
    `${dir}/Verbruikshistoriek_elektriciteit_541448820044159229_20250101_20251231_kwartiertotalen.csv`;
  const threeYearFile =
    `${dir}/Verbruikshistoriek_elektriciteit_541448820044159229_20230101_20251231_kwartiertotalen.csv`;
  const yearRows = await writeSyntheticExport(yearFile, "2025-01-01", "2025-12-31");
  const threeYearRows = await writeSyntheticExport(threeYearFile, "2023-01-01", "2025-12-31");
  try {
    const year = await withBrowser(async (page, url) => {
      await importAndWait(page, url, yearFile);
      const yearImportMs = await measure(page, "fluvius-import");
      const yearParseMs = await measure(page, "fluvius-parse");
      await setTariff(page, url);
      await page.goto(`${url}history?period=year&date=2025-06-01`);
      await page.waitForFunction(() => performance.getEntriesByName("history-year").length > 0);
      const coldYearViewMs = await measure(page, "history-year");
      return {
        coldYearViewMs,
        yearImportMs,
        yearParseMs,
        yearViewMs: await viewTimes(page, url, "year", 5),
        monthViewMs: await viewTimes(page, url, "month", 5),
      };
    });
    const threeYears = await withBrowser(async (page, url, profile) => {
      await page.goto(url);
      const port = (await Deno.readTextFile(`${profile}/DevToolsActivePort`)).split("\n");
      const sampler = await HeapSampler.connect(`ws://127.0.0.1:${port[0]}${port[1]}`);
      await sampler.sample();
      sampler.start();
      await importAndWait(page, url, threeYearFile);
      sampler.stop();
      await sampler.sample();
      sampler.close();
      return {
        threeYearImportMs: await measure(page, "fluvius-import"),
        threeYearPeakHeapBytes: sampler.peakBytes,
        threeYearWorkersSampled: sampler.workersSeen.size,
      };
    });
    return { yearRows, threeYearRows, ...year, ...threeYears };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}
