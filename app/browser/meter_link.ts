/**
 * The meter's link for the whole visit: one serial connection (or the demo) that keeps reading
 * while the household moves between pages. It used to belong to the home page's panel, so
 * opening the capacity page or the history stopped the meter and the recorder with it.
 */
import { startDemo } from "./demo_source.ts";
import { endSession, feed, restartStream, setStatus, startSession } from "./live_store.ts";
import { type LineSettings, serialApi, SerialConnection } from "./serial_source.ts";

let connection: SerialConnection | null = null;
let stopDemo: (() => void) | null = null;
let resumed = false;

async function serialConnection(): Promise<SerialConnection | null> {
  if (connection) return connection;
  const serial = await serialApi();
  if (serial === null) return null;
  connection = new SerialConnection(serial, feed, setStatus, restartStream);
  return connection;
}

/** A port granted in an earlier visit reconnects without asking — once per visit. */
export async function resumeMeterLink(settings: LineSettings): Promise<void> {
  if (resumed) return;
  resumed = true;
  const conn = await serialConnection();
  if (conn && (await conn.resume(settings))) startSession();
}

/** Asks for a port (call from a click) and starts reading it. */
export async function connectMeter(settings: LineSettings): Promise<void> {
  stopDemo?.();
  stopDemo = null;
  const conn = await serialConnection();
  if (conn === null) return;
  startSession();
  await conn.choose(settings);
}

export async function startDemoLink(): Promise<void> {
  await connection?.stop();
  stopDemo?.();
  startSession();
  setStatus({ kind: "demo" });
  stopDemo = startDemo(feed);
}

export async function disconnectMeter(): Promise<void> {
  stopDemo?.();
  stopDemo = null;
  await connection?.stop();
  endSession();
  setStatus({ kind: "idle" });
}
