/**
 * Renders static/icon.svg into the PNG icons the web manifest lists, with Debian's Chromium.
 * Run after changing the SVG: `deno run -A app/cli/render_icons.ts`.
 */
import { chromium } from "playwright-core";

const svg = await Deno.readTextFile(new URL("../../static/icon.svg", import.meta.url));
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu"],
});
const page = await browser.newPage();
const targets = [
  { file: "icon-192.png", size: 192, maskable: false },
  { file: "icon-512.png", size: 512, maskable: false },
  { file: "icon-512-maskable.png", size: 512, maskable: true },
];
for (const { file, size, maskable } of targets) {
  await page.setViewportSize({ width: size, height: size });
  // Maskable icons keep their drawing inside the central 80 % safe zone, on a full-bleed background.
  const inner = maskable ? Math.round(size * 0.8) : size;
  await page.setContent(
    `<body style="margin:0;background:${
      maskable ? "#0f3d3e" : "transparent"
    };display:grid;place-items:center;height:${size}px">
      <div style="width:${inner}px;height:${inner}px">${
      svg.replace("<svg ", `<svg width="${inner}" height="${inner}" `)
    }</div>
    </body>`,
  );
  await page.screenshot({
    path: new URL(`../../static/${file}`, import.meta.url).pathname,
    omitBackground: !maskable,
  });
}
await browser.close();
