import type { ComponentChildren } from "preact";

/**
 * A table wider than its card scrolls sideways inside it — never the page — with its first
 * column kept in view. Focusable, so a keyboard can scroll it too, and named for screen readers.
 */
export function TableScroll(props: { label: string; children: ComponentChildren }) {
  return (
    <div class="table-scroll" role="group" aria-label={props.label} tabIndex={0}>
      {props.children}
    </div>
  );
}
