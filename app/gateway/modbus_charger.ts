/**
 * A `ChargerLink` to a Modbus charger, driven through its profile (lib/control/ev/
 * charger_profiles.ts) over the gateway's shared `ModbusLine` (one request at a time,
 * reconnecting), RTU or TCP:
 *
 * - **Readings** when the caller polls (`poll()`; nothing runs by itself): the profile's blocks,
 *   decoded into a `ChargerReading` and handed to every `onReading` listener. Polling is also
 *   what keeps an ABB Terra AC's line healthy (it stops the session when not polled within its
 *   communication timeout, 60 s by default).
 * - **The limit** (`setLimit`) within the profile's and the installation's range (0 A pauses):
 *   the phases first where the charger switches them (Alfen 1215, written only when they
 *   change), then the current (Alfen FLOAT32 A at 1210, ABB UNSIGNED32 mA at 4100h). Nothing
 *   else can be written: every frame comes from `encodeWrite`, which knows only the profile's
 *   writes.
 * - **Keep-alive** (`keepAlive()`, the caller drives it every `keepAliveEveryMs`): the Alfen
 *   falls back to its safe current once its validity time passes without a new setpoint, so the
 *   last limit — a pause (0 A) too — is written again; a charger without that need does nothing.
 * - `start`/`stop` are a limit above 0 (the last one, or the minimum) and 0.
 *
 * Every refusal or silence is a `ChargerRefused` saying what was asked and what came back.
 */
import {
  type ChargerLimit,
  type ChargerLink,
  type ChargerReading,
  ChargerRefused,
  type ChargerSetup,
} from "../../lib/control/ev/charger.ts";
import {
  type ChargerProfile,
  checkWriteAnswer,
  type DecodedValues,
  decodeReads,
  encodeWrite,
  EXCEPTION_WORDS,
  type WriteFrame,
  type WriteName,
} from "../../lib/control/ev/charger_profiles.ts";
import { ModbusException, openRtu, openTcp } from "./modbus_link.ts";
import { type LineLog, messageOf, ModbusLine, type Opener, pause } from "./modbus_line.ts";

export interface ChargerOptions {
  timeoutMs?: number;
  /** Extra attempts of a read that failed (reading twice is harmless). */
  retries?: number;
  log?: LineLog;
  /** The clock of the readings' `atMs`. */
  now?: () => number;
  /** Another slave address than the profile's (a double Alfen's right socket: 2). */
  unitId?: number;
}

export class ModbusCharger implements ChargerLink {
  readonly #line: ModbusLine;
  readonly #listeners = new Set<(reading: ChargerReading) => void>();
  readonly #retries: number;
  readonly #log: LineLog;
  readonly #now: () => number;
  readonly #unitId: number;
  /** The limit the charger accepted last (`null` before the first). */
  #limit: ChargerLimit | null = null;
  /** The last limit above 0 A, for `start`. */
  #charging: ChargerLimit | null = null;
  /** The phases the charger is set to, as read or written (`null`: not known yet). */
  #phases: 1 | 3 | null = null;
  /** Energy of earlier sessions, for a charger that counts only the running one (ABB). */
  #earlierSessionsKWh = 0;
  #lastSessionKWh: number | null = null;

  private constructor(
    readonly profile: ChargerProfile,
    readonly setup: ChargerSetup,
    where: string,
    open: Opener,
    options: ChargerOptions,
  ) {
    this.#retries = options.retries ?? 1;
    this.#log = options.log ?? (() => {});
    this.#now = options.now ?? Date.now;
    this.#unitId = options.unitId ?? profile.unitId;
    this.#line = new ModbusLine(where, open, "charger", options.timeoutMs ?? 1000, this.#log);
  }

  /** Modbus TCP (port 502 by default); nothing is connected until the first request. */
  static tcp(
    profile: ChargerProfile,
    setup: ChargerSetup,
    host: string,
    port = profile.port,
    options: ChargerOptions = {},
  ): ModbusCharger {
    return new ModbusCharger(profile, setup, `${host}:${port}`, () => openTcp(host, port), options);
  }

