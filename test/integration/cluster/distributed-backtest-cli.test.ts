// Distributed backtests through the built CLI, as a user runs them: `scanwright worker` child
// processes on the local Redis (a key prefix of this file's own), `scanwright run --workers`, and
// the single-process `scanwright run` of the same config as the reference. Every scenario compares
// the journal row for row (all but the run id and the wall-clock duration) with the
// reference: a scanner whose promoted symbols and lock cross range boundaries, a worker SIGKILLed
// in the middle of a job, the coordinator SIGKILLed and started again, a job that fails on every
// attempt, and a run set up by the config's `cluster:` block instead of flags.

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Job, Queue } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  endStateKey,
  RANGE_QUEUE,
  type RangeJobData,
  type RangeJobResult,
} from "../../../src/cluster/range-job.js";
import { ScanJournal } from "../../../src/scanners/scan-journal.js";
import { runBuiltCli } from "../../helpers/built-cli.js";
import { CARRY_OVER_PLUGIN, carryOverConfigText } from "../../helpers/carry-over-config.js";
import { type CliProcess, startCli, stopAll } from "../../helpers/cli-process.js";
import { buildDemoStore, type DemoStore } from "../../helpers/demo-session.js";
import {
  createTestKeyPrefix,
  probeRedis,
  REDIS_HOST,
  REDIS_PORT,
  REDIS_URL,
  type TestKeyPrefix,
} from "../../helpers/redis.js";

const THROWS_IN_WORKER = fileURLToPath(
  new URL("../../fixtures/plugins/cluster/throws-in-worker.mjs", import.meta.url),
);
const TIMEOUT_MS = 240_000;
/** 11 trading days; with 3 days a range: [16 17 18] [19 20 23] [24 26 27] [30 31]. */
const START = "2024-12-16";
const END = "2024-12-31";
const RANGE_ARGS = ["--range-days", "3", "--warmup-days", "1"];

const hasRedis = await probeRedis();
let keys: TestKeyPrefix;
let demo: DemoStore;
let dir: string;
let reference: ComparableRow[];
const processes: CliProcess[] = [];

type ComparableRow = Record<string, unknown>;

/**
 * A config over START..END. `stateless`: no session symbols, no promotion, no lock: nothing crosses
 * a day boundary. `extra`: top-level lines appended (a `cluster:` block).
 */
function writeConfig(
  name: string,
  plugin = CARRY_OVER_PLUGIN,
  stateless = false,
  extra: string[] = [],
): string {
  const path = join(dir, `${name}.yaml`);
  writeFileSync(
    path,
    carryOverConfigText({
      name,
      start: START,
      end: END,
      storePath: demo.path,
      symbols: demo.symbols,
      stateless,
      plugin,
      extra,
    }),
  );
  return path;
}

/** The runs of a journal and the rows of its last run, without what differs between two runs. */
function readJournal(path: string): { runs: Array<{ status: string; rows: number }>; rows: ComparableRow[] } {
  const journal = ScanJournal.open(path);
  try {
    const runs = journal.runs();
    const last = runs.at(-1);
    const rows =
      last === undefined
        ? []
        : journal
            .query({ run: last.id, limit: 1_000_000 })
            .map(({ run: _run, durationMs: _durationMs, ...row }) => row as ComparableRow);
    return { runs: runs.map(({ status, rows: count }) => ({ status, rows: count })), rows };
  } finally {
    journal.close();
  }
}

/** The completed attempts on the file's queue whose job id passes `keep`. */
async function completedJobs(
  keep: (id: string) => boolean,
): Promise<Array<Job<RangeJobData, RangeJobResult>>> {
  const queue = new Queue<RangeJobData, RangeJobResult>(RANGE_QUEUE, {
    connection: { host: REDIS_HOST, port: REDIS_PORT },
    prefix: keys.prefix,
  });
  try {
    const jobs = await queue.getJobs(["completed"]);
    return jobs.filter((job) => keep(job.id ?? "")).sort((a, b) => a.data.from - b.data.from);
  } finally {
    await queue.close();
  }
}

/** The range states left in Redis under the file's prefix. */
async function stateKeys(): Promise<string[]> {
  const client = new Redis({ host: REDIS_HOST, port: REDIS_PORT, maxRetriesPerRequest: 1 });
  try {
    return await client.keys(`${endStateKey(keys.prefix, "")}*`);
  } finally {
    client.disconnect();
  }
}

function startWorker(extra: readonly string[] = []): CliProcess {
  const worker = startCli(
    ["worker", "--redis", REDIS_URL, "--queue-prefix", keys.prefix, "--lock-ms", "3000", ...extra],
    dir,
  );
  processes.push(worker);
  return worker;
}

function distributedArgs(config: string, journal: string): string[] {
  return [
    "run",
    config,
    "--journal",
    journal,
    "--workers",
    REDIS_URL,
    "--queue-prefix",
    keys.prefix,
    ...RANGE_ARGS,
  ];
}

