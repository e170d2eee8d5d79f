/**
 * What the OCPP central system keeps between runs, in its own small file (mode 0600, written
 * whole to a new file and moved over the old one): the chargers the user accepted — each with
 * the SHA-256 of its password (OCPP security profile 1), never the password — the identities the
 * user refused, the idTags allowed besides the configured ones, the next transaction id and the
 * transactions still open (so a StopTransaction after a restart is matched).
 */
import { existsSync, readFileSync } from "node:fs";
import { writeJsonFile } from "./json_file.ts";
import type { ChargerSetup } from "../../lib/control/ev/charger.ts";

export interface AcceptedCharger {
  identity: string;
  passwordHash: string;
  acceptedMs: number;
  setup: ChargerSetup;
}

export interface OpenTransaction {
  transactionId: number;
  identity: string;
  connectorId: number;
  idTag: string;
  meterStartWh: number;
  startMs: number;
}

interface Stored {
  chargers: AcceptedCharger[];
  refused: string[];
  idTags: string[];
  nextTransactionId: number;
  transactions: OpenTransaction[];
}

function empty(): Stored {
  return { chargers: [], refused: [], idTags: [], nextTransactionId: 1, transactions: [] };
}

export class OcppState {
  #stored: Stored;

  constructor(readonly path: string) {
    this.#stored = existsSync(path)
      ? { ...empty(), ...JSON.parse(readFileSync(path, "utf8")) }
      : empty();
  }

  #save(): void {
    writeJsonFile(this.path, this.#stored);
  }

  charger(identity: string): AcceptedCharger | undefined {
    return this.#stored.chargers.find((c) => c.identity === identity);
  }

  chargers(): readonly AcceptedCharger[] {
    return this.#stored.chargers;
  }

  isRefused(identity: string): boolean {
    return this.#stored.refused.includes(identity);
  }

  accept(charger: AcceptedCharger): void {
    this.#stored.chargers = this.#stored.chargers.filter((c) => c.identity !== charger.identity);
    this.#stored.chargers.push(charger);
    this.#stored.refused = this.#stored.refused.filter((id) => id !== charger.identity);
    this.#save();
  }

  refuse(identity: string): void {
    this.#stored.chargers = this.#stored.chargers.filter((c) => c.identity !== identity);
    if (!this.#stored.refused.includes(identity)) this.#stored.refused.push(identity);
    this.#save();
  }

  /** Forgets a charger, accepted or refused: it is a stranger again (pending when it connects). */
  forget(identity: string): void {
    this.#stored.chargers = this.#stored.chargers.filter((c) => c.identity !== identity);
    this.#stored.refused = this.#stored.refused.filter((id) => id !== identity);
    this.#save();
  }

  hasIdTag(idTag: string): boolean {
    return this.#stored.idTags.includes(idTag);
  }

  allowIdTag(idTag: string): void {
    if (this.hasIdTag(idTag)) return;
    this.#stored.idTags.push(idTag);
    this.#save();
  }

  /** A new transaction, numbered on from the last one (never reused, also after a restart). */
  openTransaction(t: Omit<OpenTransaction, "transactionId">): OpenTransaction {
    const opened = { ...t, transactionId: this.#stored.nextTransactionId++ };
    // One open transaction per connector: a charger that rebooted mid-session starts afresh.
    this.#stored.transactions = this.#stored.transactions.filter((o) =>
      !(o.identity === t.identity && o.connectorId === t.connectorId)
    );
    this.#stored.transactions.push(opened);
    this.#save();
    return opened;
  }

  transaction(identity: string, transactionId: number): OpenTransaction | undefined {
    return this.#stored.transactions.find((t) =>
      t.identity === identity && t.transactionId === transactionId
    );
  }

  /** The open transaction of a charger (its first connector with one), if any. */
  openOf(identity: string): OpenTransaction | undefined {
    return this.#stored.transactions.find((t) => t.identity === identity);
  }

  closeTransaction(transactionId: number): void {
    this.#stored.transactions = this.#stored.transactions.filter((t) =>
      t.transactionId !== transactionId
    );
    this.#save();
  }
}
