/**
 * A private PostgreSQL cluster from Debian's binaries in a temporary folder (as the `postgres`
 * user when run as root, since PostgreSQL refuses root), for the tests and the bench.
 */
import { existsSync, readdirSync } from "node:fs";

function binaries(): string {
  const base = "/usr/lib/postgresql";
  const versions = existsSync(base) ? readdirSync(base).sort() : [];
  const found = versions.reverse().map((v) => `${base}/${v}/bin`).find((dir) =>
    existsSync(`${dir}/initdb`)
  );
  if (!found) {
    throw new Error(
      "PostgreSQL is not installed: `apt-get install postgresql`, or set TEST_DATABASE_URL",
    );
  }
  return found;
}

async function run(command: string, args: string[], asPostgres: boolean): Promise<void> {
  const [cmd, cmdArgs] = asPostgres
    ? ["runuser", ["-u", "postgres", "--", command, ...args]]
    : [command, args];
  const { code, stderr } = await new Deno.Command(cmd, {
    args: cmdArgs,
    stdout: "null",
    stderr: "piped",
  })
    .output();
  if (code !== 0) throw new Error(`${command} failed: ${new TextDecoder().decode(stderr)}`);
}

/** A port nobody listens on now. */
export function freePort(): number {
  const listener = Deno.listen({ port: 0, hostname: "127.0.0.1" });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

/**
 * Starts a cluster on a free loopback port: its URL, and how to stop it (and remove it). Tests
 * run it without fsync; the bench with it, as a real server runs.
 */
export async function startCluster(
  options: { fsync?: boolean } = {},
): Promise<{ url: string; stop(): Promise<void> }> {
  const bin = binaries();
  const root = Deno.uid() === 0;
  const dir = await Deno.makeTempDir({ prefix: "pg-test-" });
  if (root) await run("chown", ["postgres", dir], false);
  const data = `${dir}/data`;
  await run(`${bin}/initdb`, ["-D", data, "-A", "trust", "-U", "app", "--no-sync"], root);
  const port = freePort();
  await run(
    `${bin}/pg_ctl`,
    [
      "-D",
      data,
      "-w",
      "-l",
      `${dir}/log`,
      "-o",
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=${
        options.fsync ? "on" : "off"
      } -c max_connections=200`,
      "start",
    ],
    root,
  );
  return {
    url: `postgres://app@127.0.0.1:${port}/postgres`,
    async stop() {
      await run(`${bin}/pg_ctl`, ["-D", data, "-w", "-m", "immediate", "stop"], root).catch(
        () => {},
      );
      await Deno.remove(dir, { recursive: true }).catch(() => {});
    },
  };
}
