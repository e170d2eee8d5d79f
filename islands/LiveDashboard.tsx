import { computed } from "@preact/signals";
import { locale, t } from "../app/browser/i18n.ts";
import { health, reading } from "../app/browser/live_store.ts";
import { CapacityGauge } from "../components/CapacityGauge.tsx";
import { Card } from "../components/Card.tsx";
import { DataList } from "../components/DataList.tsx";
import { PhaseTable } from "../components/PhaseTable.tsx";
import { PowerCircle } from "../components/PowerCircle.tsx";
import { projectQuarter } from "../lib/capacity/quarter.ts";
import { formatDateTime, formatNumber } from "../lib/i18n/format.ts";
import { fill } from "../lib/i18n/messages.ts";
import {
  liveMBusDevice,
  type MBusDevice,
  netPowerKW,
  type Reading,
  tariffName,
} from "../lib/p1/reading.ts";
import { instantMs } from "../lib/p1/timestamp.ts";

const quarter = computed(() => {
  const r = reading.value;
  const timeMs = instantMs(r?.meterTime ?? null);
  const average = r?.demand?.currentAverageKW;
  if (!r || timeMs === null || average === null || average === undefined) return null;
  return projectQuarter(timeMs, average, r.powerKW.import ?? 0);
});

/** The live device of each metered kind (a dead gas channel is skipped), then the others. */
function liveDevices(r: Reading): MBusDevice[] {
  const metered = ["gas", "water", "heat"] as const;
  return [
    ...metered.flatMap((kind) => liveMBusDevice(r, kind) ?? []),
    ...r.mbus.filter((dev) =>
      dev.value !== null && !(metered as readonly string[]).includes(dev.kind)
    ),
  ];
}

/** Everything the meter says, live. */
export function LiveDashboard() {
  const r = reading.value;
  const m = t.value;
  const d = m.dashboard;
  const loc = locale.value;
  if (r === null) return <p class="waiting" role="status">{d.waiting}</p>;
  const net = netPowerKW(r) ?? 0;
  const tariff = tariffName(r.profile, r.tariff);
  const kwh = (value: number | undefined) =>
    value === undefined ? "–" : `${formatNumber(loc, value, 3)} kWh`;
  const tariffLabel = (n: 1 | 2) => d.tariffNames[tariffName(r.profile, n)!];
  const h = health.value;
  return (
    <div class="dashboard">
      <Card title={d.netPower} id="net-title" class="hero">
        <PowerCircle
          netKW={net}
          formatted={formatNumber(loc, Math.abs(net), 3)}
          tariffName={tariff ? d.tariffNames[tariff] : null}
          t={m}
        />
      </Card>
      {r.demand && (
        <Card title={d.capacity} id="capacity-title">
          <CapacityGauge demand={r.demand} quarter={quarter.value} locale={loc} t={m} />
        </Card>
      )}
      {r.phases.length > 0 && (
        <Card title={d.phases} id="phases-title">
          <PhaseTable phases={r.phases} locale={loc} t={m} />
        </Card>
      )}
      <Card title={d.registers} id="registers-title">
        <DataList
          items={[
            ...(["import", "export"] as const).flatMap((direction) =>
              ([1, 2] as const).map((n) => ({
                label: fill(direction === "import" ? d.importRegister : d.exportRegister, {
                  tariff: tariffLabel(n),
                }),
                value: kwh((direction === "import" ? r.importKWh : r.exportKWh)[`t${n}`]),
                testId: `${direction}-t${n}`,
              }))
            ),
            ...liveDevices(r).map((dev) => ({
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
