/**
 * A simulated Sofar ME3000SP for tests, `--simulate` and the bench, written from Sofar's own
 * "ME3000SP Passive mode protocol" (the bilingual PDF in greentangerine/ME3000; summarised in
 * shared/reference/belgium.md §6), not from our driver:
 * - function 0x03 reads the holding registers from 0x0200 (ESPHome's scaling);
 * - function 0x42 sets passive mode: 0x0100 standby (value 0x5555 only), 0x0101 discharge and
 *   0x0102 charge (0–3000 W), 0x0103 auto (Int16 −9999…9999 W grid set-point, or 0x5555 = 0);
 *   the answer is NOT an echo: `[0x42][byte count 2][status Hi][status Lo]`, Lo 0 accepted,
 *   1 not in passive mode (set on the display), 2 CRC failed, 3 busy, 4 invalid data; Hi bit 0
 *   charge enabled, 1 discharge enabled, 2 battery full, 3 battery flat;
 * - function 0x49 is the heartbeat (0x2201 = 0x2202, at least once a minute). The PDF does not
 *   print its answer; this simulator answers it with the same status word as 0x42.
 * - PV (the inverter's CTpv meter of an existing PV inverter, Sofar's register map of the
 *   ME3000SP as summarised in belgium.md §6, "Readable holding registers"): 0x0215 PV power
 *   ×10 W, 0x0218 PV energy today ×10 Wh (back to 0 when the day changes on the inverter's
 *   clock), 0x021C–0x021D lifetime PV energy, U32 kWh, high word first (ESPHome's U_DWORD).
 * Served as Modbus TCP here and as RTU by `rtu.ts`. The battery integrates its power over time;
 * in auto mode it does what the inverter does by itself (store surplus, cover import).
 */
import { ME3000SP } from "../../lib/control/profiles.ts";
import { localDayOf } from "../../lib/energy/calendar.ts";

type Mode = "auto" | "standby" | "charge" | "discharge";

/** The status word's low byte (the PDF's "Status&Error Code"). */
const ACCEPTED = 0, INVALID_MODE = 1, BUSY = 3, INVALID_DATA = 4;

export interface SimState {
  mode: Mode;
  /** Power asked for by the last charge/discharge command (W). */
  setW: number;
  /** The grid set-point of auto mode (W, discharge positive): 0 is self-consumption. */
  autoSetPointW: number;
  /** Passive mode chosen on the inverter's display: without it every command gets status 1. */
  passive: boolean;
  /** The next this-many commands are answered "busy" (status 3). */
  busyFor: number;
  /** Not answering at all (switched off, or a broken line). */
  silent: boolean;
  /** How long an answer takes (ms): a 9600-baud read of 38 registers takes about 90 ms. */
  answerDelayMs: number;
  socPct: number;
  loadW: number;
  pvW: number;
  chargedTodayKWh: number;
  dischargedTodayKWh: number;
  /** PV energy counted today and in the inverter's life (kWh, kept exact; read rounded). */
  pvTodayKWh: number;
  pvTotalKWh: number;
}

export class SimulatedMe3000sp {
  readonly capacityKWh: number;
  readonly maxW: number;
  readonly minSocPct = 5;
  state: SimState;
  /** Every passive-mode command accepted, in order (address, value). */
  readonly commands: { address: number; value: number; atMs: number }[] = [];
  /** Every 0x42 and 0x49 request and the status it was answered with. */
  readonly answers: { fc: number; address: number; value: number; status: number; atMs: number }[] =
    [];
  /** When each heartbeat came (epoch ms). */
  readonly heartbeats: number[] = [];
  /** Requests that arrived while another was still being answered: never on a proper line. */
  overlaps = 0;
  #answering = 0;

  constructor(options: Partial<SimState> & { capacityKWh?: number; maxW?: number } = {}) {
    this.capacityKWh = options.capacityKWh ?? 5;
    this.maxW = options.maxW ?? 3000;
    this.state = {
      mode: "auto",
      setW: 0,
      autoSetPointW: 0,
      passive: true,
      busyFor: 0,
      silent: false,
      answerDelayMs: 0,
      socPct: 50,
      loadW: 600,
      pvW: 0,
      chargedTodayKWh: 0,
      dischargedTodayKWh: 0,
      pvTodayKWh: 0,
      pvTotalKWh: 0,
      ...options,
    };
  }

