/**
 * The gateway's control loop: every valid P1 reading asks `lib/control` for a decision and sends
 * it to the device; a watchdog puts the device back in its own automatic mode when telegrams stop
 * (10 s by default) or the device cannot be reached, and says why.
 */
import {
  type BatteryLimits,
  type ControlMemory,
  type ControlSettings,
  decide,
  type DecisionReason,
  maintenanceDue,
  type SiteLimits,
} from "../../lib/control/decide.ts";
import type { Command } from "../../lib/control/decide.ts";
import type { DeviceReading } from "../../lib/control/profiles.ts";
import { netPowerKW, type Reading } from "../../lib/p1/reading.ts";

export interface Device {
  read(): Promise<DeviceReading>;
  command(command: Command, nowMs?: number): Promise<boolean>;
}

export interface ControllerState {
  lastTelegramMs: number | null;
  device: DeviceReading | null;
  command: Command | null;
  reason: DecisionReason | "starting" | "failsafe";
  /** Set while the device is held in auto for safety, with why. */
  failsafe: Failsafe | null;
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
    lastFullMs: Date.now(),
  };
  #memory: ControlMemory = { recharging: false };
  #busy = false;
  readonly #watchdogMs: number;

  constructor(readonly options: ControllerOptions) {
    this.#watchdogMs = options.watchdogMs ?? 10_000;
  }

  set settings(settings: ControlSettings) {
    this.options.settings = settings;
  }

  /** Polls the device (its state of charge and power feed the next decision). */
  async poll(nowMs = Date.now()): Promise<void> {
    try {
      this.state.device = await this.options.device.read();
      if (this.state.device.socPct >= 100) this.state.lastFullMs = nowMs;
      if (this.state.failsafe?.kind === "deviceLost") this.state.failsafe = null;
    } catch (error) {
      await this.#failsafe({ kind: "deviceLost", detail: (error as Error).message }, nowMs);
    }
    this.options.onChange?.(this.state);
  }

  /** A valid P1 reading: decide and command. Readings that come while a command is on its way are skipped. */
  async onReading(reading: Reading, nowMs = Date.now()): Promise<void> {
    this.state.lastTelegramMs = nowMs;
    if (this.state.failsafe?.kind === "noTelegram") this.state.failsafe = null;
    const device = this.state.device;
    const net = netPowerKW(reading);
    if (this.#busy || device === null || net === null || this.state.failsafe) return;
    this.#busy = true;
    try {
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
      await this.options.device.command(decision.command, nowMs);
      this.state.command = decision.command;
      this.state.reason = decision.reason;
    } catch (error) {
      await this.#failsafe({ kind: "deviceLost", detail: (error as Error).message }, nowMs);
    } finally {
      this.#busy = false;
      this.options.onChange?.(this.state);
    }
  }

  /** The watchdog's check; call it often (the gateway does every second). */
  async tick(nowMs = Date.now()): Promise<void> {
    const last = this.state.lastTelegramMs;
    if (last !== null && nowMs - last > this.#watchdogMs && !this.state.failsafe) {
      await this.#failsafe(
        { kind: "noTelegram", seconds: Math.round((nowMs - last) / 1000) },
        nowMs,
      );
      this.options.onChange?.(this.state);
    }
  }

  async #failsafe(failsafe: Failsafe, nowMs: number): Promise<void> {
    this.state.failsafe = failsafe;
    this.state.reason = "failsafe";
    this.options.log?.({ msg: "fail-safe", ...failsafe });
    try {
      await this.options.device.command({ kind: "auto" }, nowMs);
      this.state.command = { kind: "auto" };
    } catch {
      // The device is unreachable: it falls back to its own mode when its passive timeout ends.
    }
  }
}
