/**
 * EV charging through the gateway: pair it (or pair with a household member's EV-only code),
 * let a new charger in, and per charger its state, power, range per hour and session, start and
 * stop, and the mode and departure goal the gateway charges by. The owner can hand out an
 * EV-only code. Figures come from `lib/views/charger_page.ts`.
 */
import { useEffect, useState } from "preact/hooks";
import {
  chargers,
  evInvite,
  gatewayLink,
  gatewayScope,
  sendCharging,
} from "../app/browser/gateway.ts";
import { locale, t } from "../app/browser/i18n.ts";
import { Card } from "../components/Card.tsx";
import { DataList } from "../components/DataList.tsx";
import {
  type ChargerInstall,
  ChargerInstallModel,
  type ChargerView,
  type PendingCharger,
} from "../lib/control/protocol.ts";
import type { GridPhase } from "../lib/control/ev/charger.ts";
import {
  type ChargeMode,
  type ChargeSettings,
  ChargeSettingsModel,
  DEFAULT_CONSUMPTION_KWH_PER_100KM,
  type DepartureGoal,
} from "../lib/control/ev/settings.ts";
import { formatDateTime, formatEuro, formatNumber } from "../lib/i18n/format.ts";
import { dataVersion, loadEnergyDb } from "../app/browser/data_version.ts";
import { currentSite } from "../app/browser/site.ts";
import { ECO_ESTIMATE_DAYS } from "../lib/control/ev/eco_estimate.ts";
import { type ChargeSession, type Region, REGIONS } from "../lib/db/models.ts";
import { addDays, localDayOf } from "../lib/energy/calendar.ts";
import type { DayBucket } from "../lib/energy/day_bucket.ts";
import { tariffInForce } from "../lib/tariff/cost.ts";
import { fill } from "../lib/i18n/messages.ts";
import { canonical } from "../lib/sync/canonical.ts";
import {
  chargerFigures,
  ecoEstimateFor,
  higherPeakCost,
  nextDeparture,
  planChart,
  solarModeFigures,
} from "../lib/views/charger_page.ts";
import { PlanChart } from "../components/PlanChart.tsx";
import { ChargeSessions } from "./ChargeSessions.tsx";
import { GatewayPairing } from "./GatewayPairing.tsx";
import { NumberField } from "./NumberField.tsx";

const MODES: ChargeMode[] = [
  { mode: "fast" },
  { mode: "solar", startSurplusW: 1400, stopDelayS: 180 },
  { mode: "minSolar" },
  { mode: "eco", ecoPct: 60 },
];

type GoalKind = DepartureGoal["target"]["kind"];

function defaultGoal(kind: GoalKind, departure: string): DepartureGoal {
  const target: DepartureGoal["target"] = kind === "energy"
    ? { kind, kWh: 20 }
    : kind === "soc"
    ? { kind, pct: 80, nowPct: 30, batteryKWh: 60 }
    : { kind, km: 150, consumptionKWhPer100km: DEFAULT_CONSUMPTION_KWH_PER_100KM };
  return { departure, target };
}

/** The grid phases of a charger's L1–L3, in the orders an installer wires them. */
const ROTATIONS: [GridPhase, GridPhase, GridPhase][] = [[0, 1, 2], [1, 2, 0], [2, 0, 1]];
const PHASE_NAMES = ["L1", "L2", "L3"];