  /** Battery power now, charging positive (W), within the inverter and the state of charge. */
  batteryW(): number {
    const s = this.state;
    let w = s.mode === "charge"
      ? s.setW
      : s.mode === "discharge"
      ? -s.setW
      : s.mode === "auto"
      ? s.pvW - s.loadW - s.autoSetPointW
      : 0;
    w = Math.max(-this.maxW, Math.min(this.maxW, w));
    if (w > 0 && s.socPct >= 100) w = 0;
    if (w < 0 && s.socPct <= this.minSocPct) w = 0;
    return w;
  }

  /** Grid power now, import positive (W). */
  gridW(): number {
    return this.state.loadW - this.state.pvW + this.batteryW();
  }

  /** The inverter's own clock's day (Brussels), for its day counters. */
  #day: string | null = null;

  /**
   * Moves the clock on: the battery's energy and the PV counters follow their power. At a new day
   * on the inverter's clock (`nowMs`) the day counters start again from 0.
   */
  step(seconds: number, nowMs = Date.now()): void {
    const day = localDayOf(nowMs);
    if (this.#day !== null && day !== this.#day) {
      this.state.chargedTodayKWh = 0;
      this.state.dischargedTodayKWh = 0;
      this.state.pvTodayKWh = 0;
    }
    this.#day = day;
    const pvKWh = (Math.max(this.state.pvW, 0) * seconds) / 3_600_000;
    this.state.pvTodayKWh += pvKWh;
    this.state.pvTotalKWh += pvKWh;
    const w = this.batteryW();
    const kWh = (w * seconds) / 3_600_000;
    this.state.socPct = Math.max(
      0,
      Math.min(100, this.state.socPct + (kWh / this.capacityKWh) * 100),
    );
    if (kWh > 0) this.state.chargedTodayKWh += kWh;
    else this.state.dischargedTodayKWh -= kWh;
  }

  registers(): number[] {
    const { start, count } = ME3000SP.block;
    const r = new Array(count).fill(0);
    const s16 = (v: number) => (Math.round(v) + 0x10000) % 0x10000;
    const w = this.batteryW();
    r[0x0200 - start] = w > 0 ? 2 : w < 0 ? 4 : 0;
    r[0x020d - start] = s16(w / 10);
    r[0x0210 - start] = Math.round(this.state.socPct);
    r[0x0212 - start] = s16(-this.gridW() / 10); // the inverter counts export positive
    r[0x0213 - start] = Math.round(this.state.loadW / 10);
    r[0x0215 - start] = Math.round(this.state.pvW / 10);
    // Today's PV in whole 10 Wh, the lifetime in whole kWh: as a counter shows them (rounded down).
    r[0x0218 - start] = Math.floor(this.state.pvTodayKWh * 100 + 1e-9) & 0xffff;
    const totalKWh = Math.floor(this.state.pvTotalKWh + 1e-9);
    r[0x021c - start] = Math.floor(totalKWh / 0x10000) & 0xffff;
    r[0x021d - start] = totalKWh & 0xffff;
    r[0x0224 - start] = Math.round(this.state.chargedTodayKWh * 100);
    r[0x0225 - start] = Math.round(this.state.dischargedTodayKWh * 100);
    return r;
  }

