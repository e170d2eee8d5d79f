/**
 * A Modbus device driven through its profile: reads the profile's register block, sends only
 * the profile's commands and keep-alive, over a `ModbusLink` (RTU or TCP).
 *
 * - **One request at a time on the line**: reads, commands and heartbeats queue (RS485 is
 *   half-duplex; an answer must never meet the next request).
 * - **Reconnects**: the connection opens when first needed and again after it dropped or timed
 *   out, with a growing pause between attempts (1 s … 10 s); a device absent at start-up is
 *   found when it appears.
 * - **Reads** have a timeout and bounded retries (reading twice is harmless).
 * - **Commands** are sent once: one that timed out is not sent blindly again (its effect is
 *   unknown; the control loop decides anew on fresh readings). The answer's status word is
 *   read: "busy" is tried again after a pause, "not in passive mode" and "invalid data" are
 *   refusals the app words for the user. An unchanged command is not repeated within 5 s, and
 *   each one is logged with its result.
 */
import type { Command } from "../../lib/control/decide.ts";
import {
  type CommandAnswer,
  type CommandStatus,
  decodeBlock,
  decodeCommandAnswer,
  type DeviceProfile,
  type DeviceReading,
  encodeCommand,
  encodeKeepAlive,
} from "../../lib/control/profiles.ts";
import { openRtu, openTcp } from "./modbus_link.ts";
import { type LineLog, messageOf, ModbusLine, type Opener, pause } from "./modbus_line.ts";

export type DeviceLog = LineLog;

export interface DriverOptions {
  timeoutMs?: number;
  /** Extra attempts of a read that failed. */
  retries?: number;
  /** An unchanged command is not sent again within this interval. */
  repeatAfterMs?: number;
  /** Pause before a command answered "busy" is tried again, and how often. */
  busyPauseMs?: number;
  busyRetries?: number;
  log?: DeviceLog;
}

/** The device answered, and said no: why, in its own status, and what the battery allows. */
export class DeviceRefused extends Error {
  constructor(readonly status: Exclude<CommandStatus, "accepted">, readonly answer: CommandAnswer) {
    super(`the inverter refused the command: ${status}`);
  }
}

export class ModbusDevice {
  /** The line to the device: one request at a time, reconnecting (shared with the chargers). */
  readonly #line: ModbusLine;
  #last: { key: string; atMs: number } | null = null;
  readonly #options: Required<Omit<DriverOptions, "log">>;
  readonly #log: DeviceLog;

  private constructor(
    readonly profile: DeviceProfile,
    readonly where: string,
    readonly open: Opener,
    options: DriverOptions,
  ) {
    this.#options = {
      timeoutMs: options.timeoutMs ?? 1000,
      retries: options.retries ?? 2,
      repeatAfterMs: options.repeatAfterMs ?? 5000,
      busyPauseMs: options.busyPauseMs ?? 500,
      busyRetries: options.busyRetries ?? 2,
    };
    this.#log = options.log ?? (() => {});
    this.#line = new ModbusLine(where, open, "inverter", this.#options.timeoutMs, this.#log);
  }

  /** Modbus TCP; nothing is connected until the first request. */
  static tcp(profile: DeviceProfile, host: string, port: number, options: DriverOptions = {}) {
    return new ModbusDevice(profile, `${host}:${port}`, () => openTcp(host, port), options);
  }

  /** Modbus RTU on a serial device (9600 8N1 for the ME3000SP); opened at the first request. */
  static rtu(
    profile: DeviceProfile,
    path: string,
    options: DriverOptions & { baud?: number } = {},
  ) {
    return new ModbusDevice(profile, path, () => openRtu(path, options.baud ?? 9600), options);
  }

  /** Runs `work` alone on the line, after whatever is on it now. */
  #alone<T>(work: () => Promise<T>): Promise<T> {
    return this.#line.alone(work);
  }

  /** One request and its answer PDU (see `ModbusLine.request`). */
  #request(pdu: number[]): Promise<Uint8Array> {
    return this.#line.request(this.profile.unitId, pdu);
  }

  read(): Promise<DeviceReading> {
    const { start, count } = this.profile.block;
    return this.#alone(async () => {
      for (let attempt = 0;; attempt++) {
        try {
          const answer = await this.#request([
            0x03,
            start >> 8,
            start & 0xff,
            count >> 8,
            count & 0xff,
          ]);
          if (answer[1] !== count * 2 || answer.length !== 2 + count * 2) {
            throw new Error(`an answer of ${answer.length} bytes to a read of ${count} registers`);
          }
          const registers = Array.from(
            { length: count },
            (_, i) => (answer[2 + 2 * i] << 8) | answer[3 + 2 * i],
          );
          return decodeBlock(this.profile, registers);
        } catch (error) {
          // Reading twice is harmless; but not while the line is known to be down.
          if (attempt >= this.#options.retries || this.#line.down) {
            throw new Error(`reading failed: ${messageOf(error)}`);
          }
          await pause(100 * 2 ** attempt);
        }
      }
    });
  }

  /**
   * Sends a command; the device's answer, or `null` when it was the same as the last one, sent
   * moments ago. Throws `DeviceRefused` when the device said no, another error when it did not
   * answer (and then the command is not sent again).
   */
  command(command: Command, nowMs = Date.now()): Promise<CommandAnswer | null> {
    const { functionCode, bytes } = encodeCommand(this.profile, command);
    const key = `${functionCode}:${bytes.join(",")}`;
    if (
      this.#last && this.#last.key === key && nowMs - this.#last.atMs < this.#options.repeatAfterMs
    ) {
      return Promise.resolve(null);
    }
    return this.#alone(async () => {
      try {
        const answer = await this.#untilNotBusy(functionCode, bytes);
        this.#last = { key, atMs: nowMs };
        this.#log({ msg: "command", command, result: "ok" });
        return answer;
      } catch (error) {
        this.#last = null;
        this.#log({
          msg: "command",
          command,
          result: error instanceof DeviceRefused ? error.status : "failed",
          error: messageOf(error),
        });
        throw error;
      }
    });
  }

  /** The profile's keep-alive (the ME3000SP's heartbeat); `false` when it has none. */
  heartbeat(): Promise<boolean> {
    const frame = encodeKeepAlive(this.profile);
    if (!frame) return Promise.resolve(false);
    return this.#alone(async () => {
      await this.#untilNotBusy(frame.functionCode, frame.bytes);
      return true;
    });
  }

  /** Sends a passive-mode frame once, again only when the device asks (busy, CRC failed). */
  async #untilNotBusy(functionCode: number, bytes: number[]): Promise<CommandAnswer> {
    for (let attempt = 0;; attempt++) {
      const answer = decodeCommandAnswer((await this.#request([functionCode, ...bytes])).slice(1));
      if (answer.status === "accepted") return answer;
      const again = (answer.status === "busy" && attempt < this.#options.busyRetries) ||
        (answer.status === "crcFailed" && attempt === 0);
      if (!again) throw new DeviceRefused(answer.status, answer);
      if (answer.status === "busy") await pause(this.#options.busyPauseMs);
    }
  }

  /** Closes the connection, after the request on the line. */
  close(): Promise<void> {
    return this.#line.close();
  }
}
