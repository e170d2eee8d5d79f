import { reading } from "../app/browser/live_store.ts";
import { ConnectPanel } from "../islands/ConnectPanel.tsx";
import { EnergySummary } from "../islands/EnergySummary.tsx";
import { SolarForecastCard } from "../islands/SolarForecastCard.tsx";
import { LiveDetails, LiveOverview } from "../islands/LiveDashboard.tsx";
import { Troubleshooting } from "../islands/Troubleshooting.tsx";

/**
 * The first screen: connect, or — once telegrams arrive — what the home does now; then today's
 * and yesterday's figures and the months; then the meter's details.
 */
export default function DashboardPage() {
  const live = reading.value !== null;
  return (
    <>
      <ConnectPanel compact={live} />
      <Troubleshooting />
      {live && <LiveOverview />}
      <EnergySummary />
      <SolarForecastCard />
      {live && <LiveDetails />}
    </>
  );
}
