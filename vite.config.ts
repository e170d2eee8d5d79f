import preact from "@preact/preset-vite";
import { defineConfig, type Plugin } from "vite";
import { type ManifestOptions, VitePWA } from "vite-plugin-pwa";
import { en } from "./lib/i18n/en.ts";
import { fr } from "./lib/i18n/fr.ts";
import { manifestPath, manifestTexts } from "./lib/i18n/manifest.ts";
import { nl } from "./lib/i18n/nl.ts";

/**
 * RxDB's free Dexie storage prints an advertisement for its paid storages to the console on the
 * first write of every page. That console is the household's and ours, for real problems: the
 * notice's condition is turned off here (only the notice's; the free version's limits stay). A
 * changed RxDB stops the build rather than let the notice back in quietly.
 */
function withoutRxdbNotice(): Plugin {
  const condition = "!shownNonPremiumLog && !(await hasPremiumFlag())";
  return {
    name: "without-rxdb-notice",
    transform(code, id) {
      if (!/rxdb[\\/].*rx-storage-instance-dexie\.js$/.test(id)) return null;
      if (!code.includes(condition)) {
        this.error(`RxDB's premium notice changed in ${id}: update withoutRxdbNotice()`);
      }
      return { code: code.replace(condition, "false"), map: null };
    },
  };
}

/** The manifest's fields that are the same in every language. */
const MANIFEST: Partial<ManifestOptions> = {
  start_url: "/",
  scope: "/",
  display: "standalone",
  background_color: "#f4f6f5",
  theme_color: "#0f3d3e",
  icons: [
    { src: "icon-192.png", sizes: "192x192", type: "image/png" },
    { src: "icon-512.png", sizes: "512x512", type: "image/png" },
    { src: "icon-512-maskable.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
  ],
};

/** The French and English manifests beside the Dutch one the PWA plugin writes. */
function manifestsPerLanguage(): Plugin {
  return {
    name: "manifests-per-language",
    apply: "build",
    generateBundle() {
      for (const [locale, messages] of [["fr", fr], ["en", en]] as const) {
        this.emitFile({
          type: "asset",
          fileName: manifestPath(locale).slice(1),
          source: JSON.stringify({ ...manifestTexts(locale, messages), ...MANIFEST }),
        });
      }
    },
  };
}

export default defineConfig({
  publicDir: "static",
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    rolldownOptions: {
      output: {
        // What the first screen needs, in one chunk: it was 23, each a request and a module to
        // set up on a slow phone. (Lazy chunks import from it, the entry included: the entry
        // must therefore not await them at its top level — see app/client.tsx.)
        codeSplitting: { groups: [{ name: "app", tags: ["$initial"] }] },
      },
    },
  },
  plugins: [
    withoutRxdbNotice(),
    manifestsPerLanguage(),
    preact(),
    VitePWA({
      registerType: "prompt",
      includeManifestIcons: false, // the glob below already precaches them
      manifest: { ...manifestTexts("nl", nl), ...MANIFEST },
      workbox: {
        globPatterns: ["**/*.{js,css,html,png,svg,webmanifest}"],
        navigateFallback: "/index.html",
      },
    }),
  ],
});
