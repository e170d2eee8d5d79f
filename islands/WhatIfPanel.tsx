/**
 * The what-if page: + kWp (facing and tilt), + battery kWh and another contract, replayed on the
 * household's own stored year variant by variant (with progress), the outcomes side by side. The
 * figures come from `lib/views/what_if.ts` and `what_if_page.ts`.
 */
import { useEffect, useState } from "preact/hooks";
import { dataVersion, loadEnergyDb } from "../app/browser/data_version.ts";
import { locale, t } from "../app/browser/i18n.ts";
import { currentSite } from "../app/browser/site.ts";
import { whatIfYield } from "../app/browser/solar_model.ts";
import { Card } from "../components/Card.tsx";
import { TableScroll } from "../components/TableScroll.tsx";
import { localDayOf } from "../lib/energy/calendar.ts";
import { parseDecimal } from "../lib/i18n/decimal_input.ts";
import { comparisonPeriod } from "../lib/tariff/compare.ts";
import { fill } from "../lib/i18n/messages.ts";
import { prepareYear, runVariant, savingsOf, type WhatIfOutcome } from "../lib/views/what_if.ts";
import {
  type ContractChoice,
  contractChoices,
  DIRECTIONS,
  type WhatIfForm,
  type WhatIfTable,
  whatIfTable,
  whatIfVariants,
} from "../lib/views/what_if_page.ts";

interface Inputs {
  kWp: string;
  direction: string;
  tilt: string;
  battery: string;
  contract: string;
}

const START: Inputs = { kWp: "3", direction: "s", tilt: "35", battery: "5", contract: "" };

/** Lets the browser paint the progress between two variants. */
const nextFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));

export function WhatIfPanel() {
  const m = t.value;
  const w = m.whatIf;
  const loc = locale.value;
  const [inputs, setInputs] = useState<Inputs>(START);
  const [choices, setChoices] = useState<ContractChoice[]>([]);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [result, setResult] = useState<WhatIfTable | "empty" | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const version = dataVersion.value;
  const siteId = currentSite.value;

  useEffect(() => {
    void loadEnergyDb().then(async ({ database, loadTariffVersions }) => {
      setChoices(contractChoices(await loadTariffVersions(await database(), siteId)));
    });
  }, [version, siteId]);

  function formOf(): WhatIfForm | string {
    const number = (text: string, field: string) => {
      const value = parseDecimal(text.trim() === "" ? "0" : text);
      return value === null || value < 0 ? field : value;
    };
    const kWp = number(inputs.kWp, w.kWp);
    const tilt = number(inputs.tilt, w.tilt);
    const battery = number(inputs.battery, w.batteryKWh);
    for (const value of [kWp, tilt, battery]) if (typeof value === "string") return value;
    return {
      kWp: kWp as number,
      azimuthDeg: DIRECTIONS.find((d) => d.key === inputs.direction)!.azimuthDeg,
      tiltDeg: tilt as number,
      batteryKWh: battery as number,
      contract: choices.find((c) => c.id === inputs.contract) ?? null,
    };
  }

  async function run(event: Event) {
    event.preventDefault();
    const form = formOf();
    if (typeof form === "string") {
      setProblem(fill(w.invalid, { field: form }));
      return;
    }
    setProblem(null);
    const variants = whatIfVariants(form);
    setProgress({ done: 0, total: variants.length });
    const { database, loadBuckets, loadPriceDays, loadTariffVersions, storedPeriod } =
      await loadEnergyDb();
    const db = await database();
    const stored = await storedPeriod(db, siteId, "grid");
    if (stored === null) {
      setProgress(null);
      setResult("empty");
      return;
    }
    const { from, to } = comparisonPeriod(stored);
    const pv = [...(await loadBuckets(db, siteId, "pv", from, to)).values()];
    const year = prepareYear({
      grid: [...(await loadBuckets(db, siteId, "grid", from, to)).values()],
      pv,
      versions: await loadTariffVersions(db, siteId),
      prices: await loadPriceDays(db, from, to),
      today: localDayOf(Date.now()),
      addedYieldKWhPerKWp: await whatIfYield(siteId, pv),
    });
    if (year === null) {
      setProgress(null);
      setResult("empty");
      return;
    }
    const outcomes: WhatIfOutcome[] = [];
    for (const variant of variants) {
      await nextFrame();
      outcomes.push(runVariant(year, variant));
      setProgress({ done: outcomes.length, total: variants.length });
    }
    setResult(whatIfTable(
      { period: year.period, outcomes, savingsEur: savingsOf(outcomes) },
      form,
      m,
      loc,
    ));
    setProgress(null);
  }

  const set = (key: keyof Inputs) => (e: Event) =>
    setInputs({ ...inputs, [key]: (e.currentTarget as HTMLInputElement).value });
  const field = (key: "kWp" | "tilt" | "battery", label: string) => (
    <label class="field" for={`what-if-${key}`}>
      <span>{label}</span>
      <input
        id={`what-if-${key}`}
        type="text"
        inputMode="decimal"
        value={inputs[key]}
        onInput={set(key)}
      />
    </label>
  );
  return (
    <>
      <Card title={m.titles.whatIf} id="what-if-title" class="wide">
        <p>{w.intro}</p>
        <form onSubmit={run} data-testid="what-if-form">
          <fieldset>
            <legend>{w.solarLegend}</legend>
            <div class="field-grid">
              {field("kWp", w.kWp)}
              <label class="field" for="what-if-direction">
                <span>{w.azimuth}</span>
                <select id="what-if-direction" value={inputs.direction} onChange={set("direction")}>
                  {DIRECTIONS.map((d) => (
                    <option key={d.key} value={d.key}>{w.directions[d.key]}</option>
                  ))}
                </select>
              </label>
              {field("tilt", w.tilt)}
            </div>
          </fieldset>
          <fieldset>
            <legend>{w.batteryLegend}</legend>
            <div class="field-grid">{field("battery", w.batteryKWh)}</div>
          </fieldset>
          <fieldset>
            <legend>{w.contractLegend}</legend>
            <label class="field" for="what-if-contract">
              <span>{w.contract}</span>
              <select id="what-if-contract" value={inputs.contract} onChange={set("contract")}>
                <option value="">{w.contractNone}</option>
                {choices.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
              </select>
            </label>
          </fieldset>
          {problem && <p class="notice error" role="alert">{problem}</p>}
          <button type="submit" class="button" disabled={progress !== null}>{w.run}</button>
          {progress && (
            <p role="status" data-testid="what-if-progress">
              <progress value={progress.done} max={progress.total} aria-hidden="true" />{" "}
              {fill(w.running, { done: progress.done, total: progress.total })}
            </p>
          )}
        </form>
      </Card>
      {result === "empty" && (
        <p class="notice" role="status" data-testid="what-if-empty">{w.empty}</p>
      )}
      {result && result !== "empty" && (
        <Card title={w.caption} id="what-if-result-title" class="wide">
          <p data-testid="what-if-period">{result.period}</p>
          <TableScroll label={w.caption}>
            <table class="data-table" data-testid="what-if-table">
              <thead>
                <tr>
                  <th scope="col">{w.figure}</th>
                  {result.columns.map((c) => <th key={c} scope="col">{c}</th>)}
                </tr>
              </thead>
              <tbody>
                {result.rows.map((row) => (
                  <tr key={row.key} data-row={row.key}>
                    <th scope="row">{row.label}</th>
                    {row.cells.map((cell, i) => <td key={i}>{cell}</td>)}
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
          {result.notes.map((note) => <p key={note} class="hint">{note}</p>)}
        </Card>
      )}
    </>
  );
}
