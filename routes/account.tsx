import { AccountPanel } from "../islands/AccountPanel.tsx";

/** Account, sites, members and sync. */
export default function AccountPage() {
  return <AccountPanel />;
}
