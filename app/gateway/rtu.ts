/**
 * Modbus RTU on a serial device, without native modules: the device file is opened with Deno
 * (set to 9600 8N1, raw, with `stty`), frames carry the Modbus CRC, and answers are cut by their
 * length as the standard frames them. `modbus_link.ts` speaks it as the master;
 * `serveModbusRtu` answers as a device does (the simulated ME3000SP behind a socat
 * pseudo-terminal pair in tests).
 */
import type { ServedDevice } from "./sim_me3000sp.ts";

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
 * Writes answered with address and value (0x05, 0x06: an echo) or with address and quantity
 * (0x0F, 0x10): 8 bytes with slave address and CRC, whatever the request's length (Modbus
 * Application Protocol v1.1b3 §6.5, §6.6, §6.11, §6.12).
 */
const FIXED_EIGHT = new Set([0x05, 0x06, 0x0f, 0x10]);

/**
 * How long the answer starting in `buffer` is, once enough of it has come to tell (0: not yet):
 * an exception is 5 bytes; a counted answer 3 + count + 2; a write's answer 8; any other the
 * request's length.
 */
export function answerLength(buffer: Uint8Array, requestLength: number): number {
  if (buffer.length < 2) return 0;
  if (buffer[1] & 0x80) return 5;
  if (COUNTED.has(buffer[1])) return buffer.length < 3 ? 0 : 3 + buffer[2] + 2;
  if (FIXED_EIGHT.has(buffer[1])) return 8;
  return requestLength;
}

/**
 * How long the request starting in `buffer` is (0: not yet known): 0x0F and 0x10 carry a byte
 * count in their seventh byte (slave, function, address, quantity, count, data, CRC); every
 * other request this gateway's devices know is 8 bytes.
 */
export function requestLength(buffer: Uint8Array): number {
  if (buffer.length < 2) return 0;
  if (buffer[1] === 0x0f || buffer[1] === 0x10) return buffer.length < 7 ? 0 : 9 + buffer[6];
  return 8;
}

/** The ME3000SP's broadcast address: every inverter on the bus acts, none answers. */
const BROADCAST = 0x88;

/** Answers Modbus RTU requests on a serial device as a simulated device (inverter, charger). */
export async function serveModbusRtu(device: ServedDevice, path: string, unitId = 1) {
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
        // 0x03, 0x06, 0x42 and 0x49 requests are 8 bytes long; 0x10 ones say their length.
        for (;;) {
          const length = requestLength(buffer);
          if (length === 0 || buffer.length < length) break;
          const frame = buffer.slice(0, length);
          const crc = modbusCrc(frame.subarray(0, length - 2));
          if (frame[length - 2] !== (crc & 0xff) || frame[length - 1] !== crc >> 8) {
            buffer = buffer.slice(1); // noise on the line: look for the next frame
            continue;
          }
          buffer = buffer.slice(length);
          const pdu = frame.slice(1, length - 2);
          if (frame[0] === BROADCAST) {
            void device.answer(pdu, frame[0]);
            continue;
          }
          if (frame[0] !== unitId) continue;
          // Answered while the next request may already be arriving (which it never should).
          void device.answer(pdu, frame[0]).then(async (response) => {
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
