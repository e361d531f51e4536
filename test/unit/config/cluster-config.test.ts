// The `cluster:` block through the real config loader: every mistake is one problem with file,
// line, column and config path (a URL is never repeated: it may hold a password); a good block
// takes the defaults of the keys it leaves out; where a backtest runs does not change its config hash.

import { tmpdir } from "node:os";
import { describe, expect, it } from "vitest";
import { ConfigErrors } from "../../../src/config/config-problem.js";
import { parseSessionConfigText } from "../../../src/config/load-session-config.js";
import { hashConfig } from "../../../src/runtime/backtest-runner.js";

function configText(clusterLines: string[], mode = "backtest"): string {
  return [
    "name: c",
    `mode: ${mode}`,
    "backtest: { start: 2024-01-02, end: 2024-01-05 }",
    ...clusterLines,
    "",
  ].join("\n");
}

function load(clusterLines: string[], mode?: string) {
  return parseSessionConfigText(configText(clusterLines, mode), "c.yaml", tmpdir());
}

function problems(clusterLines: string[], mode?: string): string[] {
  try {
    load(clusterLines, mode);
  } catch (error) {
    if (error instanceof ConfigErrors) return error.message.split("\n");
    throw error;
  }
  throw new Error("the config loaded without problems");
}

describe("cluster: block problems", () => {
  const cases: ReadonlyArray<readonly [string, string[], string[], string?]> = [
    [
      "a password in the Redis URL (not repeated)",
      ["cluster:", "  redis: redis://scan:hunter2@127.0.0.1:6379"],
      [
        "c.yaml:5:10 cluster.redis: a Redis URL in a config file must not hold a password: put the whole URL in SCANWRIGHT_REDIS",
      ],
    ],
    [
      "a location that is not a Redis URL",
      ["cluster: { redis: 'http://127.0.0.1:6379' }"],
      ["c.yaml:4:19 cluster.redis: is not a Redis URL (redis://host:port or rediss://host:port)"],
    ],
    [
      "range days that are not a whole number ≥ 1",
      ["cluster:", "  range_days: 0", "  warmup_days: 2.5"],
      [
        "c.yaml:5:15 cluster.range_days: must be at least 1, got 0",
        "c.yaml:6:16 cluster.warmup_days: expected a whole number, got 2.5",
      ],
    ],
    [
      "an empty queue prefix",
      ["cluster: { queue_prefix: '' }"],
      ["c.yaml:4:26 cluster.queue_prefix: must not be empty"],
    ],
    [
      "an unknown key (lock_ms is a worker's setting)",
      ["cluster:", "  lock_ms: 3000"],
      ['c.yaml:5:3 cluster.lock_ms: unknown key "lock_ms"'],
    ],
    [
      "a live config",
      ["cluster: { redis: 'redis://127.0.0.1:6379' }"],
      [
        "c.yaml:4:1 cluster: is a backtest setting: mode is live (a highly available daemon is `scanwright daemon --ha URL`)",
      ],
      "live",
    ],
  ];
  for (const [name, lines, expected, mode] of cases) {
    it(`reports ${name}`, () => {
      expect(problems(lines, mode)).toEqual(expected);
    });
  }
});

describe("cluster: block values", () => {
  it("takes the defaults of the keys it leaves out, and no Redis when it names none", () => {
    expect(load(["cluster: {}"]).config.cluster).toEqual({
      queue_prefix: "scanwright",
      range_days: 20,
      warmup_days: 5,
    });
    expect(
      load([
        "cluster:",
        "  redis: redis://scan@127.0.0.1:6379/2",
        "  queue_prefix: nightly",
        "  range_days: 40",
        "  warmup_days: 3",
      ]).config.cluster,
    ).toEqual({
      redis: "redis://scan@127.0.0.1:6379/2",
      queue_prefix: "nightly",
      range_days: 40,
      warmup_days: 3,
    });
  });

  it("leaves the block out of the config hash: the run is the same wherever it runs", () => {
    const plain = load([]).config;
    const clustered = load(["cluster: { range_days: 3 }"]).config;
    expect(hashConfig(clustered)).toBe(hashConfig(plain));
    expect(hashConfig({ ...plain, name: "other" })).not.toBe(hashConfig(plain));
  });
});
