/**
 * A PostgreSQL server for the tests: `TEST_DATABASE_URL` when set, otherwise a private cluster
 * started from Debian's PostgreSQL binaries in a temporary folder (as the `postgres` user when
 * the tests run as root, since PostgreSQL refuses root) and stopped after the run.
 */
import { existsSync, readdirSync } from "node:fs";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}

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

function freePort(): number {
  const listener = Deno.listen({ port: 0, hostname: "127.0.0.1" });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

let stop: (() => Promise<void>) | null = null;

export async function setup(project: TestProject): Promise<void> {
  const given = Deno.env.get("TEST_DATABASE_URL");
  if (given) {
    project.provide("postgresUrl", given);
    return;
  }
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
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
      "start",
    ],
    root,
  );
  stop = async () => {
    await run(`${bin}/pg_ctl`, ["-D", data, "-w", "-m", "immediate", "stop"], root).catch(() => {});
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  };
  project.provide("postgresUrl", `postgres://app@127.0.0.1:${port}/postgres`);
}

export async function teardown(): Promise<void> {
  await stop?.();
}
