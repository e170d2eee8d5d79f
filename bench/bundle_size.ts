/** The dashboard route's initial JavaScript: what index.html loads before anything is lazy. */
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";

export interface BundleSize {
  initialFiles: string[];
  initialBytes: number;
  initialGzipBytes: number;
  allJsGzipBytes: number;
}

const gzip = (bytes: Uint8Array) => gzipSync(bytes, { level: 9 }).length;

export function measureBundle(dist = new URL("../dist/", import.meta.url)): BundleSize {
  const html = readFileSync(new URL("index.html", dist), "utf8");
  const entry = [...html.matchAll(/<script[^>]+type="module"[^>]+src="\/?([^"]+)"/g)].map((m) =>
    m[1]
  );
  const preloads = [...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="\/?([^"]+)"/g)]
    .map((m) => m[1]);
  const registerSw = [...html.matchAll(/<script[^>]+src="\/?(registerSW\.js)"/g)].map((m) => m[1]);
  const initialFiles = [...new Set([...entry, ...preloads, ...registerSw])];
  if (initialFiles.length === 0) throw new Error("no module script in dist/index.html");
  let initialBytes = 0;
  let initialGzipBytes = 0;
  for (const file of initialFiles) {
    const bytes = readFileSync(new URL(file, dist));
    initialBytes += bytes.length;
    initialGzipBytes += gzip(bytes);
  }
  let allJsGzipBytes = 0;
  for (const entry of Deno.readDirSync(new URL("assets/", dist))) {
    if (entry.name.endsWith(".js")) {
      allJsGzipBytes += gzip(readFileSync(new URL(`assets/${entry.name}`, dist)));
    }
  }
  return { initialFiles, initialBytes, initialGzipBytes, allJsGzipBytes };
}
