import { reading } from "../app/browser/live_store.ts";
import { ConnectPanel } from "../islands/ConnectPanel.tsx";
import { EnergySummary } from "../islands/EnergySummary.tsx";
import { LiveDashboard } from "../islands/LiveDashboard.tsx";
import { Troubleshooting } from "../islands/Troubleshooting.tsx";

/** The first screen: connect, or — once telegrams arrive — the live dashboard; then history. */
export default function DashboardPage() {
  const live = reading.value !== null;
  return (
    <>
      <ConnectPanel compact={live} />
      <Troubleshooting />
      {live && <LiveDashboard />}
      <EnergySummary />
    </>
  );
}
