/**
 * `deno task start`: the PWA, its API and the sync server on http://localhost:8000. Settings come
 * from the environment (see the README); SIGINT/SIGTERM stop it gracefully: open streams end,
 * requests in flight finish, then the database closes.
 */
import { type Config, ConfigError, listeningAt, loadConfig } from "./config.ts";
import { serverApp } from "./app.ts";
import { openServices, type Running } from "./services.ts";

let config: Config;
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

// Listening first, so that with `PORT=0` the port the system chose is known before the services
// open (mailed links carry it); requests wait until the services are ready.
const ready = Promise.withResolvers<
  (request: Request, info: Deno.ServeHandlerInfo) => Response | Promise<Response>
>();
const server = Deno.serve(
  { port: config.PORT, hostname: config.HOST, onListen() {} },
  async (request, info) => (await ready.promise)(request, info),
);
config = listeningAt(config, server.addr.port);
let services: Running;
try {
  services = await openServices(config);
} catch (error) {
  ready.promise.catch(() => {}); // the requests waiting get a 500; the error is thrown below
  ready.reject(error);
  await server.shutdown();
  throw error;
}
ready.resolve(serverApp(root, services).fetch);
services.logger.log("debug", "listening", {
  url: `http://${server.addr.hostname}:${server.addr.port}`,
  database: services.store.db.dialect,
});
// What a person starting it needs: where to open the app (also the address mailed links use).
// On stderr, so that stdout stays the JSON log a log collector reads line by line.
console.error(`Thuisenergie draait op ${config.PUBLIC_URL}`);

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
