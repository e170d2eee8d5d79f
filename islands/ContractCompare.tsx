/**
 * "Last year under fixed vs day/night vs dynamic": the household's own last 12 months of data,
 * priced under three energy contracts with the grid costs and fees of the current tariff.
 */
import { useEffect, useState } from "preact/hooks";
import { loadEnergyDb } from "../app/browser/data_version.ts";
import { locale, t } from "../app/browser/i18n.ts";
import { meterReading } from "../app/browser/live_store.ts";
import { currentSite } from "../app/browser/site.ts";
import { Card } from "../components/Card.tsx";
import { TableScroll } from "../components/TableScroll.tsx";
import { capacityBasis } from "../lib/capacity/annual.ts";
import { addMonths, localDayOf } from "../lib/energy/calendar.ts";
import { withDailyTotals } from "../lib/energy/series.ts";
import { formatEuro, formatLocalDay } from "../lib/i18n/format.ts";
import { fill } from "../lib/i18n/messages.ts";
import { compareContracts, comparisonPeriod, type ContractOutcome } from "../lib/tariff/compare.ts";
import type { EnergyPrice } from "../lib/tariff/contract.ts";
import { costedDays, tariffInForce } from "../lib/tariff/cost.ts";
import { formatDecimalInput, parseDecimal } from "../lib/i18n/decimal_input.ts";
import { DYNAMIC_PRESETS } from "../lib/tariff/presets.ts";

interface Inputs {
  singleOfftake: string;
  singleInjection: string;
  dayOfftake: string;
  nightOfftake: string;
  dayInjection: string;
  nightInjection: string;
  dynamicPreset: string;
}

const EMPTY: Inputs = {
  singleOfftake: "",
  singleInjection: "",
  dayOfftake: "",
  nightOfftake: "",
  dayInjection: "",
  nightInjection: "",
  dynamicPreset: DYNAMIC_PRESETS[0].id,
};

function energiesOf(inputs: Inputs): EnergyPrice[] {
  const n = (text: string) => parseDecimal(text);
  const energies: EnergyPrice[] = [];
  const [so, si] = [n(inputs.singleOfftake), n(inputs.singleInjection)];
  if (so !== null && si !== null) {
    energies.push({ kind: "single", offtakeEurPerKWh: so, injectionEurPerKWh: si });
  }
  const [dO, nO, dI, nI] = [
    n(inputs.dayOfftake),
    n(inputs.nightOfftake),
    n(inputs.dayInjection),
    n(inputs.nightInjection),
  ];
  if (dO !== null && nO !== null && dI !== null && nI !== null) {
    energies.push({
      kind: "dayNight",
      offtakeDayEurPerKWh: dO,
      offtakeNightEurPerKWh: nO,
      injectionDayEurPerKWh: dI,
      injectionNightEurPerKWh: nI,
    });
  }
  const preset = DYNAMIC_PRESETS.find((p) => p.id === inputs.dynamicPreset);
  if (preset) {
    energies.push({
      kind: "dynamic",
      offtake: preset.offtake,
      injection: preset.injection,
      billing: preset.billing,
    });
  }
  return energies;
}

