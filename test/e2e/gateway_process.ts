/**
 * The gateway as a real process in `--simulate` mode, on loopback, for the app at `origin`: its
 * start banner read for the WebSocket address, the gateway id and the pairing code, the rest of
 * its stdout kept (a failing test prints it). Every browser test with a gateway starts it here.
 */
import { freePort } from "../setup/pg_cluster.ts";

export interface GatewayProcess {
  url: string;
  gatewayId: string;
  code: string;
  /** The state file the gateway keeps its pairings and settings in. */
  stateFile: string;
  /** Everything it printed so far (JSON log lines after the banner). */
  output(): string;
  stop(): Promise<void>;
}

export async function startGateway(
  options: { origin: string; port?: number; stateDir?: string; args?: string[] },
): Promise<GatewayProcess> {
  const stateDir = options.stateDir ?? await Deno.makeTempDir();
  const stateFile = `${stateDir}/state.json`;
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      new URL("../../app/gateway/main.ts", import.meta.url).pathname,
      "--simulate",
      "--port",
      String(options.port ?? freePort()),
      "--state",
      stateFile,
      "--origin",
      options.origin,
      ...(options.args ?? []),
    ],
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let output = "";
  let url = "", gatewayId = "", code = "";
  while (!(url && gatewayId && code)) {
    const { value, done } = await reader.read();
    if (done) {
      const err = await new Response(child.stderr).text();
      throw new Error(`gateway ended: ${output}\n${err}`);
    }
    output += value;
    url = /"url":"(ws:[^"]+)"/.exec(output)?.[1] ?? "";
    gatewayId = /Gateway id:\s+(\S+)/.exec(output)?.[1] ?? "";
    code = /Pairing code:\s+(\d{6})/.exec(output)?.[1] ?? "";
  }
  void (async () => {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      output += value;
    }
  })();
  void child.stderr.pipeThrough(new TextDecoderStream()).pipeTo(
    new WritableStream({ write: (chunk) => void (output += chunk) }),
  );
  return {
    url,
    gatewayId,
    code,
    stateFile,
    output: () => output,
    async stop() {
      try {
        child.kill("SIGTERM");
      } catch { /* already ended */ }
      await child.status;
    },
  };
}
