/**
 * Cuts a P1 byte stream, arriving in chunks of any size, into whole telegrams and checks each
 * one's CRC. A telegram starts with `/` at the start of the stream or right after a line end, and
 * ends with `!` plus 0–4 hex digits — or, on meters that send no `!` (Iskra MT382, DSMR 2.2), at
 * the next telegram's `/`: such a frame is passed on as `ended: false`, and the parser judges
 * whether it is whole. Anything between telegrams is skipped and counted.
 */
import { crc16Arc } from "./crc16.ts";

/** Bytes a telegram may take before the framer gives up on it (Belgian ones are 1.3–1.8 KB). */
export const DEFAULT_MAX_TELEGRAM_BYTES = 16 * 1024;

export interface FramerStats {
  /** Frames emitted, whatever their CRC. */
  telegrams: number;
  crcFailures: number;
  /** Frames closed by the next telegram's `/` instead of a `!`. */
  unended: number;
  /** Telegrams dropped for growing past the size cap. */
  overflows: number;
  /** Bytes skipped outside telegrams (line ends and NULs between telegrams not counted). */
  bytesDiscarded: number;
  bytesReceived: number;
}

export interface TelegramFrame {
  /** The telegram from `/` through its CRC digits. Valid only during the callback. */
  bytes: Uint8Array;
  /** `true`/`false` when a CRC was sent, `null` when none was (DSMR 2.2/3.0). */
  crcValid: boolean | null;
  /** The hex digits sent after `!`, as sent. */
  crcSent: string;
  /** `false` when the next telegram's `/` closed the frame: no `!`, no CRC. */
  ended: boolean;
}

export type FramerEvent = { kind: "overflow"; bytes: number };

const SLASH = 47;
const BANG = 33;
const LF = 10;
const CR = 13;
const NUL = 0;

/** Where the framer is: seeking `/` at a line start, inside a body up to `!`, or in the CRC. */
const Phase = { Seek: 0, Body: 1, Crc: 2 } as const;
type Phase = (typeof Phase)[keyof typeof Phase];

function hexValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 65 && code <= 70) return code - 55;
  if (code >= 97 && code <= 102) return code - 87;
  return -1;
}

export class P1Framer {
  readonly stats: FramerStats = {
    telegrams: 0,
    crcFailures: 0,
    unended: 0,
    overflows: 0,
    bytesDiscarded: 0,
    bytesReceived: 0,
  };
  #buffer: Uint8Array;
  #length = 0;
  #phase: Phase = Phase.Seek;
  /** Whether the byte before the current one ended a line (or nothing came yet). */
  #atLineStart = true;
  #crcDigits = 0;
  #crcValue = 0;
  readonly #maxBytes: number;
  readonly #onTelegram: (frame: TelegramFrame) => void;
  readonly #onEvent: (event: FramerEvent) => void;

  constructor(
    onTelegram: (frame: TelegramFrame) => void,
    options: { maxBytes?: number; onEvent?: (event: FramerEvent) => void } = {},
  ) {
    this.#maxBytes = options.maxBytes ?? DEFAULT_MAX_TELEGRAM_BYTES;
    this.#buffer = new Uint8Array(Math.min(4096, this.#maxBytes));
    this.#onTelegram = onTelegram;
    this.#onEvent = options.onEvent ?? (() => {});
  }

  /** Drops a telegram under way: what comes next is a new stream, seeking its first `/`. */
  restart(): void {
    if (this.#phase !== Phase.Seek) this.stats.bytesDiscarded += this.#length;
    this.#length = 0;
    this.#phase = Phase.Seek;
    this.#atLineStart = true;
  }

  /** Feeds the next chunk; telegrams it completes are passed to the callback before it returns. */
  push(chunk: Uint8Array): void {
    this.stats.bytesReceived += chunk.length;
    let i = 0;
    const n = chunk.length;
    while (i < n) {
      if (this.#phase === Phase.Seek) {
        i = this.#seek(chunk, i);
      } else if (this.#phase === Phase.Body) {
        i = this.#body(chunk, i);
      } else {
        i = this.#crc(chunk, i);
      }
    }
  }

  #seek(chunk: Uint8Array, from: number): number {
    for (let i = from; i < chunk.length; i++) {
      const byte = chunk[i];
      if (byte === SLASH && this.#atLineStart) {
        this.#phase = Phase.Body;
        this.#length = 0;
        this.#atLineStart = false;
        return i;
      }
      if (byte === LF) {
        this.#atLineStart = true;
      } else if (byte !== CR && byte !== NUL) {
        this.#atLineStart = false;
        this.stats.bytesDiscarded++;
      }
    }
    return chunk.length;
  }

