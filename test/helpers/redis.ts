// The Redis server of the tests: 127.0.0.1:6379, nothing kept on disk (started by the machine, or
// by .ci/run). Each test file gets its own key prefix (random), and deletes its keys afterwards.
//
// No server: under CI (CI=true) every Redis test file fails with one line saying how to provide
// one; elsewhere the files are skipped with a visible notice.

import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";

export const REDIS_HOST = "127.0.0.1";
export const REDIS_PORT = 6379;
export const REDIS_URL = `redis://${REDIS_HOST}:${REDIS_PORT}`;

export const NO_REDIS_MESSAGE =
  `No Redis server answers on ${REDIS_HOST}:${REDIS_PORT}: start it with ` +
  "`redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save '' --appendonly no` (.ci/run does)";

/** Whether the server answers; throws NO_REDIS_MESSAGE under CI when it does not. */
export async function probeRedis(): Promise<boolean> {
  const client = new Redis({
    host: REDIS_HOST,
    port: REDIS_PORT,
    lazyConnect: true,
    maxRetriesPerRequest: 0,
  });
  try {
    await client.connect();
    return (await client.ping()) === "PONG";
  } catch {
    if (process.env.CI) throw new Error(NO_REDIS_MESSAGE);
    console.warn(`SKIPPED (not in CI): ${NO_REDIS_MESSAGE}`);
    return false;
  } finally {
    client.disconnect();
  }
}

export interface TestKeyPrefix {
  /** A fresh prefix, `scanwright_test_<hex>` (no `:`, so it is also a valid BullMQ prefix). */
  readonly prefix: string;
  /** Deletes every key under the prefix. */
  cleanup(): Promise<number>;
}

/** A random key prefix for one test file, and the cleanup that deletes its keys. */
export function createTestKeyPrefix(name = "scanwright_test"): TestKeyPrefix {
  const prefix = `${name}_${randomBytes(6).toString("hex")}`;
  return { prefix, cleanup: () => deleteKeys(`${prefix}*`) };
}

async function deleteKeys(pattern: string): Promise<number> {
  const client = new Redis({ host: REDIS_HOST, port: REDIS_PORT, maxRetriesPerRequest: 1 });
  let deleted = 0;
  try {
    let cursor = "0";
    do {
      const [next, keys] = await client.scan(cursor, "MATCH", pattern, "COUNT", 1000);
      cursor = next;
      if (keys.length > 0) deleted += await client.del(...keys);
    } while (cursor !== "0");
    return deleted;
  } finally {
    client.disconnect();
  }
}
