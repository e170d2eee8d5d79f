import { ImportPanel } from "../islands/ImportPanel.tsx";

/** Fluvius exports into the device's history. */
export default function ImportPage() {
  return <ImportPanel />;
}
