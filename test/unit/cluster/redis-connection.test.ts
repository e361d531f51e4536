import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import {
  connectRedis,
  redactRedisUrl,
  redisOptions,
  redisServerOf,
} from "../../../src/cluster/redis-connection.js";
import { ClusterError } from "../../../src/core/errors.js";
import { probeRedis, REDIS_URL } from "../../helpers/redis.js";
import { thrown } from "../../helpers/thrown.js";

const hasRedis = await probeRedis();

describe("Redis URLs", () => {
  it("gives BullMQ's options: host, port, db, credentials, no per-request retry limit", () => {
    expect(redisOptions("redis://u:p%40ss@127.0.0.1:6380/2")).toEqual({
      host: "127.0.0.1",
      port: 6380,
      username: "u",
      password: "p@ss",
      db: 2,
      maxRetriesPerRequest: null,
    });
    expect(redisOptions("redis://127.0.0.1")).toEqual({
      host: "127.0.0.1",
      port: 6379,
      maxRetriesPerRequest: null,
    });
  });

  it("never shows a password", () => {
    expect(redactRedisUrl("redis://u:secret@127.0.0.1:6379")).toBe("redis://u:***@127.0.0.1:6379");
    expect(redisServerOf("redis://u:secret@127.0.0.1:6390")).toBe("127.0.0.1:6390");
  });

  it("refuses what is not a Redis URL, or a database that is not a number", () => {
    const notRedis = thrown(() => redisOptions("postgres://127.0.0.1/db"));
    expect(notRedis).toBeInstanceOf(ClusterError);
    expect((notRedis as ClusterError).code).toBe("SCN_ERR_CLUSTER");
    expect((thrown(() => redisOptions("redis://127.0.0.1:6379/jobs")) as Error).message).toBe(
      'Redis URL redis://127.0.0.1:6379/jobs: the database must be a number, got "jobs"',
    );
  });
});

describe("connectRedis", () => {
  it("names host and port, redacted, when nothing answers", async () => {
    // A port that is closed: listen, note it, close.
    const server = createServer();
    await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
    const { port } = server.address() as { port: number };
    await new Promise<void>((done) => server.close(() => done()));
    const error = await connectRedis(`redis://u:hunter2@127.0.0.1:${port}`, 2_000).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ClusterError);
    const message = (error as Error).message;
    expect(message).toContain(`Redis at 127.0.0.1:${port} (redis://u:***@127.0.0.1:${port}) does not answer`);
    expect(message).not.toContain("hunter2");
  });

  it.runIf(hasRedis)("connects to the local server", async () => {
    const client = await connectRedis(REDIS_URL);
    try {
      expect(await client.ping()).toBe("PONG");
    } finally {
      client.disconnect();
    }
  });
});
