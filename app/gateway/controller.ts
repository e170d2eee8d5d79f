/**
 * The gateway's control loop.
 *
 * - **Safe first.** `start()` sends the device's own automatic mode before anything else, so a
 *   gateway restarted after a crash takes the inverter out of whatever it was last told at
 *   once; and the watchdog runs from then on, before the first telegram.
 * - **Same instant.** Each valid P1 reading is followed by a read of the device, and the
 *   decision takes the household's demand from the meter and the battery power of that same
 *   moment (a battery power polled seconds earlier made the command flip between discharging
 *   and standby). Readings that come while one is being handled are skipped.
 * - **Calm.** `stabilise` keeps the last command when the new one differs by less than the
 *   deadband, so the battery does not hunt around its set-point.
 * - **Fail-safe.** No valid telegram for `watchdogMs`, or no answer from the device, puts it
 *   back in its own automatic mode, and says why. The watchdog acts `FAILSAFE_MARGIN_MS` before
 *   the limit, so the command — which may wait behind a read on the line — reaches the
 *   inverter within `watchdogMs` of the last telegram.
 */
import {
  type BatteryLimits,
  type Command,
  type ControlMemory,
  type ControlSettings,
  decide,
  type DecisionReason,
  maintenanceDue,
  type SiteLimits,
  stabilise,
} from "../../lib/control/decide.ts";
import type { CommandAnswer, DeviceReading } from "../../lib/control/profiles.ts";
import { netPowerKW, type Reading } from "../../lib/p1/reading.ts";
import { DeviceRefused } from "./modbus_device.ts";

/** How long before the watchdog's limit it acts: time for the command to reach the device. */
export const FAILSAFE_MARGIN_MS = 500;

export interface Device {
  read(): Promise<DeviceReading>;
  /** The device's answer, or `null` when an unchanged command was not sent again. */
  command(command: Command, nowMs?: number): Promise<CommandAnswer | null>;
  heartbeat(): Promise<boolean>;
}

/** Something the device said that the user must act on (worded by the app). */
export type DeviceProblem = "notPassive" | "invalidData" | "busy" | "crcFailed";

export interface ControllerState {
  lastTelegramMs: number | null;
  device: DeviceReading | null;
  command: Command | null;
  reason: DecisionReason | "starting" | "failsafe";
  /** Set while the device is held in auto for safety, with why. */
  failsafe: Failsafe | null;
  /** Set while the device refuses commands, with its reason. */
  problem: DeviceProblem | null;
  /** When the battery was last seen full (epoch ms), for the maintenance charge. */
  lastFullMs: number;
}

export type Failsafe =
  | { kind: "noTelegram"; seconds: number }
  | { kind: "deviceLost"; detail: string };

export interface ControllerOptions {
  device: Device;
  settings: ControlSettings;
  battery: BatteryLimits;
  site: SiteLimits;
  /** No valid telegram for this long → the device goes back to auto. */
  watchdogMs?: number;
  /** Charge to 100 % when the battery has not been full for this many days (winter). */
  maintenanceEveryDays?: number;
  localTime?: (nowMs: number) => string;
  log?: (entry: Record<string, unknown>) => void;
  /** Day-ahead prices for the `cheapest` mode: the slot now and the day's slots (€/MWh). */
  prices?: (nowMs: number) => { priceNow: number | null; dayPrices: (number | null)[] } | undefined;
  onChange?: (state: ControllerState) => void;
}

export class Controller {
  readonly state: ControllerState = {
    lastTelegramMs: null,
    device: null,
    command: null,
    reason: "starting",
    failsafe: null,
    problem: null,
    lastFullMs: Date.now(),
  };
  #memory: ControlMemory = { recharging: false };
  #busy = false;
  /** Whether the safe command reached the device since this start: nothing else goes first. */
  #safeSent = false;
  readonly watchdogMs: number;

  constructor(readonly options: ControllerOptions) {
    this.watchdogMs = options.watchdogMs ?? 10_000;
  }

  set settings(settings: ControlSettings) {
    this.options.settings = settings;
  }

  /**
   * The first thing after any start: the watchdog counts from now, and the device is put in its
   * own automatic mode before any decision is sent.
   */
  async start(nowMs = Date.now()): Promise<void> {
    this.state.lastTelegramMs = nowMs;
    await this.#send({ kind: "auto" }, nowMs, "starting");
    await this.poll(nowMs);
  }

