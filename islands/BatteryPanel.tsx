/**
 * The home battery: pair the gateway; its state of charge through the day, status, energy in
 * and out today and what that saved; the control mode with plain-language help and a charge-timer
 * editor; and a simulation of the chosen control over a month of the household's own data.
 */
import { useEffect, useMemo, useState } from "preact/hooks";
import { loadEnergyDb } from "../app/browser/data_version.ts";
import {
  battery,
  forgetGateway,
  gatewayControl,
  gatewayLink,
  pairedDevices,
  revokeDevice,
  sendControl,
} from "../app/browser/gateway.ts";
import { locale, t } from "../app/browser/i18n.ts";
import { meterReading } from "../app/browser/live_store.ts";
import { currentSite, LOCAL_SITE } from "../app/browser/site.ts";
import { call } from "../app/browser/api.ts";
import { SITES } from "../lib/contract/sites.ts";
import { Card } from "../components/Card.tsx";
import { DataList } from "../components/DataList.tsx";
import type { ChargeTimer, ControlSettings } from "../lib/control/decide.ts";
import {
  batterySimulation,
  type SimulationView,
  siteLimitsOf,
} from "../lib/views/battery_simulation.ts";
import { liveDayChart, simulatedDayChart } from "../lib/views/battery_chart.ts";
import { addMonths, daysInMonth, localDayOf } from "../lib/energy/calendar.ts";
import { formatEuro, formatLocalDay, formatNumber } from "../lib/i18n/format.ts";
import { fill } from "../lib/i18n/messages.ts";
import {
  batteryDaySavingsEur,
  batteryPower,
  type BatteryPrices,
  batteryPrices,
} from "../lib/views/battery_page.ts";
import { BatteryChart } from "./BatteryChart.tsx";
import { GatewayPairing } from "./GatewayPairing.tsx";
import { NumberField } from "./NumberField.tsx";
import { canonical } from "../lib/sync/canonical.ts";

const DEFAULTS: Record<ControlSettings["mode"], ControlSettings> = {
  auto: { mode: "auto" },
  balancing: { mode: "balancing", minSocPct: 10 },
  peakShaving: { mode: "peakShaving", desiredPeakW: 2500, minSocPct: 10, bufferPct: 40 },
  timers: { mode: "timers", timers: [{ start: "01:00", end: "05:00", w: 2000 }], minSocPct: 10 },
  cheapest: {
    mode: "cheapest",
    slots: 8,
    desiredPeakW: 2500,
    minSocPct: 10,
    batteryCostEurPerKWh: 0.08,
  },
};

/** The devices paired with the gateway, each with a button to unpair it. */
function PairedDevices() {
  const b = t.value.battery;
  const loc = locale.value;
  const { devices, self } = pairedDevices.value;
  const when = (ms: number | null) =>
    ms === null ? b.never : new Intl.DateTimeFormat(loc, {
      dateStyle: "medium",
      timeStyle: "short",
      timeZone: "Europe/Brussels",
    }).format(ms);
  return (
    <Card title={b.devices} id="devices-title">
      <p class="hint">{b.devicesIntro}</p>
      <ul class="version-list" data-testid="paired-devices">
        {devices.map((d) => (
          <li key={d.id}>
            <span>
              <strong>{d.label || b.unnamed}</strong>
              {d.id === self ? ` (${b.thisDevice})` : ""} —{" "}
              {fill(b.lastSeen, { time: when(d.lastUsedMs) })}
            </span>
            <button type="button" class="secondary small" onClick={() => revokeDevice(d.id)}>
              {b.revoke}
            </button>
          </li>
        ))}
      </ul>
    </Card>
  );
}