  /** Modbus RTU on a serial device (the ABB Terra AC on RS485); opened at the first request. */
  static rtu(
    profile: ChargerProfile,
    setup: ChargerSetup,
    path: string,
    options: ChargerOptions & { baud?: number } = {},
  ): ModbusCharger {
    const baud = options.baud ?? 9600;
    return new ModbusCharger(profile, setup, path, () => openRtu(path, baud), options);
  }

  /** How often `keepAlive()` must run while a limit is set; `null` when the charger needs none. */
  get keepAliveEveryMs(): number | null {
    return this.profile.rewriteEveryMs;
  }

  /** The limit the charger accepted last. */
  get limit(): ChargerLimit | null {
    return this.#limit;
  }

  #refused(detail: string): ChargerRefused {
    return new ChargerRefused(this.setup.id, detail);
  }

  /** The words of a failure: the Modbus exception by name, or what went wrong on the line. */
  #why(error: unknown, what: string): ChargerRefused {
    if (error instanceof ChargerRefused) return error;
    if (error instanceof ModbusException) {
      const words = EXCEPTION_WORDS[error.code] ?? "exception";
      return this.#refused(`${words} (Modbus exception ${error.code}) to ${what}`);
    }
    return this.#refused(`${what} failed: ${messageOf(error)}`);
  }

  /** Reads the profile's blocks, hands the reading to the listeners and returns it. */
  poll(): Promise<ChargerReading> {
    return this.#line.alone(async () => {
      const blocks = new Map<number, number[]>();
      for (const { start, count } of this.profile.blocks) {
        blocks.set(start, await this.#readBlock(start, count));
      }
      const reading = this.#reading(decodeReads(this.profile, blocks));
      for (const listener of this.#listeners) listener(reading);
      return reading;
    });
  }

  async #readBlock(start: number, count: number): Promise<number[]> {
    const what = `reading ${count} registers from ${start}`;
    for (let attempt = 0;; attempt++) {
      try {
        const answer = await this.#line.request(this.#unitId, [
          0x03,
          start >> 8,
          start & 0xff,
          count >> 8,
          count & 0xff,
        ]);
        if (answer[0] !== 0x03 || answer[1] !== count * 2 || answer.length !== 2 + count * 2) {
          throw new Error(`an answer of ${answer.length} bytes to a read of ${count} registers`);
        }
        return Array.from(
          { length: count },
          (_, i) => (answer[2 + 2 * i] << 8) | answer[3 + 2 * i],
        );
      } catch (error) {
        // The charger said no: asking again changes nothing. Nor while the line is down.
        if (error instanceof ModbusException || attempt >= this.#retries || this.#line.down) {
          throw this.#why(error, what);
        }
        await pause(100 * 2 ** attempt);
      }
    }
  }

  #reading(values: DecodedValues): ChargerReading {
    const number = (v: number | string | null | undefined) => typeof v === "number" ? v : null;
    if (values.phases === 1 || values.phases === 3) this.#phases = values.phases;
    let status = this.profile.status(values);
    // Plugged in and not offered current because we paused it: a paused session.
    if (status === "carConnected" && this.#limit?.currentA === 0) status = "sleeping";
    return {
      atMs: this.#now(),
      status,
      currentA: [number(values.currentL1A), number(values.currentL2A), number(values.currentL3A)],
      powerW: number(values.powerW),
      meterKWh: this.#meterKWh(values),
      offeredA: number(values.offeredA),
      socPct: null,
      idTag: null,
    };
  }

  /**
   * The charger's energy register; for a charger that only counts the running session (the
   * ABB), the sessions since this link opened added up (a session that starts again from 0 adds
   * the one before it).
   */
  #meterKWh(values: DecodedValues): number | null {
    if (typeof values.meterKWh === "number") return values.meterKWh;
    const session = values.sessionKWh;
    if (typeof session !== "number") return null;
    if (this.#lastSessionKWh !== null && session < this.#lastSessionKWh) {
      this.#earlierSessionsKWh += this.#lastSessionKWh;
    }
    this.#lastSessionKWh = session;
    return Math.round((this.#earlierSessionsKWh + session) * 1e6) / 1e6;
  }

  /**
   * Sets the limit; resolves when the charger accepted it. A current outside the profile's and
   * the installation's range (0 pauses), or phases the charger cannot switch to, are refused
   * before anything is sent.
   */
  setLimit(limit: ChargerLimit): Promise<void> {
    const minA = Math.max(this.profile.minA, this.setup.minA);
    const maxA = Math.min(this.profile.maxA, this.setup.maxA);
    const { currentA, phases } = limit;
    if (!(currentA === 0 || (currentA >= minA && currentA <= maxA))) {
      return Promise.reject(
        this.#refused(`a limit of ${currentA} A is outside ${minA}–${maxA} A (0 A pauses)`),
      );
    }
    const switches = this.setup.canSwitchPhases && this.profile.writes.phases !== undefined;
    if (phases > this.setup.phases || (phases !== this.setup.phases && !switches)) {
      return Promise.reject(
        this.#refused(
          `it cannot charge on ${phases} phase${
            phases === 1 ? "" : "s"
          } (wired for ${this.setup.phases}${switches ? "" : ", no phase switching"})`,
        ),
      );
    }
    return this.#line.alone(async () => {
      if (switches && phases !== this.#phases) {
        await this.#write(
          "phases",
          phases,
          `switching to ${phases} phase${phases === 1 ? "" : "s"}`,
        );
        this.#phases = phases;
      }
      await this.#write("currentLimit", currentA, `the current limit ${currentA} A`);
      this.#limit = { currentA, phases };
      if (currentA > 0) this.#charging = this.#limit;
    });
  }

  /** One of the profile's writes, its answer checked; a refusal as `ChargerRefused`. */
  async #write(name: WriteName, value: number, what: string): Promise<void> {
    let frame: WriteFrame;
    try {
      frame = encodeWrite(this.profile, name, value);
    } catch (error) {
      throw this.#refused(messageOf(error));
    }
    const at = `${what} at register ${frame.address}`;
    try {
      checkWriteAnswer(frame, await this.#line.request(this.#unitId, frame.pdu));
      this.#log({ msg: "charger command", charger: this.setup.id, name, value, result: "ok" });
    } catch (error) {
      const refused = this.#why(error, at);
      this.#log({
        msg: "charger command",
        charger: this.setup.id,
        name,
        value,
        result: "refused",
        error: refused.detail,
      });
      throw refused;
    }
  }

  /**
   * Writes the last limit again where the charger needs it within its validity time (Alfen);
   * `false` when there is nothing to write (no limit yet, or a charger without that need).
   */
  keepAlive(): Promise<boolean> {
    if (this.profile.rewriteEveryMs === null) return Promise.resolve(false);
    // The limit when its turn on the line comes: a `setLimit` queued before it counts.
    return this.#line.alone(async () => {
      const limit = this.#limit;
      if (!limit) return false;
      await this.#write(
        "currentLimit",
        limit.currentA,
        `rewriting the current limit ${limit.currentA} A`,
      );
      return true;
    });
  }

  /** A Modbus charger has no sessions of its own to start: a limit above 0 A lets the car charge. */
  start(_idTag: string): Promise<void> {
    return this.setLimit(
      this.#charging ??
        { currentA: Math.max(this.profile.minA, this.setup.minA), phases: this.setup.phases },
    );
  }

  stop(): Promise<void> {
    return this.setLimit({ currentA: 0, phases: this.#limit?.phases ?? this.setup.phases });
  }

  onReading(listener: (reading: ChargerReading) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Closes the connection, after the request on the line. */
  close(): Promise<void> {
    this.#listeners.clear();
    return this.#line.close();
  }
}
