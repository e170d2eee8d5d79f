/** Pages by path, with the History API; a page's own state lives in the query string. */
import { signal } from "@preact/signals";

export type Route =
  | "dashboard"
  | "history"
  | "capacity"
  | "battery"
  | "tariff"
  | "import"
  | "settings"
  | "account";

export const PATHS: Record<Route, string> = {
  dashboard: "/",
  history: "/history",
  capacity: "/capacity",
  battery: "/battery",
  tariff: "/tariff",
  import: "/import",
  settings: "/settings",
  account: "/account",
};

function routeOf(pathname: string): Route {
  const found = (Object.keys(PATHS) as Route[]).find((r) => PATHS[r] === pathname);
  return found ?? "dashboard";
}

export const route = signal<Route>(routeOf(location.pathname));
export const query = signal(new URLSearchParams(location.search));

function update(): void {
  route.value = routeOf(location.pathname);
  query.value = new URLSearchParams(location.search);
}

/** Goes to a path (with its query); `replace` keeps the browser history short for small steps. */
export function navigate(path: string, replace = false): void {
  if (replace) history.replaceState(null, "", path);
  else history.pushState(null, "", path);
  update();
}

addEventListener("popstate", update);
