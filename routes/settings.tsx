import { DataDeletion } from "../islands/DataDeletion.tsx";
import { DataTransfer } from "../islands/DataTransfer.tsx";
import { SolarSetupForm } from "../islands/SolarSetupForm.tsx";
import { StorageSettings } from "../islands/StorageSettings.tsx";

/**
 * Settings: the site's solar panels, storage and retention, the device's data (export,
 * restore), deleting it.
 */
export default function SettingsPage() {
  return (
    <>
      <SolarSetupForm />
      <StorageSettings />
      <DataTransfer />
      <DataDeletion />
    </>
  );
}
