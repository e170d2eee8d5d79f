/**
 * A simulated Sofar ME3000SP for tests, `--simulate` and the bench: its holding registers from
 * 0x0200 (function 0x03) and passive-mode commands (function 0x42: standby, charge W, discharge W,
 * auto), served as Modbus TCP. The battery integrates its power over time; in auto mode it does
 * what the inverter does by itself (store surplus, cover import).
 */
import { ME3000SP } from "../../lib/control/profiles.ts";

type Mode = "auto" | "standby" | "charge" | "discharge";

export interface SimState {
  mode: Mode;
  /** Power asked for by the last charge/discharge command (W). */
  setW: number;
  socPct: number;
  loadW: number;
  pvW: number;
  chargedTodayKWh: number;
  dischargedTodayKWh: number;
}

export class SimulatedMe3000sp {
  readonly capacityKWh: number;
  readonly maxW = 3000;
  readonly minSocPct = 5;
  state: SimState;
  /** Every command received, in order (address, value). */
  readonly commands: { address: number; value: number; atMs: number }[] = [];

  constructor(options: Partial<SimState> & { capacityKWh?: number } = {}) {
    this.capacityKWh = options.capacityKWh ?? 5;
    this.state = {
      mode: "auto",
      setW: 0,
      socPct: 50,
      loadW: 600,
      pvW: 0,
      chargedTodayKWh: 0,
      dischargedTodayKWh: 0,
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
      ? s.pvW - s.loadW
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

  /** Moves the clock on: the battery's energy follows its power. */
  step(seconds: number): void {
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
    r[0x0224 - start] = Math.round(this.state.chargedTodayKWh * 100);
    r[0x0225 - start] = Math.round(this.state.dischargedTodayKWh * 100);
    return r;
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
    if (fc === 0x42) {
      const [address, value] = [word(1), word(3)];
      const modes: Record<number, Mode> = {
        0x0100: "standby",
        0x0101: "discharge",
        0x0102: "charge",
        0x0103: "auto",
      };
      const mode = modes[address];
      if (mode === undefined || (address === 0x0100 && value !== 0x5555)) {
        return new Uint8Array([0xc2, 0x02]);
      }
      this.commands.push({ address, value, atMs: Date.now() });
      this.state.mode = mode;
      this.state.setW = mode === "charge" || mode === "discharge" ? Math.min(value, this.maxW) : 0;
      return pdu.slice(0, 5);
    }
    return new Uint8Array([fc | 0x80, 0x01]);
  }
}

/** Serves the device as Modbus TCP (MBAP framing) on loopback; `port: 0` picks a free one. */
export function serveModbusTcp(device: SimulatedMe3000sp, port = 0) {
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
              const response = device.handle(frame.slice(7));
              const out = new Uint8Array(7 + response.length);
              out.set(frame.slice(0, 4));
              out[4] = (response.length + 1) >> 8;
              out[5] = (response.length + 1) & 0xff;
              out[6] = frame[6];
              out.set(response, 7);
              await conn.write(out);
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
