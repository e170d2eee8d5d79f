/**
 * `deno task gateway --config gateway.json` (or `--simulate`): reads P1, controls the battery
 * through its device profile, and serves the PWA over WebSocket. `--simulate` runs the P1
 * simulator, a simulated ME3000SP and a simulated SunSpec PV inverter (over real Modbus TCP on
 * loopback), so it can be tried without hardware. On first start it prints its id and pairing
 * code (and a QR code).
 *
 * At every start the inverter is first put in its own automatic mode and the watchdog starts,
 * before the first telegram; an inverter that is not there yet is looked for again and again.
 * `deno task gateway devices --state FILE` lists the paired devices, `revoke ID` removes one.
 */
import QRCode from "qrcode";
import { parseArgs } from "node:util";
import { z } from "zod";
import type { ControlSettings } from "../../lib/control/decide.ts";
import { type DeviceReading, ME3000SP } from "../../lib/control/profiles.ts";
import {
  type BatteryStatus,
  ControlSettingsModel,
  type LiveReading,
} from "../../lib/control/protocol.ts";
import { addDays, dayStartMs, localDayOf, localTimeOf, slotOf } from "../../lib/energy/calendar.ts";
import { fetchDayAhead } from "../../lib/tariff/entsoe.ts";
import { type PriceDay, type PricePoint, pricesToDays } from "../../lib/tariff/prices.ts";
import { P1Decoder } from "../../lib/p1/decoder.ts";
import type { Reading } from "../../lib/p1/reading.ts";
import { HouseholdSimulator } from "../../lib/p1/simulator.ts";
import { instantMs } from "../../lib/p1/timestamp.ts";
import { Controller } from "./controller.ts";
import { ModbusDevice } from "./modbus_device.ts";
import { ABB_TERRA_AC, ALFEN_NG9XX } from "../../lib/control/ev/charger_profiles.ts";
import type { ChargerSetup } from "../../lib/control/ev/charger.ts";
import { ChargingService } from "./charging.ts";
import { writeJsonFile } from "./json_file.ts";
import {
  expectedHouseKW,
  type HouseProfile,
  HouseProfileModel,
  ProfileLearner,
} from "../../lib/control/ev/house_profile.ts";
import { withoutCars } from "../../lib/control/ev/battery_guard.ts";
import { ModbusCharger } from "./modbus_charger.ts";
import { type CentralSystem, startCentralSystem } from "./ocpp_central.ts";
import { SimChargePoint } from "./sim_charge_point.ts";
import { serialSource, tcpSource } from "./p1_source.ts";
import { GatewayState } from "./state.ts";
import { gatewayHub } from "./server.ts";
import { startGatewaySync } from "./sync.ts";
import { serveModbusTcp, SimulatedMe3000sp } from "./sim_me3000sp.ts";
import { SimulatedSunSpec } from "./sim_sunspec.ts";
import { SunSpecInverter } from "./sunspec_inverter.ts";
import { PvMeter } from "./pv_meter.ts";
import { GatewaySolarForecast } from "./solar_forecast.ts";
import { solarBeforeDearestKWh } from "../../lib/control/solar_fill.ts";
import { OPEN_METEO_BASE_URL, openMeteoProvider } from "../../lib/solar/open_meteo.ts";
import {
  PanelGroupModel,
  SolarLocationModel,
  type SolarSetup,
} from "../../lib/solar/solar_setup.ts";
import type { CounterState } from "../../lib/energy/counter_quarters.ts";

const gridPhase = z.union([z.literal(0), z.literal(1), z.literal(2)]);
/** How a charger is installed (lib/control/ev/charger.ts `ChargerSetup`). */
const chargerSetup = {
  id: z.string().min(1).max(80),
  name: z.string().max(120).default(""),
  minA: z.number().min(6).max(80).default(6),
  maxA: z.number().min(6).max(80).default(16),
  phases: z.union([z.literal(1), z.literal(3)]).default(3),
  canSwitchPhases: z.boolean().default(false),
  /** The grid phase (0–2 for L1–L3) of the charger's L1, L2, L3. */
  phaseRotation: z.tuple([gridPhase, gridPhase, gridPhase]).default([0, 1, 2]),
  /** Lower numbers are served first when the fuse runs short. */
  priority: z.number().int().min(0).max(100).default(1),
};
const modbusAddress = {
  host: z.string().min(1),
  port: z.number().int().min(1).max(65535).default(502),
  unitId: z.number().int().min(1).max(247).optional(),
};
const ModbusChargerModel = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("alfen"), ...modbusAddress, ...chargerSetup }),
  z.object({ kind: z.literal("abb-tcp"), ...modbusAddress, ...chargerSetup }),
  z.object({
    kind: z.literal("abb-rtu"),
    path: z.string().min(1),
    baud: z.number().int().default(9600),
    unitId: z.number().int().min(1).max(247).optional(),
    ...chargerSetup,
  }),
]);

