// How a distributed backtest cuts its days into jobs, names them, and reads its flags.

import { describe, expect, it } from "vitest";
import { parsePositiveInteger } from "../../../src/cli/cluster-options.js";
import { registerRunCommand } from "../../../src/cli/commands/run.js";
import { registerWorkerCommand } from "../../../src/cli/commands/worker.js";
import { splitRanges } from "../../../src/cluster/distributed-backtest.js";
import { type RangeJobData, rangeJobId } from "../../../src/cluster/range-job.js";
import { UsageError } from "../../../src/core/errors.js";
import { runCaptured } from "../../helpers/cli-capture.js";

describe("splitRanges", () => {
  it("cuts day indices into consecutive ranges, the last one shorter", () => {
    expect(splitRanges(11, 3)).toEqual([
      { from: 0, to: 2 },
      { from: 3, to: 5 },
      { from: 6, to: 8 },
      { from: 9, to: 10 },
    ]);
  });

  it("gives one range when the size covers every day, and none without days", () => {
    expect(splitRanges(4, 20)).toEqual([{ from: 0, to: 3 }]);
    expect(splitRanges(0, 5)).toEqual([]);
  });
});

describe("rangeJobId", () => {
  const data: RangeJobData = {
    configPath: "/tmp/a.yaml",
    storePath: "/tmp/bars.db",
    configHash: "0123456789abcdef",
    days: ["2024-12-16", "2024-12-17", "2024-12-18", "2024-12-19"],
    from: 1,
    to: 3,
    warmFrom: 0,
    start: "exact",
  };

  it("names the run, the range's first and last day, and the assumed start, with no colon", () => {
    const id = rangeJobId("bt7xabc", data, "w2024-12-16");
    expect(id).toBe("bt7xabc-2024-12-17_2024-12-19-w2024-12-16");
    expect(id).not.toContain(":");
    expect(/^\d+$/.test(id)).toBe(false);
  });
});

describe("cluster flags", () => {
  it("accepts whole numbers and names the flag of anything else", () => {
    expect(parsePositiveInteger("--range-days", "20")).toBe(20);
    expect(() => parsePositiveInteger("--range-days", "0")).toThrow(
      new UsageError('--range-days must be a whole number ≥ 1, got "0"'),
    );
    expect(() => parsePositiveInteger("--lock-ms", "1.5")).toThrow(
      new UsageError('--lock-ms must be a whole number ≥ 1, got "1.5"'),
    );
  });

  it("worker without --redis or $SCANWRIGHT_REDIS is a usage error (exit 2)", async () => {
    const result = await runCaptured(["worker"], [registerWorkerCommand], { env: {} });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("worker: name the cluster's Redis with --redis URL or $SCANWRIGHT_REDIS");
  });

  it("run --workers with --json is a usage error, before anything is read", async () => {
    const result = await runCaptured(
      ["run", "missing.yaml", "--workers", "redis://127.0.0.1:6379", "--json"],
      [registerRunCommand],
    );
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(
      "--json prints the events of a run in one process: it does not go with --workers",
    );
  });
});