export function ContractCompare() {
  const m = t.value;
  const c = m.compare;
  const tm = m.tariff;
  const loc = locale.value;
  const [inputs, setInputs] = useState<Inputs>(EMPTY);
  const [result, setResult] = useState<
    | { from: string; to: string; days: number; outcomes: ContractOutcome[] }
    | { empty: true }
    | null
  >(null);

  // Start from the current contract's own rates where its kind matches.
  useEffect(() => {
    void loadEnergyDb().then(async ({ database, loadTariffVersions }) => {
      const versions = await loadTariffVersions(await database(), currentSite.peek());
      const energy = tariffInForce(versions, localDayOf(Date.now()))?.energy;
      if (energy?.kind === "single") {
        setInputs((i) => ({
          ...i,
          singleOfftake: formatDecimalInput(locale.peek(), energy.offtakeEurPerKWh),
          singleInjection: formatDecimalInput(locale.peek(), energy.injectionEurPerKWh),
        }));
      } else if (energy?.kind === "dayNight") {
        setInputs((i) => ({
          ...i,
          dayOfftake: formatDecimalInput(locale.peek(), energy.offtakeDayEurPerKWh),
          nightOfftake: formatDecimalInput(locale.peek(), energy.offtakeNightEurPerKWh),
          dayInjection: formatDecimalInput(locale.peek(), energy.injectionDayEurPerKWh),
          nightInjection: formatDecimalInput(locale.peek(), energy.injectionNightEurPerKWh),
        }));
      }
    });
  }, []);

  async function run(event: Event) {
    event.preventDefault();
    const {
      database,
      loadBuckets,
      loadPriceDays,
      loadTariffVersions,
      monthPeaks,
      storedPeriod,
    } = await loadEnergyDb();
    const db = await database();
    const siteId = currentSite.peek();
    const versions = await loadTariffVersions(db, siteId);
    const stored = await storedPeriod(db, siteId, "grid");
    if (!stored || versions.length === 0) {
      setResult({ empty: true });
      return;
    }
    const { from, to } = comparisonPeriod(stored);
    const grid = withDailyTotals(
      await loadBuckets(db, siteId, "grid", from, to),
      await loadBuckets(db, siteId, "grid", from, to, 1440),
    );
    // The same days and the same 12-month capacity basis as the history charges.
    const days = costedDays(from, to, localDayOf(Date.now()), (day) => grid.has(day));
    if (days.length === 0) {
      setResult({ empty: true });
      return;
    }
    const peaks = await monthPeaks(
      db,
      siteId,
      addMonths(from.slice(0, 7), -11),
      to.slice(0, 7),
      meterReading.peek(),
    );
    const outcomes = compareContracts(
      days,
      grid,
      versions,
      energiesOf(inputs),
      await loadPriceDays(db, from, to),
      (month) => capacityBasis(month, peaks).averageKW,
    );
    setResult({ from, to, days: days.length, outcomes });
  }

  const input = (key: keyof Inputs, label: string) => (
    <label class="field" for={`compare-${key}`}>
      <span>{label}</span>
      <input
        id={`compare-${key}`}
        type="text"
        inputMode="decimal"
        value={inputs[key]}
        onInput={(e) =>
          setInputs({ ...inputs, [key]: (e.currentTarget as HTMLInputElement).value })}
      />
    </label>
  );
  return (
    <Card title={c.title} id="compare-title">
      <p>{c.intro}</p>
      <form onSubmit={run}>
        <fieldset>
          <legend>{tm.single}</legend>
          <div class="field-grid">
            {input("singleOfftake", tm.offtake)}
            {input("singleInjection", tm.injection)}
          </div>
        </fieldset>
        <fieldset>
          <legend>{tm.dayNight}</legend>
          <div class="field-grid">
            {input("dayOfftake", tm.offtakeDay)}
            {input("nightOfftake", tm.offtakeNight)}
            {input("dayInjection", tm.injectionDay)}
            {input("nightInjection", tm.injectionNight)}
          </div>
        </fieldset>
        <fieldset>
          <legend>{tm.dynamic}</legend>
          <label class="field" for="compare-dynamic">
            <span>{tm.dynamicPreset}</span>
            <select
              id="compare-dynamic"
              value={inputs.dynamicPreset}
              onChange={(e) =>
                setInputs({
                  ...inputs,
                  dynamicPreset: (e.currentTarget as HTMLSelectElement).value,
                })}
            >
              {DYNAMIC_PRESETS.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
            </select>
          </label>
        </fieldset>
        <div class="actions">
          <button type="submit" class="primary">{c.run}</button>
        </div>
      </form>
      {result && "empty" in result && <p class="hint">{c.noData}</p>}
      {result && "outcomes" in result && (
        <>
          <p>
            {fill(c.period, {
              from: formatLocalDay(loc, result.from, "long"),
              to: formatLocalDay(loc, result.to, "long"),
            })}
          </p>
          <p class="hint" data-testid="compare-days">{fill(c.covered, { n: result.days })}</p>
          <TableScroll label={c.title}>
            <table class="data-table" data-testid="compare-table">
              <thead>
                <tr>
                  <th scope="col">{tm.energyKind}</th>
                  <th scope="col">{m.cost.energyEur}</th>
                  <th scope="col">{m.cost.injectionEur}</th>
                  <th scope="col">{m.cost.totalEur}</th>
                </tr>
              </thead>
              <tbody>
                {result.outcomes.map((o) => (
                  <tr key={o.energy.kind}>
                    <th scope="row">
                      {tm[o.energy.kind]}
                      {o.cheapest && <strong>{` (${c.cheapest})`}</strong>}
                      {o.unpricedSlots > 0 && (
                        <small class="hint">{` ${fill(c.unpriced, { n: o.unpricedSlots })}`}</small>
                      )}
                    </th>
                    <td>{o.totalEur === null ? "–" : formatEuro(loc, o.lines.energyEur)}</td>
                    <td>{o.totalEur === null ? "–" : formatEuro(loc, o.lines.injectionEur)}</td>
                    <td>{o.totalEur === null ? "–" : formatEuro(loc, o.totalEur)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        </>
      )}
    </Card>
  );
}
