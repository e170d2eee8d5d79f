/**
 * Bytes in, readings out: the framer and the parser joined, with the link counters the dashboard
 * and the CLI show. Never throws on bad input; every telegram is reported, valid or not.
 */
import { type FramerEvent, P1Framer } from "./framer.ts";
import { parseTelegram } from "./parser.ts";
import type { Reading } from "./reading.ts";

export interface DecoderStats {
  telegrams: number;
  /** Telegrams whose CRC matched (or, DSMR 2.2/3.0, that carry none) and that read without errors. */
  valid: number;
  crcFailures: number;
  /** Telegrams from a meter that sends CRCs, ending without one. */
  missingCrc: number;
  /** Telegrams with errors: a time or energy register that could not be read. */
  parseErrors: number;
  /** Telegrams kept with warnings: an optional line that could not be read. */
  withWarnings: number;
  /** Telegrams cut off by the start of the next one. */
  truncated: number;
  overflows: number;
  bytesDiscarded: number;
  bytesReceived: number;
}

/**
 * Whether a reading can be trusted: CRC right, its time and registers read; warnings on optional
 * lines do not count against it. A telegram without CRC (DSMR 2.2/3.0) has nothing else to show
 * line noise, so there an unreadable line of any kind makes the reading untrustworthy.
 */
export function isValidReading(reading: Reading): boolean {
  if (reading.crcValid === false || reading.errors.length > 0) return false;
  return reading.crcValid === true || reading.warnings.length === 0;
}

// latin1: every byte maps to one character, so the text indexes like the bytes (0xFF, 0xB3 pass).
const latin1 = new TextDecoder("latin1");

export class P1Decoder {
  readonly #framer: P1Framer;
  /** The stream has ended a telegram that read well with `!`; see the framer's callback. */
  #sendsEnd = false;
  /** The stream has sent a telegram with a correct CRC. */
  #sendsCrc = false;
  readonly #counts = {
    telegrams: 0,
    valid: 0,
    missingCrc: 0,
    parseErrors: 0,
    withWarnings: 0,
    truncated: 0,
  };

  constructor(
    onReading: (reading: Reading) => void,
    options: { maxBytes?: number; onEvent?: (event: FramerEvent) => void } = {},
  ) {
    this.#framer = new P1Framer(({ bytes, crcValid, ended }) => {
      // A meter that ends its telegrams with `!` always does: once it has (in a telegram that
      // read well — a noise byte can be a `!`), a frame closed by the next `/` was cut off. Only
      // a stream that never sent one (an Iskra MT382) is read that way.
      const reading = parseTelegram(latin1.decode(bytes), crcValid, {
        unended: !ended,
        cutOff: !ended && this.#sendsEnd,
      });
      if (!ended) {
        if (reading.errors.length > 0) this.#counts.truncated++;
      } else if (crcValid === null && (reading.version !== null || this.#sendsCrc)) {
        // DSMR 4+ meters, and any meter that sent a CRC before, always send one: a bare `!`
        // means it was lost (or its first digit garbled).
        reading.crcValid = false;
        reading.errors.push("telegram ends without its CRC");
        this.#counts.missingCrc++;
      }
      const valid = isValidReading(reading);
      if (valid && ended) this.#sendsEnd = true;
      if (valid && reading.crcValid === true) this.#sendsCrc = true;
      this.#counts.telegrams++;
      if (reading.errors.length > 0) this.#counts.parseErrors++;
      if (reading.warnings.length > 0) this.#counts.withWarnings++;
      if (valid) this.#counts.valid++;
      onReading(reading);
    }, options);
  }

  /**
   * A new stream begins on the same link (a port reopened, a cable plugged back): a part of a
   * telegram from before is dropped, not joined to what comes now. What was learnt of the meter
   * (it sends `!` and a CRC) stays.
   */
  restart(): void {
    this.#framer.restart();
  }

  push(chunk: Uint8Array): void {
    this.#framer.push(chunk);
  }

  get stats(): DecoderStats {
    const framer = this.#framer.stats;
    return {
      ...this.#counts,
      crcFailures: framer.crcFailures,
      overflows: framer.overflows,
      bytesDiscarded: framer.bytesDiscarded,
      bytesReceived: framer.bytesReceived,
    };
  }
}

/** A `TransformStream` of byte chunks into readings, for `port.readable.pipeThrough(…)`. */
export function p1ReadingStream(
  onEvent?: (event: FramerEvent) => void,
): TransformStream<Uint8Array, Reading> & { decoder: P1Decoder } {
  let controller!: TransformStreamDefaultController<Reading>;
  const decoder = new P1Decoder((reading) => controller.enqueue(reading), { onEvent });
  const stream = new TransformStream<Uint8Array, Reading>({
    start(c) {
      controller = c;
    },
    transform(chunk) {
      decoder.push(chunk);
    },
  });
  return Object.assign(stream, { decoder });
}
