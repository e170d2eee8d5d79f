/**
 * Work that can wait for a quiet moment: `requestIdleCallback` where the browser has it (Safari
 * only since 2025), a task otherwise. Returns how to cancel it.
 */
export function whenIdle(run: () => void, timeoutMs = 1000): () => void {
  if ("requestIdleCallback" in globalThis) {
    const handle = requestIdleCallback(run, { timeout: timeoutMs });
    return () => cancelIdleCallback(handle);
  }
  const handle = setTimeout(run, 0);
  return () => clearTimeout(handle);
}