function ControlForm(props: { control: ControlSettings; onChange: (c: ControlSettings) => void }) {
  const b = t.value.battery;
  const c = props.control;
  const set = (patch: Partial<Record<string, unknown>>) =>
    props.onChange({ ...c, ...patch } as ControlSettings);
  return (
    <>
      <label class="field">
        <span>{b.mode}</span>
        <select
          data-testid="control-mode"
          value={c.mode}
          onChange={(e) =>
            props.onChange(
              DEFAULTS[(e.currentTarget as HTMLSelectElement).value as ControlSettings["mode"]],
            )}
        >
          {(Object.keys(DEFAULTS) as ControlSettings["mode"][]).map((mode) => (
            <option key={mode} value={mode}>{b.modes[mode]}</option>
          ))}
        </select>
      </label>
      <p class="hint">{b.help[c.mode]}</p>
      <div class="field-grid">
        {"desiredPeakW" in c && (
          <NumberField
            label={b.desiredPeakKW}
            value={c.desiredPeakW}
            onChange={(v) => set({ desiredPeakW: v })}
            kW
          />
        )}
        {"minSocPct" in c && (
          <NumberField
            label={b.minSocPct}
            value={c.minSocPct}
            onChange={(v) => set({ minSocPct: v })}
          />
        )}
        {"bufferPct" in c && (
          <NumberField
            label={b.bufferPct}
            value={c.bufferPct}
            onChange={(v) => set({ bufferPct: v })}
          />
        )}
        {"slots" in c && (
          <NumberField
            label={b.slots}
            value={c.slots}
            onChange={(v) => set({ slots: Math.round(v) })}
          />
        )}
        {"batteryCostEurPerKWh" in c && (
          <NumberField
            label={b.wear}
            value={c.batteryCostEurPerKWh}
            onChange={(v) => set({ batteryCostEurPerKWh: v })}
          />
        )}
      </div>
      {c.mode === "timers" && (
        <fieldset>
          <legend>{b.timer}</legend>
          {c.timers.map((timer, i) => {
            const update = (patch: Partial<ChargeTimer>) =>
              set({ timers: c.timers.map((x, j) => (j === i ? { ...x, ...patch } : x)) });
            return (
              <div class="field-grid" key={i}>
                <label class="field">
                  <span>{b.from}</span>
                  <input
                    type="time"
                    value={timer.start}
                    onInput={(e) => update({ start: (e.currentTarget as HTMLInputElement).value })}
                  />
                </label>
                <label class="field">
                  <span>{b.until}</span>
                  <input
                    type="time"
                    value={timer.end}
                    onInput={(e) => update({ end: (e.currentTarget as HTMLInputElement).value })}
                  />
                </label>
                <NumberField
                  label={b.timerKW}
                  value={timer.w}
                  onChange={(w) => update({ w })}
                  kW
                />
                <button
                  type="button"
                  class="secondary small"
                  onClick={() => set({ timers: c.timers.filter((_, j) => j !== i) })}
                >
                  {b.removeTimer}
                </button>
              </div>
            );
          })}
          <button
            type="button"
            class="secondary small"
            onClick={() =>
              set({ timers: [...c.timers, { start: "12:00", end: "14:00", w: 1500 }] })}
          >
            {b.addTimer}
          </button>
        </fieldset>
      )}
    </>
  );
}

