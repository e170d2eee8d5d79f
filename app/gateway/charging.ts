/**
 * The gateway's EV charging: the chargers it drives (OCPP or Modbus, each a `ChargerLink`), one
 * decision for all of them at every telegram (`lib/control/ev/decide.ts`), a limit sent to a
 * charger only when it changed, the user's settings per charger (kept across restarts by the
 * caller), a user's stop and start, and what the app is shown of each charger.
 *
 * A meter without the capacity-tariff objects (1-0:1.4.0 and 1.6.0: outside Flanders, or older
 * than e-MUCS 1.7) has no monthly peak to keep: the budget then does not apply, the fuse does.
 *
 * A user's "stop" pauses the charger at 0 A and ends its session where the charger can
 * (OCPP RemoteStopTransaction); "start" lifts the pause and starts a session on a car that is
 * plugged in (OCPP RemoteStartTransaction), with the member's id as its tag.
 */
import type { ChargePlanView, ChargerView, FinishedSession } from "../../lib/control/protocol.ts";
import { departureMs } from "../../lib/control/ev/plan.ts";
import type { SiteFuse } from "../../lib/control/ev/balance.ts";
import type { ChargerLimit, ChargerLink, ChargerReading } from "../../lib/control/ev/charger.ts";
import {
  type ChargerDecision,
  decideChargers,
  EMPTY_EV_MEMORY,
  type EvMemory,
  type SessionMemory,
} from "../../lib/control/ev/decide.ts";
import { type ChargeSettings, DEFAULT_CHARGE_SETTINGS } from "../../lib/control/ev/settings.ts";
import type { Reading } from "../../lib/p1/reading.ts";
import type { PricePoint } from "../../lib/tariff/prices.ts";
import { consumptionOf } from "../../lib/views/charger_page.ts";
import {
  expectedHouseKW,
  type HouseProfile,
  ProfileLearner,
} from "../../lib/control/ev/house_profile.ts";

/** What the service needs of a charger besides its link: whether it is reachable, what is wrong. */
export interface ChargerHandle {
  link: ChargerLink;
  online(): boolean;
  problem(): ChargerView["problem"];
}

export interface ChargingOptions {
  fuse: SiteFuse;
  /** The settings last chosen for a charger, if any; and keeping a new choice. */
  loadSettings(id: string): ChargeSettings | undefined;
  saveSettings(id: string, settings: ChargeSettings): void;
  prices?: () => PricePoint[];
  log?: (entry: Record<string, unknown>) => void;
  /** The chargers as the app shows them, after anything changed. */
  onChange?: (views: ChargerView[]) => void;
  /** A session ended: the car was unplugged, or the user stopped it. */
  onSession?: (session: FinishedSession) => void;
  /** The house's learnt load per quarter-hour (kept by the caller across restarts). */
  houseProfile?: HouseProfile;
  onHouseProfile?: (profile: HouseProfile) => void;
  now?: () => number;
}

interface Entry {
  handle: ChargerHandle;
  reading: ChargerReading | null;
  decision: ChargerDecision | null;
  /** The limit sent last and accepted, and when; a new one goes out when it differs. */
  sent: ChargerLimit | null;
  sentAtMs: number;
  refused: boolean;
  /** Stopped by the user: 0 A until started again. */
  paused: boolean;
  /** The running session's register samples ([ms, kWh], one a minute) and its tag. */
  samples: [number, number][];
  idTag: string | null;
  stopListening: () => void;
}

/**
 * An unchanged limit is sent again this often: a charger that restarted, or began a new
 * transaction (an OCPP TxProfile ends with its transaction), gets it back within a minute.
 */
const RESEND_MS = 60_000;

/** Register samples are kept one a minute: enough to split a session into quarter-hours. */
const SAMPLE_EVERY_MS = 60_000;

/**
 * What a car draws now (W): the charger's power, else its currents at 230 V, else — charging
 * before its first meter values — the limit it was given.
 */
