/**
 * `deno task start`: the PWA, its API and the sync server on http://localhost:8000. Settings come
 * from the environment (see the README); SIGINT/SIGTERM stop it gracefully: open streams end,
 * requests in flight finish, then the database closes.
 */
import { ConfigError, loadConfig } from "./config.ts";
import { serverApp } from "./app.ts";
import { openServices } from "./services.ts";

let config;
try {
  config = loadConfig(Deno.env.toObject());
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  Deno.exit(1);
}

const root = config.DIST_DIR ?? new URL("../../dist", import.meta.url).pathname;
try {
  await Deno.stat(`${root}/index.html`);
} catch {
  console.error(
    `No build in ${root}: run \`deno task build\` (or \`deno task start\`, which builds).`,
  );
  Deno.exit(1);
}

const services = await openServices(config);
const server = Deno.serve({
  port: config.PORT,
  hostname: config.HOST,
  onListen: ({ hostname, port }) =>
    services.logger.log("info", "listening", {
      url: `http://${hostname}:${port}`,
      database: services.store.db.dialect,
    }),
}, serverApp(root, services).fetch);

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  services.logger.log("info", "stopping", { signal });
  // Streams end first; the server then waits for every request in flight (writes included)
  // before the database closes.
  services.endStreams();
  await server.shutdown();
  await services.close();
  services.logger.log("info", "stopped");
  Deno.exit(0);
}
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  Deno.addSignalListener(signal, () => void stop(signal));
}
