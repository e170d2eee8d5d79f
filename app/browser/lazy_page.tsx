/**
 * A page whose code loads on first visit, so the dashboard's first bundle stays small (charts,
 * forms, zod and the XML parser come with the pages that use them).
 */
import type { ComponentType } from "preact";
import { useEffect, useState } from "preact/hooks";
import { t } from "./i18n.ts";

export function lazyPage(load: () => Promise<{ default: ComponentType }>): ComponentType {
  let loaded: ComponentType | null = null;
  return function LazyPage() {
    const [Page, setPage] = useState<ComponentType | null>(() => loaded);
    const [failed, setFailed] = useState(false);
    useEffect(() => {
      if (loaded) return;
      load().then((module) => {
        loaded = module.default;
        setPage(() => module.default);
      }).catch(() => setFailed(true));
    }, []);
    if (failed) return <p class="notice error" role="alert">{t.value.pageFailed}</p>;
    return Page ? <Page /> : <p role="status" aria-busy="true" />;
  };
}
