/**
 * The fail-safe as it happens: the gateway process (`--config`, watchdog 10 s) on a socat RTU
 * pair with the simulated ME3000SP, fed telegrams over TCP until they stop; the time from the
 * last telegram to the inverter receiving "auto" (0x0103).
 */
import { serveModbusRtu } from "../app/gateway/rtu.ts";
import { SimulatedMe3000sp } from "../app/gateway/sim_me3000sp.ts";
import { HouseholdSimulator } from "../lib/p1/simulator.ts";
import { freePort } from "../test/setup/pg_cluster.ts";
import { ptyPair } from "../test/app/gateway/pty_pair.ts";

const MAIN = new URL("../app/gateway/main.ts", import.meta.url).pathname;

async function waitFor(check: () => boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 5));
  }
}

export async function benchGatewayFailsafe(): Promise<{ watchdogMs: number; delayMs: number }> {
  const dir = await Deno.makeTempDir();
  const line = await ptyPair(dir);
  const watchdogMs = 10_000;
  const sim = new SimulatedMe3000sp({ socPct: 40 });
  const p1 = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const clients: Deno.Conn[] = [];
  void (async () => {
    for await (const c of p1) clients.push(c);
  })().catch(() => {});
  let gateway: Deno.ChildProcess | null = null;
  let inverter: { close(): void } | null = null;
  try {
    inverter = await serveModbusRtu(sim, line.inverter);
    await Deno.writeTextFile(
      `${dir}/gateway.json`,
      JSON.stringify({
        p1: { kind: "tcp", host: "127.0.0.1", port: (p1.addr as Deno.NetAddr).port },
        device: { profile: "sofar-me3000sp", transport: "rtu", path: line.gateway },
        battery: { capacityKWh: 10, maxChargeW: 3000, maxDischargeW: 3000 },
        site: { mainFuseA: 40, phases: 1, inverterMaxW: 3000 },
        control: { mode: "peakShaving", desiredPeakW: 300, minSocPct: 10, bufferPct: 40 },
        listen: { host: "127.0.0.1", port: freePort() },
        stateFile: `${dir}/state.json`,
        watchdogMs,
      }),
    );
    gateway = new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", MAIN, "--config", `${dir}/gateway.json`],
      stdout: "null",
      stderr: "null",
    }).spawn();
    const household = new HouseholdSimulator({ startMs: Date.UTC(2024, 0, 15, 17, 30), seed: 5 });
    await waitFor(() => clients.length > 0, 20_000);
    for (let i = 0; i < 5; i++) {
      await clients[0].write(new TextEncoder().encode(household.next()));
      await new Promise((r) => setTimeout(r, 1000));
    }
    await waitFor(() => sim.state.mode === "discharge", 10_000);
    const lastMs = Date.now();
    await clients[0].write(new TextEncoder().encode(household.next()));
    const before = sim.commands.length;
    await waitFor(
      () => sim.commands.slice(before).some((c) => c.address === 0x0103),
      watchdogMs + 5000,
    );
    const auto = sim.commands.slice(before).find((c) => c.address === 0x0103)!;
    return { watchdogMs, delayMs: auto.atMs - lastMs };
  } finally {
    gateway?.kill("SIGKILL");
    await gateway?.status;
    for (const c of clients) {
      try {
        c.close();
      } catch { /* gone */ }
    }
    p1.close();
    inverter?.close();
    await line.close();
    await Deno.remove(dir, { recursive: true });
  }
}
