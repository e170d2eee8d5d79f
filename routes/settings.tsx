import { StorageSettings } from "../islands/StorageSettings.tsx";

/** Device settings: storage and retention. */
export default function SettingsPage() {
  return <StorageSettings />;
}
