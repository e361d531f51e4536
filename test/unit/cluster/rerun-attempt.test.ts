// The re-run of a range whose speculative start was wrong (distributed-backtest.ts rerunAttempt),
// on the real Redis under a key prefix of this file: from the predecessor's end state when Redis
// holds it, else from where the predecessor itself started (its warm-up day, or the state it was
// shipped, put back by the coordinator from memory).

import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Accepted, rerunAttempt } from "../../../src/cluster/distributed-backtest.js";
import { endStateKey, type RangeJobData, type RangeJobResult } from "../../../src/cluster/range-job.js";
import {
  createTestKeyPrefix,
  probeRedis,
  REDIS_HOST,
  REDIS_PORT,
  type TestKeyPrefix,
} from "../../helpers/redis.js";

const hasRedis = await probeRedis();
const DAYS = ["2024-12-16", "2024-12-17", "2024-12-18", "2024-12-19", "2024-12-20", "2024-12-23"];
const BASE = { configPath: "/c.yaml", storePath: "/s.db", configHash: "h", days: DAYS };
const END = "e".repeat(64);
const START = "a".repeat(64);

let keys: TestKeyPrefix;
let client: Redis;

function accepted(data: RangeJobData, endKey: string, shipped?: Accepted["attempt"]["shipped"]): Accepted {
  const result: RangeJobResult = {
    rows: [],
    startFingerprint: null,
    endFingerprint: END,
    slots: 0,
    failedSymbols: [],
    endStateKey: endKey,
    endStateBytes: 3,
  };
  return { attempt: { id: "previous", data, ...(shipped === undefined ? {} : { shipped }) }, result };
}

describe.runIf(hasRedis)("rerunAttempt", () => {
  beforeAll(() => {
    keys = createTestKeyPrefix("scanwright_rerun");
    client = new Redis({ host: REDIS_HOST, port: REDIS_PORT });
  });
  afterAll(async () => {
    client?.disconnect();
    await keys?.cleanup();
  });

  it("starts from the predecessor's end state when Redis holds it", async () => {
    const key = endStateKey(keys.prefix, "run-previous");
    await client.set(key, Buffer.from([1, 2, 3]));
    const previous = accepted({ ...BASE, from: 0, to: 2, warmFrom: 0, start: "exact" }, key);
    const attempt = await rerunAttempt(client, "run", { ...BASE, from: 3, to: 5 }, previous);
    expect(attempt).toEqual({
      id: `run-2024-12-19_2024-12-23-f${"e".repeat(16)}`,
      data: { ...BASE, from: 3, to: 5, warmFrom: 3, start: "exact", startState: { key, fingerprint: END } },
      shipped: { key, fingerprint: END, bytes: Buffer.from([1, 2, 3]) },
      urgent: true,
    });
  });

  it("without it, starts where the predecessor started: its warm-up day", async () => {
    const gone = endStateKey(keys.prefix, "run-gone-1");
    const previous = accepted({ ...BASE, from: 3, to: 4, warmFrom: 2, start: "speculative" }, gone);
    const attempt = await rerunAttempt(client, "run", { ...BASE, from: 5, to: 5 }, previous);
    expect(attempt).toEqual({
      id: `run-2024-12-23_2024-12-23-s${"e".repeat(16)}`,
      data: { ...BASE, from: 5, to: 5, warmFrom: 2, start: "exact" },
      urgent: true,
    });
  });

  it("without it, starts where the predecessor started: the state it was shipped, bytes kept", async () => {
    const gone = endStateKey(keys.prefix, "run-gone-2");
    const startKey = endStateKey(keys.prefix, "run-before");
    const shipped = { key: startKey, fingerprint: START, bytes: Buffer.from([9]) };
    const previous = accepted(
      {
        ...BASE,
        from: 3,
        to: 4,
        warmFrom: 3,
        start: "exact",
        startState: { key: startKey, fingerprint: START },
      },
      gone,
      shipped,
    );
    const attempt = await rerunAttempt(client, "run", { ...BASE, from: 5, to: 5 }, previous);
    expect(attempt).toEqual({
      id: `run-2024-12-23_2024-12-23-s${"e".repeat(16)}`,
      data: {
        ...BASE,
        from: 5,
        to: 5,
        warmFrom: 3,
        start: "exact",
        startState: { key: startKey, fingerprint: START },
      },
      shipped,
      urgent: true,
    });
  });
});
