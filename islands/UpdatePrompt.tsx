import { useEffect } from "preact/hooks";
import { useRegisterSW } from "virtual:pwa-register/preact";
import { t } from "../app/browser/i18n.ts";

/** How long "works offline" shows before it goes away by itself. */
const OFFLINE_READY_MS = 8000;

/**
 * Says when the app works offline (then goes away by itself), and offers a reload when a new
 * version is waiting (until it is taken or dismissed).
 */
export function UpdatePrompt() {
  const {
    offlineReady: [offlineReady, setOfflineReady],
    needRefresh: [needRefresh, setNeedRefresh],
    updateServiceWorker,
  } = useRegisterSW({
    // Registered once the page has loaded, so the precache's downloads do not compete with the
    // first screen's.
    immediate: false,
  });
  useEffect(() => {
    if (!offlineReady || needRefresh) return;
    const timer = setTimeout(() => setOfflineReady(false), OFFLINE_READY_MS);
    return () => clearTimeout(timer);
  }, [offlineReady, needRefresh]);
  if (!offlineReady && !needRefresh) return null;
  const m = t.value.pwa;
  return (
    <div class="toast" role="status" data-testid={needRefresh ? "update-ready" : "offline-ready"}>
      <span>{needRefresh ? m.updateReady : m.offlineReady}</span>
      {needRefresh && (
        <button
          type="button"
          onClick={() => updateServiceWorker(true)}
        >
          {m.reload}
        </button>
      )}
      <button
        type="button"
        class="secondary"
        onClick={() => {
          setOfflineReady(false);
          setNeedRefresh(false);
        }}
      >
        {m.dismiss}
      </button>
    </div>
  );
}
