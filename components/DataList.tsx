/** Label–value pairs, e.g. meter readings or link counters. */
export function DataList(
  props: { items: { label: string; value: string; testId?: string }[]; class?: string },
) {
  return (
    <dl class={`data-list ${props.class ?? ""}`}>
      {props.items.map((item) => (
        <div key={item.label}>
          <dt>{item.label}</dt>
          <dd data-testid={item.testId}>{item.value}</dd>
        </div>
      ))}
    </dl>
  );
}
