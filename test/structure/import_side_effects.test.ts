/**
 * Importing a module starts nothing: no timer, no listener on the page, no read of stored
 * settings. Work begins in the `start…` functions `app/client.tsx` calls, in its order, so a
 * module can be imported (by a page, a test, a worker) without starting a second copy of it.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { importsOf, ROOT, sourceFiles } from "./source_files.ts";

const MODULES = [...sourceFiles("app/browser"), ...sourceFiles("lib")];
/**
 * The packages those modules import. They are loaded before the watch begins: what a library does
 * at import is its own (Dexie listens for page hide/show and its storage events as it loads,
 * which is one reason the database modules load lazily).
 */
const PACKAGES = [
  ...new Set(MODULES.flatMap(importsOf).filter((name) => !existsSync(join(ROOT, name)))),
];

/** A stand-in event target whose `addEventListener` is watched. */
function watchedTarget(extra: Record<string, unknown> = {}) {
  return { addEventListener: vi.fn(), removeEventListener: vi.fn(), ...extra };
}

const serial = watchedTarget();
const page = {
  window: vi.spyOn(globalThis, "addEventListener"),
  document: watchedTarget({ documentElement: {}, visibilityState: "visible" }),
  navigator: watchedTarget({
    userAgent: "test",
    language: "nl-BE",
    serial,
    storage: {},
  }),
  localStorage: { getItem: vi.fn(() => null), setItem: vi.fn() },
};

function listenersAdded(): string[] {
  return [
    ...page.window.mock.calls.map((c) => `window:${String(c[0])}`),
    ...page.document.addEventListener.mock.calls.map((c) => `document:${String(c[0])}`),
    ...page.navigator.addEventListener.mock.calls.map((c) => `navigator:${String(c[0])}`),
    ...serial.addEventListener.mock.calls.map((c) => `navigator.serial:${String(c[0])}`),
  ];
}

function settingsRead(): number {
  return page.localStorage.getItem.mock.calls.length + page.localStorage.setItem.mock.calls.length;
}

beforeAll(async () => {
  for (const name of PACKAGES) await import(/* @vite-ignore */ name);
  vi.useFakeTimers();
  vi.stubGlobal("document", page.document);
  vi.stubGlobal("navigator", page.navigator);
  vi.stubGlobal("localStorage", page.localStorage);
  vi.stubGlobal("location", { pathname: "/", search: "" });
});

afterAll(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  page.window.mockRestore();
});

describe("importing a module", () => {
  it("covers every module of app/browser and lib", () => {
    expect(MODULES).toContain("app/browser/recorder.ts");
    expect(MODULES).toContain("app/browser/router.ts");
    expect(MODULES).toContain("lib/db/database.ts");
    expect(MODULES.length).toBeGreaterThan(60);
  });

  for (const file of MODULES) {
    it(`${file} starts no timer and adds no listener`, async () => {
      const timersBefore = vi.getTimerCount();
      const listenersBefore = listenersAdded().length;
      const settingsBefore = settingsRead();
      await import(/* @vite-ignore */ join(ROOT, file));
      expect(vi.getTimerCount() - timersBefore).toBe(0);
      expect(listenersAdded().slice(listenersBefore)).toEqual([]);
      expect(settingsRead() - settingsBefore).toBe(0);
    });
  }

  it("notices a timer and a listener (the watch works)", () => {
    const timersBefore = vi.getTimerCount();
    const listenersBefore = listenersAdded().length;
    const timer = setInterval(() => {}, 1000);
    addEventListener("pagehide", () => {});
    page.document.addEventListener("visibilitychange", () => {});
    expect(vi.getTimerCount() - timersBefore).toBe(1);
    expect(listenersAdded().slice(listenersBefore)).toEqual([
      "window:pagehide",
      "document:visibilitychange",
    ]);
    clearInterval(timer);
  });
});

describe("starting", () => {
  it("the router listens for back and forward until stopped", async () => {
    const { route, startRouter } = await import("../../app/browser/router.ts");
    vi.stubGlobal("location", { pathname: "/history", search: "?period=week" });
    const before = page.window.mock.calls.length;
    const stop = startRouter();
    expect(route.value).toBe("history");
    expect(page.window.mock.calls.slice(before).map((c) => c[0])).toEqual(["popstate"]);
    const removed = vi.spyOn(globalThis, "removeEventListener");
    stop();
    expect(removed.mock.calls.map((c) => c[0])).toEqual(["popstate"]);
    removed.mockRestore();
  });

  it("the recorder runs its minute clock and page listeners until stopped", async () => {
    const { startRecorder } = await import("../../app/browser/recorder.ts");
    const { RawStore } = await import("../../app/browser/raw_store.ts");
    const timersBefore = vi.getTimerCount();
    const listenersBefore = listenersAdded().length;
    // A raw store that is never opened: nothing is recorded here.
    const raw = Object.assign(Object.create(RawStore.prototype), {
      prune: vi.fn(() => Promise.resolve(0)),
      flush: vi.fn(() => Promise.resolve(0)),
    });
    const recorder = startRecorder(raw);
    expect(vi.getTimerCount() - timersBefore).toBe(1);
    expect(listenersAdded().slice(listenersBefore)).toEqual([
      "window:pagehide",
      "document:visibilitychange",
    ]);
    expect(raw.prune).toHaveBeenCalledTimes(1);
    await recorder.stop();
    expect(vi.getTimerCount()).toBe(timersBefore);
    expect(page.document.removeEventListener.mock.calls.map((c) => c[0])).toContain(
      "visibilitychange",
    );
  });
});
