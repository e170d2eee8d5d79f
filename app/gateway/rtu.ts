/**
 * Modbus RTU on a serial device, without native modules: the device file is opened with Deno
 * (set to 9600 8N1, raw, with `stty`), frames carry the Modbus CRC, and answers are cut by their
 * length as the standard frames them. `modbus_link.ts` speaks it as the master;
 * `serveModbusRtu` answers as a device does (the simulated ME3000SP behind a socat
 * pseudo-terminal pair in tests).
 */
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

/** The frame with its CRC appended. */
export function withCrc(frame: Uint8Array): Uint8Array {
  const out = new Uint8Array(frame.length + 2);
  out.set(frame);
  const crc = modbusCrc(frame);
  out[frame.length] = crc & 0xff;
  out[frame.length + 1] = crc >> 8;
  return out;
}

/** Sets a serial device to `baud` 8N1, raw, without echo. */
export async function configureSerial(path: string, baud: number): Promise<void> {
  const { code, stderr } = await new Deno.Command("stty", {
    args: ["-F", path, String(baud), "cs8", "-parenb", "-cstopb", "raw", "-echo"],
    stderr: "piped",
  }).output();
  if (code !== 0) {
    throw new Error(`cannot set up ${path}: ${new TextDecoder().decode(stderr).trim()}`);
  }
}

/**
 * Functions whose answer carries a byte count in its third byte: reads (0x03, 0x04) and the
 * ME3000SP's passive-mode command and heartbeat (0x42, 0x49: count 2, then the status word).
 */
const COUNTED = new Set([0x01, 0x02, 0x03, 0x04, 0x42, 0x49]);

/**
 * How long the answer starting in `buffer` is, once enough of it has come to tell (0: not yet):
 * an exception is 5 bytes; a counted answer 3 + count + 2; any other the request's length.
 */
export function answerLength(buffer: Uint8Array, requestLength: number): number {
  if (buffer.length < 2) return 0;
  if (buffer[1] & 0x80) return 5;
  if (COUNTED.has(buffer[1])) return buffer.length < 3 ? 0 : 3 + buffer[2] + 2;
  return requestLength;
}

/** The ME3000SP's broadcast address: every inverter on the bus acts, none answers. */
const BROADCAST = 0x88;

/** Answers Modbus RTU requests on a serial device as the simulated inverter. */
export async function serveModbusRtu(device: SimulatedMe3000sp, path: string, unitId = 1) {
  await configureSerial(path, 9600);
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
        // Every request the device knows (0x03, 0x42, 0x49) is 8 bytes long.
        while (buffer.length >= 8) {
          const frame = buffer.slice(0, 8);
          const crc = modbusCrc(frame.subarray(0, 6));
          if (frame[6] !== (crc & 0xff) || frame[7] !== crc >> 8) {
            buffer = buffer.slice(1); // noise on the line: look for the next frame
            continue;
          }
          buffer = buffer.slice(8);
          if (frame[0] === BROADCAST) {
            void device.answer(frame.slice(1, 6));
            continue;
          }
          if (frame[0] !== unitId) continue;
          // Answered while the next request may already be arriving (which it never should).
          void device.answer(frame.slice(1, 6)).then(async (response) => {
            if (!response) return;
            const out = new Uint8Array(1 + response.length);
            out[0] = unitId;
            out.set(response, 1);
            await writer.write(withCrc(out));
          }).catch(() => {});
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
