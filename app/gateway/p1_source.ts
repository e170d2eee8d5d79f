/**
 * Where the gateway's telegrams come from: a raw TCP telegram stream (ser2net, ESP dongles) or a
 * serial device (set to 115200 8N1 or 9600 7E1 with `stty`). Both reconnect on their own.
 */
import { isValidReading, P1Decoder } from "../../lib/p1/decoder.ts";
import type { Reading } from "../../lib/p1/reading.ts";

export interface P1Source {
  stop(): void;
}

async function pump(
  open: () => Promise<ReadableStream<Uint8Array>>,
  onReading: (reading: Reading) => void,
  onError: (error: unknown) => void,
  signal: AbortSignal,
): Promise<void> {
  let pauseMs = 500;
  while (!signal.aborted) {
    try {
      const decoder = new P1Decoder((reading) => {
        if (isValidReading(reading)) onReading(reading);
      });
      const reader = (await open()).getReader();
      signal.addEventListener("abort", () => reader.cancel().catch(() => {}), { once: true });
      pauseMs = 500;
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        decoder.push(value);
      }
    } catch (error) {
      if (!signal.aborted) onError(error);
    }
    if (signal.aborted) return;
    await new Promise((r) => setTimeout(r, pauseMs));
    pauseMs = Math.min(pauseMs * 2, 10_000);
  }
}

export function tcpSource(
  host: string,
  port: number,
  onReading: (reading: Reading) => void,
  onError: (error: unknown) => void = () => {},
): P1Source {
  const abort = new AbortController();
  void pump(
    async () => (await Deno.connect({ hostname: host, port })).readable,
    onReading,
    onError,
    abort.signal,
  );
  return { stop: () => abort.abort() };
}

export function serialSource(
  path: string,
  line: "115200-8N1" | "9600-7E1",
  onReading: (reading: Reading) => void,
  onError: (error: unknown) => void = () => {},
): P1Source {
  const abort = new AbortController();
  const stty = line === "115200-8N1"
    ? ["115200", "cs8", "-parenb", "-cstopb"]
    : ["9600", "cs7", "parenb", "-parodd", "-cstopb"];
  void pump(
    async () => {
      const { code } = await new Deno.Command("stty", {
        args: ["-F", path, ...stty, "raw", "-echo"],
      }).output();
      if (code !== 0) throw new Error(`cannot set up ${path}`);
      return (await Deno.open(path, { read: true })).readable;
    },
    onReading,
    onError,
    abort.signal,
  );
  return { stop: () => abort.abort() };
}
