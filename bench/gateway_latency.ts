/**
 * From a telegram arriving at the gateway (written to its P1 TCP stream) to the Modbus command
 * leaving it (received by the simulated inverter), on loopback. Each telegram is followed by a
 * read of the inverter and then the command, as the gateway runs.
 */
import { Controller } from "../app/gateway/controller.ts";
import { ModbusDevice } from "../app/gateway/modbus_device.ts";
import { tcpSource } from "../app/gateway/p1_source.ts";
import { serveModbusTcp, SimulatedMe3000sp } from "../app/gateway/sim_me3000sp.ts";
import { ME3000SP } from "../lib/control/profiles.ts";
import { HouseholdSimulator } from "../lib/p1/simulator.ts";

export async function benchGatewayLatency(
  count = 300,
): Promise<{ count: number; p50Ms: number; p99Ms: number }> {
  const sim = new SimulatedMe3000sp({ socPct: 60, loadW: 0 });
  let received = 0;
  let receivedAt = 0;
  const handle = sim.handle.bind(sim);
  sim.handle = (pdu) => {
    if (pdu[0] === 0x42) {
      received++;
      receivedAt = performance.now();
    }
    return handle(pdu);
  };
  const modbus = serveModbusTcp(sim);
  const device = ModbusDevice.tcp(ME3000SP, "127.0.0.1", modbus.port, { repeatAfterMs: 0 });
  const controller = new Controller({
    device,
    settings: { mode: "balancing", minSocPct: 10 },
    battery: { capacityKWh: 5, maxChargeW: 3000, maxDischargeW: 3000 },
    site: { mainFuseA: 40, phases: 1, inverterMaxW: 3000 },
  });
  await controller.start();
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const source = tcpSource(
    "127.0.0.1",
    (listener.addr as Deno.NetAddr).port,
    (r) => void controller.onReading(r),
  );
  const conn = await listener.accept();
  const household = new HouseholdSimulator({ startMs: Date.UTC(2024, 5, 12, 17, 30), seed: 4 });
  const encoder = new TextEncoder();
  const latencies: number[] = [];
  for (let i = 0; i < count; i++) {
    const bytes = encoder.encode(household.next());
    const before = received;
    const sentAt = performance.now();
    await conn.write(bytes);
    // A telegram that came while the last one was still being handled is skipped, as on the
    // gateway: it gets no command, and no figure.
    const giveUpAt = sentAt + 1000;
    while (received === before && performance.now() < giveUpAt) {
      await new Promise((r) => setTimeout(r, 0));
    }
    if (received > before) latencies.push(receivedAt - sentAt);
    await new Promise((r) => setTimeout(r, 5));
  }
  source.stop();
  conn.close();
  listener.close();
  await device.close();
  modbus.close();
  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  return { count: latencies.length, p50Ms: at(0.5), p99Ms: at(0.99) };
}
