/**
 * Records live P1 readings on the device: quarter-hours into the energy database (closed quarters
 * at once, the open one as partial every minute) and one-second readings into the raw store. The
 * accumulator's state is saved often, so a reload mid-quarter continues the same quarter. A
 * paired gateway's PV source gives `pv` quarter-hours the same way, from its energy counter (as
 * the gateway counts them too: both merge by quality, so nothing is counted twice).
 */
import { dataVersion } from "./data_version.ts";
import { saveBuckets, saveMeter } from "../../lib/db/energy_repo.ts";
import {
  type AccumulatorState,
  type ClosedQuarter,
  QuarterAccumulator,
  quartersToBuckets,
} from "../../lib/energy/accumulator.ts";
import {
  type CounterQuarter,
  CounterQuarters,
  type CounterState,
  productionBuckets,
} from "../../lib/energy/counter_quarters.ts";
import type { PvStatus } from "../../lib/control/protocol.ts";
import { registerReadingOf, sampleOf } from "../../lib/p1/energy_input.ts";
import type { Reading } from "../../lib/p1/reading.ts";
import { database } from "./energy_db.ts";
import { currentSite } from "./site.ts";
import { registerQuarter } from "./live_quarter.ts";
import { RawStore } from "./raw_store.ts";
import { loadSetting, rawRetentionDays, saveSetting } from "./storage.ts";

const FLUSH_EVERY_MS = 60_000;
const SAVE_STATE_EVERY_MS = 5_000;

/** Saved per meter: a laptop moved to another meter must not difference two meters' registers. */
function stateKey(meterId: string): string {
  return `accumulator:${meterId}`;
}

function loadState(meterId: string): AccumulatorState | undefined {
  try {
    const text = loadSetting(stateKey(meterId));
    return text ? (JSON.parse(text) as AccumulatorState) : undefined;
  } catch {
    return undefined;
  }
}

function loadPvState(key: string): CounterState | undefined {
  try {
    const text = loadSetting(key);
    return text ? (JSON.parse(text) as CounterState) : undefined;
  } catch {
    return undefined;
  }
}

export interface Recorder {
  record(reading: Reading): void;
  /** A status of the gateway's PV source: its counter's quarter-hours, like the meter's. */
  recordPv(status: PvStatus): void;
  /** Writes the closed quarters, the open one (partial) and the buffered seconds; never overlaps. */
  flush(): Promise<void>;
  /** Stops the minute clock and the page listeners, after a last save and flush. */
  stop(): Promise<void>;
}

/**
 * Starts recording: a flush every minute and whenever the page is hidden or left, and a prune of
 * old one-second chunks at most once an hour.
 */
export function startRecorder(raw = new RawStore()): Recorder {
  let accumulator: QuarterAccumulator | null = null;
  let closed: ClosedQuarter[] = [];
  let meterId: string | null = null;
  let lastStateSaveMs = 0;
  let lastPruneMs = 0;
  let writing: Promise<void> = Promise.resolve();
  let pv: { key: string; counter: CounterQuarters } | null = null;
  let pvClosed: CounterQuarter[] = [];

  function savePvState(): void {
    if (pv) saveSetting(pv.key, JSON.stringify(pv.counter.state));
  }

  function recordPv(status: PvStatus): void {
    // An inverter that stopped answering repeats its last counter: not a reading of it.
    if (!status.online || status.counterWh === null) return;
    // Per source and kind of counter: another inverter's counter is not differenced with this one.
    const key = `pvCounter:${status.source}:${status.counter}:${status.name ?? ""}`;
    if (pv?.key !== key) {
      savePvState();
      pv = {
        key,
        counter: new CounterQuarters({
          wrapWh: status.wrapWh ?? undefined,
          dailyReset: status.counter === "today",
        }, loadPvState(key)),
      };
    }
    const done = pv.counter.push({ atMs: status.atMs, counterWh: status.counterWh });
    if (done.length > 0) {
      pvClosed.push(...done);
      savePvState();
      void flush();
    }
  }

  function saveState(): void {
    if (meterId !== null && accumulator !== null) {
      saveSetting(stateKey(meterId), JSON.stringify(accumulator.state));
    }
  }

  function record(reading: Reading): void {
    const registers = registerReadingOf(reading, Date.now());
    if (registers === null) return;
    const id = `p1:${reading.equipmentId ?? "meter"}`;
    if (id !== meterId) {
      saveState();
      meterId = id;
      accumulator = new QuarterAccumulator(loadState(id));
      void database().then((db) =>
        saveMeter(db, {
          id,
          siteId: currentSite.peek(),
          kind: "electricity",
          source: "p1",
          equipmentId: reading.equipmentId ?? undefined,
          updatedAt: Date.now(),
        })
      ).catch((error) => console.error("storing the meter failed", error));
    }
    raw.add(meterId, registers.atMs, sampleOf(reading));
    const done = accumulator!.push(registers);
    const open = accumulator!.openQuarter();
    registerQuarter.value = open && {
      startMs: open.startMs,
      importKWh: open.importKWh,
      fromStart: accumulator!.openFromStart,
    };
    if (done.length > 0) {
      closed.push(...done);
      saveState();
      void flush();
    } else if (registers.atMs - lastStateSaveMs >= SAVE_STATE_EVERY_MS) {
      lastStateSaveMs = registers.atMs;
      saveState();
    }
  }

  function flush(): Promise<void> {
    writing = writing.then(async () => {
      const quarters = closed;
      closed = [];
      const open = accumulator?.openQuarter() ?? null;
      const buckets = quartersToBuckets(currentSite.peek(), open ? [...quarters, open] : quarters);
      // Closed production quarters only: a quarter just begun would read as a dip to 0 (which
      // looks like an inverter tripping); the counting state keeps it across a reload.
      const produced = pvClosed;
      pvClosed = [];
      buckets.push(...productionBuckets(currentSite.peek(), produced));
      try {
        if (buckets.length > 0) await saveBuckets(await database(), buckets);
        // The seconds land after the quarters: what shows stored data reads again once they did
        // (the quarters' own change came first, and a page read then saw no seconds yet).
        if ((await raw.flush()) > 0) dataVersion.value++;
      } catch (error) {
        closed = [...quarters, ...closed]; // try again at the next flush
        pvClosed = [...produced, ...pvClosed];
        console.error("storing live readings failed", error);
      }
    });
    return writing;
  }

  /** Drops one-second chunks past the retention, at most once an hour. */
  function prune(): void {
    const now = Date.now();
    if (now - lastPruneMs < 3_600_000) return;
    lastPruneMs = now;
    void raw.prune(now, rawRetentionDays()).catch(() => 0);
  }

  const timer = setInterval(() => {
    void flush();
    prune();
  }, FLUSH_EVERY_MS);
  const onPageHide = () => {
    saveState();
    savePvState();
    void flush();
  };
  const onVisibility = () => {
    if (document.visibilityState === "hidden") onPageHide();
  };
  addEventListener("pagehide", onPageHide);
  document.addEventListener("visibilitychange", onVisibility);
  prune();

  return {
    record,
    recordPv,
    flush,
    async stop() {
      clearInterval(timer);
      removeEventListener("pagehide", onPageHide);
      document.removeEventListener("visibilitychange", onVisibility);
      saveState();
      savePvState();
      await flush();
    },
  };
}
