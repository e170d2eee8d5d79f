import type { ComponentChildren } from "preact";

/** A titled section of the dashboard. */
export function Card(
  props: { title: string; id: string; class?: string; children: ComponentChildren },
) {
  return (
    <section class={`card ${props.class ?? ""}`} aria-labelledby={props.id}>
      <h2 id={props.id}>{props.title}</h2>
      {props.children}
    </section>
  );
}
