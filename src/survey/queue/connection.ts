/**
 * Where a survey's queue lives: a Redis server named by a `redis://HOST:PORT[/DB]` URL (`rediss://` for TLS,
 * a user and password in the URL when the server wants them). The survey and every worker name the same URL; the
 * queue's name is fixed, so they meet without further configuration.
 */
import { Redis } from "ioredis";
import { InputError } from "../../domain/errors.js";

/** The BullMQ queue the papers go on. */
export const SURVEY_QUEUE_NAME = "ml-footprint-survey";

/** ioredis options for BullMQ (which opens its own connections from them). */
export interface RedisConnectionOptions {
  host: string;
  port: number;
  db: number;
  username?: string;
  password?: string;
  tls?: Record<string, never>;
  /** BullMQ's workers block on Redis: ioredis must retry a command for as long as it takes. */
  maxRetriesPerRequest: null;
}

/**
 * Parses `--queue`. A URL that is not `redis://` or `rediss://`, has no host, or a port or database out of range
 * is a usage error naming the value.
 *
 * @example
 *   parseQueueUrl("redis://redis:6379"); // { host: "redis", port: 6379, db: 0, maxRetriesPerRequest: null }
 */
export function parseQueueUrl(value: string): RedisConnectionOptions {
  const bad = (why: string): InputError =>
    new InputError("usage", `--queue must be redis://HOST:PORT (${why}), not ${displayQueueUrl(value)}`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw bad("not a URL");
  }
  if (url.protocol !== "redis:" && url.protocol !== "rediss:") throw bad("the scheme is redis or rediss");
  if (!url.hostname) throw bad("no host");
  const port = url.port === "" ? 6379 : Number(url.port);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) throw bad("the port is 1 to 65535");
  const dbText = url.pathname.replace(/^\//, "");
  const db = dbText === "" ? 0 : Number(dbText);
  if (!Number.isInteger(db) || db < 0 || db > 15) throw bad("the database is 0 to 15");
  return {
    host: url.hostname.replace(/^\[(.*)\]$/, "$1"),
    port,
    db,
    ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
    ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
    ...(url.protocol === "rediss:" ? { tls: {} } : {}),
    maxRetriesPerRequest: null,
  };
}

/** The URL without its password, for messages (also a value that does not parse, such as a bad port). */
export function displayQueueUrl(value: string): string {
  try {
    const url = new URL(value);
    if (url.password) url.password = "***";
    return url.toString().replace(/\/$/, "");
  } catch {
    return value.replace(/^([a-z][a-z0-9+.-]*:\/\/[^/@:]*:)[^/@]*@/i, "$1***@");
  }
}

/**
 * Checks that Redis answers, bounded, before any BullMQ client is made: ioredis retries an unreachable server
 * forever (and BullMQ's clients cannot be closed until they connected), so a survey or worker pointed at a
 * wrong host would hang instead of saying so.
 *
 * @example
 *   await probeRedis("redis://redis:6379", 10_000); // throws InputError queue_unreachable after 10 s
 */
export async function probeRedis(url: string, timeoutMs: number): Promise<void> {
  const client = new Redis({
    ...parseQueueUrl(url),
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  let lastError: string | null = null; // "connect ECONNREFUSED ...", where the rejection says only "closed"
  client.on("error", (error: Error) => (lastError = error.message));
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("timeout")), timeoutMs);
  });
  try {
    await Promise.race([client.connect().then(() => client.ping()), timeout]);
  } catch (error) {
    const why =
      (error as Error).message === "timeout"
        ? `within ${Math.round(timeoutMs / 1000)} s`
        : `(${lastError ?? (error as Error).message})`;
    throw new InputError(
      "queue_unreachable",
      `cannot reach Redis at ${displayQueueUrl(url)} ${why} (--queue)`,
    );
  } finally {
    clearTimeout(timer);
    // A client that gave up is already closed; disconnecting it again would arm a 2 s timer for nothing.
    if (client.status !== "end") client.disconnect();
  }
}