function carPowerW(entry: Entry): number {
  const reading = entry.reading;
  if (reading?.powerW != null) return Math.max(reading.powerW, 0);
  const currents = reading?.currentA.filter((a): a is number => a !== null) ?? [];
  if (currents.length > 0) return currents.reduce((sum, a) => sum + Math.max(a, 0), 0) * 230;
  return reading?.status === "charging" && entry.sent
    ? entry.sent.currentA * entry.sent.phases * 230
    : 0;
}

const sameLimit = (a: ChargerLimit | null, b: ChargerLimit) =>
  a !== null && a.currentA === b.currentA && a.phases === b.phases;

/** Limits go out in steps of 0.1 A: chargers take no finer, and a jitter is no change. */
const roundLimit = (limit: ChargerLimit): ChargerLimit => ({
  currentA: Math.floor(limit.currentA * 10) / 10,
  phases: limit.phases,
});

export class ChargingService {
  #entries = new Map<string, Entry>();
  #memory: EvMemory = EMPTY_EV_MEMORY;
  readonly #house: ProfileLearner;
  readonly #settings = new Map<string, ChargeSettings>();
  readonly #options: ChargingOptions;
  readonly #now: () => number;

  constructor(options: ChargingOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.#house = new ProfileLearner(options.houseProfile);
  }

