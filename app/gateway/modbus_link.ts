/**
 * The line to a Modbus device: one request out, its answer back, with a timeout. RTU on a
 * serial device (answers cut by their length as the standard frames them, CRC checked) or TCP
 * (MBAP headers, answers matched by transaction id).
 *
 * Our own, not modbus-serial's client: modbus-serial 8.0 passes on answers only to the function
 * codes it knows and to 65–72 and 100–110, and it cancels the request's timeout when an answer
 * arrives — so the answer to the ME3000SP's heartbeat (function 0x49 = 73) was swallowed and
 * the request never ended. Here every answer is framed and handed back whatever its function.
 */
import { answerLength, configureSerial, modbusCrc, withCrc } from "./rtu.ts";

export interface ModbusLink {
  readonly where: string;
  readonly isOpen: boolean;
  /**
   * Whether a request without an answer means the link itself may be dead (TCP: a connection
   * can hang; reconnect). On a serial line silence is the device's, and the port stays open.
   */
  readonly reopenOnSilence: boolean;
  /** Sends a request PDU (function code first) to `unitId`; the answer PDU. */
  request(unitId: number, pdu: Uint8Array, timeoutMs: number): Promise<Uint8Array>;
  close(): void;
}

/** The device answered with an exception (function code with the high bit set). */
export class ModbusException extends Error {
  constructor(readonly functionCode: number, readonly code: number) {
    super(`Modbus exception ${code} to function 0x${functionCode.toString(16)}`);
  }
}

/** No (whole, valid) answer came in time. */
export class NoAnswer extends Error {}

function exceptionOf(pdu: Uint8Array): ModbusException | null {
  return pdu[0] & 0x80 ? new ModbusException(pdu[0] & 0x7f, pdu[1]) : null;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** Modbus RTU on a serial device (`stty`-configured 8N1, raw): a request at a time. */
export async function openRtu(path: string, baud: number): Promise<ModbusLink> {
  await configureSerial(path, baud);
  // Two handles: a read waiting on the line must not hold up a write (Deno serialises both on one).
  const reader = await Deno.open(path, { read: true });
  const writer = await Deno.open(path, { write: true });
  let open = true;
  let buffer = new Uint8Array(0);
  // Wakes a request waiting for the rest of its answer.
  let arrived = null as (() => void) | null;
  void (async () => {
    const chunk = new Uint8Array(256);
    try {
      for (;;) {
        const n = await reader.read(chunk);
        if (n === null) break;
        buffer = concat(buffer, chunk.subarray(0, n));
        arrived?.();
      }
    } catch {
      // the device went away
    }
    open = false;
    arrived?.();
  })();
  const close = () => {
    open = false;
    for (const file of [reader, writer]) {
      try {
        file.close();
      } catch { /* closed already */ }
    }
  };
  return {
    where: path,
    reopenOnSilence: false,
    get isOpen() {
      return open;
    },
    async request(unitId, pdu, timeoutMs) {
      if (!open) throw new Error(`the serial line ${path} is closed`);
      const adu = withCrc(concat(new Uint8Array([unitId]), pdu));
      buffer = new Uint8Array(0); // whatever came late for an earlier request
      await writer.write(adu);
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const length = answerLength(buffer, adu.length);
        if (length > 0 && buffer.length >= length) {
          const frame = buffer.slice(0, length);
          buffer = buffer.slice(length);
          const crc = modbusCrc(frame.subarray(0, length - 2));
          if (frame[length - 2] !== (crc & 0xff) || frame[length - 1] !== crc >> 8) {
            throw new NoAnswer(`the answer from ${path} failed its CRC check`);
          }
          // A late answer to an earlier request that timed out: not this one's.
          if (frame[0] !== unitId || (frame[1] & 0x7f) !== pdu[0]) continue;
          const answer = frame.slice(1, length - 2);
          const exception = exceptionOf(answer);
          if (exception) throw exception;
          return answer;
        }
        if (!open) throw new Error(`the serial line ${path} closed`);
        const left = deadline - Date.now();
        if (left <= 0) throw new NoAnswer(`no answer from ${path} within ${timeoutMs} ms`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          arrived = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        arrived = null;
      }
    },
    close,
  };
}

/** Modbus TCP (MBAP): answers matched to requests by transaction id. */
export async function openTcp(host: string, port: number, timeoutMs = 3000): Promise<ModbusLink> {
  // A host that does not answer at all would hold the connection attempt for minutes.
  const connecting = Deno.connect({ hostname: host, port });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const conn = await Promise.race([
    connecting,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        // A connection that comes after all is closed: the next attempt makes its own.
        connecting.then((late) => late.close(), () => {});
        reject(new NoAnswer(`no connection to ${host}:${port} within ${timeoutMs} ms`));
      }, timeoutMs);
    }),
  ]).finally(() => clearTimeout(timer));
  let open = true;
  let next = 1;
  const waiting = new Map<number, (answer: Uint8Array | Error) => void>();
  void (async () => {
    let buffer = new Uint8Array(0);
    const chunk = new Uint8Array(1024);
    try {
      for (;;) {
        const n = await conn.read(chunk);
        if (n === null) break;
        buffer = concat(buffer, chunk.subarray(0, n));
        while (buffer.length >= 7) {
          const length = (buffer[4] << 8) | buffer[5];
          if (buffer.length < 6 + length) break;
          const id = (buffer[0] << 8) | buffer[1];
          const answer = buffer.slice(7, 6 + length);
          buffer = buffer.slice(6 + length);
          waiting.get(id)?.(answer);
        }
      }
    } catch {
      // the connection broke
    }
    open = false;
    for (const settle of waiting.values()) {
      settle(new Error(`the connection to ${host}:${port} closed`));
    }
  })();
  return {
    where: `${host}:${port}`,
    reopenOnSilence: true,
    get isOpen() {
      return open;
    },
    async request(unitId, pdu, timeoutMs) {
      if (!open) throw new Error(`the connection to ${host}:${port} is closed`);
      const id = next;
      next = next === 0xffff ? 1 : next + 1;
      const header = new Uint8Array([
        id >> 8,
        id & 0xff,
        0,
        0,
        (pdu.length + 1) >> 8,
        (pdu.length + 1) & 0xff,
        unitId,
      ]);
      const answer = await new Promise<Uint8Array | Error>((resolve) => {
        const timer = setTimeout(
          () => resolve(new NoAnswer(`no answer from ${host}:${port} within ${timeoutMs} ms`)),
          timeoutMs,
        );
        waiting.set(id, (result) => {
          clearTimeout(timer);
          resolve(result);
        });
        conn.write(concat(header, pdu)).catch((error) => resolve(error));
      });
      waiting.delete(id);
      if (answer instanceof Error) throw answer;
      const exception = exceptionOf(answer);
      if (exception) throw exception;
      return answer;
    },
    close() {
      open = false;
      try {
        conn.close();
      } catch { /* closed already */ }
    },
  };
}
