import { useRegisterSW } from "virtual:pwa-register/preact";
import { t } from "../app/browser/i18n.ts";

/** Says when the app works offline, and offers a reload when a new version is waiting. */
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
