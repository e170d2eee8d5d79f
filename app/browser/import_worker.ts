/**
 * Parses a Fluvius export off the main thread: the file is streamed through the parser in
 * chunks (a three-year export is never one string), with progress by bytes read. The worker's
 * entry is `app/import_worker.ts`.
 */
import { FluviusError, type FluviusImport, FluviusParser } from "../../lib/fluvius/import.ts";
import type { ImportProblem } from "../../lib/i18n/problems.ts";

export type ImportWorkerMessage =
  | { kind: "progress"; readBytes: number; totalBytes: number }
  | { kind: "done"; result: FluviusImport }
  | ({ kind: "failed"; message: string } & ImportProblem);

const PROGRESS_EVERY_BYTES = 256 * 1024;

/** The worker's side of the channel: where the page's messages come in and answers go out. */
export interface ImportScope {
  onmessage: ((event: MessageEvent<{ file: File; siteId: string }>) => void) | null;
  postMessage(message: ImportWorkerMessage): void;
}

async function parse(
  file: File,
  siteId: string,
  postMessage: (message: ImportWorkerMessage) => void,
): Promise<FluviusImport> {
  const parser = new FluviusParser({ siteId });
  let readBytes = 0;
  let reported = 0;
  const counter = new TransformStream<Uint8Array<ArrayBuffer>, Uint8Array<ArrayBuffer>>({
    transform(chunk, controller) {
      readBytes += chunk.byteLength;
      if (readBytes - reported >= PROGRESS_EVERY_BYTES) {
        reported = readBytes;
        postMessage({ kind: "progress", readBytes, totalBytes: file.size });
      }
      controller.enqueue(chunk);
    },
  });
  const reader = file.stream().pipeThrough(counter).pipeThrough(new TextDecoderStream())
    .getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parser.push(value);
  }
  postMessage({ kind: "progress", readBytes, totalBytes: file.size });
  return parser.finish();
}

/** Answers every `{ file, siteId }` the page sends with progress, then the import or its error. */
export function serveImports(scope: ImportScope): void {
  const post = (message: ImportWorkerMessage) => scope.postMessage(message);
  scope.onmessage = async (event) => {
    try {
      const result = await parse(event.data.file, event.data.siteId, post);
      post({ kind: "done", result });
    } catch (error) {
      post(
        error instanceof FluviusError
          ? {
            kind: "failed",
            code: error.code,
            line: error.line,
            detail: error.detail,
            params: error.params,
            message: error.message,
          }
          : {
            kind: "failed",
            code: "unreadable",
            line: 0,
            detail: "",
            params: {},
            message: String(error),
          },
      );
    }
  };
}
