/**
 * Sync under load on loopback: 1,000 households, each signed in and pushing its own day buckets
 * (a full day of 96 measured quarter-hours per push) to its own site. The server runs as its own
 * process (`app/server/main.ts`, as deployed, logging every request); the load comes from this
 * one, each household over its own kept-alive connection (`HttpConnection`: with `fetch`, the
 * generator and a server that only parses the body saturated both cores at ~4,500 requests/s). Two ways of loading it:
 * - open loop: pushes are started on a fixed schedule (the households together at `rate` per
 *   second) whatever the answers do, and each latency counts from its scheduled start, so a slow
 *   server cannot hide its queue (no coordinated omission);
 * - all at once: every household keeps one push in flight (1,000 concurrent), the heaviest case.
 * SQLite: one process on a file with the server's own settings. PostgreSQL: two processes on one
 * database (fsync on), the households split between them.
 */
import { hashPassword } from "../app/server/auth/password.ts";
import { hashToken } from "../app/shared/tokens.ts";
import { migrate } from "../app/server/db/migrations.ts";
import { postgresDb } from "../app/server/db/postgres.ts";
import type { SqlDb } from "../app/server/db/sql.ts";
import { SqliteDb } from "../app/server/db/sqlite.ts";
import { addDays } from "../lib/energy/calendar.ts";
import { freePort, startCluster } from "../test/setup/pg_cluster.ts";
import { HttpConnection } from "./http_connection.ts";

const MAIN = new URL("../app/server/main.ts", import.meta.url).pathname;

export interface LoadFigures {
  label: string;
  pushes: number;
  failed: number;
  seconds: number;
  pushesPerSecond: number;
  p50Ms: number;
  p99Ms: number;
}

interface Household {
  cookie: string;
  siteId: string;
  /** The next day this household pushes. */
  day: number;
  /** Its kept-alive connection to each server, as a browser keeps one. */
  connections: Map<string, HttpConnection>;
}

/** 1,000 users, sites and sessions, written straight into the database (one password hash). */
async function households(db: SqlDb, count: number): Promise<Household[]> {
  await migrate(db);
  const hash = await hashPassword("a long enough password");
  const made: Household[] = [];
  await db.transaction(async (tx) => {
    for (let i = 0; i < count; i++) {
      const [userId, siteId, token] = [
        crypto.randomUUID(),
        crypto.randomUUID(),
        crypto.randomUUID().replaceAll("-", "").padEnd(43, "x"),
      ];
      await tx.run(
        "INSERT INTO users (id, email, password_hash, created_ms) VALUES ($1, $2, $3, 1)",
        [userId, `household${i}@example.be`, hash],
      );
      await tx.run(
        "INSERT INTO sites (id, name, settings, created_ms, updated_ms) VALUES ($1, $2, '{}', 1, 1)",
        [siteId, `Household ${i}`],
      );
      await tx.run(
        "INSERT INTO memberships (site_id, user_id, role, scope, created_ms) VALUES ($1, $2, 'owner', 'all', 1)",
        [siteId, userId],
      );
      await tx.run(
        "INSERT INTO sessions (token_hash, user_id, created_ms, expires_ms) VALUES ($1, $2, 1, $3)",
        [hashToken(token), userId, Date.now() + 86_400_000],
      );
      made.push({ cookie: `sid=${token}`, siteId, day: 0, connections: new Map() });
    }
  });
  return made;
}

/** The body of one push: a day of 96 measured quarter-hours, as the app sends it. */
function pushBody(siteId: string, day: string): string {
  return JSON.stringify([{
    assumedMasterState: null,
    newDocumentState: {
      id: `${siteId}|grid|15|${day}`,
      siteId,
      channel: "grid",
      day,
      slotMinutes: 15,
      unit: "kWh",
      imported: Array.from({ length: 96 }, (_, i) => Math.round(100 + 80 * Math.sin(i / 9)) / 1000),
      exported: new Array(96).fill(0),
      quality: new Array(96).fill(3),
      register: Array.from({ length: 96 }, (_, i) => (i < 28 || i >= 88 ? 2 : 1)),
      source: new Array(96).fill(1),
      updatedAt: Date.now(),
      _deleted: false,
    },
  }]);
}

async function startServer(
  env: Record<string, string>,
): Promise<{ url: string; stop(): Promise<void> }> {
  const port = freePort();
  const dist = await Deno.makeTempDir();
  await Deno.writeTextFile(`${dist}/index.html`, "<!doctype html><title>bench</title>");
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN],
    env: { PORT: String(port), DIST_DIR: dist, NO_COLOR: "1", ...env },
    stdout: "null",
    stderr: "piped",
  }).spawn();
  // The server's errors show; its start banner ("Thuisenergie draait op …") does not.
  const encoder = new TextEncoder();
  void child.stderr.pipeThrough(new TextDecoderStream()).pipeTo(
    new WritableStream({
      write(text) {
        const rest = text.replace(/^Thuisenergie draait op \S+\n/m, "");
        if (rest !== "") Deno.stderr.writeSync(encoder.encode(rest));
      },
    }),
  );
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0;; i++) {
    try {
      const response = await fetch(`${url}/api/health`);
      await response.body?.cancel();
      if (response.ok) break;
    } catch {
      if (i > 300) throw new Error("the server did not start");
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url,
    async stop() {
      child.kill("SIGTERM");
      await child.status;
      await Deno.remove(dist, { recursive: true });
    },
  };
}

const START_DAY = "2020-01-01";

