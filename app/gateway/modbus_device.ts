/**
 * A Modbus device driven through its profile (modbus-serial): reads the profile's register block,
 * sends only the profile's commands. Every call has a timeout and bounded retries with backoff;
 * commands are rate-limited (the same command is not repeated within the interval) and each one
 * is logged with its result.
 */
import ModbusSerial from "modbus-serial";
import type { ModbusRTU as Client } from "modbus-serial/ModbusRTU.d.ts";

// The package's default export is the client class; its typings do not resolve it under Deno.
const ModbusRTU = ModbusSerial as unknown as new () => Client;
import type { Command } from "../../lib/control/decide.ts";
import { PtyPort } from "./rtu.ts";
import {
  decodeBlock,
  type DeviceProfile,
  type DeviceReading,
  encodeCommand,
} from "../../lib/control/profiles.ts";

export interface DeviceLog {
  (entry: { msg: string; [key: string]: unknown }): void;
}

export interface DriverOptions {
  timeoutMs?: number;
  retries?: number;
  /** An unchanged command is not sent again within this interval. */
  repeatAfterMs?: number;
  log?: DeviceLog;
}

export class ModbusDevice {
  #last: { key: string; atMs: number } | null = null;
  readonly #retries: number;
  readonly #repeatAfterMs: number;
  readonly #log: DeviceLog;

  private constructor(
    readonly profile: DeviceProfile,
    readonly client: Client,
    options: DriverOptions,
  ) {
    this.#retries = options.retries ?? 2;
    this.#repeatAfterMs = options.repeatAfterMs ?? 5000;
    this.#log = options.log ?? (() => {});
    client.setID(profile.unitId);
    client.setTimeout(options.timeoutMs ?? 1000);
  }

  static async tcp(
    profile: DeviceProfile,
    host: string,
    port: number,
    options: DriverOptions = {},
  ) {
    const client = new ModbusRTU();
    await client.connectTCP(host, { port });
    return new ModbusDevice(profile, client, options);
  }

  /** Modbus RTU on a serial device (9600 8N1 for the ME3000SP). */
  static async rtu(
    profile: DeviceProfile,
    path: string,
    options: DriverOptions & { baud?: number } = {},
  ) {
    const port = new PtyPort(path, options.baud ?? 9600);
    const client = new (ModbusSerial as unknown as new (port: unknown) => Client)(port);
    await new Promise<void>((resolve, reject) =>
      (client as unknown as { open(cb: (e?: Error | null) => void): void }).open((error) =>
        error ? reject(error) : resolve()
      )
    );
    return new ModbusDevice(profile, client, options);
  }

  async #withRetries<T>(what: string, work: () => Promise<T>): Promise<T> {
    let delayMs = 100;
    for (let attempt = 0;; attempt++) {
      try {
        return await work();
      } catch (error) {
        if (attempt >= this.#retries) {
          throw new Error(`${what} failed: ${(error as Error).message ?? error}`);
        }
        await new Promise((r) => setTimeout(r, delayMs));
        delayMs *= 2;
      }
    }
  }

  read(): Promise<DeviceReading> {
    const { start, count } = this.profile.block;
    return this.#withRetries("reading", async () => {
      const result = await this.client.readHoldingRegisters(start, count);
      return decodeBlock(this.profile, result.data);
    });
  }

  /** Sends a command; `false` when it was the same as the last one, sent moments ago. */
  async command(command: Command, nowMs = Date.now()): Promise<boolean> {
    const { functionCode, bytes } = encodeCommand(this.profile, command);
    const key = `${functionCode}:${bytes.join(",")}`;
    if (this.#last && this.#last.key === key && nowMs - this.#last.atMs < this.#repeatAfterMs) {
      return false;
    }
    try {
      await this.#withRetries(
        "command",
        () =>
          new Promise<void>((resolve, reject) =>
            this.client.writeCustomFC(
              this.profile.unitId,
              functionCode,
              bytes,
              (error: unknown) => error ? reject(error) : resolve(),
            )
          ),
      );
      this.#last = { key, atMs: nowMs };
      this.#log({ msg: "command", command, result: "ok" });
      return true;
    } catch (error) {
      this.#log({ msg: "command", command, result: "failed", error: String(error) });
      throw error;
    }
  }

  /** Closes the connection; a connection the device already dropped closes at once. */
  close(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, 200);
      this.client.close(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}
