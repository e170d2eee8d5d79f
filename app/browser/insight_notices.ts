/**
 * Which insights the user has already seen on the page and which were already sent as a browser
 * notification: each finding is told once. Kept in localStorage (per device), by finding id.
 */
import { loadSetting, saveSetting } from "./storage.ts";

const SEEN_KEY = "insightsSeen";
const NOTIFIED_KEY = "insightsNotified";

function idsOf(key: string): Set<string> {
  try {
    const value = JSON.parse(loadSetting(key) ?? "[]");
    return new Set(Array.isArray(value) ? value.filter((v) => typeof v === "string") : []);
  } catch {
    return new Set();
  }
}

function add(key: string, ids: string[]): Set<string> {
  const all = idsOf(key);
  for (const id of ids) all.add(id);
  saveSetting(key, JSON.stringify([...all]));
  return all;
}

export const seenInsights = () => idsOf(SEEN_KEY);
export const markInsightsSeen = (ids: string[]) => add(SEEN_KEY, ids);

/**
 * Shows a browser notification for each item not notified before, when the user has granted
 * permission (never asked for here: the page offers a button).
 */
export function notifyInsights(items: { id: string; title: string; text: string }[]): void {
  if (typeof Notification === "undefined" || Notification.permission !== "granted") return;
  const notified = idsOf(NOTIFIED_KEY);
  const fresh = items.filter((i) => !notified.has(i.id));
  for (const item of fresh) new Notification(item.title, { body: item.text, tag: item.id });
  add(NOTIFIED_KEY, fresh.map((i) => i.id));
}
