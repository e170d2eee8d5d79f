/** The demo: the household simulator, one telegram a second, through the same pipeline. */
import { HouseholdSimulator } from "../../lib/p1/simulator.ts";

/** Starts feeding telegrams stamped with the present time; returns a function that stops it. */
export function startDemo(onBytes: (chunk: Uint8Array) => void, intervalMs = 1000): () => void {
  const simulator = new HouseholdSimulator({ startMs: Math.floor(Date.now() / 1000) * 1000 });
  const send = () => {
    const text = simulator.next();
    const bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
    // A serial port delivers a telegram in pieces; so does the demo.
    for (let at = 0; at < bytes.length; at += 64) onBytes(bytes.subarray(at, at + 64));
  };
  send();
  const timer = setInterval(send, intervalMs);
  return () => clearInterval(timer);
}
