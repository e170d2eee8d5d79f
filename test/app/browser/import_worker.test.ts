import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  type ImportScope,
  type ImportWorkerMessage,
  serveImports,
} from "../../../app/browser/import_worker.ts";

const SAMPLE =
  "Verbruikshistoriek_elektriciteit_541448820044159229_20240329_20240402_kwartiertotalen.csv";

/** A worker's global as `serveImports` sees it: it answers what is sent, and keeps the answers. */
function scope() {
  const posted: ImportWorkerMessage[] = [];
  const worker: ImportScope = { onmessage: null, postMessage: (m) => posted.push(m) };
  serveImports(worker);
  const send = async (file: File) => {
    await worker.onmessage!(new MessageEvent("message", { data: { file, siteId: "local" } }));
    return posted;
  };
  return { send };
}

describe("the import worker", () => {
  it("answers a Fluvius export with its progress and then the import", async () => {
    const bytes = readFileSync(new URL(`../../fixtures/fluvius/${SAMPLE}`, import.meta.url));
    const posted = await scope().send(new File([bytes], SAMPLE));
    expect(posted.at(-2)).toEqual({
      kind: "progress",
      readBytes: bytes.byteLength,
      totalBytes: bytes.byteLength,
    });
    const done = posted.at(-1)!;
    expect(done.kind).toBe("done");
    if (done.kind !== "done") return;
    expect(done.result.ean).toBe("541448820044159229");
    expect(done.result.buckets.map((b) => b.day)).toContain("2024-03-31");
    expect(done.result.buckets.every((b) => b.siteId === "local")).toBe(true);
  });

  it("answers a file that is no Fluvius export with the parser's reason", async () => {
    const posted = await scope().send(new File(["hello;world\n1;2\n"], "other.csv"));
    // The header alone tells: no progress comes first.
    expect(posted).toHaveLength(1);
    expect(posted[0]).toMatchObject({ kind: "failed", code: "notFluvius", line: 1 });
  });
});
