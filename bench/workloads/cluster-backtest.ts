// `cluster-backtest`: one long backtest on `scanwright worker` processes (the built CLI, the local
// Redis) with 1, 2 and 4 workers, against the same backtest in one process, on two sessions:
//   - independent: no configured symbols, the scanners' indicators provisioned adhoc each day and
//     released at the close, no promotion: nothing crosses a day boundary, so every speculative
//     range is accepted and the ranges run side by side;
//   - carry-over: the end-to-end config (configured symbols with streaming SMA/RSI/VWAP): their
//     state crosses every boundary, every range after the first is run again (docs/architecture.md).
// Metrics: wall seconds, speed-up over one worker, and the per-job overhead: the one-worker time
// less the single-process time scaled to the days the jobs replayed (warm-up included), per job.
// Checks: each distributed run's rows equal the single-process run's. Every run is `--no-edge`:
// the edge summary scores the hits after the replay in the coordinator alone, the same seconds
// however many workers replayed (`evaluate` scores a run later).
// Timeline of each distributed run (from the jobs' own timestamps in Redis): `head` from the
// command's start to the first job queued (process start, config, plugins, journal), `jobs` from
// there to the last job finished, `tail` from there to the command's exit (the last range's rows,
// the summary table and the edge scoring); the first job of a worker process and the later ones
// (a fresh process is slower: module loading, JIT); the end states' sizes; the re-run count.
// `machine.twoProcessThroughput`: what the machine gave two processes at the time, against one (a
// CPU-bound loop alone, then two at once: 2 × alone / together; 2 on two idle cores, 1 when the
// neighbours leave one core's worth): the ceiling of any 2-worker speed-up measured in the same run.

import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Queue } from "bullmq";
import { RANGE_QUEUE, type RangeJobData, type RangeJobResult } from "../../src/cluster/range-job.js";
import { ScanJournal } from "../../src/scanners/scan-journal.js";
import type { BenchResult, BenchWorkload } from "../bench-result.js";
import { writeBacktestConfig, writeIndependentConfig } from "./backtest-config.js";
import { cli, deleteKeys, CLUSTER_REDIS as REDIS, timed, withWorkers } from "./cluster-processes.js";
import { cachedDemoStore } from "./demo-store-cache.js";

// One long backtest (the "throughput of one long backtest"): 500 symbols × 60 days, long
// enough that the replay, not the commands' fixed start-up, is what the workers share.
const SYMBOLS = 500;
const START = "2024-10-07";
const END = "2024-12-31";
const RANGE_DAYS = 10;
const WARMUP_DAYS = 1;

export const clusterBacktestWorkload: BenchWorkload = {
  name: "cluster-backtest",
  async run(): Promise<BenchResult> {
    const store = cachedDemoStore({ symbols: SYMBOLS, days: 60, historyDays: 260, seed: 7, lastDay: END });
    const folder = mkdtempSync(join(tmpdir(), "scanwright-bench-cluster-"));
    const prefix = `scanwright_bench_${process.pid}`;
    try {
      const symbols = store.report.symbols;
      const independent = writeIndependentConfig({
        folder,
        name: "independent",
        storePath: store.path,
        symbols,
        start: START,
        end: END,
        aboveVwap: true,
      });
      const carry = writeBacktestConfig({
        folder,
        name: "carry",
        storePath: store.path,
        symbols,
        start: START,
        end: END,
      });
      const metrics: Record<string, number> = {};
      const checks: Record<string, boolean> = {};
      let days = 0;
      for (const [name, config, counts] of [
        ["independent", independent, [1, 2, 4]],
        ["carry", carry, [2]],
      ] as const) {
        const single = await timed(() =>
          cli(["run", config, "--no-edge", "--journal", join(folder, `${name}-single.db`)]),
        );
        metrics[`${name}.single.seconds`] = single;
        const expected = rowsOf(join(folder, `${name}-single.db`));
        for (const workers of counts) {
          const journal = join(folder, `${name}-${workers}.db`);
          const queuePrefix = `${prefix}_${name}_${workers}`;
          // Epoch ms around the command alone (the workers are waiting already): the jobs' timestamps are epoch ms.
          const around = { startedAt: 0, endedAt: 0 };
          const seconds = await withWorkers(workers, queuePrefix, () =>
            timed(async () => {
              around.startedAt = Date.now();
              await cli([
                "run",
                config,
                "--no-edge",
                "--journal",
                journal,
                "--workers",
                REDIS,
                "--queue-prefix",
                queuePrefix,
                "--range-days",
                String(RANGE_DAYS),
                "--warmup-days",
                String(WARMUP_DAYS),
              ]);
              around.endedAt = Date.now();
            }),
          );
          metrics[`${name}.workers${workers}.seconds`] = seconds;
          const phases = await timeline(queuePrefix, around.startedAt, around.endedAt);
          for (const [phase, value] of Object.entries(phases))
            metrics[`${name}.workers${workers}.${phase}`] = value;
          checks[`${name} with ${workers} workers: rows equal the single-process run`] =
            JSON.stringify(rowsOf(journal)) === JSON.stringify(expected);
        }
        days = daysOf(join(folder, `${name}-single.db`));
      }
      metrics["machine.twoProcessThroughput"] = await twoProcessThroughput();
      const t1 = metrics["independent.workers1.seconds"];
      metrics["independent.speedup2"] = t1 / metrics["independent.workers2.seconds"];
      metrics["independent.speedup4"] = t1 / metrics["independent.workers4.seconds"];
      // The speed-up of the part that runs on the workers (first job queued → last one finished).
      metrics["independent.jobsSpeedup2"] =
        metrics["independent.workers1.jobsSeconds"] / metrics["independent.workers2.jobsSeconds"];
      metrics["carry.speedup2OverSingle"] =
        metrics["carry.single.seconds"] / metrics["carry.workers2.seconds"];
      // The jobs of the independent session: ranges of RANGE_DAYS, each replaying WARMUP_DAYS more
      // (but the first).
      const jobs = Math.ceil(days / RANGE_DAYS);
      const replayed = days + WARMUP_DAYS * (jobs - 1);
      metrics.jobs = jobs;
      metrics["perJobOverhead.seconds"] =
        (t1 - (metrics["independent.single.seconds"] * replayed) / days) / jobs;
      return {
        name: "cluster-backtest",
        params: {
          symbols: SYMBOLS,
          start: START,
          end: END,
          days,
          rangeDays: RANGE_DAYS,
          warmupDays: WARMUP_DAYS,
        },
        metrics,
        targets: [{ metric: "independent.speedup2", kind: "min", value: 1.8 }],
        checks,
      };
    } finally {
      await deleteKeys(prefix);
      rmSync(folder, { recursive: true, force: true });
    }
  },
};

