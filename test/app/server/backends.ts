/** The same server tests against the embedded SQLite and against PostgreSQL. */
import postgres from "postgres";
import { inject } from "vitest";
import { loadConfig } from "../../../app/server/config.ts";
import { postgresDb } from "../../../app/server/db/postgres.ts";
import type { SqlDb } from "../../../app/server/db/sql.ts";
import { SqliteDb } from "../../../app/server/db/sqlite.ts";
import { memoryLogger } from "../../../app/server/log.ts";
import type { Mail } from "../../../app/server/mailer.ts";
import { openServices, type Running } from "../../../app/server/services.ts";
import { serverApp } from "../../../app/server/app.ts";
import { freePort } from "../../setup/pg_cluster.ts";

export { freePort };

export const BACKENDS = ["sqlite", "postgres"] as const;
export type Backend = (typeof BACKENDS)[number];

let counter = 0;

/** The address of a fresh, empty PostgreSQL database on the test cluster. */
export async function freshPostgresUrl(): Promise<string> {
  const admin = postgres(inject("postgresUrl"), { max: 1, onnotice: () => {} });
  const name = `t_${Date.now()}_${process.pid}_${counter++}`;
  await admin.unsafe(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(inject("postgresUrl"));
  url.pathname = `/${name}`;
  return url.toString();
}

/** A fresh, empty database of the backend. */
export async function freshDb(backend: Backend): Promise<SqlDb> {
  if (backend === "sqlite") return new SqliteDb(":memory:");
  return postgresDb(await freshPostgresUrl());
}

export const PUBLIC_URL = "https://energie.example.be";

export interface TestServer {
  services: Running;
  /** Mails the queue has sent, oldest first: `deliverMail()` sends what is queued. */
  mails: Mail[];
  log: ReturnType<typeof memoryLogger>;
  /** Calls the app as a request to `PUBLIC_URL`, from `address` when given. */
  request(path: string, init?: RequestInit, address?: string): Promise<Response>;
  deliverMail(): Promise<number>;
  close(): Promise<void>;
}

/** The whole server app on a fresh database, called without a network (`app.request`). */
export async function testServer(
  backend: Backend,
  env: Record<string, string> = {},
): Promise<TestServer> {
  const mails: Mail[] = [];
  const log = memoryLogger();
  // On PostgreSQL the server runs as in production: its event feed goes through LISTEN/NOTIFY.
  const databaseUrl = backend === "postgres" ? await freshPostgresUrl() : undefined;
  const services = await openServices(
    loadConfig({ PUBLIC_URL, ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}), ...env }),
    {
      db: databaseUrl ? postgresDb(databaseUrl) : new SqliteDb(":memory:"),
      logger: log,
      mailer: { send: (mail) => Promise.resolve(void mails.push(mail)) },
      workers: false,
    },
  );
  const app = serverApp("/nonexistent", services);
  return {
    services,
    mails,
    log,
    request: (path, init, address) =>
      Promise.resolve(
        app.request(
          `${env.PUBLIC_URL ?? PUBLIC_URL}${path}`,
          init,
          address ? { remoteAddr: { hostname: address } } : undefined,
        ),
      ),
    deliverMail: () => services.outbox.deliver(),
    close: () => services.close(),
  };
}

/** A browser-like client: keeps the session cookie, sends JSON. */
export function client(server: TestServer) {
  let cookie = "";
  return {
    get cookie() {
      return cookie;
    },
    set cookie(value: string) {
      cookie = value;
    },
    /** From this address, as the connection's (none: the app sees "unknown"). */
    address: undefined as string | undefined,
    async call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
      const response = await server.request(path, {
        method,
        headers: {
          ...(body !== undefined ? { "Content-Type": "application/json" } : {}),
          ...(cookie ? { Cookie: cookie } : {}),
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      }, this.address);
      const set = response.headers.get("Set-Cookie");
      if (set) {
        const pair = set.split(";")[0];
        cookie = pair.endsWith("=") ? "" : pair;
      }
      return response;
    },
  };
}

/** Signs up through the mailed link, as a person does: the client holds the new session. */
export async function signUp(
  server: TestServer,
  person: ReturnType<typeof client>,
  email: string,
  password: string,
): Promise<Response> {
  const asked = await person.call("POST", "/api/auth/signup", { email, password });
  if (asked.status !== 202) throw new Error(`sign-up answered ${asked.status}`);
  await server.deliverMail();
  const mail = server.mails.findLast((m) => m.to === email.toLowerCase());
  const token = new URL(mail!.link).searchParams.get("signup");
  return await person.call("POST", "/api/auth/signup/confirm", { token });
}

/** The test server over a real loopback connection, its `PUBLIC_URL` being that address. */
export async function servedTestServer(
  backend: Backend,
  env: Record<string, string> = {},
): Promise<TestServer & { url: string }> {
  const port = freePort();
  const url = `http://127.0.0.1:${port}`;
  const server = await testServer(backend, { PUBLIC_URL: url, ...env });
  const http = Deno.serve(
    { port, hostname: "127.0.0.1", onListen() {} },
    serverApp("/nonexistent", server.services).fetch,
  );
  return {
    ...server,
    url,
    request: (path, init) => fetch(`${url}${path}`, init),
    async close() {
      server.services.endStreams();
      await http.shutdown();
      await server.close();
    },
  };
}
