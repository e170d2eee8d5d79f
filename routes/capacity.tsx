import { CapacityView } from "../islands/CapacityView.tsx";

/** The Flemish capacity tariff: running quarter, monthly peaks, yearly basis and its cost. */
export default function CapacityPage() {
  return <CapacityView />;
}
