/**
 * Web Serial, the thin adapter: asks for a port, opens it with the meter's line settings, hands
 * every chunk it reads to `onBytes`, and reopens a remembered port when it is plugged back in.
 */

export type LineSettings = "115200-8N1" | "9600-7E1";

export const LINE_OPTIONS: Record<LineSettings, SerialOptions> = {
  "115200-8N1": { baudRate: 115200, dataBits: 8, parity: "none", stopBits: 1 },
  "9600-7E1": { baudRate: 9600, dataBits: 7, parity: "even", stopBits: 1 },
};

export type ConnectionStatus =
  | { kind: "idle" }
  | { kind: "connecting" }
  | { kind: "connected" }
  | { kind: "demo" }
  | { kind: "gateway" }
  | { kind: "reconnecting" }
  | { kind: "cancelled" }
  /** `reason`: the browser's words; `code`: a `serial.*` text the app words, when known. */
  | { kind: "error"; reason: string; code?: `serial.${SerialProblem}` };

export type SerialProblem = "denied" | "inUse" | "lost";

/** The DOMException names Web Serial fails with, as what they mean to a household. */
const PROBLEMS: Record<string, SerialProblem> = {
  SecurityError: "denied",
  NotAllowedError: "denied",
  InvalidStateError: "inUse",
  NetworkError: "lost",
};

/** What this browser offers for serial ports. */
export type SerialSupport = "native" | "polyfill" | "none";

export function serialSupport(nav: Navigator = navigator): SerialSupport {
  if ("serial" in nav && nav.serial) return "native";
  if ("usb" in nav && (nav as Navigator & { usb?: unknown }).usb) return "polyfill";
  return "none";
}

/** `navigator.serial`, or the WebUSB polyfill (CDC-ACM devices only) where it is missing. */
export async function serialApi(nav: Navigator = navigator): Promise<Serial | null> {
  const support = serialSupport(nav);
  if (support === "native") return nav.serial;
  if (support === "polyfill") {
    const { serial } = await import("web-serial-polyfill");
    return serial as unknown as Serial;
  }
  return null;
}

const RETRY_MS = 2000;

export class SerialConnection {
  readonly #serial: Serial;
  readonly #onBytes: (chunk: Uint8Array) => void;
  readonly #onStatus: (status: ConnectionStatus) => void;
  readonly #onStreamStart: () => void;
  #port: SerialPort | null = null;
  #reader: ReadableStreamDefaultReader<Uint8Array> | null = null;
  #settings: LineSettings = "115200-8N1";
  #stopped = false;
  #retry: ReturnType<typeof setTimeout> | null = null;
  readonly #onConnect = (event: Event) => {
    const port = event.target as SerialPort | null;
    if (this.#port !== null && (port === this.#port || port === null)) this.#reopenSoon(0);
  };

  /**
   * `onStreamStart`: called before the bytes of each new reader (a port opened again, a reader
   * after a framing error), so a telegram cut off before is not joined to what comes after.
   */
  constructor(
    serial: Serial,
    onBytes: (chunk: Uint8Array) => void,
    onStatus: (status: ConnectionStatus) => void,
    onStreamStart: () => void = () => {},
  ) {
    this.#serial = serial;
    this.#onBytes = onBytes;
    this.#onStatus = onStatus;
    this.#onStreamStart = onStreamStart;
    serial.addEventListener("connect", this.#onConnect);
  }

  /** Asks the user for a port (call from a click) and starts reading it. */
  async choose(settings: LineSettings): Promise<void> {
    let port: SerialPort;
    try {
      port = await this.#serial.requestPort();
    } catch (error) {
      // NotFoundError: the user closed the chooser without picking a port.
      const name = (error as DOMException).name;
      const problem = PROBLEMS[name];
      this.#onStatus(
        name === "NotFoundError"
          ? { kind: "cancelled" }
          : problem
          ? { kind: "error", reason: (error as Error).message, code: `serial.${problem}` }
          : { kind: "error", reason: (error as Error).message },
      );
      return;
    }
    await this.#start(port, settings);
  }

  /** Reopens a port granted in an earlier visit, without asking. Returns whether there was one. */
  async resume(settings: LineSettings): Promise<boolean> {
    const [port] = await this.#serial.getPorts();
    if (port === undefined) return false;
    await this.#start(port, settings);
    return true;
  }

  async #start(port: SerialPort, settings: LineSettings): Promise<void> {
    await this.stop();
    this.#stopped = false;
    this.#port = port;
    this.#settings = settings;
    await this.#open();
  }

  async #open(): Promise<void> {
    const port = this.#port;
    if (port === null || this.#stopped) return;
    this.#onStatus({ kind: "connecting" });
    try {
      await port.open(LINE_OPTIONS[this.#settings]);
    } catch (error) {
      // Already open (InvalidStateError) is fine; anything else: the device is not there yet.
      if ((error as DOMException).name !== "InvalidStateError") {
        this.#onStatus({ kind: "reconnecting" });
        this.#reopenSoon(RETRY_MS);
        return;
      }
    }
    this.#onStatus({ kind: "connected" });
    void this.#readLoop(port);
  }

  async #readLoop(port: SerialPort): Promise<void> {
    while (!this.#stopped && port.readable) {
      const reader = port.readable.getReader();
      this.#reader = reader;
      this.#onStreamStart();
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          if (value) this.#onBytes(value);
        }
      } catch {
        // A framing or parity error ends this reader only; a lost device ends `readable` too.
      } finally {
        reader.releaseLock();
        this.#reader = null;
      }
    }
    if (this.#stopped) return;
    await port.close().catch(() => {});
    this.#onStatus({ kind: "reconnecting" });
    this.#reopenSoon(RETRY_MS);
  }

  #reopenSoon(delayMs: number): void {
    if (this.#retry !== null) clearTimeout(this.#retry);
    this.#retry = setTimeout(() => {
      this.#retry = null;
      void this.#open();
    }, delayMs);
  }

  /** Stops reading and closes the port; the port stays granted for `resume`. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#retry !== null) clearTimeout(this.#retry);
    this.#retry = null;
    await this.#reader?.cancel().catch(() => {});
    await this.#port?.close().catch(() => {});
    this.#port = null;
  }

  dispose(): void {
    this.#serial.removeEventListener("connect", this.#onConnect);
    void this.stop();
  }
}
