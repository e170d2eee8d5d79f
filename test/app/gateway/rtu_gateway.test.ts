/**
 * The gateway process (`deno task gateway --config`) on a Modbus RTU line — a socat
 * pseudo-terminal pair — with the simulated ME3000SP, written from Sofar's protocol document, on
 * the other end, and P1 telegrams from a TCP stream:
 * the safe command first, the heartbeat, commands accepted, control resumed after the inverter
 * restarts, the fail-safe when telegrams stop, and after `kill -9` and a restart the safe
 * command first again.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FAILSAFE_MARGIN_MS } from "../../../app/gateway/controller.ts";
import { serveModbusRtu } from "../../../app/gateway/rtu.ts";
import { SimulatedMe3000sp } from "../../../app/gateway/sim_me3000sp.ts";
import { HouseholdSimulator } from "../../../lib/p1/simulator.ts";
import { freePort } from "../../setup/pg_cluster.ts";
import { until } from "../../until.ts";
import { type PtyPair, ptyPair } from "./pty_pair.ts";

const MAIN = new URL("../../../app/gateway/main.ts", import.meta.url).pathname;
const WATCHDOG_MS = 2000;

let dir = "";
let line: PtyPair;
let inverter: { close(): void };
const sim = new SimulatedMe3000sp({ socPct: 40, loadW: 0, pvW: 0, capacityKWh: 10 });
let p1: Deno.Listener;
const p1Clients: Deno.Conn[] = [];
let feeding = false;
let feeder: Promise<void> = Promise.resolve();
/** When the last telegram's write began: the gateway cannot have received it before. */
let lastWrittenMs = 0;
let gateway: Deno.ChildProcess | null = null;
let config = "";

/** Telegrams of an evening household, four a second, while `feeding`. */
function feed(): void {
  feeding = true;
  const household = new HouseholdSimulator({ startMs: Date.UTC(2024, 0, 15, 17, 30), seed: 5 });
  feeder = (async () => {
    while (feeding) {
      const bytes = new TextEncoder().encode(household.next());
      const writingMs = Date.now();
      for (const c of p1Clients) await c.write(bytes).catch(() => {});
      lastWrittenMs = writingMs;
      await new Promise((r) => setTimeout(r, 250));
    }
  })();
}

async function stopFeed(): Promise<void> {
  feeding = false;
  await feeder;
}

function startGateway(): Deno.ChildProcess {
  return new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN, "--config", config],
    stdout: Deno.env.get("DEBUG_GW") ? "inherit" : "null",
    stderr: Deno.env.get("DEBUG_GW") ? "inherit" : "null",
  }).spawn();
}

beforeAll(async () => {
  dir = await Deno.makeTempDir();
  line = await ptyPair(dir);
  inverter = await serveModbusRtu(sim, line.inverter);
  p1 = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  void (async () => {
    for await (const conn of p1) p1Clients.push(conn);
  })().catch(() => {});
  config = `${dir}/gateway.json`;
  await Deno.writeTextFile(
    config,
    JSON.stringify({
      p1: { kind: "tcp", host: "127.0.0.1", port: (p1.addr as Deno.NetAddr).port },
      device: { profile: "sofar-me3000sp", transport: "rtu", path: line.gateway },
      battery: { capacityKWh: 10, maxChargeW: 3000, maxDischargeW: 3000 },
      site: { mainFuseA: 40, phases: 1, inverterMaxW: 3000 },
      // A low peak, so the evening household is above it and the battery shaves.
      control: { mode: "peakShaving", desiredPeakW: 300, minSocPct: 10, bufferPct: 40 },
      listen: { host: "127.0.0.1", port: freePort() },
      stateFile: `${dir}/state.json`,
      watchdogMs: WATCHDOG_MS,
    }),
  );
});

afterAll(async () => {
  await stopFeed();
  if (gateway) {
    gateway.kill("SIGKILL");
    await gateway.status;
  }
  for (const c of p1Clients) {
    try {
      c.close();
    } catch { /* gone */ }
  }
  p1?.close();
  inverter?.close();
  await line?.close();
});

describe("the gateway on an RTU line with the simulated ME3000SP", { timeout: 60_000 }, () => {
  it("sends the safe command first, then the heartbeat, then commands the inverter accepts", async () => {
    gateway = startGateway();
    await until(() => sim.commands.length >= 1 && sim.heartbeats.length >= 1, 20_000);
    expect(sim.commands[0]).toMatchObject({ address: 0x0103, value: 0 });
    feed();
    await until(() => sim.commands.some((c) => c.address === 0x0101), 20_000);
    // Every passive-mode frame and heartbeat was answered "accepted", one at a time.
    expect(sim.answers.every((a) => a.status === 0)).toBe(true);
    expect(sim.overlaps).toBe(0);
    expect(sim.state.mode).toBe("discharge");
  });

  it("takes control again after the inverter restarts", async () => {
    sim.state.silent = true; // rebooting: the line stays, nothing answers
    const before = sim.answers.length;
    await new Promise((r) => setTimeout(r, 3000));
    expect(sim.answers.length).toBe(before);
    sim.state.mode = "auto"; // it comes back in its own mode
    sim.state.silent = false;
    await until(() => sim.answers.length > before && sim.state.mode === "discharge", 30_000);
  });

  it("puts the inverter in auto when the telegrams stop, not before the watchdog's time", async () => {
    const lastCommands = sim.commands.length;
    await stopFeed();
    await until(() => sim.commands.slice(lastCommands).some((c) => c.address === 0x0103), 20_000);
    const auto = sim.commands.slice(lastCommands).find((c) => c.address === 0x0103)!;
    // Not before its time: the watchdog counts from the last telegram the gateway received, which
    // was written no earlier than this. (A loaded machine only makes the gap longer.)
    expect(auto.atMs - lastWrittenMs).toBeGreaterThanOrEqual(WATCHDOG_MS - FAILSAFE_MARGIN_MS);
    expect(sim.state.mode).toBe("auto");
  });

  it("after kill -9 and a restart, the first command is the safe one", async () => {
    feed();
    await until(() => sim.state.mode === "discharge", 20_000);
    gateway!.kill("SIGKILL"); // no chance to say goodbye: the inverter keeps discharging
    await gateway!.status;
    const left = sim.commands.length;
    expect(sim.state.mode).toBe("discharge");
    gateway = startGateway(); // what the service manager does
    await until(() => sim.commands.length > left, 20_000);
    expect(sim.commands[left]).toMatchObject({ address: 0x0103, value: 0 });
    await stopFeed();
  });
});
