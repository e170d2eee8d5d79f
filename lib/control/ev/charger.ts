/**
 * What every EV charger is to the rest of the app, whatever it speaks (OCPP 1.6J, Alfen or ABB
 * Modbus): a description of how it is wired, what it measures, and the one command a controller
 * sends — a current limit per phase and the number of phases (0 A pauses the session).
 *
 * Phases: the grid's L1–L3 are indices 0–2. A charger's own L1 may sit on another grid phase
 * (installers rotate phases so 1-phase cars spread over the house); `phaseRotation[i]` is the
 * grid phase of the charger's L(i+1).
 */

export type GridPhase = 0 | 1 | 2;

/** How the app words a charger's state (the seed app's words). */
export type ChargerStatus =
  | "starting"
  | "standby"
  | "carConnected"
  | "charging"
  /** A session paused: by the car (full, timer) or by us (waiting for sun, a limit of 0 A). */
  | "sleeping"
  | "fault";

/** How a charger is installed: fixed at setup by the installer or owner. */
export interface ChargerSetup {
  id: string;
  name: string;
  /** The lowest current a car charges at (IEC 61851: 6 A) and the charger's/cable's most. */
  minA: number;
  maxA: number;
  /** Phases the charger is wired with. */
  phases: 1 | 3;
  /** Whether it can switch a session between 1 and 3 phases. */
  canSwitchPhases: boolean;
  /** Grid phase of the charger's L1, L2, L3. Default [0, 1, 2]. */
  phaseRotation: [GridPhase, GridPhase, GridPhase];
  /** Lower numbers are served first when phases run short. */
  priority: number;
}

/** A charger's measurement at one instant. */
export interface ChargerReading {
  atMs: number;
  status: ChargerStatus;
  /** Current per charger phase L1–L3 (A), `null` where not measured. */
  currentA: [number | null, number | null, number | null];
  powerW: number | null;
  /** The charger's own energy register (kWh), rising over its life. */
  meterKWh: number | null;
  /** The limit the charger says it applies now (OCPP `Current.Offered`), when it says. */
  offeredA: number | null;
  /** The car's state of charge, when the charger passes it on (ISO 15118 / DC only, rarely). */
  socPct: number | null;
  /** The RFID tag or app id that started the running session. */
  idTag: string | null;
}

/** The one command: charge at most `currentA` per phase on `phases` phases; 0 A pauses. */
export interface ChargerLimit {
  currentA: number;
  phases: 1 | 3;
}

/** The charger said no, or did not answer: why, in a few words, for the log and the app. */
export class ChargerRefused extends Error {
  constructor(readonly chargerId: string, readonly detail: string) {
    super(`charger ${chargerId} refused: ${detail}`);
  }
}

/**
 * A connection to one charger. Readings arrive by `onReading`; `setLimit` resolves when the
 * charger accepted the limit and rejects with `ChargerRefused` otherwise.
 */
export interface ChargerLink {
  readonly setup: ChargerSetup;
  setLimit(limit: ChargerLimit): Promise<void>;
  /** Starts a session on a plugged-in car (OCPP RemoteStart; Modbus: a limit above 0). */
  start(idTag: string): Promise<void>;
  stop(): Promise<void>;
  onReading(listener: (reading: ChargerReading) => void): () => void;
  close(): Promise<void>;
}
