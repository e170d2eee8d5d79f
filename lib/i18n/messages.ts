/**
 * The app's texts in Dutch (the default, always in the first bundle), French and English (each
 * loaded on its own when chosen, so a page carries one language).
 */
import { nl } from "./nl.ts";
import type { MessageShape } from "./template.ts";

export { fill } from "./template.ts";

export const LOCALES = ["nl", "fr", "en"] as const;
export type Locale = (typeof LOCALES)[number];

export type Messages = MessageShape<typeof nl>;

export const DUTCH: Messages = nl;

/** The texts of one language: Dutch at once, the others as their own chunk. */
export async function loadMessages(locale: Locale): Promise<Messages> {
  if (locale === "fr") return (await import("./fr.ts")).fr;
  if (locale === "en") return (await import("./en.ts")).en;
  return DUTCH;
}

/** The locale to start in: a saved choice, else Dutch. */
export function initialLocale(saved: string | null): Locale {
  return (LOCALES as readonly string[]).includes(saved ?? "") ? saved as Locale : "nl";
}
