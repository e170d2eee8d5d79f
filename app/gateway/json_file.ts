/**
 * The gateway's small state files: written whole to a new file (mode 0600: they hold token and
 * password hashes), then moved over the old one, so a crash or a full disk never leaves half a
 * file.
 */
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

export function writeJsonFile(path: string, value: unknown): void {
  mkdirSync(dirname(path), { recursive: true });
  const next = `${path}.new`;
  writeFileSync(next, JSON.stringify(value, null, 2), { mode: 0o600 });
  renameSync(next, path);
}