function PendingCard(props: { pending: PendingCharger }) {
  const c = t.value.charging;
  const { identity, firstSeenMs } = props.pending;
  const [install, setInstall] = useState<Required<Omit<ChargerInstall, "priority">>>({
    name: identity,
    maxA: 16,
    phases: 3,
    canSwitchPhases: false,
    phaseRotation: [0, 1, 2],
  });
  const [invalid, setInvalid] = useState(false);
  const set = (next: Partial<ChargerInstall>) => {
    setInstall({ ...install, ...next });
    setInvalid(false);
  };
  const id = `pending-${identity}`;
  return (
    <Card title={c.pendingTitle} id={id}>
      <p class="hint">{c.pendingIntro}</p>
      <p data-testid="pending-charger">
        {fill(c.pendingSeen, { identity, time: formatDateTime(locale.value, firstSeenMs) })}
      </p>
      <p class="hint">{c.installIntro}</p>
      <div class="field-grid">
        <label class="field">
          <span>{c.installName}</span>
          <input
            value={install.name}
            maxLength={120}
            onInput={(e) => set({ name: (e.currentTarget as HTMLInputElement).value })}
          />
        </label>
        <NumberField
          label={c.installMaxA}
          value={install.maxA}
          onChange={(maxA) => set({ maxA })}
        />
        <label class="field">
          <span>{c.installPhases}</span>
          <select
            value={String(install.phases)}
            onChange={(e) =>
              set({ phases: (e.currentTarget as HTMLSelectElement).value === "1" ? 1 : 3 })}
          >
            <option value="3">{c.phasesThree}</option>
            <option value="1">{c.phasesOne}</option>
          </select>
        </label>
        <label class="field">
          <span>{install.phases === 1 ? c.installOnPhase : c.installRotation}</span>
          <select
            value={String(install.phaseRotation[0])}
            onChange={(e) =>
              set({
                phaseRotation: ROTATIONS[Number((e.currentTarget as HTMLSelectElement).value)],
              })}
          >
            {ROTATIONS.map((rotation) => (
              <option key={rotation[0]} value={String(rotation[0])}>
                {install.phases === 1
                  ? PHASE_NAMES[rotation[0]]
                  : rotation.map((p) => PHASE_NAMES[p]).join(", ")}
              </option>
            ))}
          </select>
        </label>
      </div>
      {install.phases === 3 && (
        <label class="check">
          <input
            type="checkbox"
            checked={install.canSwitchPhases}
            onChange={(e) =>
              set({ canSwitchPhases: (e.currentTarget as HTMLInputElement).checked })}
          />
          {c.installSwitches}
        </label>
      )}
      {invalid && <p class="notice error" role="alert">{c.installInvalid}</p>}
      <div class="actions">
        <button
          type="button"
          class="primary"
          onClick={() => {
            const parsed = ChargerInstallModel.safeParse({
              ...install,
              name: install.name.trim() || identity,
              canSwitchPhases: install.phases === 3 && install.canSwitchPhases,
            });
            if (!parsed.success) return setInvalid(true);
            sendCharging({ type: "chargerAccept", identity, setup: parsed.data });
          }}
        >
          {c.accept}
        </button>
        <button
          type="button"
          class="secondary"
          onClick={() => sendCharging({ type: "chargerRefuse", identity })}
        >
          {c.refuse}
        </button>
      </div>
    </Card>
  );
}

function GoalFields(
  props: { goal: DepartureGoal; onChange: (goal: DepartureGoal) => void; id: string },
) {
  const c = t.value.charging;
  const { goal } = props;
  const target = goal.target;
  const set = (next: Partial<DepartureGoal["target"]>) =>
    props.onChange({ ...goal, target: { ...target, ...next } as DepartureGoal["target"] });
  return (
    <div class="field-grid">
      <label class="field">
        <span>{c.departure}</span>
        <input
          type="datetime-local"
          value={goal.departure}
          data-testid={`${props.id}-departure`}
          onInput={(e) =>
            props.onChange({ ...goal, departure: (e.currentTarget as HTMLInputElement).value })}
        />
      </label>
      {target.kind === "energy" && (
        <NumberField
          label={c.goalKWh}
          value={target.kWh}
          testId={`${props.id}-kwh`}
          onChange={(kWh) => set({ kWh })}
        />
      )}
      {target.kind === "soc" && (
        <>
          <NumberField label={c.goalPct} value={target.pct} onChange={(pct) => set({ pct })} />
          <NumberField
            label={c.goalNowPct}
            value={target.nowPct}
            onChange={(nowPct) => set({ nowPct })}
          />
          <NumberField
            label={c.goalBatteryKWh}
            value={target.batteryKWh}
            onChange={(batteryKWh) => set({ batteryKWh })}
          />
        </>
      )}
      {target.kind === "range" && (
        <>
          <NumberField
            label={c.goalKm}
            value={target.km}
            testId={`${props.id}-km`}
            onChange={(km) => set({ km })}
          />
          <NumberField
            label={c.consumption}
            value={target.consumptionKWhPer100km}
            testId={`${props.id}-consumption`}
            onChange={(consumptionKWhPer100km) => set({ consumptionKWhPer100km })}
          />
          <p class="hint">{c.consumptionHelp}</p>
        </>
      )}
    </div>
  );
}

/** What the page knows from this device's own data: the last weeks' export, the tariff, sessions. */
interface OwnData {
  grid: DayBucket[];
  capacityEurPerKWYear: number | null;
  sessions: ChargeSession[];
}

