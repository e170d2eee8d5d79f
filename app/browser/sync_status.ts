/** The sync state the header shows; the replication itself loads lazily (with RxDB). */
import { computed, effect, signal } from "@preact/signals";
import type { SyncStatus } from "../../lib/sync/replication.ts";
import { session } from "./account.ts";
import { currentSite, LOCAL_SITE } from "./site.ts";

export const syncStatus = signal<SyncStatus | null>(null);

let running: { cancel(): Promise<void> } | null = null;
let generation = 0;

/** What sync depends on; a refreshed session with the same site and access changes nothing. */
const target = computed(() => {
  const siteId = currentSite.value;
  const site = session.value?.sites.find((s) => s.id === siteId);
  return site ? `${site.id}|${site.role}|${site.scope}` : "";
});

/** Replicates the chosen site while signed in; stops for this device's own data. */
export function startSyncStatus(): () => void {
  const dispose = effect(() => {
    const key = target.value;
    const siteId = currentSite.peek();
    const site = key === "" ? undefined : session.peek()?.sites.find((s) => s.id === siteId);
    const mine = ++generation;
    void (async () => {
      await running?.cancel();
      running = null;
      if (!site || siteId === LOCAL_SITE) {
        syncStatus.value = null;
        return;
      }
      const { startSiteSync } = await import("./site_sync.ts");
      if (mine !== generation) return;
      const started = await startSiteSync(site, (status) => {
        if (mine === generation) syncStatus.value = status;
      });
      // Superseded (or stopped) while it was starting: the newer run owns the status.
      if (mine !== generation) await started.cancel();
      else running = started;
    })();
  });
  return () => {
    dispose();
    generation++; // a replication still starting is dropped when it arrives
    void running?.cancel();
    running = null;
  };
}
