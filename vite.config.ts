import preact from "@preact/preset-vite";
import { defineConfig } from "vite";
import { VitePWA } from "vite-plugin-pwa";

export default defineConfig({
  publicDir: "static",
  build: { outDir: "dist", emptyOutDir: true, target: "es2022" },
  plugins: [
    preact(),
    VitePWA({
      registerType: "prompt",
      includeManifestIcons: false, // the glob below already precaches them
      manifest: {
        name: "Thuisenergie — P1 meter live",
        short_name: "Thuisenergie",
        description: "Je digitale meter live: vermogen, drie fasen en capaciteitstarief.",
        lang: "nl",
        start_url: "/",
        scope: "/",
        display: "standalone",
        background_color: "#f4f6f5",
        theme_color: "#0f3d3e",
        icons: [
          { src: "icon-192.png", sizes: "192x192", type: "image/png" },
          { src: "icon-512.png", sizes: "512x512", type: "image/png" },
          {
            src: "icon-512-maskable.png",
            sizes: "512x512",
            type: "image/png",
            purpose: "maskable",
          },
        ],
      },
      workbox: {
        globPatterns: ["**/*.{js,css,html,png,svg,webmanifest}"],
        navigateFallback: "/index.html",
      },
    }),
  ],
});