  /** Copies body bytes up to `!`, watching for a new telegram that closes this one. */
  #body(chunk: Uint8Array, from: number): number {
    const bang = chunk.indexOf(BANG, from);
    const stop = bang < 0 ? chunk.length : bang + 1;
    // A `/` only ever starts a header; after a line end inside a body it closes this frame.
    let slash = chunk.indexOf(SLASH, from + (this.#length === 0 ? 1 : 0));
    while (slash >= 0 && slash < stop) {
      const previous = slash > from ? chunk[slash - 1] : this.#buffer[this.#length - 1];
      if (previous === LF) {
        if (this.#append(chunk, from, slash)) {
          this.stats.telegrams++;
          this.stats.unended++;
          const bytes = this.#buffer.subarray(0, this.#length);
          this.#length = 0;
          this.#onTelegram({ bytes, crcValid: null, crcSent: "", ended: false });
        }
        this.#phase = Phase.Seek;
        this.#atLineStart = true;
        return slash;
      }
      slash = chunk.indexOf(SLASH, slash + 1);
    }
    if (!this.#append(chunk, from, stop)) return stop;
    if (bang >= 0) {
      this.#phase = Phase.Crc;
      this.#crcDigits = 0;
      this.#crcValue = 0;
    }
    return stop;
  }

  #crc(chunk: Uint8Array, from: number): number {
    let i = from;
    while (i < chunk.length && this.#crcDigits < 4) {
      const digit = hexValue(chunk[i]);
      if (digit < 0) break;
      this.#crcValue = (this.#crcValue << 4) | digit;
      this.#crcDigits++;
      i++;
    }
    if (!this.#append(chunk, from, i)) return i;
    // The CRC is complete with four digits, or with fewer once anything else follows.
    if (this.#crcDigits === 4 || i < chunk.length) this.#emit();
    return i;
  }

  #emit(): void {
    const bangAt = this.#length - this.#crcDigits - 1;
    let crcValid: boolean | null;
    let crcSent = "";
    if (this.#crcDigits === 0) {
      crcValid = null;
    } else {
      crcValid = crc16Arc(this.#buffer, 0, bangAt + 1) === this.#crcValue;
      for (let i = bangAt + 1; i < this.#length; i++) {
        crcSent += String.fromCharCode(this.#buffer[i]);
      }
    }
    this.stats.telegrams++;
    if (crcValid === false) this.stats.crcFailures++;
    const bytes = this.#buffer.subarray(0, this.#length);
    this.#phase = Phase.Seek;
    this.#atLineStart = true;
    this.#length = 0;
    this.#onTelegram({ bytes, crcValid, crcSent, ended: true });
  }

  /** Appends `chunk[from, to)`; drops the telegram (false) if it would pass the size cap. */
  #append(chunk: Uint8Array, from: number, to: number): boolean {
    const needed = this.#length + (to - from);
    if (needed > this.#maxBytes) {
      this.stats.overflows++;
      this.stats.bytesDiscarded += needed;
      this.#onEvent({ kind: "overflow", bytes: needed });
      this.#length = 0;
      this.#phase = Phase.Seek;
      this.#atLineStart = chunk[to - 1] === LF;
      return false;
    }
    if (needed > this.#buffer.length) {
      const grown = new Uint8Array(
        Math.min(this.#maxBytes, Math.max(needed, this.#buffer.length * 2)),
      );
      grown.set(this.#buffer.subarray(0, this.#length));
      this.#buffer = grown;
    }
    this.#buffer.set(chunk.subarray(from, to), this.#length);
    this.#length = needed;
    return true;
  }
}