  /**
   * Counts the house's own load (the grid's net import without the cars) into the running
   * quarter; a finished quarter that telegrams covered goes into the profile.
   */
  #learnHouse(nowMs: number, houseW: number): void {
    const recorded = this.#house.push(nowMs, houseW);
    if (recorded) this.#options.onHouseProfile?.(recorded);
  }

  /** A charger to drive from now on (again, after a reconnection: its pause is kept). */
  add(handle: ChargerHandle): void {
    const id = handle.link.setup.id;
    const before = this.#entries.get(id);
    before?.stopListening();
    const entry: Entry = {
      handle,
      reading: before?.reading ?? null,
      decision: before?.decision ?? null,
      sent: null,
      sentAtMs: 0,
      refused: false,
      paused: before?.paused ?? false,
      samples: before?.samples ?? [],
      idTag: before?.idTag ?? null,
      stopListening: handle.link.onReading((reading) => {
        entry.reading = reading;
        this.#sample(entry, reading);
        this.#changed();
      }),
    };
    this.#entries.set(id, entry);
    this.#changed();
  }

  remove(id: string): void {
    this.#entries.get(id)?.stopListening();
    this.#entries.delete(id);
    this.#changed();
  }

  /** A charger's settings, read once from the caller's store and kept: used every telegram. */
  settingsOf(id: string): ChargeSettings {
    let settings = this.#settings.get(id);
    if (settings === undefined) {
      settings = this.#options.loadSettings(id) ?? DEFAULT_CHARGE_SETTINGS;
      this.#settings.set(id, settings);
    }
    return settings;
  }

  #saveSettings(id: string, settings: ChargeSettings): void {
    this.#settings.set(id, settings);
    this.#options.saveSettings(id, settings);
  }

  /**
   * One decision for every charger from a telegram (and the home battery's power, charging
   * positive), and the limits that changed sent out.
   */
  async onMeter(reading: Reading, batteryW: number | null = null): Promise<void> {
    const online = [...this.#entries.values()].filter((e) => e.handle.online());
    const nowMs = this.#now();
    const gridW = ((reading.powerKW.import ?? 0) - (reading.powerKW.export ?? 0)) * 1000;
    const carsW = online.reduce((sum, e) => sum + carPowerW(e), 0);
    const houseW = gridW - carsW;
    this.#learnHouse(nowMs, houseW);
    if (online.length === 0) return;
    const { decisions, memory } = decideChargers({
      nowMs,
      meter: {
        phases: reading.phases,
        importW: (reading.powerKW.import ?? 0) * 1000,
        exportW: (reading.powerKW.export ?? 0) * 1000,
        quarterAverageKW: reading.demand?.currentAverageKW ?? 0,
        monthPeakKW: reading.demand?.monthPeak?.kW ?? 0,
      },
      batteryW,
      fuse: this.#options.fuse,
      chargers: online.map((e) => {
        const settings = this.settingsOf(e.handle.link.setup.id);
        return {
          setup: e.handle.link.setup,
          reading: e.paused ? null : e.reading,
          settings: reading.demand === null ? { ...settings, allowHigherPeak: true } : settings,
        };
      }),
      prices: this.#options.prices?.() ?? [],
      solar: [],
      // What the house took in the same quarter on its busy days, or what it takes now.
      expectedHouseKW: (startMs) =>
        expectedHouseKW(this.#house.profile, startMs) ?? Math.max(houseW, 0) / 1000,
    }, this.#memory);
    for (const entry of online) {
      const id = entry.handle.link.setup.id;
      const ended = this.#memory.chargers[id]?.session;
      if (ended && !memory.chargers[id]?.session) this.#finish(entry, ended, nowMs);
    }
    // A charger away for a while keeps its session: it goes on when the charger is back.
    this.#memory = { ...memory, chargers: { ...this.#memory.chargers, ...memory.chargers } };
    await Promise.all(decisions.map((decision) => {
      const entry = this.#entries.get(decision.id)!;
      entry.decision = decision;
      const limit = roundLimit(entry.paused ? { ...decision.limit, currentA: 0 } : decision.limit);
      return this.#send(entry, limit);
    }));
    this.#changed();
  }

  #sample(entry: Entry, reading: ChargerReading): void {
    if (reading.idTag) entry.idTag = reading.idTag;
    if (reading.meterKWh === null) return;
    const last = entry.samples.at(-1);
    const sample: [number, number] = [reading.atMs, reading.meterKWh];
    // Without a session only the newest sample is kept: the next session's start.
    if (!this.#memory.chargers[entry.handle.link.setup.id]?.session) {
      entry.samples = [sample];
      return;
    }
    // The newest sample always stands last; older ones one a minute.
    if (
      last && entry.samples.length > 1 && reading.atMs - entry.samples.at(-2)![0] < SAMPLE_EVERY_MS
    ) {
      entry.samples[entry.samples.length - 1] = sample;
    } else if (!last || reading.atMs > last[0]) {
      entry.samples.push(sample);
    }
  }

  #finish(entry: Entry, session: SessionMemory, endMs: number): void {
    const { setup } = entry.handle.link;
    const settings = this.settingsOf(setup.id);
    const samples = entry.samples.filter(([atMs]) => atMs >= session.startedAtMs - SAMPLE_EVERY_MS);
    const first = samples[0]?.[1] ?? session.startMeterKWh;
    const last = samples.at(-1)?.[1] ?? null;
    const energyKWh = first !== null && last !== null
      ? Math.max(last - first, 0)
      : session.solarKWh + session.gridKWh;
    const finished: FinishedSession = {
      id: `${setup.id}-${session.startedAtMs}`,
      chargerId: setup.id,
      chargerName: setup.name,
      idTag: entry.idTag,
      startMs: session.startedAtMs,
      endMs,
      samples,
      energyKWh,
      solarKWh: Math.min(session.solarKWh, energyKWh),
      consumptionKWhPer100km: consumptionOf(settings),
      reimbursement: settings.reimbursement,
    };
    entry.samples = [];
    entry.idTag = null;
    // A higher peak was allowed for this session only: the next one keeps the month's peak again.
    if (settings.allowHigherPeak) {
      this.#saveSettings(setup.id, { ...settings, allowHigherPeak: false });
    }
    this.#options.log?.({ msg: "charge session", session: { ...finished, samples: undefined } });
    this.#options.onSession?.(finished);
  }

  async #send(entry: Entry, limit: ChargerLimit): Promise<void> {
    const nowMs = this.#now();
    if (sameLimit(entry.sent, limit) && nowMs - entry.sentAtMs < RESEND_MS) return;
    const id = entry.handle.link.setup.id;
    try {
      await entry.handle.link.setLimit(limit);
      entry.sent = limit;
      entry.sentAtMs = nowMs;
      entry.refused = false;
    } catch (error) {
      // Tried again at the next telegram; the app shows it meanwhile.
      entry.sent = null;
      entry.refused = true;
      this.#options.log?.({ msg: "charger limit", charger: id, error: String(error) });
    }
  }

  /** The user's settings for a charger: kept, and used from the next telegram. */
  setSettings(id: string, settings: ChargeSettings): boolean {
    if (!this.#entries.has(id)) return false;
    this.#saveSettings(id, settings);
    this.#options.log?.({ msg: "charge settings", charger: id, settings });
    this.#changed();
    return true;
  }

  async stop(id: string): Promise<void> {
    const entry = this.#entries.get(id);
    if (!entry) return;
    entry.paused = true;
    this.#changed();
    await this.#send(entry, {
      currentA: 0,
      phases: entry.sent?.phases ?? entry.handle.link.setup.phases,
    });
    await entry.handle.link.stop().catch((error) =>
      this.#options.log?.({ msg: "charger stop", charger: id, error: String(error) })
    );
  }

  async start(id: string, idTag: string): Promise<void> {
    const entry = this.#entries.get(id);
    if (!entry) return;
    entry.paused = false;
    this.#changed();
    await entry.handle.link.start(idTag).catch((error) =>
      this.#options.log?.({ msg: "charger start", charger: id, error: String(error) })
    );
  }

  /** What the cars draw now (W) on chargers whose settings keep the home battery out of it. */
  carsWithoutBatteryW(): number {
    let sum = 0;
    for (const entry of this.#entries.values()) {
      if (entry.handle.online() && !this.settingsOf(entry.handle.link.setup.id).allowBattery) {
        sum += carPowerW(entry);
      }
    }
    return sum;
  }

  views(): ChargerView[] {
    return [...this.#entries.values()].map((entry) => {
      const { setup } = entry.handle.link;
      const settings = this.settingsOf(setup.id);
      const online = entry.handle.online();
      const session = this.#memory.chargers[setup.id]?.session ?? null;
      const reading = entry.reading;
      const energyKWh = session === null
        ? 0
        : session.startMeterKWh !== null && reading?.meterKWh != null
        ? Math.max(reading.meterKWh - session.startMeterKWh, 0)
        : session.solarKWh + session.gridKWh;
      return {
        id: setup.id,
        name: setup.name,
        minA: setup.minA,
        maxA: setup.maxA,
        phases: setup.phases,
        online,
        status: online ? (reading?.status ?? "starting") : "fault",
        reading,
        limit: entry.sent,
        reason: entry.paused ? "paused" : entry.decision?.reason ?? null,
        problem: entry.handle.problem() ?? (entry.refused ? "refused" : null),
        settings,
        plan: this.#planView(entry, settings),
        session: session && !entry.paused
          ? {
            startMs: session.startedAtMs,
            energyKWh,
            solarKWh: Math.min(session.solarKWh, energyKWh),
            kmAdded: energyKWh / consumptionOf(settings) * 100,
          }
          : null,
      };
    });
  }

  #planView(entry: Entry, settings: ChargeSettings): ChargePlanView | null {
    const plan = entry.decision?.plan;
    const leaveMs = settings.goal ? departureMs(settings.goal) : null;
    if (!plan || leaveMs === null) return null;
    const nowMs = this.#now();
    return {
      departureMs: leaveMs,
      neededKWh: plan.neededKWh,
      expectedKWh: plan.expectedKWh,
      feasible: plan.feasible,
      shortfallKWh: plan.shortfallKWh,
      slots: plan.slots.map(({ startMs, endMs, kWh, solar }) => ({ startMs, endMs, kWh, solar })),
      prices: (this.#options.prices?.() ?? []).filter((p) =>
        p.startMs + p.minutes * 60_000 > nowMs && p.startMs < leaveMs
      ),
    };
  }

  #changed(): void {
    this.#options.onChange?.(this.views());
  }

  close(): void {
    for (const entry of this.#entries.values()) entry.stopListening();
    this.#entries.clear();
  }
}
