import { ChargingPanel } from "../islands/ChargingPanel.tsx";

/** EV charging through the gateway: chargers, modes, departure goals and sessions. */
export default function ChargingPage() {
  return <ChargingPanel />;
}