function SettingsForm(props: { view: ChargerView; own: OwnData | null }) {
  const c = t.value.charging;
  const loc = locale.value;
  const { view } = props;
  const id = `charger-${view.id}`;
  const [draft, setDraft] = useState<ChargeSettings>(view.settings);
  const [sent, setSent] = useState<ChargeSettings | null>(null);
  const [invalid, setInvalid] = useState(false);
  // The gateway's settings, when they change there (another device), unless this one is editing.
  useEffect(() => {
    if (sent === null) setDraft(view.settings);
  }, [canonical(view.settings)]);
  const edit = (next: ChargeSettings) => {
    setDraft(next);
    setSent(null);
    setInvalid(false);
  };
  const mode = draft.chargeMode;
  const help = mode.mode === "solar"
    ? fill(c.modeHelp.solar, {
      kW: formatNumber(loc, solarModeFigures(mode).startKW, 1),
      minutes: formatNumber(loc, solarModeFigures(mode).stopMinutes, 0),
    })
    : mode.mode === "eco"
    ? fill(c.modeHelp.eco, { pct: formatNumber(loc, mode.ecoPct, 0) })
    : c.modeHelp[mode.mode];
  const goalKind = draft.goal?.target.kind ?? "none";
  const refund = draft.reimbursement;
  const refundChoice = refund === null ? "none" : refund.kind === "rate" ? "rate" : refund.region;
  const own = props.own;
  const eco = mode.mode === "eco" && own
    ? ecoEstimateFor(own.grid, localDayOf(Date.now()), view, own.sessions)
    : null;
  const peakCost = own?.capacityEurPerKWYear
    ? higherPeakCost(view, own.capacityEurPerKWYear)
    : null;
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        const parsed = ChargeSettingsModel.safeParse(draft);
        if (!parsed.success) return setInvalid(true);
        sendCharging({ type: "chargeSettings", chargerId: view.id, settings: parsed.data });
        setSent(parsed.data);
      }}
    >
      <fieldset class="choice-group">
        <legend>{c.mode}</legend>
        {MODES.map((option) => (
          <label class="check" key={option.mode}>
            <input
              type="radio"
              name={`${id}-mode`}
              value={option.mode}
              checked={mode.mode === option.mode}
              onChange={() => edit({ ...draft, chargeMode: option })}
            />
            {c.modes[option.mode]}
          </label>
        ))}
      </fieldset>
      <p class="hint" id={`${id}-mode-help`}>{help}</p>
      {mode.mode === "eco" && (
        <NumberField
          label={c.ecoPct}
          value={mode.ecoPct}
          testId={`${id}-eco`}
          onChange={(ecoPct) => edit({ ...draft, chargeMode: { mode: "eco", ecoPct } })}
        />
      )}
      {eco && (
        <p class="hint" data-testid={`${id}-eco-estimate`}>
          {eco.solarKWh > 0
            ? fill(c.ecoEstimate, {
              days: String(eco.days),
              session: formatNumber(loc, eco.sessionKWh, 0),
              solar: formatNumber(loc, eco.solarKWh, 1),
              pct: String(eco.pct),
            })
            : fill(c.ecoEstimateNone, { days: String(eco.days) })}
        </p>
      )}
      <label class="field">
        <span>{c.goal}</span>
        <select
          value={goalKind}
          data-testid={`${id}-goal`}
          onChange={(e) => {
            const kind = (e.currentTarget as HTMLSelectElement).value as GoalKind | "none";
            edit({
              ...draft,
              goal: kind === "none"
                ? null
                : defaultGoal(kind, draft.goal?.departure ?? nextDeparture(Date.now())),
            });
          }}
        >
          <option value="none">{c.goalNone}</option>
          <option value="energy">{c.goalKinds.energy}</option>
          <option value="soc">{c.goalKinds.soc}</option>
          <option value="range">{c.goalKinds.range}</option>
        </select>
      </label>
      {draft.goal && (
        <GoalFields
          goal={draft.goal}
          id={id}
          onChange={(goal) => edit({ ...draft, goal })}
        />
      )}
      <label class="check">
        <input
          type="checkbox"
          checked={draft.allowHigherPeak}
          onChange={(e) =>
            edit({ ...draft, allowHigherPeak: (e.currentTarget as HTMLInputElement).checked })}
        />
        {c.allowHigherPeak}
      </label>
      {peakCost && own?.capacityEurPerKWYear && (
        <p class="hint" data-testid={`${id}-peak-cost`}>
          {fill(c.peakCost, {
            perKW: formatEuro(loc, peakCost.perKWEur),
            rate: formatEuro(loc, own.capacityEurPerKWYear),
            kW: formatNumber(loc, peakCost.carKW, 1),
            most: formatEuro(loc, peakCost.mostEur),
          })}
        </p>
      )}
      <label class="check">
        <input
          type="checkbox"
          checked={draft.allowBattery}
          onChange={(e) =>
            edit({ ...draft, allowBattery: (e.currentTarget as HTMLInputElement).checked })}
        />
        {c.allowBattery}
      </label>
      <label class="field">
        <span>{c.reimbursement}</span>
        <select
          value={refundChoice}
          data-testid={`${id}-reimbursement`}
          aria-describedby={draft.reimbursement ? `${id}-reimbursement-help` : undefined}
          onChange={(e) => {
            const value = (e.currentTarget as HTMLSelectElement).value;
            edit({
              ...draft,
              reimbursement: value === "none"
                ? null
                : value === "rate"
                ? { kind: "rate", eurPerKWh: 0.3 }
                : { kind: "creg", region: value as Region },
            });
          }}
        >
          <option value="none">{c.reimbursementNone}</option>
          {REGIONS.map((region) => (
            <option key={region} value={region}>
              {fill(c.reimbursementCreg, { region: c.regions[region] })}
            </option>
          ))}
          <option value="rate">{c.reimbursementRate}</option>
        </select>
      </label>
      {draft.reimbursement?.kind === "rate" && (
        <NumberField
          label={c.reimbursementRateField}
          value={draft.reimbursement.eurPerKWh}
          onChange={(eurPerKWh) => edit({ ...draft, reimbursement: { kind: "rate", eurPerKWh } })}
        />
      )}
      {draft.reimbursement && (
        <p class="hint" id={`${id}-reimbursement-help`}>{c.reimbursementHelp}</p>
      )}
      {invalid && <p class="notice error" role="alert">{c.invalid}</p>}
      <div class="actions">
        <button type="submit" class="primary">{c.save}</button>
        <span role="status">
          {sent && canonical(sent) === canonical(view.settings) ? c.saved : ""}
        </span>
      </div>
    </form>
  );
}

