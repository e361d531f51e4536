// Where the cluster's Redis is: a `redis://[user[:password]@]host[:port][/db]` (or `rediss://` for
// TLS) URL, from a flag, the config or $SCANWRIGHT_REDIS. As with PostgreSQL URLs, a password may
// only come through the environment, and every message shows the URL redacted.
//
// `redisOptions` gives the ioredis options BullMQ needs (`maxRetriesPerRequest: null` for its
// blocking commands); `connectRedis` opens a connection and turns "nothing answers" into one
// ClusterError naming host:port, not a stream of reconnect errors.

import type { RedisOptions as BullRedisOptions, ConnectionOptions } from "bullmq";
import type { Redis, RedisOptions } from "ioredis";
import { isRedisUrl } from "../config/cluster-config.js";
import { ClusterError } from "../core/errors.js";

export { isRedisUrl } from "../config/cluster-config.js";

/** The URL with its password replaced by `***`: the only form of it any message shows. */
export function redactRedisUrl(url: string): string {
  const parsed = parseRedisUrl(url);
  if (parsed.password === "") return url.trim();
  parsed.password = "***";
  return parsed.toString();
}

/** `host:port` the URL names. */
export function redisServerOf(url: string): string {
  const parsed = parseRedisUrl(url);
  return `${parsed.hostname || "127.0.0.1"}:${parsed.port || "6379"}`;
}

/** ioredis options for the URL, suitable for BullMQ queues, workers and events. */
export function redisOptions(url: string): RedisOptions {
  const parsed = parseRedisUrl(url);
  const db = parsed.pathname.replace(/^\//, "");
  if (db !== "" && !/^\d+$/.test(db)) {
    throw new ClusterError(`Redis URL ${redactRedisUrl(url)}: the database must be a number, got "${db}"`);
  }
  return {
    host: parsed.hostname || "127.0.0.1",
    port: parsed.port === "" ? 6379 : Number(parsed.port),
    ...(parsed.username === "" ? {} : { username: decodeURIComponent(parsed.username) }),
    ...(parsed.password === "" ? {} : { password: decodeURIComponent(parsed.password) }),
    ...(db === "" ? {} : { db: Number(db) }),
    ...(parsed.protocol === "rediss:" ? { tls: {} } : {}),
    maxRetriesPerRequest: null,
  };
}

/** The same options typed as BullMQ's connection (its own RedisOptions type, structurally the same). */
export function bullConnection(url: string): ConnectionOptions {
  const { host, port, username, password, db, tls } = redisOptions(url);
  const options: BullRedisOptions = { host, port, username, password, db, tls, maxRetriesPerRequest: null };
  return options;
}

/**
 * A connected client, or a ClusterError naming host:port when the server does not answer within
 * `timeoutMs` (default 5000) or refuses the credentials.
 */
export async function connectRedis(url: string, timeoutMs = 5_000): Promise<Redis> {
  // ioredis is loaded by the first connection: most runs of the CLI never open one.
  const { Redis: RedisClient } = await import("ioredis");
  const client = new RedisClient({
    ...redisOptions(url),
    lazyConnect: true,
    connectTimeout: timeoutMs,
    retryStrategy: () => null,
  });
  // Errors surface through connect()'s rejection; without a listener ioredis would also print them.
  client.on("error", () => undefined);
  try {
    await client.connect();
    await client.ping();
    return client;
  } catch (error) {
    client.disconnect();
    const why = error instanceof Error ? error.message.split(url).join(redactRedisUrl(url)) : String(error);
    throw new ClusterError(
      `Redis at ${redisServerOf(url)} (${redactRedisUrl(url)}) does not answer: ${why}. Start it, or point ` +
        "--workers/--ha or $SCANWRIGHT_REDIS at a running server",
    );
  }
}

function parseRedisUrl(url: string): URL {
  if (!isRedisUrl(url)) {
    throw new ClusterError("a Redis location must be a redis:// or rediss:// URL (redis://host:port)");
  }
  try {
    return new URL(url.trim());
  } catch {
    // The message must not repeat the URL: it may hold a password.
    throw new ClusterError("Redis URL is not a valid URL (redis://host:port)");
  }
}
