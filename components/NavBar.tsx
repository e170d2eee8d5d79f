import { useState } from "preact/hooks";
import type { Messages } from "../lib/i18n/messages.ts";
import { PATHS, type Route } from "../app/browser/router.ts";

/** The four places a household opens most; the rest sit under "Meer" on a phone. */
const MAIN: Route[] = ["dashboard", "history", "capacity", "battery"];
const MORE: Route[] = [
  "charging",
  "tariff",
  "insights",
  "whatIf",
  "import",
  "settings",
  "account",
];
/** A device paired for EV charging only sees nothing of the meter: its places. */
const EV_MAIN: Route[] = ["charging", "settings", "account"];

/**
 * The main menu: a bar of every place on a wide screen; on a phone, a bottom bar with the four
 * main places and a "Meer" sheet for the rest (it shows the current place when that is one of
 * them). Links work without script too (the server serves every path).
 */
export function NavBar(
  props: { current: Route; t: Messages; evOnly?: boolean; onNavigate: (path: string) => void },
) {
  const main = props.evOnly ? EV_MAIN : MAIN;
  const more = props.evOnly ? [] : MORE;
  const [moreOpen, setMoreOpen] = useState(false);
  const link = (item: Route) => (
    <a
      key={item}
      href={PATHS[item]}
      aria-current={props.current === item ? "page" : undefined}
      onClick={(event) => {
        if (event.ctrlKey || event.metaKey || event.shiftKey) return;
        event.preventDefault();
        setMoreOpen(false);
        props.onNavigate(PATHS[item]);
      }}
    >
      {props.t.nav[item]}
    </a>
  );
  const inMore = more.includes(props.current);
  return (
    <>
      <nav class="main-nav" aria-label={props.t.nav.label}>
        {[...main, ...more].map(link)}
      </nav>
      <nav
        class="bottom-nav"
        aria-label={props.t.nav.label}
        data-testid="bottom-nav"
        onKeyDown={(event) => {
          if (event.key === "Escape") setMoreOpen(false);
        }}
      >
        {main.map(link)}
        {more.length > 0 && (
          <button
            type="button"
            class={inMore ? "more current" : "more"}
            aria-expanded={moreOpen}
            aria-controls="more-sheet"
            onClick={() => setMoreOpen(!moreOpen)}
          >
            {inMore ? props.t.nav[props.current] : props.t.nav.more}
          </button>
        )}
        {moreOpen && (
          <div id="more-sheet" class="more-sheet" data-testid="more-sheet">
            {more.map(link)}
          </div>
        )}
      </nav>
    </>
  );
}
