import type { Messages } from "../lib/i18n/messages.ts";
import { PATHS, type Route } from "../app/browser/router.ts";

/** The main menu; links work without script too (the server serves every path). */
export function NavBar(
  props: { current: Route; t: Messages; onNavigate: (path: string) => void },
) {
  const items: Route[] = [
    "dashboard",
    "history",
    "capacity",
    "battery",
    "tariff",
    "import",
    "settings",
    "account",
  ];
  return (
    <nav class="main-nav" aria-label={props.t.nav.label}>
      {items.map((item) => (
        <a
          key={item}
          href={PATHS[item]}
          aria-current={props.current === item ? "page" : undefined}
          onClick={(event) => {
            if (event.ctrlKey || event.metaKey || event.shiftKey) return;
            event.preventDefault();
            props.onNavigate(PATHS[item]);
          }}
        >
          {props.t.nav[item]}
        </a>
      ))}
    </nav>
  );
}
