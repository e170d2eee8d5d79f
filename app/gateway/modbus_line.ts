/**
 * One Modbus line to one device, shared by every driver (the battery's `ModbusDevice`, the
 * chargers' `ModbusCharger`):
 *
 * - **One request at a time**: requests queue (RS485 is half-duplex; an answer must never meet
 *   the next request), and a driver may run several requests as one piece of work (`alone`).
 * - **Reconnects**: the connection opens when first needed and again after it dropped or a TCP
 *   request went unanswered, with a growing pause between failed attempts (1 s … 10 s); a device
 *   absent at start-up is found when it appears.
 */
import { ModbusException, type ModbusLink, NoAnswer } from "./modbus_link.ts";

export interface LineLog {
  (entry: { msg: string; [key: string]: unknown }): void;
}

/** How a connection is made: TCP to a host, or a serial device. */
export type Opener = () => Promise<ModbusLink>;

const REOPEN_FIRST_MS = 1000;
const REOPEN_MAX_MS = 10_000;

export class ModbusLine {
  #link: ModbusLink | null = null;
  /** The work on the line now; the next waits for it. */
  #queue: Promise<unknown> = Promise.resolve();
  #reopenAtMs = 0;
  #reopenPauseMs = REOPEN_FIRST_MS;
  #closed = false;

  /** `what` names the device in messages ("inverter", "charger"). */
  constructor(
    readonly where: string,
    readonly open: Opener,
    readonly what: string,
    readonly timeoutMs: number,
    readonly log: LineLog = () => {},
  ) {}

  /** Whether the line is known to be down now (a reconnect is not due yet). */
  get down(): boolean {
    return Date.now() < this.#reopenAtMs;
  }

  /** Runs `work` alone on the line, after whatever is on it now. */
  alone<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#queue.catch(() => {}).then(work);
    this.#queue = run;
    return run;
  }

  async #connected(): Promise<ModbusLink> {
    if (this.#closed) throw new Error(`the connection to the ${this.what} is closed`);
    if (this.#link?.isOpen) return this.#link;
    this.#drop();
    const now = Date.now();
    if (now < this.#reopenAtMs) {
      throw new Error(
        `the ${this.what} at ${this.where} is not reachable (next try in ${
          Math.ceil((this.#reopenAtMs - now) / 1000)
        } s)`,
      );
    }
    try {
      this.#link = await this.open();
      this.#reopenPauseMs = REOPEN_FIRST_MS;
      this.log({ msg: `${this.what} connected`, where: this.where });
      return this.#link;
    } catch (error) {
      this.#reopenAtMs = Date.now() + this.#reopenPauseMs;
      this.#reopenPauseMs = Math.min(this.#reopenPauseMs * 2, REOPEN_MAX_MS);
      throw new Error(`cannot reach the ${this.what} at ${this.where}: ${messageOf(error)}`);
    }
  }

  /** Forgets a connection that failed: the next request opens a new one. */
  #drop(): void {
    this.#link?.close();
    this.#link = null;
  }

  /**
   * One request and its answer PDU; call it inside `alone`. A connection that broke is dropped
   * (the next request opens a new one), and so is a TCP connection that did not answer; an
   * exception answer, or a silent device on a serial line, leaves the line as it is.
   */
  async request(unitId: number, pdu: number[]): Promise<Uint8Array> {
    const link = await this.#connected();
    try {
      return await link.request(unitId, new Uint8Array(pdu), this.timeoutMs);
    } catch (error) {
      const deviceSaid = error instanceof ModbusException;
      const silentLine = error instanceof NoAnswer && !link.reopenOnSilence;
      if (!deviceSaid && !silentLine) this.#drop();
      throw error;
    }
  }

  /** Closes the connection, after the work on the line. */
  async close(): Promise<void> {
    await this.#queue.catch(() => {});
    this.#closed = true;
    this.#drop();
  }
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
