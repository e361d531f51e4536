// Where `scanwright run` runs a backtest: the flags over the config's `cluster:` block over the
// defaults; `--no-workers` runs in one process whatever the block says; a block without a Redis
// takes $SCANWRIGHT_REDIS, and without it is a config problem at the block (file:line:column).

import { tmpdir } from "node:os";
import { describe, expect, it } from "vitest";
import { clusterFlagsIgnored, resolveClusterRun } from "../../../src/cli/cluster-options.js";
import { ConfigErrors } from "../../../src/config/config-problem.js";
import { parseSessionConfigText } from "../../../src/config/load-session-config.js";
import { UsageError } from "../../../src/core/errors.js";
import { thrown } from "../../helpers/thrown.js";

function loaded(clusterLines: string[]) {
  return parseSessionConfigText(
    ["name: c", "backtest: { start: 2024-01-02, end: 2024-01-05 }", ...clusterLines, ""].join("\n"),
    "c.yaml",
    tmpdir(),
  );
}

const BLOCK = [
  "cluster:",
  "  redis: redis://127.0.0.1:6379/1",
  "  queue_prefix: nightly",
  "  range_days: 40",
  "  warmup_days: 3",
];
const ENV_URL = "redis://:s3cret@127.0.0.1:6380";

describe("resolveClusterRun", () => {
  it("runs in one process without --workers and without a block", () => {
    expect(resolveClusterRun({}, loaded([]), { SCANWRIGHT_REDIS: ENV_URL })).toBeUndefined();
  });

  it("takes --workers with the defaults when the config has no block", () => {
    expect(resolveClusterRun({ workers: "redis://10.0.0.1:6379" }, loaded([]), {})).toEqual({
      url: "redis://10.0.0.1:6379",
      prefix: "scanwright",
      rangeDays: 20,
      warmupDays: 5,
    });
  });

  it("takes every value of the block when no flag is given", () => {
    expect(resolveClusterRun({}, loaded(BLOCK), { SCANWRIGHT_REDIS: ENV_URL })).toEqual({
      url: "redis://127.0.0.1:6379/1",
      prefix: "nightly",
      rangeDays: 40,
      warmupDays: 3,
    });
  });

  it("lets each flag override its key of the block, the others still from the block", () => {
    const flags = { workers: "redis://10.0.0.1:6379", rangeDays: "7" };
    expect(resolveClusterRun(flags, loaded(BLOCK), {})).toEqual({
      url: "redis://10.0.0.1:6379",
      prefix: "nightly",
      rangeDays: 7,
      warmupDays: 3,
    });
    expect(resolveClusterRun({ queuePrefix: "p2", warmupDays: "1" }, loaded(BLOCK), {})).toEqual({
      url: "redis://127.0.0.1:6379/1",
      prefix: "p2",
      rangeDays: 40,
      warmupDays: 1,
    });
  });

  it("takes $SCANWRIGHT_REDIS (a password allowed there) when the block names no Redis", () => {
    expect(
      resolveClusterRun({}, loaded(["cluster: { range_days: 2 }"]), { SCANWRIGHT_REDIS: ENV_URL }),
    ).toEqual({
      url: ENV_URL,
      prefix: "scanwright",
      rangeDays: 2,
      warmupDays: 5,
    });
  });

  it("runs in one process with --no-workers, whatever the block says", () => {
    expect(resolveClusterRun({ workers: false, rangeDays: "3" }, loaded(BLOCK), {})).toBeUndefined();
  });

  it("refuses a block without a Redis when $SCANWRIGHT_REDIS is unset or blank, at the block's line", () => {
    for (const env of [{}, { SCANWRIGHT_REDIS: "  " }]) {
      const error = thrown(() => resolveClusterRun({}, loaded(["cluster:", "  range_days: 2"]), env));
      expect(error).toBeInstanceOf(ConfigErrors);
      expect((error as ConfigErrors).message).toBe(
        "c.yaml:3:1 cluster: names no Redis: set cluster.redis (redis://host:port), or $SCANWRIGHT_REDIS, or pass --workers URL",
      );
    }
  });

  it("refuses a flag that is not a whole number ≥ 1, naming it", () => {
    const error = thrown(() => resolveClusterRun({ warmupDays: "0" }, loaded(BLOCK), {}));
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message).toBe('--warmup-days must be a whole number ≥ 1, got "0"');
  });
});

describe("clusterFlagsIgnored", () => {
  const run = { url: "redis://127.0.0.1:6379", prefix: "scanwright", rangeDays: 20, warmupDays: 5 };
  it("names each cluster flag given to a run in one process, in the order of the help", () => {
    expect(clusterFlagsIgnored({ workers: false, queuePrefix: "x", rangeDays: "3" }, undefined)).toEqual([
      "--range-days",
      "--queue-prefix",
    ]);
    expect(clusterFlagsIgnored({ warmupDays: "2" }, undefined)).toEqual(["--warmup-days"]);
  });

  it("names none for a run on workers, or when none was given", () => {
    expect(clusterFlagsIgnored({ rangeDays: "3", warmupDays: "2", queuePrefix: "x" }, run)).toEqual([]);
    expect(clusterFlagsIgnored({ workers: false }, undefined)).toEqual([]);
  });
});