function rowsOf(path: string): unknown[] {
  const journal = ScanJournal.open(path);
  try {
    const run = journal.runs().at(-1);
    if (run === undefined) return [];
    return journal
      .query({ run: run.id, limit: 10_000_000 })
      .map(({ run: _r, durationMs: _d, ...row }) => row);
  } finally {
    journal.close();
  }
}

function daysOf(path: string): number {
  const journal = ScanJournal.open(path);
  try {
    const run = journal.runs().at(-1);
    return run === undefined
      ? 0
      : journal.query({ run: run.id, limit: 10_000_000 }).filter((row) => row.kind === "setup").length / 2;
  } finally {
    journal.close();
  }
}

/** 2 × (a CPU-bound child alone) / (two of them at once): how much two processes get against one. */
async function twoProcessThroughput(): Promise<number> {
  const spin = (): Promise<number> =>
    timed(
      () =>
        new Promise<void>((resolve, reject) => {
          const child = spawn(
            process.execPath,
            ["-e", "let x = 0; for (let i = 0; i < 1e9; i++) x += i & 1;"],
            {
              stdio: "ignore",
            },
          );
          child.on("error", reject);
          child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`spin exit ${code}`))));
        }),
    );
  const alone = await spin();
  const together = await timed(async () => {
    await Promise.all([spin(), spin()]);
  });
  return (2 * alone) / together;
}

/**
 * Where a distributed run's time went, from its jobs' timestamps (epoch ms; `startedAt`/`endedAt`
 * bracket the coordinator command, whose workers were already waiting).
 */
async function timeline(prefix: string, startedAt: number, endedAt: number): Promise<Record<string, number>> {
  const queue = new Queue<RangeJobData, RangeJobResult>(RANGE_QUEUE, {
    connection: { host: "127.0.0.1", port: 6379 },
    prefix,
  });
  try {
    const jobs = (await queue.getJobs(["completed"])).sort(
      (a, b) => (a.processedOn ?? 0) - (b.processedOn ?? 0),
    );
    const queued = Math.min(...jobs.map((job) => job.timestamp));
    const finished = Math.max(...jobs.map((job) => job.finishedOn ?? 0));
    const first: number[] = [];
    const later: number[] = [];
    const seen = new Set<string>();
    for (const job of jobs) {
      const ran = ((job.finishedOn ?? 0) - (job.processedOn ?? 0)) / 1000;
      const worker = job.processedBy ?? "";
      (seen.has(worker) ? later : first).push(ran);
      seen.add(worker);
    }
    const mean = (values: number[]): number =>
      values.length === 0 ? 0 : values.reduce((sum, value) => sum + value, 0) / values.length;
    return {
      headSeconds: (queued - startedAt) / 1000,
      jobsSeconds: (finished - queued) / 1000,
      tailSeconds: (endedAt - finished) / 1000,
      firstJobSeconds: mean(first),
      laterJobSeconds: mean(later),
      attempts: jobs.length,
      endStateBytesMax: Math.max(...jobs.map((job) => job.returnvalue.endStateBytes)),
    };
  } finally {
    await queue.close();
  }
}
