/**
 * The running quarter as counted from the meter's registers by the recorder — for meters that do
 * not send `1-0:1.4.0`. Kept apart from the recorder, which loads lazily with the database.
 */
import { signal } from "@preact/signals";

/** `fromStart`: the count began at the quarter's start; otherwise it is only part of it. */
export const registerQuarter = signal<
  { startMs: number; importKWh: number; fromStart: boolean } | null
>(null);
