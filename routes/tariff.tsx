import { ContractCompare } from "../islands/ContractCompare.tsx";
import { PricesPanel } from "../islands/PricesPanel.tsx";
import { TariffEditor } from "../islands/TariffEditor.tsx";

/** The contract, day-ahead prices, and what other contracts would have cost. */
export default function TariffPage() {
  return (
    <>
      <TariffEditor />
      <PricesPanel />
      <ContractCompare />
    </>
  );
}
