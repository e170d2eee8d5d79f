/**
 * How long sign-up and a reset request take for an address with an account and for one
 * without, with an SMTP server that takes 900 ms to answer: the figures should not tell the
 * two apart (the mail is only queued while the request is answered).
 */
import { serverApp } from "../app/server/app.ts";
import { loadConfig } from "../app/server/config.ts";
import { SqliteDb } from "../app/server/db/sqlite.ts";
import { memoryLogger } from "../app/server/log.ts";
import { openServices } from "../app/server/services.ts";

export interface AccountTiming {
  name: string;
  knownMs: number;
  unknownMs: number;
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

export async function benchAccountTiming(rounds = 9): Promise<AccountTiming[]> {
  const services = await openServices(loadConfig({ PUBLIC_URL: "https://energie.example.be" }), {
    db: new SqliteDb(":memory:"),
    logger: memoryLogger(),
    mailer: { send: () => new Promise((resolve) => setTimeout(resolve, 900)) },
    workers: false,
  });
  const app = serverApp("/none", services);
  const post = async (path: string, body: unknown) => {
    const started = performance.now();
    const response = await app.request(`https://energie.example.be${path}`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    await response.body?.cancel();
    return performance.now() - started;
  };
  const password = "paars fiets onder regen";
  await services.store.createUser("known@example.be", "scrypt$unused");
  const results: AccountTiming[] = [];
  for (const path of ["/api/auth/signup", "/api/auth/reset-request"]) {
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < rounds; i++) {
      known.push(await post(path, { email: "known@example.be", password }));
      unknown.push(await post(path, { email: `nobody${i}@example.be`, password }));
    }
    results.push({ name: path, knownMs: median(known), unknownMs: median(unknown) });
  }
  await services.close();
  return results;
}
