import { fill, type Messages } from "../lib/i18n/messages.ts";

/** The large circle: net grid power, orange while importing, green while exporting. */
export function PowerCircle(
  props: {
    direction: "import" | "export" | "balanced";
    /** How far the ring is drawn, 0…1. */
    fraction: number;
    /** The power's number and unit (`powerParts`). */
    value: string;
    unit: string;
    tariffName: string | null;
    t: Messages;
  },
) {
  const { direction, fraction, t } = props;
  const label = direction === "import"
    ? t.dashboard.importing
    : direction === "export"
    ? t.dashboard.exporting
    : t.dashboard.balanced;
  const circumference = 2 * Math.PI * 90;
  return (
    <figure class={`power-circle ${direction}`} data-testid="power-circle">
      <svg viewBox="0 0 200 200" aria-hidden="true">
        <circle class="track" cx="100" cy="100" r="90" />
        <circle
          class="level"
          cx="100"
          cy="100"
          r="90"
          stroke-dasharray={`${fraction * circumference} ${circumference}`}
          transform="rotate(-90 100 100)"
        />
      </svg>
      <figcaption>
        <span class="value" data-testid="net-power">{props.value}</span>
        <span class="unit" data-testid="net-power-unit">{props.unit}</span>
        <span class="direction">{label}</span>
        {props.tariffName && (
          <span class="tariff" data-testid="tariff">
            {fill(t.dashboard.tariff, { name: props.tariffName })}
          </span>
        )}
      </figcaption>
    </figure>
  );
}
