/**
 * A serial line for tests: a socat pseudo-terminal pair, one end for the gateway and one for the
 * simulated inverter, as an RS485 adapter and the inverter's port would be.
 */
export interface PtyPair {
  gateway: string;
  inverter: string;
  close(): Promise<void>;
}

export async function ptyPair(dir: string): Promise<PtyPair> {
  const [gateway, inverter] = [`${dir}/gateway`, `${dir}/inverter`];
  const socat = new Deno.Command("socat", {
    args: [`pty,raw,echo=0,link=${gateway}`, `pty,raw,echo=0,link=${inverter}`],
    stdout: "null",
    stderr: "null",
  }).spawn();
  for (let i = 0;; i++) {
    try {
      await Deno.stat(inverter);
      await Deno.stat(gateway);
      break;
    } catch {
      if (i > 200) throw new Error("socat did not make the pseudo-terminal pair");
      await new Promise((r) => setTimeout(r, 25));
    }
  }
  return {
    gateway,
    inverter,
    async close() {
      socat.kill("SIGTERM");
      await socat.status;
    },
  };
}