  /** The status word's high byte: what the battery allows now. */
  #statusHigh(): number {
    const soc = this.state.socPct;
    return (soc < 100 ? 0b0001 : 0) | (soc > this.minSocPct ? 0b0010 : 0) |
      (soc >= 100 ? 0b0100 : 0) | (soc <= this.minSocPct ? 0b1000 : 0);
  }

  #passiveCommand(address: number, value: number): number {
    if (!this.state.passive) return INVALID_MODE;
    if (this.state.busyFor > 0) {
      this.state.busyFor--;
      return BUSY;
    }
    const signed = value >= 0x8000 ? value - 0x10000 : value;
    let mode: Mode;
    if (address === 0x0100 && value === 0x5555) mode = "standby";
    else if (address === 0x0101 && value <= this.maxW) mode = "discharge";
    else if (address === 0x0102 && value <= this.maxW) mode = "charge";
    else if (address === 0x0103 && (value === 0x5555 || Math.abs(signed) <= 9999)) mode = "auto";
    else return INVALID_DATA;
    this.commands.push({ address, value, atMs: Date.now() });
    this.state.mode = mode;
    this.state.setW = mode === "charge" || mode === "discharge" ? value : 0;
    this.state.autoSetPointW = mode === "auto" && value !== 0x5555 ? signed : 0;
    return ACCEPTED;
  }

  #heartbeat(address: number, value: number): number {
    if (address !== 0x2201 || value !== 0x2202) return INVALID_DATA;
    if (!this.state.passive) return INVALID_MODE;
    this.heartbeats.push(Date.now());
    return ACCEPTED;
  }

  /**
   * Answers one request as the line does: after `answerDelayMs`, or not at all while silent.
   * Counts a request that comes while another is still being answered.
   */
  async answer(pdu: Uint8Array): Promise<Uint8Array | null> {
    if (this.#answering > 0) this.overlaps++;
    this.#answering++;
    try {
      if (this.state.answerDelayMs > 0) {
        await new Promise((resolve) => setTimeout(resolve, this.state.answerDelayMs));
      }
      return this.state.silent ? null : this.handle(pdu);
    } finally {
      this.#answering--;
    }
  }

  /** Answers one request PDU (function code and data) with a response PDU. */
  handle(pdu: Uint8Array): Uint8Array {
    const fc = pdu[0];
    const word = (at: number) => (pdu[at] << 8) | pdu[at + 1];
    if (fc === 0x03) {
      const [address, count] = [word(1), word(3)];
      const { start } = ME3000SP.block;
      const all = this.registers();
      if (address < start || address + count > start + all.length || count < 1) {
        return new Uint8Array([0x83, 0x02]);
      }
      const out = new Uint8Array(2 + count * 2);
      out[0] = 0x03;
      out[1] = count * 2;
      for (let i = 0; i < count; i++) {
        const v = all[address - start + i];
        out[2 + i * 2] = v >> 8;
        out[3 + i * 2] = v & 0xff;
      }
      return out;
    }
    if (fc === 0x42 || fc === 0x49) {
      const [address, value] = [word(1), word(3)];
      const status = fc === 0x42 ? this.#passiveCommand(address, value) : this.#heartbeat(
        address,
        value,
      );
      this.answers.push({ fc, address, value, status, atMs: Date.now() });
      return new Uint8Array([fc, 0x02, this.#statusHigh(), status]);
    }
    return new Uint8Array([fc | 0x80, 0x01]);
  }
}

/** A simulated device a Modbus TCP server answers for (the ME3000SP, the chargers). */
export interface ServedDevice {
  /** The answer PDU to a request PDU for `unitId`, or `null` for none at all. */
  answer(pdu: Uint8Array, unitId: number): Promise<Uint8Array | null>;
  /** Called once with a function that closes every open connection (a device that drops idle ones). */
  attach?(dropConnections: () => void): void;
}

/** Serves a device as Modbus TCP (MBAP framing) on loopback; `port: 0` picks a free one. */
export function serveModbusTcp(device: ServedDevice, port = 0) {
  const listener = Deno.listen({ hostname: "127.0.0.1", port });
  const connections = new Set<Deno.Conn>();
  void (async () => {
    for await (const conn of listener) {
      connections.add(conn);
      void (async () => {
        let buffer = new Uint8Array(0);
        const chunk = new Uint8Array(1024);
        try {
          for (;;) {
            const n = await conn.read(chunk);
            if (n === null) break;
            const joined = new Uint8Array(buffer.length + n);
            joined.set(buffer);
            joined.set(chunk.subarray(0, n), buffer.length);
            buffer = joined;
            while (buffer.length >= 7) {
              const length = (buffer[4] << 8) | buffer[5];
              if (buffer.length < 6 + length) break;
              const frame = buffer.slice(0, 6 + length);
              buffer = buffer.slice(6 + length);
              // Answered while the next request may already be arriving.
              void device.answer(frame.slice(7), frame[6]).then(async (response) => {
                if (!response) return;
                const out = new Uint8Array(7 + response.length);
                out.set(frame.slice(0, 4));
                out[4] = (response.length + 1) >> 8;
                out[5] = (response.length + 1) & 0xff;
                out[6] = frame[6];
                out.set(response, 7);
                await conn.write(out);
              }).catch(() => {});
            }
          }
        } catch {
          // the client went away
        } finally {
          connections.delete(conn);
          try {
            conn.close();
          } catch { /* already closed */ }
        }
      })();
    }
  })().catch(() => {});
  device.attach?.(() => {
    for (const conn of connections) {
      try {
        conn.close();
      } catch { /* already closed */ }
    }
  });
  return {
    port: (listener.addr as Deno.NetAddr).port,
    close() {
      try {
        listener.close();
      } catch { /* closed before */ }
      for (const conn of connections) {
        try {
          conn.close();
        } catch { /* already closed */ }
      }
    },
  };
}