function PlanSection(props: { view: ChargerView }) {
  const c = t.value.charging;
  const loc = locale.value;
  const plan = props.view.plan;
  if (!plan) return null;
  const chart = planChart(plan, Date.now());
  const time = formatDateTime(loc, plan.departureMs);
  const kWh = (v: number) => formatNumber(loc, v, 1);
  const summary = chart.summary.kind === "nothing"
    ? c.planNothing
    : chart.summary.kind === "ready"
    ? fill(c.planReady, {
      time,
      kWh: kWh(chart.summary.plannedKWh),
      slots: String(chart.summary.slots),
    })
    : fill(c.planShort, {
      time,
      kWh: kWh(chart.summary.expectedKWh),
      short: kWh(chart.summary.shortfallKWh),
    });
  const id = `charger-${props.view.id}-plan`;
  return (
    <section class="plan" aria-labelledby={`${id}-title`} data-testid={id}>
      <h3 id={`${id}-title`}>{c.planTitle}</h3>
      <p
        data-testid={`${id}-summary`}
        class={chart.summary.kind === "short" ? "notice warn" : undefined}
        role={chart.summary.kind === "short" ? "alert" : undefined}
      >
        {summary}
      </p>
      <PlanChart chart={chart} label={summary} />
      <p class="hint">{chart.pricePoints ? c.planLegend : c.planNoPrices}</p>
    </section>
  );
}

