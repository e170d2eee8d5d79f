import { InsightsPanel } from "../islands/InsightsPanel.tsx";

/** Standby consumption and the solar installation's faults, from the household's own data. */
export default function InsightsPage() {
  return <InsightsPanel />;
}
