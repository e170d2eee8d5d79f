/**
 * The live state of the meter as signals: the latest valid reading, link health and connection
 * status. Every source (Web Serial, the demo) feeds bytes into the same decoder; a meter's readings
 * go on to the recorder `startRecording` was given.
 */
import { batch, computed, signal } from "@preact/signals";
import { isValidReading, P1Decoder } from "../../lib/p1/decoder.ts";
import { type LinkHealth, LinkMonitor } from "../../lib/p1/link_health.ts";
import type { Reading } from "../../lib/p1/reading.ts";
import type { ConnectionStatus } from "./serial_source.ts";

export const reading = signal<Reading | null>(null);
export const status = signal<ConnectionStatus>({ kind: "idle" });
export const health = signal<LinkHealth | null>(null);
/**
 * The latest reading of the household's own meter (by cable or through the gateway), never the
 * demo's: what stored figures (peaks, costs) may take from the meter.
 */
export const meterReading = computed(() => status.value.kind === "demo" ? null : reading.value);
/** Whether a source is feeding bytes now (connected, reconnecting or demo). */
export const active = computed(() => {
  const kind = status.value.kind;
  return kind === "connecting" || kind === "connected" || kind === "reconnecting" ||
    kind === "demo";
});

let monitor = new LinkMonitor();
let record: ((reading: Reading) => void) | null = null;

/** Hands every valid reading of a real meter to `recorder` (one at a time) until stopped. */
export function startRecording(recorder: (reading: Reading) => void): () => void {
  record = recorder;
  return () => {
    if (record === recorder) record = null;
  };
}

let decoder = newDecoder();
let healthTimer: ReturnType<typeof setInterval> | null = null;

function newDecoder(): P1Decoder {
  return new P1Decoder((next) => {
    monitor.telegram(Date.now());
    if (isValidReading(next)) {
      reading.value = next;
      // Demo telegrams are not the household's: only a real meter is recorded.
      if (status.value.kind !== "demo") record?.(next);
    }
    refreshHealth();
  });
}

function refreshHealth(): void {
  health.value = monitor.health(decoder.stats, Date.now());
}

/** Bytes from whichever source is connected. */
export function feed(chunk: Uint8Array): void {
  decoder.push(chunk);
}

/** The source's bytes start afresh (a port reopened): a telegram under way is dropped. */
export function restartStream(): void {
  decoder.restart();
}

/** A new source starts: fresh counters, the health clock ticking once a second. */
export function startSession(): void {
  batch(() => {
    monitor = new LinkMonitor();
    decoder = newDecoder();
    monitor.connected(Date.now());
    reading.value = null;
    refreshHealth();
  });
  if (healthTimer === null) healthTimer = setInterval(refreshHealth, 1000);
}

export function endSession(): void {
  if (healthTimer !== null) clearInterval(healthTimer);
  healthTimer = null;
}

export function setStatus(next: ConnectionStatus): void {
  status.value = next;
}

/**
 * A reading that came parsed from the gateway, shown when no cable (and no demo) feeds this device:
 * with both, the two sources' readings would take turns on the screen, each a moment apart.
 */
export function showGatewayReading(next: Reading): void {
  const kind = status.value.kind;
  if (kind === "connected" || kind === "connecting" || kind === "demo") return;
  batch(() => {
    reading.value = next;
    status.value = { kind: "gateway" };
  });
}
