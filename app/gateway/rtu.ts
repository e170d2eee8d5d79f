/**
 * Modbus RTU over a serial device, without native modules: the device file is opened with Deno
 * (set to 9600 8N1, raw, with `stty`), and frames are cut by their expected length. `PtyPort`
 * is the port modbus-serial's client talks through; `serveModbusRtu` answers as a device does
 * (the simulated ME3000SP behind a socat pseudo-terminal pair in tests).
 */
import { EventEmitter } from "node:events";
import type { SimulatedMe3000sp } from "./sim_me3000sp.ts";

/** Modbus's CRC-16 (init 0xFFFF, reflected polynomial 0xA001), sent low byte first. */
export function modbusCrc(bytes: Uint8Array): number {
  let crc = 0xffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >> 1) ^ 0xa001 : crc >> 1;
  }
  return crc;
}

function withCrc(frame: Uint8Array): Uint8Array {
  const out = new Uint8Array(frame.length + 2);
  out.set(frame);
  const crc = modbusCrc(frame);
  out[frame.length] = crc & 0xff;
  out[frame.length + 1] = crc >> 8;
  return out;
}

async function configure(path: string, baud: number): Promise<void> {
  const { code, stderr } = await new Deno.Command("stty", {
    args: ["-F", path, String(baud), "cs8", "-parenb", "-cstopb", "raw", "-echo"],
    stderr: "piped",
  }).output();
  if (code !== 0) {
    throw new Error(`cannot set up ${path}: ${new TextDecoder().decode(stderr).trim()}`);
  }
}

/** A serial port for modbus-serial's client: whole response frames out, by expected length. */
export class PtyPort extends EventEmitter {
  isOpen = false;
  // Two handles: a read waiting on the line must not hold up a write (Deno serialises both on one).
  #reader: Deno.FsFile | null = null;
  #writer: Deno.FsFile | null = null;
  #buffer = new Uint8Array(0);
  #expected = 0;

  constructor(readonly path: string, readonly baud = 9600) {
    super();
  }

  open(callback: (error?: Error | null) => void): void {
    configure(this.path, this.baud)
      .then(async () => {
        this.#reader = await Deno.open(this.path, { read: true });
        this.#writer = await Deno.open(this.path, { write: true });
        this.isOpen = true;
        callback(null);
        void this.#read();
      })
      .catch((error) => callback(error));
  }

  async #read(): Promise<void> {
    const chunk = new Uint8Array(256);
    try {
      for (;;) {
        const n = await this.#reader!.read(chunk);
        if (n === null) break;
        const joined = new Uint8Array(this.#buffer.length + n);
        joined.set(this.#buffer);
        joined.set(chunk.subarray(0, n), this.#buffer.length);
        this.#buffer = joined;
        // An exception answer (function code with the high bit) is always 5 bytes.
        const length = this.#buffer.length >= 2 && (this.#buffer[1] & 0x80) ? 5 : this.#expected;
        if (length > 0 && this.#buffer.length >= length) {
          const frame = this.#buffer.slice(0, length);
          this.#buffer = new Uint8Array(0);
          this.#expected = 0;
          this.emit("data", Buffer.from(frame));
        }
      }
    } catch (error) {
      if (this.isOpen) this.emit("error", error);
    }
  }

  write(data: Uint8Array): void {
    // What the answer's length will be: read registers → 5 + 2 × count; a command → its echo.
    this.#expected = data[1] === 0x03 ? 5 + 2 * ((data[4] << 8) | data[5]) : 8;
    this.#buffer = new Uint8Array(0);
    void this.#writer?.write(data).catch((error) => this.emit("error", error));
  }

  close(callback?: () => void): void {
    this.isOpen = false;
    for (const file of [this.#reader, this.#writer]) {
      try {
        file?.close();
      } catch { /* closed already */ }
    }
    this.emit("close");
    callback?.();
  }
}

/** Answers Modbus RTU requests on a serial device as the simulated inverter. */
export async function serveModbusRtu(device: SimulatedMe3000sp, path: string, unitId = 1) {
  await configure(path, 9600);
  const file = await Deno.open(path, { read: true });
  const writer = await Deno.open(path, { write: true });
  let stopped = false;
  void (async () => {
    let buffer = new Uint8Array(0);
    const chunk = new Uint8Array(256);
    try {
      while (!stopped) {
        const n = await file.read(chunk);
        if (n === null) break;
        const joined = new Uint8Array(buffer.length + n);
        joined.set(buffer);
        joined.set(chunk.subarray(0, n), buffer.length);
        buffer = joined;
        // Both requests the profile uses (0x03 and 0x42) are 8 bytes long.
        while (buffer.length >= 8) {
          const frame = buffer.slice(0, 8);
          const crc = modbusCrc(frame.subarray(0, 6));
          if (frame[6] !== (crc & 0xff) || frame[7] !== crc >> 8) {
            buffer = buffer.slice(1); // noise on the line: look for the next frame
            continue;
          }
          buffer = buffer.slice(8);
          if (frame[0] !== unitId) continue;
          const response = device.handle(frame.subarray(1, 6));
          const out = new Uint8Array(1 + response.length);
          out[0] = unitId;
          out.set(response, 1);
          await writer.write(withCrc(out));
        }
      }
    } catch {
      // the line closed
    }
  })();
  return {
    close() {
      stopped = true;
      for (const handle of [file, writer]) {
        try {
          handle.close();
        } catch { /* closed already */ }
      }
    },
  };
}
