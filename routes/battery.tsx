import { BatteryPanel } from "../islands/BatteryPanel.tsx";

/** The home battery through the gateway, its control, and a simulation on stored data. */
export default function BatteryPage() {
  return <BatteryPanel />;
}