const GatewayConfigModel = z.object({
  p1: z.discriminatedUnion("kind", [
    z.object({
      kind: z.literal("tcp"),
      host: z.string().min(1),
      port: z.number().int().min(1).max(65535),
    }),
    z.object({
      kind: z.literal("serial"),
      path: z.string().min(1),
      line: z.enum(["115200-8N1", "9600-7E1"]).default("115200-8N1"),
    }),
  ]),
  device: z.discriminatedUnion("transport", [
    z.object({
      profile: z.literal("sofar-me3000sp"),
      transport: z.literal("tcp"),
      host: z.string().min(1),
      port: z.number().int().min(1).max(65535).default(502),
    }),
    z.object({
      profile: z.literal("sofar-me3000sp"),
      transport: z.literal("rtu"),
      /** The RS485 adapter, e.g. /dev/ttyUSB1; the ME3000SP talks 9600 8N1, station 1. */
      path: z.string().min(1),
      baud: z.number().int().default(9600),
    }),
  ]),
  battery: z.object({
    capacityKWh: z.number().positive().max(200),
    maxChargeW: z.number().positive().max(100_000),
    maxDischargeW: z.number().positive().max(100_000),
  }),
  site: z.object({
    mainFuseA: z.number().positive().max(400),
    phases: z.union([z.literal(1), z.literal(3)]),
    inverterMaxW: z.number().positive().max(100_000),
  }),
  control: ControlSettingsModel.default({ mode: "auto" }),
  /**
   * The OCPP 1.6J central system chargers connect to (ws://gateway:8887/ocpp/<charger id>, with
   * its password): a charger not known yet waits until it is accepted in the app.
   */
  ocpp: z.object({
    host: z.string().default("0.0.0.0"),
    port: z.number().int().min(0).max(65535).default(8887),
    stateFile: z.string().default("./data/ocpp-state.json"),
    /** RFID tags that may start a session, besides those the app adds. */
    idTags: z.array(z.string().min(1).max(20)).max(100).default([]),
  }).default({ host: "0.0.0.0", port: 8887, stateFile: "./data/ocpp-state.json", idTags: [] }),
  /**
   * The PV source: a SunSpec inverter over Modbus TCP (found by its SunS marker at 40000, 50000
   * or 0), or the ME3000SP's own PV registers (its CTpv meter of an existing PV inverter). Read
   * only; production quarter-hours come from its energy counter.
   */
  pv: z.discriminatedUnion("kind", [
    z.object({
      kind: z.literal("sunspec"),
      host: z.string().min(1),
      port: z.number().int().min(1).max(65535).default(502),
      unitId: z.number().int().min(1).max(247).default(1),
    }),
    z.object({ kind: z.literal("me3000sp") }),
  ]).optional(),
  /**
   * The panel groups for the solar forecast, when the gateway does not sync (a synced site's
   * setup, as saved in the app, wins). `forecastUrl`: a self-hosted Open-Meteo.
   */
  solar: z.object({
    location: SolarLocationModel,
    groups: z.array(PanelGroupModel).min(1).max(20),
    forecastUrl: z.string().url().optional(),
  }).optional(),
  /** Modbus chargers (OCPP chargers connect by themselves and are accepted in the app). */
  chargers: z.array(ModbusChargerModel).max(20).default([]),
  charging: z.object({
    /** Kept free on every phase (A). */
    marginA: z.number().min(0).max(50).default(2),
    /** The most all chargers may take together (A per phase, summed over chargers). */
    totalChargersA: z.number().min(6).max(1000).default(96),
  }).default({ marginA: 2, totalChargersA: 96 }),
  listen: z.object({
    host: z.string().default("0.0.0.0"),
    port: z.number().int().min(0).max(65535).default(8787),
  })
    .default({ host: "0.0.0.0", port: 8787 }),
  stateFile: z.string().default("./data/gateway-state.json"),
  /**
   * The addresses the app is opened from: a browser page from elsewhere may not connect.
   * Programs without a page (no Origin) may, with a token.
   */
  appOrigins: z.array(z.string().url()).default(["http://localhost:8000"]),
  watchdogMs: z.number().int().min(1000).max(60_000).default(10_000),
  maintenanceEveryDays: z.number().int().min(1).max(365).default(14),
  /** Your own ENTSO-E token, for the `cheapest` mode's day-ahead prices. */
  entsoeToken: z.string().min(10).optional(),
  /** An account on the sync server with access to the site: the gateway pushes its quarter-hours. */
  sync: z.object({
    url: z.string().url(),
    email: z.string().email(),
    password: z.string().min(1),
    siteId: z.string().min(1),
  }).optional(),
});
type GatewayConfig = z.infer<typeof GatewayConfigModel>;

