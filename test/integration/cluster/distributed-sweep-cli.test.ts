// A sweep through the built CLI on the cluster: `scanwright run --workers` with a `sweep:` block and
// two `scanwright worker` child processes on the local Redis (a key prefix of this file's own) give
// the same journal, run for run and row for row, as the same sweep run in one process. The swept
// values move a lock across range boundaries, so every combination's ranges need the carried state.

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ScanJournal } from "../../../src/scanners/scan-journal.js";
import { runBuiltCli } from "../../helpers/built-cli.js";
import { carryOverConfigText } from "../../helpers/carry-over-config.js";
import { type CliProcess, startCli, stopAll } from "../../helpers/cli-process.js";
import { buildDemoStore, type DemoStore } from "../../helpers/demo-session.js";
import { createTestKeyPrefix, probeRedis, REDIS_URL, type TestKeyPrefix } from "../../helpers/redis.js";

const TIMEOUT_MS = 300_000;
const START = "2024-12-16";
const END = "2024-12-31";

let keys: TestKeyPrefix;
let demo: DemoStore;
let dir: string;
const processes: CliProcess[] = [];

interface JournalRuns {
  readonly runs: Array<{ status: string; params: unknown; rows: number }>;
  readonly rows: Array<Array<Record<string, unknown>>>;
}

/** Every run of a journal with its rows, without what differs between two runs (run id, duration). */
function readJournal(path: string): JournalRuns {
  const journal = ScanJournal.open(path);
  try {
    const runs = journal.runs();
    return {
      runs: runs.map(({ status, params, rows }) => ({ status, params, rows })),
      rows: runs.map((run) =>
        journal
          .query({ run: run.id, limit: 1_000_000 })
          .map(({ run: _run, durationMs: _durationMs, ...row }) => row as Record<string, unknown>),
      ),
    };
  } finally {
    journal.close();
  }
}

describe("distributed sweep (real workers, real Redis)", () => {
  beforeAll(async () => {
    // CI never skips this file: no Redis is a failure.
    expect(await probeRedis()).toBe(true);
    keys = createTestKeyPrefix("scanwright_sweep");
    demo = buildDemoStore({ symbols: 6, days: 12, historyDays: 30, seed: 11, lastDay: END });
    dir = mkdtempSync(join(tmpdir(), "scanwright-sweep-cluster-"));
  }, TIMEOUT_MS);

  afterEach(async () => {
    await stopAll(processes);
  }, 60_000);

  afterAll(async () => {
    await keys?.cleanup();
    demo?.dispose();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it(
    "runs every combination × range as a job and journals what the one-process sweep journals",
    async () => {
      const config = join(dir, "sweep.yaml");
      writeFileSync(
        config,
        carryOverConfigText({
          name: "carry-sweep",
          start: START,
          end: END,
          storePath: demo.path,
          symbols: demo.symbols,
          extra: [
            "sweep:",
            "  scanner: carry",
            "  grid: { lock_on: [2024-12-17, 2024-12-19], unlock_on: [2024-12-23, 2024-12-27] }",
          ],
        }),
      );
      const local = await runBuiltCli(["run", config, "--journal", join(dir, "local.db")], dir);
      expect(local.stderr).toBe("");
      expect(local.exitCode).toBe(0);
      const reference = readJournal(join(dir, "local.db"));
      const combinations = [
        { lock_on: "2024-12-17", unlock_on: "2024-12-23" },
        { lock_on: "2024-12-17", unlock_on: "2024-12-27" },
        { lock_on: "2024-12-19", unlock_on: "2024-12-23" },
        { lock_on: "2024-12-19", unlock_on: "2024-12-27" },
      ];
      expect(reference.runs.map((run) => run.params)).toEqual(
        combinations.map((values, index) => ({
          start: START,
          end: END,
          exchange: "XNYS",
          sweep: { scanner: "carry", index: index + 1, of: 4, values },
        })),
      );
      expect(reference.runs.every((run) => run.status === "completed")).toBe(true);
      // The values matter: the locked days differ from one combination to the next.
      const lockedDays = reference.rows.map(
        (rows) =>
          new Set(
            rows
              .filter((row) => ((row.metadata as { locked?: string[] }).locked ?? []).length > 0)
              .map((row) => row.sessionDate),
          ).size,
      );
      // Locked from lock_on to the day before unlock_on (2024-12-25 is no trading day).
      expect(lockedDays).toEqual([4, 7, 2, 5]);

      const workers = [0, 1].map(() => {
        const worker = startCli(
          ["worker", "--redis", REDIS_URL, "--queue-prefix", keys.prefix, "--lock-ms", "3000"],
          dir,
        );
        processes.push(worker);
        return worker;
      });
      await Promise.all(workers.map((worker) => worker.waitForLine(/waiting for jobs/)));
      const distributed = await runBuiltCli(
        [
          "run",
          config,
          "--journal",
          join(dir, "cluster.db"),
          "--workers",
          REDIS_URL,
          "--queue-prefix",
          keys.prefix,
          "--range-days",
          "3",
          "--warmup-days",
          "1",
        ],
        dir,
      );
      expect(distributed.stderr).toBe("");
      expect(distributed.exitCode).toBe(0);
      expect(distributed.stdout).toContain('Sweep "carry-sweep" of scanner "carry": 4 combinations');
      const result = readJournal(join(dir, "cluster.db"));
      expect(result.runs).toEqual(reference.runs);
      expect(result.rows).toEqual(reference.rows);
      // 4 combinations × 4 ranges of 3 days: every one ran as a job on a worker.
      const log = workers.map((worker) => worker.output()).join("");
      expect(log.match(/job \S+-w\S+ completed/g)?.length).toBe(16);
    },
    TIMEOUT_MS,
  );
});
