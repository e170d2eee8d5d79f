/**
 * The document's head in the user's language: the page's title ("Historiek · Thuisenergie"),
 * its description, and the web app manifest an install takes its name from.
 */
import { effect } from "@preact/signals";
import { manifestPath } from "../../lib/i18n/manifest.ts";
import { fill } from "../../lib/i18n/messages.ts";
import { locale, t } from "./i18n.ts";
import { route } from "./router.ts";

/** Keeps the head in step with the language and the page shown, until stopped. */
export function startHead(): () => void {
  return effect(() => {
    const m = t.value;
    document.title = fill(m.pageTitle, { page: m.titles[route.value], app: m.appName });
    document.querySelector('meta[name="description"]')?.setAttribute(
      "content",
      m.manifest.description,
    );
    const manifest = document.querySelector<HTMLLinkElement>('link[rel="manifest"]');
    const href = manifestPath(locale.value);
    if (manifest && manifest.getAttribute("href") !== href) manifest.setAttribute("href", href);
  });
}