  /** Reads the device (for the app's view when no telegrams come; and to notice it is back). */
  async poll(nowMs = Date.now()): Promise<void> {
    await this.#read(nowMs);
    this.options.onChange?.(this.state);
  }

  async #read(nowMs: number): Promise<DeviceReading | null> {
    try {
      const device = await this.options.device.read();
      this.state.device = device;
      if (device.socPct >= 100) this.state.lastFullMs = nowMs;
      if (this.state.failsafe?.kind === "deviceLost") this.state.failsafe = null;
      return device;
    } catch (error) {
      await this.#failsafe({ kind: "deviceLost", detail: (error as Error).message }, nowMs);
      return null;
    }
  }

  /** Sends the keep-alive; a device that does not answer is noticed by the reads. */
  async heartbeat(): Promise<void> {
    try {
      await this.options.device.heartbeat();
    } catch (error) {
      this.options.log?.({ msg: "heartbeat", error: (error as Error).message });
    }
  }

  /** A valid P1 reading: read the device at the same moment, decide and command. */
  async onReading(reading: Reading, nowMs = Date.now()): Promise<void> {
    this.state.lastTelegramMs = nowMs;
    if (this.state.failsafe?.kind === "noTelegram") this.state.failsafe = null;
    const net = netPowerKW(reading);
    if (this.#busy || net === null) return;
    this.#busy = true;
    try {
      const device = await this.#read(nowMs);
      if (device === null || this.state.failsafe) return;
      const decision = decide(
        this.options.settings,
        {
          gridW: net * 1000,
          batteryW: device.batteryW,
          socPct: device.socPct,
          localTime: this.options.localTime?.(nowMs) ?? "12:00",
          maintenanceDue: maintenanceDue(
            this.state.lastFullMs,
            nowMs,
            this.options.maintenanceEveryDays ?? 14,
          ),
          ...this.options.prices?.(nowMs),
        },
        this.#memory,
        this.options.battery,
        this.options.site,
      );
      this.#memory = decision.memory;
      if (!this.#safeSent) await this.#send({ kind: "auto" }, nowMs, "starting");
      if (!this.#safeSent) return;
      await this.#send(stabilise(this.state.command, decision.command), nowMs, decision.reason);
    } finally {
      this.#busy = false;
      this.options.onChange?.(this.state);
    }
  }

  /** Sends a command and records what came of it. */
  async #send(command: Command, nowMs: number, reason: ControllerState["reason"]): Promise<void> {
    try {
      await this.options.device.command(command, nowMs);
      this.state.command = command;
      this.state.reason = reason;
      this.state.problem = null;
      if (command.kind === "auto") this.#safeSent = true;
    } catch (error) {
      if (error instanceof DeviceRefused) {
        // It answered: it is there, but will not do this. The app says what to do about it.
        this.state.problem = error.status;
        this.options.log?.({ msg: "refused", status: error.status, command });
      } else {
        await this.#failsafe({ kind: "deviceLost", detail: (error as Error).message }, nowMs);
      }
    }
  }

  /** The watchdog's check: the gateway calls it when the watchdog's time is up, and every second. */
  async tick(nowMs = Date.now()): Promise<void> {
    const due = this.watchdogDueMs();
    if (due !== null && nowMs >= due && !this.state.failsafe) {
      const last = this.state.lastTelegramMs!;
      await this.#failsafe(
        { kind: "noTelegram", seconds: Math.round((nowMs - last) / 1000) },
        nowMs,
      );
      this.options.onChange?.(this.state);
    }
  }

  /** When the watchdog acts if no telegram comes before (epoch ms), or `null`. */
  watchdogDueMs(): number | null {
    const last = this.state.lastTelegramMs;
    return last === null ? null : last + this.watchdogMs - FAILSAFE_MARGIN_MS;
  }

  async #failsafe(failsafe: Failsafe, nowMs: number): Promise<void> {
    // Logged when it begins, not at every poll that finds the inverter still gone.
    if (this.state.failsafe?.kind !== failsafe.kind) {
      this.options.log?.({ msg: "fail-safe", ...failsafe });
    }
    this.state.failsafe = failsafe;
    this.state.reason = "failsafe";
    try {
      await this.options.device.command({ kind: "auto" }, nowMs);
      this.state.command = { kind: "auto" };
      this.#safeSent = true;
    } catch {
      // The device is unreachable: it keeps its last mode until it answers again.
    }
  }
}
