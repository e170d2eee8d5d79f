import type { ComponentChildren } from "preact";
import { navigate } from "../app/browser/router.ts";

/**
 * A link to a page of the app: it changes page without a reload, and still opens a new tab with
 * Ctrl, ⌘ or Shift (the server serves every path).
 */
export function AppLink(
  props: {
    href: string;
    class?: string;
    testId?: string;
    /** The link's name when its text alone does not say where it goes. */
    label?: string;
    children: ComponentChildren;
  },
) {
  return (
    <a
      href={props.href}
      class={props.class}
      data-testid={props.testId}
      aria-label={props.label}
      onClick={(event) => {
        if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
        event.preventDefault();
        navigate(props.href);
      }}
    >
      {props.children}
    </a>
  );
}
