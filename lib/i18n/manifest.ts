/**
 * The web app manifest in each language: what a phone shows when the app is installed (its name
 * under the icon, the install prompt's description). Dutch is `/manifest.webmanifest`; the page
 * points its `<link rel="manifest">` at the chosen language's.
 */
import type { Locale, Messages } from "./messages.ts";

export function manifestPath(locale: Locale): string {
  return locale === "nl" ? "/manifest.webmanifest" : `/manifest.${locale}.webmanifest`;
}

/** The manifest's fields that depend on the language; the build adds the icons. */
export function manifestTexts(locale: Locale, messages: Messages) {
  return {
    name: messages.manifest.name,
    short_name: messages.manifest.shortName,
    description: messages.manifest.description,
    lang: locale,
  };
}