function Simulation(props: { control: ControlSettings }) {
  const b = t.value.battery;
  const loc = locale.value;
  const [month, setMonth] = useState(localDayOf(Date.now()).slice(0, 7));
  const [capacityKWh, setCapacity] = useState(5);
  const [powerW, setPower] = useState(3000);
  const [result, setResult] = useState<
    | (SimulationView & { siteAssumed: boolean })
    | "empty"
    | null
  >(null);
  /** The simulated day the chart shows, and whether per quarter-hour. */
  const [day, setDay] = useState<string | null>(null);
  const [quarters, setQuarters] = useState(false);
  const shown = result && result !== "empty" ? result.days.find((d) => d.day === day) : undefined;
  const dayChart = useMemo(
    () => (shown ? simulatedDayChart(shown, quarters ? 15 : 60) : null),
    [shown, quarters],
  );

  async function run(event: Event) {
    event.preventDefault();
    const { database, loadBuckets, loadPriceDays, loadTariffVersions, monthPeaks } =
      await loadEnergyDb();
    const db = await database();
    const siteId = currentSite.peek();
    const grid = await loadBuckets(
      db,
      siteId,
      "grid",
      `${month}-01`,
      `${month}-${daysInMonth(month)}`,
    );
    // The site's own main fuse and phases, where the account knows them.
    const settings = siteId === LOCAL_SITE
      ? null
      : await call(SITES.get, { params: { id: siteId } }).then((r) => r.site.settings, () => null);
    const site = siteLimitsOf(settings, powerW);
    const simulated = batterySimulation({
      month,
      grid: [...grid.values()],
      control: props.control,
      battery: {
        capacityKWh,
        maxChargeW: powerW,
        maxDischargeW: powerW,
        efficiency: 0.95,
        initialSocPct: 50,
      },
      site: site.limits,
      versions: await loadTariffVersions(db, siteId),
      // The meter's own 13-month history too, as the history and the capacity page count it.
      earlierPeaks: await monthPeaks(
        db,
        siteId,
        addMonths(month, -11),
        addMonths(month, -1),
        meterReading.peek(),
      ),
      prices: await loadPriceDays(db, `${month}-01`, `${month}-${daysInMonth(month)}`),
      today: localDayOf(Date.now()),
    });
    setResult(simulated === null ? "empty" : { ...simulated, siteAssumed: site.assumed });
    setDay(simulated?.peakDay ?? null);
  }

  const kwh = (v: number) => `${formatNumber(loc, v, 1)} kWh`;
  const eur = (v: number | null) => (v === null ? "–" : formatEuro(loc, v));
  return (
    <Card title={b.simulation} id="simulation-title" class="wide">
      <p>{b.simulationIntro}</p>
      <form class="field-grid" onSubmit={run}>
        <label class="field">
          <span>{b.month}</span>
          <input
            type="month"
            value={month}
            data-testid="sim-month"
            onInput={(e) => setMonth((e.currentTarget as HTMLInputElement).value)}
          />
        </label>
        <NumberField label={b.capacity} value={capacityKWh} onChange={setCapacity} />
        <NumberField label={b.maxPowerKW} value={powerW} onChange={setPower} kW />
        <div class="actions">
          <button type="submit" class="primary">{b.run}</button>
        </div>
      </form>
      {result === "empty" && <p class="hint">{b.noMonthData}</p>}
      {result && result !== "empty" && result.siteAssumed && (
        <p class="hint" data-testid="simulation-site-assumed">{b.siteAssumed}</p>
      )}
      {result && result !== "empty" && (
        <table class="data-table" data-testid="simulation">
          <thead>
            <tr>
              <td></td>
              <th scope="col">{b.without}</th>
              <th scope="col">{b.with}</th>
            </tr>
          </thead>
          <tbody>
            {([
              [b.importKWh, kwh(result.without.importKWh), kwh(result.with.importKWh)],
              [b.exportKWh, kwh(result.without.exportKWh), kwh(result.with.exportKWh)],
              [
                b.peakKW,
                `${formatNumber(loc, result.without.peakKW, 3)} kW`,
                `${formatNumber(loc, result.with.peakKW, 3)} kW`,
              ],
              [b.capacityCost, eur(result.without.capacityEur), eur(result.with.capacityEur)],
              [b.totalCost, eur(result.without.totalEur), eur(result.with.totalEur)],
            ] as const).map(([label, a, c]) => (
              <tr key={label}>
                <th scope="row">{label}</th>
                <td>{a}</td>
                <td>{c}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {result && result !== "empty" && (
        <p class="hint" data-testid="simulation-days">
          {fill(t.value.cost.coveredDays, { n: result.without.costedDays })}
        </p>
      )}
      {result && result !== "empty" && dayChart && (
        <section aria-labelledby="sim-chart-title" class="sim-day">
          <h3 id="sim-chart-title">{b.simChart}</h3>
          <div class="field-grid">
            <label class="field">
              <span>{b.simDay}</span>
              <select
                value={day ?? ""}
                data-testid="sim-day"
                onChange={(e) =>
                  setDay((e.currentTarget as HTMLSelectElement).value)}
              >
                {result.days.map((d) => (
                  <option key={d.day} value={d.day}>
                    {formatLocalDay(loc, d.day, "weekdayLong")}
                  </option>
                ))}
              </select>
            </label>
            <label class="check">
              <input
                type="checkbox"
                checked={quarters}
                onChange={(e) =>
                  setQuarters((e.currentTarget as HTMLInputElement).checked)}
              />
              {t.value.history.quarters}
            </label>
          </div>
          <p class="hint">{b.simDayHint}</p>
          <DataList
            items={[
              {
                label: b.charged,
                value: kwh(dayChart.totals.chargedKWh),
                testId: "sim-day-charged",
              },
              {
                label: b.discharged,
                value: kwh(dayChart.totals.dischargedKWh),
                testId: "sim-day-discharged",
              },
            ]}
          />
          <BatteryChart
            view={dayChart}
            ariaLabel={fill(b.dayChart, { day: formatLocalDay(loc, dayChart.day, "weekdayLong") })}
            locale={loc}
            messages={t.value}
            id="sim-day"
          />
        </section>
      )}
    </Card>
  );
}

export function BatteryPanel() {
  const m = t.value;
  const b = m.battery;
  const loc = locale.value;
  const link = gatewayLink.value;
  const state = battery.value;
  const [draft, setDraft] = useState<ControlSettings | null>(null);
  /** The settings sent last; confirmed once the gateway answers with them. */
  const [sent, setSent] = useState<ControlSettings | null>(null);
  const [prices, setPrices] = useState<BatteryPrices | null>(null);
  useEffect(() => setDraft(gatewayControl.value), [gatewayControl.value]);
  useEffect(() => {
    void loadEnergyDb().then(async ({ database, loadTariffVersions }) => {
      const versions = await loadTariffVersions(await database(), currentSite.peek());
      setPrices(batteryPrices(versions, localDayOf(Date.now())));
    });
  }, []);
  const control = draft ?? DEFAULTS.peakShaving;
  const live = link.kind === "live";
  const savingsEur = state
    ? batteryDaySavingsEur(state, prices, gatewayControl.value?.mode ?? null)
    : null;
  const power = batteryPower(state?.batteryW ?? null);
  const [liveQuarters, setLiveQuarters] = useState(false);
  // Drawn anew when a sample arrives, not at each of the gateway's messages.
  const lastSampleMs = state?.socToday.at(-1)?.[0] ?? null;
  const lastCountersMs = state?.energyToday?.at(-1)?.[0] ?? null;
  const liveChart = useMemo(
    () => (state ? liveDayChart(state, Date.now(), liveQuarters ? 15 : 60) : null),
    [lastSampleMs, lastCountersMs, liveQuarters, state === null],
  );

  return (
    <div class="dashboard battery-page">
      <Card title={live ? b.title : b.pairTitle} id="battery-title">
        <GatewayPairing intro={b.pairIntro} />
        {live && state && (
          <>
            {state.failsafe && (
              <p class="notice warn" role="alert">
                {fill(b.failsafe, {
                  reason: state.failsafe.kind === "noTelegram"
                    ? fill(b.noTelegram, { seconds: state.failsafe.seconds })
                    : b.deviceLost,
                })}
              </p>
            )}
            {state.problem && (
              <p class="notice error" role="alert" data-testid="battery-problem">
                {b.problems[state.problem]}
              </p>
            )}
            <p class="big-figure" data-testid="battery-soc">
              {state.socPct === null ? "–" : `${formatNumber(loc, state.socPct, 0)} %`}
            </p>
            <DataList
              items={[
                {
                  label: b.status,
                  value: state.status ? b.states[state.status] : "–",
                  testId: "battery-status",
                },
                {
                  label: b.power,
                  value: power === null ? "–" : power.direction === "idle" ? b.powerIdle : fill(
                    power.direction === "charging" ? b.powerCharging : b.powerDischarging,
                    { kW: formatNumber(loc, power.kW, 2) },
                  ),
                  testId: "battery-power",
                },
                {
                  label: b.chargedToday,
                  value: state.chargedTodayKWh === null
                    ? "–"
                    : `${formatNumber(loc, state.chargedTodayKWh, 2)} kWh`,
                },
                {
                  label: b.dischargedToday,
                  value: state.dischargedTodayKWh === null
                    ? "–"
                    : `${formatNumber(loc, state.dischargedTodayKWh, 2)} kWh`,
                },
                ...(savingsEur !== null
                  ? [{ label: b.savings, value: formatEuro(loc, savingsEur) }]
                  : []),
                { label: b.decision, value: b.reasons[state.reason], testId: "battery-reason" },
              ]}
            />
            {savingsEur !== null && <p class="hint">{b.savingsHint}</p>}
            <div class="actions">
              <button type="button" class="secondary small" onClick={forgetGateway}>
                {b.forget}
              </button>
            </div>
          </>
        )}
      </Card>
      {live && <PairedDevices />}
      {live && (
        <Card title={b.control} id="control-title">
          <form
            onSubmit={(e) => {
              e.preventDefault();
              sendControl(control);
              setSent(control);
            }}
          >
            <ControlForm
              control={control}
              onChange={(c) => {
                setDraft(c);
                setSent(null);
              }}
            />
            <div class="actions">
              <button type="submit" class="primary">{b.send}</button>
              <span role="status">
                {sent && gatewayControl.value && canonical(sent) === canonical(gatewayControl.value)
                  ? b.sent
                  : ""}
              </span>
            </div>
          </form>
        </Card>
      )}
      {live && liveChart && (
        <Card title={b.socChart} id="live-chart-title" class="wide">
          <label class="check">
            <input
              type="checkbox"
              checked={liveQuarters}
              onChange={(e) => setLiveQuarters((e.currentTarget as HTMLInputElement).checked)}
            />
            {m.history.quarters}
          </label>
          <BatteryChart
            view={liveChart}
            ariaLabel={fill(b.dayChart, { day: formatLocalDay(loc, liveChart.day, "weekdayLong") })}
            locale={loc}
            messages={m}
            id="battery-day"
          />
        </Card>
      )}
      <Simulation control={control} />
    </div>
  );
}
