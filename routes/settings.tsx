import { DataDeletion } from "../islands/DataDeletion.tsx";
import { DataTransfer } from "../islands/DataTransfer.tsx";
import { StorageSettings } from "../islands/StorageSettings.tsx";

/** Device settings: storage and retention, the device's data (export, restore), deleting it. */
export default function SettingsPage() {
  return (
    <>
      <StorageSettings />
      <DataTransfer />
      <DataDeletion />
    </>
  );
}