async function push(url: string, h: Household): Promise<boolean> {
  const day = addDays(START_DAY, h.day++);
  let connection = h.connections.get(url);
  if (!connection) h.connections.set(url, connection = await HttpConnection.open(url));
  const answer = await connection.request(
    "POST",
    `/api/sync/energy_days/push?site=${h.siteId}`,
    { "Content-Type": "application/json", Cookie: h.cookie },
    pushBody(h.siteId, day),
  ).catch((error) => {
    connection.close();
    h.connections.delete(url);
    throw error;
  });
  return answer.status === 200 && answer.body === "[]";
}

function closeAll(homes: Household[]): void {
  for (const home of homes) {
    for (const connection of home.connections.values()) connection.close();
    home.connections.clear();
  }
}

function figures(label: string, latencies: number[], failed: number, ms: number): LoadFigures {
  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  return {
    label,
    pushes: latencies.length,
    failed,
    seconds: ms / 1000,
    pushesPerSecond: latencies.length / (ms / 1000),
    p50Ms: at(0.5),
    p99Ms: at(0.99),
  };
}

/**
 * Pushes due on a fixed schedule at `rate` per second for `seconds`, households in turn. A
 * household sends one push at a time: one due while its last is under way goes right after it,
 * its latency still counted from when it was due. So at most one push per household is in flight.
 */
async function openLoop(
  label: string,
  urls: string[],
  homes: Household[],
  rate: number,
  seconds: number,
): Promise<LoadFigures> {
  const total = Math.round(rate * seconds);
  const latencies: number[] = [];
  let failed = 0;
  const last = new Map<Household, Promise<void>>();
  const started = performance.now();
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const home = homes[i % homes.length];
    const url = urls[i % urls.length];
    last.set(
      home,
      (last.get(home) ?? Promise.resolve()).then(() =>
        push(url, home).then((ok) => {
          if (ok) latencies.push(performance.now() - due);
          else failed++;
        }, () => void failed++)
      ),
    );
  }
  await Promise.all(last.values());
  return figures(label, latencies, failed, performance.now() - started);
}

/** Every household keeps one push in flight, `rounds` pushes each. */
async function allAtOnce(
  label: string,
  urls: string[],
  homes: Household[],
  rounds: number,
): Promise<LoadFigures> {
  const latencies: number[] = [];
  let failed = 0;
  const started = performance.now();
  await Promise.all(homes.map(async (home, i) => {
    for (let r = 0; r < rounds; r++) {
      const at = performance.now();
      const ok = await push(urls[i % urls.length], home).catch(() => false);
      if (ok) latencies.push(performance.now() - at);
      else failed++;
    }
  }));
  return figures(label, latencies, failed, performance.now() - started);
}

export async function benchSyncLoad(
  options: {
    households?: number;
    /** Open-loop rates (pushes per second) to run on SQLite: the goal's, and one it sustains. */
    sqliteRates?: number[];
    postgresRates?: number[];
    seconds?: number;
    rounds?: number;
    backends?: ("sqlite" | "postgres")[];
  } = {},
): Promise<LoadFigures[]> {
  const backends = options.backends ?? ["sqlite", "postgres"];
  const load = {
    count: options.households ?? 1000,
    seconds: options.seconds ?? 10,
    rounds: options.rounds ?? 5,
  };
  const results: LoadFigures[] = [];
  if (backends.includes("sqlite")) {
    results.push(...await sqliteLoad(load, options.sqliteRates ?? [3000, 1500]));
  }
  if (backends.includes("postgres")) {
    results.push(...await postgresLoad(load, options.postgresRates ?? [300]));
  }
  return results;
}

interface Load {
  count: number;
  seconds: number;
  rounds: number;
}

/** A warm-up, then each open-loop rate, then every household at once, against `urls`. */
async function runAll(
  label: string,
  urls: string[],
  homes: Household[],
  load: Load,
  rates: number[],
): Promise<LoadFigures[]> {
  const results: LoadFigures[] = [];
  await openLoop("warm-up", urls, homes, 200, 2);
  for (const rate of rates) {
    results.push(
      await openLoop(`${label}, open loop at ${rate}/s`, urls, homes, rate, load.seconds),
    );
  }
  results.push(await allAtOnce(`${label}, ${load.count} at once`, urls, homes, load.rounds));
  return results;
}

async function sqliteLoad(load: Load, rates: number[]): Promise<LoadFigures[]> {
  const results: LoadFigures[] = [];
  const dataDir = await Deno.makeTempDir();
  const sqlite = new SqliteDb(`${dataDir}/thuisenergie.db`);
  const homes = await households(sqlite, load.count);
  await sqlite.close();
  try {
    for (const sync of ["full", "normal"]) {
      const server = await startServer({ DATA_DIR: dataDir, SQLITE_SYNC: sync });
      try {
        results.push(...await runAll(`SQLite (sync ${sync})`, [server.url], homes, load, rates));
      } finally {
        closeAll(homes);
        await server.stop();
      }
    }
  } finally {
    await Deno.remove(dataDir, { recursive: true });
  }
  return results;
}

async function postgresLoad(load: Load, rates: number[]): Promise<LoadFigures[]> {
  const cluster = await startCluster({ fsync: true });
  try {
    const pg = postgresDb(cluster.url);
    const homes = await households(pg, load.count);
    await pg.close();
    const servers = [
      await startServer({ DATABASE_URL: cluster.url }),
      await startServer({ DATABASE_URL: cluster.url }),
    ];
    try {
      return await runAll(
        "PostgreSQL, 2 processes",
        servers.map((s) => s.url),
        homes,
        load,
        rates,
      );
    } finally {
      closeAll(homes);
      for (const s of servers) await s.stop();
    }
  } finally {
    await cluster.stop();
  }
}

if (import.meta.main) {
  const backends = Deno.args.length > 0 ? Deno.args as ("sqlite" | "postgres")[] : undefined;
  for (const f of await benchSyncLoad({ backends })) console.log(JSON.stringify(f));
}
