import { formatEuro } from "../lib/i18n/format.ts";
import type { Locale, Messages } from "../lib/i18n/messages.ts";
import type { CostLines as Lines } from "../lib/tariff/cost_lines.ts";
import { DataList } from "./DataList.tsx";

const ORDER = [
  "energyEur",
  "distributionEur",
  "capacityEur",
  "fixedEur",
  "leviesEur",
  "vatEur",
  "injectionEur",
] as const;

/**
 * A cost, line by line as on a bill: injection as a deduction, the total last — `–` when
 * `totalEur` is `null` (a quarter could not be priced: see `completeTotalEur`).
 */
export function CostLines(
  props: {
    lines: Lines;
    totalEur: number | null;
    t: Messages;
    locale: Locale;
    testId?: string;
  },
) {
  const { lines, t, locale } = props;
  return (
    <DataList
      class="cost-lines"
      items={[
        ...ORDER.map((key) => ({
          label: t.cost[key],
          value: formatEuro(locale, key === "injectionEur" ? -lines[key] : lines[key]),
          testId: props.testId ? `${props.testId}-${key}` : undefined,
        })),
        {
          label: t.cost.totalEur,
          value: props.totalEur === null ? "–" : formatEuro(locale, props.totalEur),
          testId: props.testId ? `${props.testId}-total` : undefined,
        },
      ]}
    />
  );
}
