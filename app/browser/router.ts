/** Pages by path, with the History API; a page's own state lives in the query string. */
import { signal } from "@preact/signals";

export type Route =
  | "dashboard"
  | "history"
  | "capacity"
  | "battery"
  | "charging"
  | "tariff"
  | "import"
  | "settings"
  | "account"
  | "insights"
  | "whatIf";

export const PATHS: Record<Route, string> = {
  dashboard: "/",
  history: "/history",
  capacity: "/capacity",
  battery: "/battery",
  charging: "/charging",
  tariff: "/tariff",
  import: "/import",
  settings: "/settings",
  account: "/account",
  insights: "/insights",
  whatIf: "/what-if",
};

function routeOf(pathname: string): Route {
  const found = (Object.keys(PATHS) as Route[]).find((r) => PATHS[r] === pathname);
  return found ?? "dashboard";
}

/** The page shown and its query; they follow the address once `startRouter` runs. */
export const route = signal<Route>("dashboard");
export const query = signal(new URLSearchParams());

function update(): void {
  route.value = routeOf(location.pathname);
  query.value = new URLSearchParams(location.search);
}

/** Reads the address now and follows the browser's back and forward buttons. */
export function startRouter(): () => void {
  update();
  addEventListener("popstate", update);
  return () => removeEventListener("popstate", update);
}

/** Goes to a path (with its query); `replace` keeps the browser history short for small steps. */
export function navigate(path: string, replace = false): void {
  if (replace) history.replaceState(null, "", path);
  else history.pushState(null, "", path);
  update();
}

/** The history page showing `period` around `date` (a local day). */
export function historyPath(period: "day" | "week" | "month" | "year", date: string): string {
  return `${PATHS.history}?${new URLSearchParams({ period, date })}`;
}