function ChargerCard(props: { view: ChargerView; own: OwnData | null }) {
  const c = t.value.charging;
  const loc = locale.value;
  const { view } = props;
  const figures = chargerFigures(view);
  const testId = (name: string) => `charger-${view.id}-${name}`;
  const canStart = view.online && view.session === null &&
    (view.status === "carConnected" || view.status === "sleeping");
  const canStop = view.online && view.session !== null;
  return (
    <Card title={view.name || view.id} id={`charger-${view.id}-title`}>
      {view.problem && (
        <p class="notice error" role="alert" data-testid={testId("problem")}>
          {c.problems[view.problem]}
        </p>
      )}
      <DataList
        items={[
          {
            label: c.status,
            value: view.online ? c.states[view.status] : c.offline,
            testId: testId("status"),
          },
          {
            label: c.power,
            value: figures.powerKW === null ? "–" : fill(c.powerValue, {
              kW: formatNumber(loc, figures.powerKW, 1),
              phases: figures.phasesInUse === null ? "–" : String(figures.phasesInUse),
            }) + (figures.kmPerHour
              ? ` · ${fill(c.kmPerHour, { km: formatNumber(loc, figures.kmPerHour, 0) })}`
              : ""),
            testId: testId("power"),
          },
          ...(figures.session
            ? [{
              label: c.session,
              value: fill(c.sessionValue, {
                kWh: formatNumber(loc, figures.session.energyKWh, 2),
                km: formatNumber(loc, figures.session.kmAdded, 0),
              }) + (figures.session.solarPct === null
                ? ""
                : ` · ${
                  fill(c.solarShare, { pct: formatNumber(loc, figures.session.solarPct, 0) })
                }`),
              testId: testId("session"),
            }]
            : []),
        ]}
      />
      {view.reason && view.reason in c.reasons && (
        <p class="hint" data-testid={testId("reason")}>
          {c.reasons[view.reason as keyof typeof c.reasons]}
        </p>
      )}
      <div class="actions">
        {canStart && (
          <button
            type="button"
            class="primary"
            onClick={() => sendCharging({ type: "chargeStart", chargerId: view.id })}
          >
            {c.start}
          </button>
        )}
        {canStop && (
          <button
            type="button"
            class="secondary"
            onClick={() => sendCharging({ type: "chargeStop", chargerId: view.id })}
          >
            {c.stop}
          </button>
        )}
      </div>
      <PlanSection view={view} />
      <SettingsForm view={view} own={props.own} />
    </Card>
  );
}

function InviteCard() {
  const c = t.value.charging;
  const invite = evInvite.value;
  return (
    <Card title={c.inviteTitle} id="ev-invite-title">
      <p class="hint">{c.inviteIntro}</p>
      <div class="actions">
        <button type="button" class="secondary" onClick={() => sendCharging({ type: "inviteEv" })}>
          {c.invite}
        </button>
      </div>
      {invite && (
        <p role="status" data-testid="ev-invite-code">
          {fill(c.inviteCode, {
            code: invite.code,
            time: formatDateTime(locale.value, invite.expiresMs),
          })}
        </p>
      )}
    </Card>
  );
}

export function ChargingPanel() {
  const c = t.value.charging;
  const live = gatewayLink.value.kind === "live";
  const owner = gatewayScope.value === "all";
  const { chargers: list, pending } = chargers.value;
  const siteId = currentSite.value;
  const [own, setOwn] = useState<OwnData | null>(null);
  // The last three weeks' quarter-hours, the tariff and the sessions, once there is a charger.
  const hasChargers = list.length > 0;
  useEffect(() => {
    if (!hasChargers) return;
    let current = true;
    void loadEnergyDb().then(async (db) => {
      const database = await db.database();
      const today = localDayOf(Date.now());
      const [grid, versions, sessions] = await Promise.all([
        db.loadBuckets(database, siteId, "grid", addDays(today, -ECO_ESTIMATE_DAYS), today),
        db.loadTariffVersions(database, siteId),
        import("../app/browser/charge_sessions.ts").then((m) => m.loadChargeSessions(siteId)),
      ]);
      const tariff = tariffInForce(versions, today);
      if (current) {
        setOwn({
          grid: [...grid.values()],
          capacityEurPerKWYear: tariff?.distribution.capacityEurPerKWYear ?? null,
          sessions,
        });
      }
    });
    return () => {
      current = false;
    };
  }, [hasChargers, siteId, dataVersion.value]);
  return (
    <div class="dashboard charging-page">
      {(!live || (list.length === 0 && pending.length === 0)) && (
        <Card title={c.title} id="charging-title">
          <GatewayPairing intro={c.pairIntro} />
          {live && <p class="hint" data-testid="no-chargers">{c.none}</p>}
        </Card>
      )}
      {live && owner && pending.map((p) => <PendingCard key={p.identity} pending={p} />)}
      {live && list.map((view) => <ChargerCard key={view.id} view={view} own={own} />)}
      {live && owner && <InviteCard />}
      <ChargeSessions />
    </div>
  );
}