/** The simulated charger's identity and its charge card. */
const SIMULATED_CHARGER = "sim-laadpaal";
const SIMULATED_TAG = "SIM-CARD-01";

const SIMULATED: GatewayConfig = {
  p1: { kind: "tcp", host: "simulated", port: 1 },
  device: { profile: "sofar-me3000sp", transport: "tcp", host: "127.0.0.1", port: 502 },
  battery: { capacityKWh: 5, maxChargeW: 3000, maxDischargeW: 3000 },
  site: { mainFuseA: 40, phases: 1, inverterMaxW: 3000 },
  control: { mode: "peakShaving", desiredPeakW: 2500, minSocPct: 10, bufferPct: 40 },
  // Any free port: the simulated charge point is told which.
  ocpp: {
    host: "127.0.0.1",
    port: 0,
    stateFile: "./data/ocpp-state.json",
    idTags: [SIMULATED_TAG],
  },
  chargers: [],
  // The simulated SunSpec inverter's port, once it listens.
  pv: { kind: "sunspec", host: "127.0.0.1", port: 502, unitId: 1 },
  charging: { marginA: 2, totalChargersA: 96 },
  listen: { host: "127.0.0.1", port: 8787 },
  stateFile: "./data/gateway-state.json",
  appOrigins: ["http://localhost:8000"],
  watchdogMs: 10_000,
  maintenanceEveryDays: 14,
};

function log(entry: Record<string, unknown>): void {
  console.log(JSON.stringify({ time: new Date().toISOString(), ...entry }));
}

async function loadConfig(
  args: {
    config?: string;
    simulate?: boolean;
    port?: string;
    state?: string;
    origin?: string[];
    "ocpp-port"?: string;
  },
) {
  let config: GatewayConfig;
  if (args.simulate) {
    config = structuredClone(SIMULATED);
  } else {
    if (!args.config) {
      throw new Error("usage: deno task gateway --config gateway.json | --simulate");
    }
    const parsed = GatewayConfigModel.safeParse(JSON.parse(await Deno.readTextFile(args.config)));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(`${args.config}: ${issue.path.join(".")}: ${issue.message}`);
    }
    config = parsed.data;
  }
  if (args.port !== undefined) config.listen.port = Number(args.port);
  if (args.state !== undefined) {
    config.stateFile = args.state;
    // The chargers' state sits next to the gateway's.
    config.ocpp.stateFile = args.state.replace(/(\.json)?$/, "-ocpp.json");
  }
  if (args["ocpp-port"] !== undefined) config.ocpp.port = Number(args["ocpp-port"]);
  if (args.origin) config.appOrigins.push(...args.origin);
  return config;
}

function liveReading(reading: Reading): LiveReading {
  return {
    atMs: instantMs(reading.meterTime) ?? Date.now(),
    importW: Math.round((reading.powerKW.import ?? 0) * 1000),
    exportW: Math.round((reading.powerKW.export ?? 0) * 1000),
    tariff: reading.tariff,
    importKWh: reading.importKWh,
    exportKWh: reading.exportKWh,
    equipmentId: reading.equipmentId,
    version: reading.version,
    phases: reading.phases,
    demand: reading.demand,
  };
}

/** The PV counting state kept last, or none. */
function readPvState(path: string): CounterState | undefined {
  try {
    return JSON.parse(Deno.readTextFileSync(path)) as CounterState;
  } catch {
    return undefined;
  }
}

