/**
 * A PV inverter that speaks SunSpec over Modbus TCP, read through the profile in
 * lib/control/sunspec.ts on the gateway's shared `ModbusLine` (one request at a time,
 * reconnecting). Only holding-register reads (function 0x03) are ever sent: a PV source writes
 * nothing.
 *
 * Discovery looks for the `SunS` marker at 40000, then 50000, then 0 (an exception, no answer or
 * another value means "not here"), walks the model chain to 0xFFFF and remembers where models 1,
 * 101–103/111–113, 160 and 701 are; it is done again after the connection was lost (the map of a
 * replaced inverter may differ). A read takes the models it found, at most 125 registers a request.
 */
import {
  decodeCommon,
  decodeDerAc,
  decodeInverter,
  decodeMppt,
  END_OF_MODELS,
  INVERTER_MODELS,
  isMarker,
  MAX_READ_REGISTERS,
  type ModelEntry,
  type PvReading,
  pvReadingOf,
  SUNSPEC_BASES,
  type SunSpecIdentity,
} from "../../lib/control/sunspec.ts";
import { ModbusException, NoAnswer, openTcp } from "./modbus_link.ts";
import { type LineLog, messageOf, ModbusLine } from "./modbus_line.ts";

export interface SunSpecMap {
  base: number;
  models: ModelEntry[];
  identity: SunSpecIdentity | null;
}

export interface SunSpecOptions {
  unitId?: number;
  timeoutMs?: number;
  log?: LineLog;
  now?: () => number;
}

/** No model chain more than this long is walked (a broken map must not loop). */
const MAX_MODELS = 64;

export class SunSpecInverter {
  readonly #line: ModbusLine;
  readonly #unitId: number;
  readonly #log: LineLog;
  readonly #now: () => number;
  #map: SunSpecMap | null = null;
  /** The counter settled on for this inverter (`null`: none yet). */
  #counter: "inverter" | null = null;

  private constructor(where: string, line: ModbusLine, options: SunSpecOptions) {
    this.where = where;
    this.#line = line;
    this.#unitId = options.unitId ?? 1;
    this.#log = options.log ?? (() => {});
    this.#now = options.now ?? Date.now;
  }
  readonly where: string;

  static tcp(host: string, port: number, options: SunSpecOptions = {}): SunSpecInverter {
    const where = `${host}:${port}`;
    const line = new ModbusLine(
      where,
      () => openTcp(host, port),
      "PV inverter",
      options.timeoutMs ?? 1000,
      options.log,
    );
    return new SunSpecInverter(where, line, options);
  }

  /** The map found last (`null` before discovery). */
  get map(): SunSpecMap | null {
    return this.#map;
  }

  /** Registers from `address`, in requests of at most 125. */
  async #registers(address: number, count: number): Promise<number[]> {
    const words: number[] = [];
    for (let at = address; at < address + count; at += MAX_READ_REGISTERS) {
      const n = Math.min(MAX_READ_REGISTERS, address + count - at);
      const answer = await this.#line.request(this.#unitId, [
        0x03,
        at >> 8,
        at & 0xff,
        n >> 8,
        n & 0xff,
      ]);
      if (answer[0] !== 0x03 || answer[1] !== n * 2 || answer.length !== 2 + n * 2) {
        throw new Error(`an answer of ${answer.length} bytes to a read of ${n} registers`);
      }
      for (let i = 0; i < n; i++) words.push((answer[2 + 2 * i] << 8) | answer[3 + 2 * i]);
    }
    return words;
  }

  /** Finds the marker and the models; throws when there is no SunSpec map at any base. */
  discover(): Promise<SunSpecMap> {
    return this.#line.alone(async () => {
      const tried: string[] = [];
      for (const base of SUNSPEC_BASES) {
        let marker: number[];
        try {
          marker = await this.#registers(base, 2);
        } catch (error) {
          // An exception answer is the device saying "not here", and so is silence to a read
          // outside its map (some devices do not answer one); a broken line is not.
          if (!(error instanceof ModbusException) && !(error instanceof NoAnswer)) throw error;
          tried.push(`${base}: ${messageOf(error)}`);
          continue;
        }
        if (!isMarker(marker)) {
          tried.push(`${base}: no SunS marker`);
          continue;
        }
        const models: ModelEntry[] = [];
        let address = base + 2;
        while (models.length < MAX_MODELS && address + 2 <= 0x10000) {
          const [id, length] = await this.#registers(address, 2);
          if (id === END_OF_MODELS) break;
          models.push({ id, address, length });
          address += 2 + length;
        }
        const common = models.find((m) => m.id === 1);
        const identity = common
          ? decodeCommon(await this.#registers(common.address, 2 + common.length))
          : null;
        this.#map = { base, models, identity };
        this.#counter = null;
        this.#log({ msg: "SunSpec inverter found", where: this.where, base, identity, models });
        return this.#map;
      }
      throw new Error(`no SunSpec map at ${this.where} (${tried.join("; ")})`);
    });
  }

  /** One reading of power, counter, state and MPPT inputs (discovering first when needed). */
  async read(): Promise<PvReading> {
    const map = this.#map ?? await this.discover();
    try {
      return await this.#line.alone(async () => {
        const find = (ids: readonly number[]) => map.models.find((m) => ids.includes(m.id));
        const block = (m: ModelEntry) => this.#registers(m.address, 2 + m.length);
        const inverterModel = find(INVERTER_MODELS);
        const derModel = find([701]);
        const mpptModel = find([160]);
        const inverter = inverterModel
          ? decodeInverter(inverterModel.id, await block(inverterModel))
          : null;
        const derAc = derModel ? decodeDerAc(await block(derModel)) : null;
        const mppt = mpptModel ? decodeMppt(await block(mpptModel)) : [];
        // The inverter model's counter once it has given one, for good: see pvReadingOf.
        if (inverter?.energyWh != null) this.#counter = "inverter";
        return pvReadingOf(this.#now(), inverter, derAc, mppt, this.#counter ?? "derAc");
      });
    } catch (error) {
      // A lost connection may come back as another inverter: look again next time.
      if (!(error instanceof ModbusException)) this.#map = null;
      throw error;
    }
  }

  close(): Promise<void> {
    return this.#line.close();
  }
}
