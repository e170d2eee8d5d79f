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

export const BACKENDS = ["sqlite", "postgres"] as const;
export type Backend = (typeof BACKENDS)[number];

let counter = 0;

/** A fresh, empty database of the backend. */
export async function freshDb(backend: Backend): Promise<SqlDb> {
  if (backend === "sqlite") return new SqliteDb(":memory:");
  const admin = postgres(inject("postgresUrl"), { max: 1, onnotice: () => {} });
  const name = `t_${Date.now()}_${process.pid}_${counter++}`;
  await admin.unsafe(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(inject("postgresUrl"));
  url.pathname = `/${name}`;
  return postgresDb(url.toString());
}

export interface TestServer {
  services: Running;
  mails: Mail[];
  log: ReturnType<typeof memoryLogger>;
  request(path: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

/** The whole server app on a fresh database, called without a network (`app.request`). */
export async function testServer(
  backend: Backend,
  env: Record<string, string> = {},
): Promise<TestServer> {
  const mails: Mail[] = [];
  const log = memoryLogger();
  const services = await openServices(
    loadConfig({ PUBLIC_URL: "https://energie.example.be", ...env }),
    {
      db: await freshDb(backend),
      logger: log,
      mailer: { send: (mail) => Promise.resolve(void mails.push(mail)) },
    },
  );
  const app = serverApp("/nonexistent", services);
  return {
    services,
    mails,
    log,
    request: (path, init) => Promise.resolve(app.request(`http://localhost${path}`, init)),
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
    async call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
      const response = await server.request(path, {
        method,
        headers: {
          ...(body !== undefined ? { "Content-Type": "application/json" } : {}),
          ...(cookie ? { Cookie: cookie } : {}),
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const set = response.headers.get("Set-Cookie");
      if (set) {
        const pair = set.split(";")[0];
        cookie = pair.endsWith("=") ? "" : pair;
      }
      return response;
    },
  };
}