/** The house profile kept last, or none (a first start, or a file that does not read). */
function readHouseProfile(path: string): HouseProfile {
  try {
    const parsed = HouseProfileModel.safeParse(JSON.parse(Deno.readTextFileSync(path)));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

/** The simulated meter's phases with a 3-phase car's power spread over them, as a meter sees it. */
function withCarOnPhases(phases: Reading["phases"], carW: number): Reading["phases"] {
  if (carW <= 0) return phases;
  const kW = carW / 3 / 1000;
  return phases.map((p) => {
    const importKW = Math.max((p.importKW ?? 0) - (p.exportKW ?? 0) + kW, 0);
    const exportKW = Math.max((p.exportKW ?? 0) - (p.importKW ?? 0) - kW, 0);
    const volts = p.voltageV ?? 230;
    return { ...p, importKW, exportKW, currentA: (importKW + exportKW) * 1000 / volts };
  });
}

/** `devices` and `revoke ID`: the paired devices of a state file, and removing one. */
function manageDevices(command: string, id: string | undefined, stateFile: string): void {
  const state = new GatewayState(stateFile);
  if (command === "revoke") {
    if (!id) throw new Error("usage: deno task gateway revoke ID [--state FILE]");
    if (!state.revoke(id)) throw new Error(`no paired device ${id} in ${stateFile}`);
    console.log(`revoked ${id}`);
    return;
  }
  const when = (ms: number | null) => (ms ? new Date(ms).toISOString().slice(0, 16) : "—");
  for (const d of state.devices()) {
    console.log(
      `${d.id}  paired ${when(d.createdMs)}  last seen ${when(d.lastUsedMs)}  ${d.label}`,
    );
  }
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    args: Deno.args,
    allowPositionals: true,
    options: {
      config: { type: "string" },
      simulate: { type: "boolean" },
      port: { type: "string" },
      state: { type: "string" },
      origin: { type: "string", multiple: true },
      "ocpp-port": { type: "string" },
      // The simulated PV inverter's own clock (with --simulate): from this instant, this many
      // times faster than real time — a day of sun in a few minutes, for trying and for tests.
      "pv-clock-start": { type: "string" },
      "pv-clock-speed": { type: "string" },
    },
  });
  if (positionals[0] === "devices" || positionals[0] === "revoke") {
    const stateFile = values.state ??
      (values.config ? (await loadConfig(values)).stateFile : SIMULATED.stateFile);
    return manageDevices(positionals[0], positionals[1], stateFile);
  }
  const config = await loadConfig(values);
  const state = new GatewayState(config.stateFile);

  let sim: SimulatedMe3000sp | null = null;
  let stopSim = () => {};
  let device: ModbusDevice;
  if (values.simulate) {
    sim = new SimulatedMe3000sp({ socPct: 40, capacityKWh: config.battery.capacityKWh });
    const served = serveModbusTcp(sim);
    stopSim = () => served.close();
    device = ModbusDevice.tcp(ME3000SP, "127.0.0.1", served.port, { log });
  } else if (config.device.transport === "tcp") {
    device = ModbusDevice.tcp(ME3000SP, config.device.host, config.device.port, { log });
  } else {
    device = ModbusDevice.rtu(ME3000SP, config.device.path, { log, baud: config.device.baud });
  }
  // What the app sent last survives a restart; the config file gives the first settings.
  let control: ControlSettings = state.control ?? config.control;
  // Day-ahead prices for today and tomorrow, refreshed every hour when a token is configured.
  const prices = new Map<string, PriceDay>();
  /** The same prices as fetched, for the chargers' departure plans. */
  let pricePoints: PricePoint[] = [];
  const refreshPrices = async () => {
    if (!config.entsoeToken) return;
    const today = localDayOf(Date.now());
    try {
      const points = await fetchDayAhead(
        config.entsoeToken,
        dayStartMs(today),
        dayStartMs(addDays(today, 2)),
      );
      for (const priceDay of pricesToDays(points, "entsoe")) prices.set(priceDay.day, priceDay);
      pricePoints = points;
    } catch (error) {
      log({ msg: "prices", error: String(error) });
    }
  };
  void refreshPrices();
  const priceTimer = setInterval(() => void refreshPrices(), 3_600_000);
  const socToday: [number, number][] = [];
  const energyToday: [number, number, number][] = [];
  /** A sample of the state of charge and the day counters: a day's worth is kept. */
  const sample = (d: DeviceReading | null) => {
    if (!d) return;
    const now = Date.now();
    socToday.push([now, d.socPct]);
    energyToday.push([now, d.chargedTodayKWh, d.dischargedTodayKWh]);
    if (socToday.length > 288) socToday.shift();
    if (energyToday.length > 288) energyToday.shift();
  };
  const houseProfileFile = config.stateFile.replace(/(\.json)?$/, "-house.json");
  // The household's use per quarter-hour (the meter's net import with the battery taken out and
  // the production added back), learnt like the house profile: what the sun's surplus is
  // reckoned against.
  const useProfileFile = config.stateFile.replace(/(\.json)?$/, "-use.json");
  const householdUse = new ProfileLearner(readHouseProfile(useProfileFile));
  // The PV source: its counter's quarter-hours to the sync, its power and counter to the app.
  const pvStateFile = config.stateFile.replace(/(\.json)?$/, "-pv.json");
  let sync: Awaited<ReturnType<typeof startGatewaySync>> | null = null;
  const pvMeter: PvMeter | null = config.pv
    ? new PvMeter({
      source: config.pv.kind,
      counter: config.pv.kind === "me3000sp" ? "today" : "lifetime",
      state: readPvState(pvStateFile),
      onStatus: (status) => hub.pv(status),
      onMismatch: (detail) => log({ msg: "PV counters disagree", ...detail }),
      onQuarters: (quarters) => {
        if (pvMeter?.state) writeJsonFile(pvStateFile, pvMeter.state);
        void sync?.recordProduction(quarters).catch((error) =>
          log({ msg: "sync", error: String(error) })
        );
      },
    })
    : null;
  let stopPvSim = () => {};
  let pvInverter: SunSpecInverter | null = null;
  let pvNow = Date.now;
  /** Every 5 s of the PV source's clock (a faster simulated clock is read more often). */
  let pvPollMs = 5000;
  if (config.pv?.kind === "sunspec") {
    let { host, port } = config.pv;
    if (values.simulate) {
      const realStart = Date.now();
      const clockStart = values["pv-clock-start"]
        ? Date.parse(values["pv-clock-start"])
        : realStart;
      const speed = Number(values["pv-clock-speed"] ?? 1);
      if (!Number.isFinite(clockStart) || !(speed > 0)) {
        throw new Error("--pv-clock-start takes an ISO instant, --pv-clock-speed a number > 0");
      }
      // Whole milliseconds: the pv message carries instants as integers.
      pvNow = () => Math.round(clockStart + (Date.now() - realStart) * speed);
      pvPollMs = Math.max(250, 5000 / speed);
      const served = serveModbusTcp(new SimulatedSunSpec({ peakW: 3000, now: pvNow }));
      stopPvSim = () => served.close();
      [host, port] = ["127.0.0.1", served.port];
    }
    pvInverter = SunSpecInverter.tcp(host, port, { unitId: config.pv.unitId, log, now: pvNow });
  }
  const charging = new ChargingService({
    fuse: { mainFuseA: config.site.mainFuseA, ...config.charging },
    loadSettings: (id) => state.chargeSettings(id),
    saveSettings: (id, settings) => state.setChargeSettings(id, settings),
    prices: () => pricePoints,
    log,
    onChange: () => publishChargers(),
    onSession: (session) => {
      state.addSession(session);
      hub.chargeSessions({ type: "chargeSessions", sessions: state.sessions() });
    },
    // The house's learnt load per quarter-hour, in a small file of its own (written every quarter).
    houseProfile: readHouseProfile(houseProfileFile),
    onHouseProfile: (profile) => writeJsonFile(houseProfileFile, profile),
  });
  const publishChargers = () =>
    hub.chargers({
      type: "chargers",
      chargers: charging.views(),
      pending: (central?.pending() ?? []).map(({ identity, firstSeenMs }) => ({
        identity,
        firstSeenMs,
      })),
    });
  // OCPP chargers: each accepted one is driven from its first boot on.
  let central: CentralSystem | null = null;
  central = await startCentralSystem({
    hostname: config.ocpp.host,
    port: config.ocpp.port,
    stateFile: config.ocpp.stateFile,
    idTags: config.ocpp.idTags,
    log: (line) => log({ msg: line }),
  });
  // Not `url`: that is the app's address in the start banner.
  log({ msg: "OCPP central system", chargersConnectTo: central.url });
  central.onLink((link) => {
    charging.add({
      link,
      online: () => link.online,
      problem: () => (link.state().problem ? "ignoresLimit" : null),
    });
    link.onChange(() => publishChargers());
  });
  central.onPending(() => publishChargers());
  // Modbus chargers are read every 2 s; one that does not answer shows as not connected.
  const modbusChargers = config.chargers.map((c) => {
    const setup: ChargerSetup = {
      id: c.id,
      name: c.name || c.id,
      minA: c.minA,
      maxA: c.maxA,
      phases: c.phases,
      canSwitchPhases: c.canSwitchPhases,
      phaseRotation: c.phaseRotation,
      priority: c.priority,
    };
    const options = { unitId: c.unitId, log };
    const link = c.kind === "abb-rtu"
      ? ModbusCharger.rtu(ABB_TERRA_AC, setup, c.path, { ...options, baud: c.baud })
      : ModbusCharger.tcp(
        c.kind === "alfen" ? ALFEN_NG9XX : ABB_TERRA_AC,
        setup,
        c.host,
        c.port,
        options,
      );
    let online = false;
    charging.add({ link, online: () => online, problem: () => null });
    const poll = async () => {
      try {
        await link.poll();
        online = true;
      } catch (error) {
        if (online) log({ msg: "charger lost", charger: setup.id, error: String(error) });
        online = false;
      }
    };
    return { link, poll };
  });
  const chargerPolls = setInterval(() => {
    for (const c of modbusChargers) void c.poll();
  }, 2000);
  // An Alfen falls back to its safe current unless its setpoint is written again in time.
  const keepAlives = setInterval(() => {
    for (const c of modbusChargers) {
      if (c.link.keepAliveEveryMs !== null) {
        void c.link.keepAlive().catch((error) =>
          log({ msg: "charger keep-alive", charger: c.link.setup.id, error: String(error) })
        );
      }
    }
  }, Math.min(25_000, ...modbusChargers.map((c) => c.link.keepAliveEveryMs ?? 25_000)));
  const hub = gatewayHub({
    state,
    control: () => control,
    onCharging: (command, by) => {
      if (command.type === "chargeSettings") {
        charging.setSettings(command.chargerId, command.settings);
      } else if (command.type === "chargeStart") {
        void charging.start(command.chargerId, `app-${by.id}`);
      } else if (command.type === "chargeStop") {
        void charging.stop(command.chargerId);
      } else if (command.type === "chargerAccept") {
        // The simulated charge point switches between 1 and 3 phases, as many wallboxes do.
        central?.accept(command.identity, {
          ...(values.simulate && command.identity === SIMULATED_CHARGER
            ? { canSwitchPhases: true }
            : {}),
          ...command.setup,
        });
        publishChargers();
      } else if (command.type === "chargerRefuse") {
        central?.refuse(command.identity);
        publishChargers();
      }
    },
    onSettings: (next) => {
      control = next;
      controller.settings = next;
      state.control = next;
      log({ msg: "settings", control: next });
    },
    origins: config.appOrigins,
    log,
  });
  // The sun's forecast for the cheapest mode: the synced setup, else the configured one.
  const configuredSolar: SolarSetup | null = config.solar
    ? {
      id: "gateway|solar",
      siteId: config.sync?.siteId ?? "gateway",
      location: config.solar.location,
      groups: config.solar.groups,
      updatedAt: 0,
    }
    : null;
  const solar = new GatewaySolarForecast({
    setup: async () => (await sync?.solarSetup()) ?? configuredSolar,
    provider: openMeteoProvider({
      fetch: (url, init) => fetch(url, init),
      baseUrl: config.solar?.forecastUrl ?? OPEN_METEO_BASE_URL,
    }),
    log,
  });
  const controller: Controller = new Controller({
    device,
    settings: control,
    battery: config.battery,
    site: config.site,
    watchdogMs: config.watchdogMs,
    maintenanceEveryDays: config.maintenanceEveryDays,
    localTime: localTimeOf,
    prices: (nowMs) => {
      const { day, slot } = slotOf(nowMs);
      const today = prices.get(day);
      if (!today) return undefined;
      return {
        priceNow: today.eurPerMWh[today.slotMinutes === 15 ? slot : slot >> 2] ?? null,
        dayPrices: today.eurPerMWh,
        solarBeforeDearestKWh: solarBeforeDearestKWh(nowMs, today, solar.p10, (startMs) => {
          const kW = expectedHouseKW(householdUse.profile, startMs);
          return kW === null ? null : kW * 1000;
        }),
      };
    },
    log,
    onChange: (s) => {
      const d = s.device;
      // The first sample as soon as the inverter answers, not one interval later.
      if (socToday.length === 0) sample(d);
      if (config.pv?.kind === "me3000sp") {
        if (d) {
          pvMeter?.take({
            atMs: Date.now(),
            powerW: d.pvW,
            counterWh: d.pvTodayKWh === undefined ? null : Math.round(d.pvTodayKWh * 1000),
            coarseWh: d.pvTotalKWh === undefined ? null : d.pvTotalKWh * 1000,
          });
        } else pvMeter?.lost(Date.now());
      }
      const battery: BatteryStatus = {
        socPct: d?.socPct ?? null,
        batteryW: d?.batteryW ?? null,
        pvW: d?.pvW ?? null,
        status: d?.status ?? null,
        chargedTodayKWh: d?.chargedTodayKWh ?? null,
        dischargedTodayKWh: d?.dischargedTodayKWh ?? null,
        socToday,
        energyToday,
        command: s.command ? s.command.kind : null,
        reason: s.reason,
        failsafe: s.failsafe,
        problem: s.problem,
      };
      hub.battery(battery);
    },
  });

  // The watchdog fires when its time is up exactly, re-armed by every telegram; the one-second
  // tick is a second line of defence.
  let watchdog: ReturnType<typeof setTimeout> | undefined;
  const armWatchdog = () => {
    clearTimeout(watchdog);
    const due = controller.watchdogDueMs();
    if (due !== null) {
      watchdog = setTimeout(() => void controller.tick(), Math.max(0, due - Date.now()));
    }
  };
  // Safe first: auto before anything else, the watchdog counting from now.
  await controller.start();
  armWatchdog();
  await controller.heartbeat();
  const heartbeats = setInterval(
    () => void controller.heartbeat(),
    ME3000SP.keepAlive?.everyMs ?? 20_000,
  );

  sync = config.sync
    ? await startGatewaySync(config.sync, (status) => log({ msg: "sync", ...status }))
    : null;
  void solar.refresh();
  const solarTimer = setInterval(() => void solar.refresh(), 3_600_000);
  // A SunSpec inverter is read every 5 s, as the battery without telegrams: well within the
  // 30 s a counter reading may be from a quarter's boundary.
  let pvLost = false;
  let pvBusy = false;
  const pollPv = async () => {
    // One read at a time: a slow answer is not overtaken by the next poll.
    if (!pvInverter || !pvMeter || pvBusy) return;
    pvBusy = true;
    try {
      const reading = await pvInverter.read();
      const identity = pvInverter.map?.identity;
      pvMeter.take({
        atMs: reading.atMs,
        powerW: reading.powerW,
        counterWh: reading.energyWh,
        wrapWh: reading.energyWrapWh,
        name: [identity?.manufacturer, identity?.model].filter(Boolean).join(" ") || null,
      });
      pvLost = false;
    } catch (error) {
      if (!pvLost) log({ msg: "PV inverter", error: String(error) });
      pvLost = true;
      pvMeter.lost(pvNow());
    } finally {
      pvBusy = false;
    }
  };
  void pollPv();
  const pvPolls = setInterval(() => void pollPv(), pvPollMs);
  const onReading = (reading: Reading) => {
    const netW = ((reading.powerKW.import ?? 0) - (reading.powerKW.export ?? 0)) * 1000;
    const useW = netW - (controller.state.device?.batteryW ?? 0) + (pvMeter?.last?.powerW ?? 0);
    const learnt = householdUse.push(Date.now(), useW);
    if (learnt) writeJsonFile(useProfileFile, learnt);
    // The battery sees the house without the cars it may not charge.
    void controller.onReading(withoutCars(reading, charging.carsWithoutBatteryW())).then(
      armWatchdog,
    );
    void charging.onMeter(reading, controller.state.device?.batteryW ?? null);
    void sync?.record(reading).catch((error) => log({ msg: "sync", error: String(error) }));
    hub.reading(liveReading(reading));
  };
  let stopP1 = () => {};
  let stopChargePoint = (): Promise<void> => Promise.resolve();
  if (sim) {
    // The car is the simulated charge point's, not the household simulator's own.
    const household = new HouseholdSimulator({
      startMs: Date.now() - (Date.now() % 1000),
      evKW: 0,
    });
    // The simulated household's telegrams, one a second. The simulated inverter sees its load,
    // and the meter sees the house and the battery together, as a real meter does — so the
    // control loop closes around the battery.
    // A simulated charge point, unknown to the gateway until it is accepted in the app, with a
    // car plugged in: its current shows on the meter's phases like a real car's.
    const chargePoint = new SimChargePoint({
      endpoint: `ws://127.0.0.1:${central.port}/ocpp`,
      identity: SIMULATED_CHARGER,
      password: "simulated-charger",
      phases: 3,
      maxA: 16,
    });
    chargePoint.plug({ batteryKWh: 60, socPct: 35, phases: 3, maxA: 16 });
    // Its owner holds the charge card to it once it is let in, as at a real charger.
    let tagShown = false;
    chargePoint.onChange(() => {
      if (tagShown || chargePoint.registration !== "Accepted" || chargePoint.tx) return;
      tagShown = true;
      void chargePoint.presentTag(SIMULATED_TAG);
    });
    void chargePoint.connect();
    chargePoint.run(1000);
    stopChargePoint = () => chargePoint.close();
    const decoder = new P1Decoder((reading) => {
      const carW = chargePoint.powerW;
      const houseW = ((reading.powerKW.import ?? 0) - (reading.powerKW.export ?? 0)) * 1000;
      sim!.state.loadW = Math.max(houseW, 0) + carW;
      sim!.state.pvW = Math.max(-houseW, 0);
      const gridW = sim!.gridW();
      onReading({
        ...reading,
        powerKW: { import: Math.max(gridW, 0) / 1000, export: Math.max(-gridW, 0) / 1000 },
        phases: withCarOnPhases(reading.phases, carW),
      });
    });
    const timer = setInterval(() => {
      sim!.step(1);
      decoder.push(new TextEncoder().encode(household.next()));
    }, 1000);
    stopP1 = () => clearInterval(timer);
  } else if (config.p1.kind === "tcp") {
    const source = tcpSource(
      config.p1.host,
      config.p1.port,
      onReading,
      (e) => log({ msg: "P1 error", error: String(e) }),
    );
    stopP1 = () => source.stop();
  } else {
    const source = serialSource(
      config.p1.path,
      config.p1.line,
      onReading,
      (e) => log({ msg: "P1 error", error: String(e) }),
    );
    stopP1 = () => source.stop();
  }
  const ticks = setInterval(() => void controller.tick(), 1000);
  // Each telegram reads the inverter; without telegrams it is read for the app now and then,
  // which is also how an inverter that went away is noticed coming back.
  const polls = setInterval(() => {
    const last = controller.state.lastTelegramMs ?? 0;
    if (Date.now() - last > 3000) void controller.poll();
  }, 5000);
  const revocations = setInterval(() => hub.dropRevoked(), 5000);
  const samples = setInterval(() => sample(controller.state.device), sim ? 10_000 : 300_000);

  hub.chargeSessions({ type: "chargeSessions", sessions: state.sessions() });
  const server = Deno.serve({
    hostname: config.listen.host,
    port: config.listen.port,
    onListen: ({ hostname, port }) =>
      log({ msg: "listening", url: `ws://${hostname}:${port}/ws`, simulate: !!sim }),
  }, hub.handler);

  const pairingUrl = `thuisenergie-gateway:${state.gatewayId}:${state.code}`;
  console.log(`\nGateway id:    ${state.gatewayId}\nPairing code:  ${state.code}\n`);
  console.log(await QRCode.toString(pairingUrl, { type: "terminal", small: true }));

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    log({ msg: "stopping: inverter back to auto" });
    stopP1();
    for (
      const timer of [
        ticks,
        polls,
        samples,
        priceTimer,
        solarTimer,
        heartbeats,
        revocations,
        chargerPolls,
        keepAlives,
        pvPolls,
      ]
    ) {
      clearInterval(timer);
    }
    charging.close();
    await stopChargePoint();
    await Promise.all(modbusChargers.map((c) => c.link.close()));
    await central.close();
    clearTimeout(watchdog);
    await device.command({ kind: "auto" }).catch(() => {});
    hub.closeAll();
    await server.shutdown();
    await device.close();
    await pvInverter?.close();
    await sync?.stop();
    stopSim();
    stopPvSim();
    Deno.exit(0);
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    Deno.addSignalListener(signal, () => void stop());
  }
}

try {
  await main();
} catch (error) {
  console.error((error as Error).message);
  Deno.exit(1);
}
