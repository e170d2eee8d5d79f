import { WhatIfPanel } from "../islands/WhatIfPanel.tsx";

/** The household's own year replayed with more panels, a battery or another contract. */
export default function WhatIfPage() {
  return <WhatIfPanel />;
}