describe.runIf(hasRedis)("distributed backtest (real workers, real Redis)", () => {
  beforeAll(async () => {
    keys = createTestKeyPrefix("scanwright_cluster");
    demo = buildDemoStore({ symbols: 6, days: 12, historyDays: 30, seed: 11, lastDay: END });
    dir = mkdtempSync(join(tmpdir(), "scanwright-cluster-"));
    const single = await runBuiltCli(["run", writeConfig("carry"), "--journal", join(dir, "single.db")], dir);
    expect(single.stderr).toBe("");
    expect(single.exitCode).toBe(0);
    const journal = readJournal(join(dir, "single.db"));
    expect(journal.runs).toEqual([{ status: "completed", rows: journal.rows.length }]);
    reference = journal.rows;
  }, TIMEOUT_MS);

  afterEach(async () => {
    // Workers of a finished test stop (a first SIGTERM lets a job in hand finish; none is left).
    await stopAll(processes);
  }, 60_000);

  afterAll(async () => {
    await keys?.cleanup();
    demo?.dispose();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it("the reference run carries promoted symbols and a lock over range boundaries", () => {
    const locked = reference.filter(
      (row) => row.kind === "regular" && ((row.metadata as { locked: string[] }).locked ?? []).length > 0,
    );
    const lockedDates = [...new Set(locked.map((row) => row.sessionDate))];
    // Locked on 2024-12-18 (range 1), released at the setup of 2024-12-24 (range 3).
    expect(lockedDates).toEqual(["2024-12-18", "2024-12-19", "2024-12-20", "2024-12-23"]);
    const promoted = reference.filter((row) => (row.promoted as string[]).length > 0);
    expect(promoted.length).toBeGreaterThan(0);
  });

  it(
    "two workers produce the single-process journal row for row, re-running ranges whose start state was wrong",
    async () => {
      const workers = [startWorker(), startWorker()];
      await Promise.all(workers.map((worker) => worker.waitForLine(/waiting for jobs/)));
      const journal = join(dir, "two-workers.db");
      const run = await runBuiltCli(distributedArgs(writeConfig("carry"), journal), dir);
      expect(run.stderr).toBe("");
      expect(run.exitCode).toBe(0);
      expect(run.stdout).toContain('Backtest "carry": 11 trading days 2024-12-16 → 2024-12-31');
      const result = readJournal(journal);
      expect(result.runs).toEqual([{ status: "completed", rows: reference.length }]);
      expect(result.rows).toEqual(reference);
      const log = workers.map((worker) => worker.output()).join("");
      // Four speculative attempts; every range after the first started from a state its predecessor
      // did not end with (promotions made before the warm-up day), so each was run again, from the
      // state its predecessor's accepted attempt ended with (shipped through Redis): no warm-up
      // day, no replay from the run's start.
      expect(log.match(/job \S+-w\S+ completed/g)?.length).toBe(4);
      expect(log).not.toMatch(/job \S+-s[0-9a-f]{16} /);
      const reruns = await completedJobs((id) => /-f[0-9a-f]{16}$/.test(id));
      expect(reruns.map((job) => [job.data.days[job.data.from], job.data.days[job.data.to]])).toEqual([
        ["2024-12-19", "2024-12-23"],
        ["2024-12-24", "2024-12-27"],
        ["2024-12-30", "2024-12-31"],
      ]);
      const all = await completedJobs(() => true);
      for (const job of reruns) {
        expect(job.data.warmFrom).toBe(job.data.from);
        expect(job.data.start).toBe("exact");
        // It started from the state the accepted attempt of the range before it ended with.
        const before = all.find(
          (other) =>
            other.data.to === job.data.from - 1 && other.returnvalue.endStateKey === job.data.startState?.key,
        );
        expect(before?.returnvalue.endFingerprint).toBe(job.data.startState?.fingerprint);
        expect(job.returnvalue.startFingerprint).toBe(job.data.startState?.fingerprint);
        expect(job.id?.endsWith(`-f${job.data.startState?.fingerprint.slice(0, 16)}`)).toBe(true);
      }
      // The run deleted the states its attempts ended with.
      expect(await stateKeys()).toEqual([]);
    },
    TIMEOUT_MS,
  );

  it(
    "ranges whose speculative start state is right are accepted as they are: none is run again",
    async () => {
      const config = writeConfig("stateless", CARRY_OVER_PLUGIN, true);
      const single = await runBuiltCli(["run", config, "--journal", join(dir, "stateless-single.db")], dir);
      expect(single.exitCode).toBe(0);
      const expected = readJournal(join(dir, "stateless-single.db")).rows;
      // Six hourly slots a day, four on the 2024-12-24 early close (10:00 to 13:00).
      expect(expected.filter((row) => row.kind === "regular")).toHaveLength(10 * 6 + 4);
      const worker = startWorker();
      await worker.waitForLine(/waiting for jobs/);
      const journal = join(dir, "stateless.db");
      const run = await runBuiltCli(distributedArgs(config, journal), dir);
      expect(run.exitCode).toBe(0);
      expect(readJournal(journal).rows).toEqual(expected);
      expect(worker.output().match(/job \S+-w\S+ completed/g)?.length).toBe(4);
      expect(worker.output()).not.toMatch(/job \S+-s[0-9a-f]{16} /);
    },
    TIMEOUT_MS,
  );

  it(
    "a worker SIGKILLed in the middle of a job: another worker runs it again, no row twice",
    async () => {
      const first = startWorker();
      await first.waitForLine(/waiting for jobs/);
      const journal = join(dir, "killed-worker.db");
      const coordinator = startCli(distributedArgs(writeConfig("carry"), journal), dir);
      processes.push(coordinator);
      await first.waitForLine(/job \S+ started/);
      first.kill("SIGKILL");
      expect(await first.exited).toBe(null);
      const second = startWorker();
      expect(await coordinator.exited).toBe(0);
      // The job the first worker held is among those the second one ran.
      const held = /job (\S+) started/.exec(first.output())?.[1];
      expect(second.output()).toContain(`job ${held} completed`);
      const result = readJournal(journal);
      expect(result.runs).toEqual([{ status: "completed", rows: reference.length }]);
      expect(result.rows).toEqual(reference);
    },
    TIMEOUT_MS,
  );

  it(
    "the coordinator SIGKILLed and started again re-attaches to its run and finishes it",
    async () => {
      const worker = startWorker();
      await worker.waitForLine(/waiting for jobs/);
      const journal = join(dir, "killed-coordinator.db");
      const args = distributedArgs(writeConfig("carry"), journal);
      const first = startCli(args, dir);
      processes.push(first);
      // Killed once the first range's result is in (the coordinator may have journaled some rows).
      await worker.waitForLine(/job \S+ completed/);
      first.kill("SIGKILL");
      expect(await first.exited).toBe(null);
      expect(readJournal(journal).runs.map((run) => run.status)).toEqual(["running"]);
      const again = await runBuiltCli(args, dir);
      expect(again.exitCode).toBe(0);
      expect(again.stderr).toMatch(/^re-attached to run 1: its finished ranges are not run again\n$/);
      const result = readJournal(journal);
      expect(result.runs).toEqual([{ status: "completed", rows: reference.length }]);
      expect(result.rows).toEqual(reference);
      // No attempt ran twice: each job id completed once.
      const completed = worker.output().match(/job \S+ completed/g) ?? [];
      expect(new Set(completed).size).toBe(completed.length);
    },
    TIMEOUT_MS,
  );

  it(
    "a job that fails on every attempt fails the run with its error, without hanging",
    async () => {
      const worker = startWorker();
      await worker.waitForLine(/waiting for jobs/);
      const journal = join(dir, "failing.db");
      const run = await runBuiltCli(distributedArgs(writeConfig("failing", THROWS_IN_WORKER), journal), dir);
      expect(run.exitCode).toBe(1);
      expect(run.stderr).toMatch(
        /^error SCN_ERR_CLUSTER: range 2024-12-16 → 2024-12-18 failed after 3 attempts \(job \S+\): .*this plugin refuses to load on a worker/m,
      );
      expect(readJournal(journal).runs).toEqual([{ status: "failed", rows: 0 }]);
      expect(worker.output().match(/job \S+-2024-12-16_2024-12-18-\S+ failed/g)?.length).toBe(3);
    },
    TIMEOUT_MS,
  );

  it(
    "a cluster: block runs the backtest on the workers without flags, each flag overriding its key",
    async () => {
      const worker = startWorker();
      await worker.waitForLine(/waiting for jobs/);
      const block = [
        "cluster:",
        `  redis: ${REDIS_URL}`,
        `  queue_prefix: ${keys.prefix}`,
        "  range_days: 3",
        "  warmup_days: 1",
      ];
      const config = writeConfig("carry", CARRY_OVER_PLUGIN, false, block);
      const journal = join(dir, "block.db");
      // --range-days overrides the block's 3: two ranges [16 … 23] [24 … 31] instead of four.
      const run = await runBuiltCli(["run", config, "--journal", journal, "--range-days", "6"], dir);
      expect(run.stderr).toBe("");
      expect(run.exitCode).toBe(0);
      expect(run.stdout).toContain('Backtest "carry": 11 trading days 2024-12-16 → 2024-12-31');
      const result = readJournal(journal);
      expect(result.runs).toEqual([{ status: "completed", rows: reference.length }]);
      expect(result.rows).toEqual(reference);
      expect(
        worker
          .output()
          .match(/job \S+-w\S+ completed/g)
          ?.sort(),
      ).toEqual([
        expect.stringContaining("-2024-12-16_2024-12-23-"),
        expect.stringContaining("-2024-12-24_2024-12-31-"),
      ]);
      // --no-workers runs the same config in this one process: no job is queued.
      const before = worker.output();
      const local = await runBuiltCli(
        ["run", config, "--journal", join(dir, "block-local.db"), "--no-workers"],
        dir,
      );
      expect(local.exitCode).toBe(0);
      expect(readJournal(join(dir, "block-local.db")).rows).toEqual(reference);
      expect(worker.output()).toBe(before);
    },
    TIMEOUT_MS,
  );
});
