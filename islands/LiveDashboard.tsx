import { locale, t } from "../app/browser/i18n.ts";
import { capacityLimitKW } from "../app/browser/capacity_limit.ts";
import { health, reading } from "../app/browser/live_store.ts";
import { CapacityGauge } from "../components/CapacityGauge.tsx";
import { Card } from "../components/Card.tsx";
import { DataList } from "../components/DataList.tsx";
import { PhaseTable } from "../components/PhaseTable.tsx";
import { PowerCircle } from "../components/PowerCircle.tsx";
import {
  formatDateTime,
  formatEnergy,
  formatNumber,
  formatPower,
  powerParts,
} from "../lib/i18n/format.ts";
import { fill, type Locale, type Messages } from "../lib/i18n/messages.ts";
import { tariffName } from "../lib/p1/reading.ts";
import {
  type EnergyFlow as EnergyFlowView,
  energyFlow,
  flowSourcesOf,
} from "../lib/views/energy_flow.ts";
import { liveDashboard } from "../lib/views/live_dashboard.ts";
import { EnergyFlow } from "../components/EnergyFlow.tsx";
import { battery, gatewayControl, pvStatus } from "../app/browser/gateway.ts";
import { PATHS } from "../app/browser/router.ts";
import { AppLink } from "../components/AppLink.tsx";

/**
 * What the home does now, at a glance: net power, the energy flows, the running capacity quarter
 * and, with a paired gateway, the battery.
 */
export function LiveOverview() {
  const r = reading.value;
  const m = t.value;
  const d = m.dashboard;
  const loc = locale.value;
  if (r === null) return <p class="waiting" role="status">{d.waiting}</p>;
  const view = liveDashboard(r, capacityLimitKW());
  const power = powerParts(loc, view.magnitudeKW);
  const status = battery.value;
  const flow = energyFlow(flowSourcesOf(r, status, pvStatus.value));
  return (
    <div class="dashboard">
      <Card title={d.netPower} id="net-title" class="hero">
        <PowerCircle
          direction={view.direction}
          fraction={view.ringFraction}
          value={power.value}
          unit={power.unit}
          tariffName={view.tariff ? d.tariffNames[view.tariff] : null}
          t={m}
        />
      </Card>
      <Card title={m.flow.title} id="flow-title">
        <EnergyFlow flow={flow} locale={loc} t={m} />
      </Card>
      {r.demand && (
        <Card title={d.capacity} id="capacity-title">
          <CapacityGauge demand={r.demand} view={view} locale={loc} t={m} />
        </Card>
      )}
      {status && flow.nodes.battery && (
        <BatteryCard status={status} now={flow.nodes.battery} m={m} loc={loc} />
      )}
    </div>
  );
}

/** The gateway's battery in short: charge, what it does now and did today, and its mode. */
function BatteryCard(
  props: {
    status: NonNullable<typeof battery.value>;
    /** The battery as the energy-flow picture draws it: the same words for the same power. */
    now: NonNullable<EnergyFlowView["nodes"]["battery"]>;
    m: Messages;
    loc: Locale;
  },
) {
  const { status, now, m, loc } = props;
  const b = m.battery;
  const mode = gatewayControl.value?.mode;
  const energy = (kWh: number | null) => kWh === null ? "–" : formatEnergy(loc, kWh);
  return (
    <Card title={b.title} id="home-battery-title">
      <DataList
        items={[
          {
            label: b.soc,
            value: status.socPct === null ? "–" : `${formatNumber(loc, status.socPct, 0)} %`,
            testId: "home-battery-soc",
          },
          {
            label: b.power,
            value: now.chargeKW > 0
              ? `${m.flow.charging} ${formatPower(loc, now.chargeKW)}`
              : now.dischargeKW > 0
              ? `${m.flow.discharging} ${formatPower(loc, now.dischargeKW)}`
              : b.powerIdle,
            testId: "home-battery-power",
          },
          { label: b.chargedToday, value: energy(status.chargedTodayKWh) },
          { label: b.dischargedToday, value: energy(status.dischargedTodayKWh) },
          ...(mode ? [{ label: b.mode, value: b.modes[mode], testId: "home-battery-mode" }] : []),
        ]}
      />
      <p>
        <AppLink href={PATHS.battery}>{m.dashboard.batteryMore}</AppLink>
      </p>
    </Card>
  );
}

/** Everything else the meter says: phases, registers, meter and link. */
export function LiveDetails() {
  const r = reading.value;
  const m = t.value;
  const d = m.dashboard;
  const loc = locale.value;
  if (r === null) return null;
  const view = liveDashboard(r, capacityLimitKW());
  const kwh = (value: number | null) => value === null ? "–" : `${formatNumber(loc, value, 3)} kWh`;
  const registerLabel = (register: "t1" | "t2" | "total") =>
    register === "total"
      ? d.totalRegister
      : d.tariffNames[tariffName(r.profile, register === "t1" ? 1 : 2)!];
  const h = health.value;
  return (
    <div class="dashboard">
      {r.phases.length > 0 && (
        <Card title={d.phases} id="phases-title">
          <PhaseTable phases={r.phases} bars={view.phaseBars} locale={loc} t={m} />
        </Card>
      )}
      <Card title={d.registers} id="registers-title">
        <DataList
          items={[
            ...view.registers.map((line) => ({
              label: fill(line.direction === "import" ? d.importRegister : d.exportRegister, {
                tariff: registerLabel(line.register),
              }),
              value: kwh(line.kWh),
              testId: `${line.direction}-${line.register}`,
            })),
            ...view.devices.map((dev) => ({
              label: `${
                dev.kind === "gas"
                  ? d.gas
                  : dev.kind === "water"
                  ? d.water
                  : dev.kind === "heat"
                  ? d.heat
                  : `M-Bus ${dev.channel}`
              }${
                dev.at
                  ? ` (${fill(d.measuredAt, { when: formatDateTime(loc, dev.at, "time") })})`
                  : ""
              }`,
              value: `${formatNumber(loc, dev.value!, 3)} ${
                dev.unit === "m3" ? "m³" : dev.unit ?? ""
              }`,
              testId: `mbus-${dev.kind}`,
            })),
          ]}
        />
      </Card>
      <Card title={d.meter} id="meter-title">
        <DataList
          items={[
            { label: d.meterId, value: r.equipmentId ?? "–", testId: "meter-id" },
            { label: d.version, value: r.version ?? "–", testId: "meter-version" },
            {
              label: d.meterTime,
              value: r.meterTime ? formatDateTime(loc, r.meterTime) : "–",
              testId: "meter-time",
            },
          ]}
        />
        {h && (
          <>
            <h3>{d.link}</h3>
            <DataList
              class="link"
              items={[
                {
                  label: d.telegramsPerSecond,
                  value: formatNumber(loc, h.telegramsPerSecond, 1),
                  testId: "telegrams-per-second",
                },
                { label: d.crcErrors, value: String(h.crcFailures), testId: "crc-errors" },
                {
                  label: d.withWarnings,
                  value: String(h.withWarnings),
                  testId: "telegrams-with-warnings",
                },
                {
                  label: d.lastTelegram,
                  value: h.lastTelegramAgeS === null
                    ? "–"
                    : fill(d.secondsAgo, { n: formatNumber(loc, h.lastTelegramAgeS, 0) }),
                  testId: "last-telegram",
                },
              ]}
            />
          </>
        )}
      </Card>
    </div>
  );
}
