import { HistoryView } from "../islands/HistoryView.tsx";

/** Charts of the stored quarter-hours by day, week, month and year. */
export default function HistoryPage() {
  return <HistoryView />;
}
