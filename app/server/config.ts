/**
 * The server's settings, from environment variables, checked once at start: a bad value stops the
 * server with a message that names the variable and what it should be.
 */
import { z } from "zod";

const ConfigModel = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8000),
  HOST: z.string().min(1).default("127.0.0.1"),
  /** `postgres://…` for PostgreSQL; unset for the embedded SQLite file in `DATA_DIR`. */
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, "must start with postgres://").optional(),
  DATA_DIR: z.string().min(1).default("./data"),
  /**
   * SQLite: `full` syncs every commit to disk (commits under load share one sync); `normal`
   * syncs once a second — faster, and a power cut may lose the last second of writes.
   */
  SQLITE_SYNC: z.enum(["full", "normal"]).default("full"),
  /** The built PWA (`deno task build` writes it to dist/). */
  DIST_DIR: z.string().min(1).optional(),
  /**
   * The address users reach the app at, for links in e-mails (`https://…` behind a proxy);
   * unset: `http://localhost:PORT`.
   */
  PUBLIC_URL: z.string().url("must be a URL such as https://energie.example.be").optional(),
  /** `smtp://user:pass@host:587` or `smtps://…`; unset: e-mails are written to the log. */
  SMTP_URL: z.string().regex(/^smtps?:\/\//, "must start with smtp:// or smtps://").optional(),
  MAIL_FROM: z.string().min(3).default("Thuisenergie <noreply@localhost>"),
  SESSION_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  ENTSOE_API_URL: z.string().url().optional(),
  /** Largest request body in bytes (a day of quarter-hours is ~5 KB; a push batch far less than this). */
  MAX_BODY_BYTES: z.coerce.number().int().min(1024).max(100_000_000).default(2_000_000),
  /**
   * Synced documents an account may hold over the sites it owns (MB). A year of quarter-hours of
   * one channel is about 2 MB.
   */
  /**
   * How many reverse proxies of yours stand in front of the server (0: none). Only then is
   * X-Forwarded-For believed, and only the entry the nearest of them added.
   */
  TRUST_PROXY: z.coerce.number().int().min(0).max(5).default(0),
  QUOTA_MB_PER_ACCOUNT: z.coerce.number().positive().max(1_000_000).default(100),
});

export type Config = z.infer<typeof ConfigModel> & {
  PUBLIC_URL: string;
  /** Whether `PUBLIC_URL` was given, rather than derived from the port listened on. */
  publicUrlSet: boolean;
  secureCookies: boolean;
  /**
   * The origins the app is served from: `PUBLIC_URL`'s, and while it is left at its default,
   * the same port on the loopback addresses. API requests for any other host are refused (a
   * rebound DNS name cannot reach the API), and state changes from any other origin too.
   */
  origins: string[];
};

export class ConfigError extends Error {}

/** The settings from `env`, or a `ConfigError` listing every bad variable. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const present = Object.fromEntries(
    Object.entries(env).filter(([, v]) => v !== undefined && v !== ""),
  );
  const parsed = ConfigModel.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) =>
      `${issue.path.join(".")}=${
        JSON.stringify(present[String(issue.path[0])] ?? "")
      }: ${issue.message}`
    );
    throw new ConfigError(`bad configuration:\n  ${lines.join("\n  ")}`);
  }
  return withAddress(parsed.data, parsed.data.PORT);
}

/**
 * The settings once the server listens on `port` (the one asked for, or the one the system
 * chose for `PORT=0`). Left unset, `PUBLIC_URL` is this machine at that port: links in e-mails
 * and the origins the API answers follow the port actually listened on.
 */
export function listeningAt(config: Config, port: number): Config {
  return withAddress(config, port);
}

function withAddress(
  settings: z.infer<typeof ConfigModel> & { publicUrlSet?: boolean },
  port: number,
): Config {
  const publicUrlSet = settings.publicUrlSet ?? settings.PUBLIC_URL !== undefined;
  const publicUrl = publicUrlSet ? settings.PUBLIC_URL! : `http://localhost:${port}`;
  const origins = [new URL(publicUrl).origin];
  if (!publicUrlSet) origins.push(`http://127.0.0.1:${port}`, `http://[::1]:${port}`);
  // Cookies are marked Secure whenever users reach the app over TLS (a proxy in front).
  return {
    ...settings,
    PORT: port,
    PUBLIC_URL: publicUrl,
    publicUrlSet,
    secureCookies: publicUrl.startsWith("https://"),
    origins,
  };
}
