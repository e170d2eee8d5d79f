/**
 * Where the solar model plugs into the insights and what-if pages — the two seams, and only
 * these, for the lead to wire once the model (lib/solar: sun position, clear sky, transposition,
 * `clearSkyGroupW`, the forecast from observed weather) is merged:
 *
 * - `whatIfYield`: kWh one kWp of added panels makes per quarter in a given orientation. Until the
 *   model is here, a typical Belgian yield (`typicalBelgianYield`). Wire: the clear-sky model for
 *   the site's location and the orientation, scaled to the site's measured yield (or to the
 *   typical one where no pv is measured) — and drop the page's `yieldNote`.
 * - `faultExpectation`: per instant, the site's expected AC power under the observed weather and
 *   the clear-sky index then, plus the inverter's AC limit (sum of the groups'). Until the model
 *   is here, `null`: the insights page says the panel groups are needed.
 */
import type { SolarExpectation } from "../../lib/views/insights_page.ts";
import { typicalBelgianYield, type YieldKWhPerKWp } from "../../lib/views/what_if.ts";

export function whatIfYield(_siteId: string): Promise<YieldKWhPerKWp> {
  return Promise.resolve(typicalBelgianYield);
}

export function faultExpectation(_siteId: string): Promise<SolarExpectation | null> {
  return Promise.resolve(null);
}
