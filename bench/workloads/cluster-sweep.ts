// `cluster-sweep`: a sweep of 16 combinations (the bench scanner rsi-below's `max_rsi` over 16
// values) run by the built CLI in one process, then on the local Redis with 1 and 2 `scanwright
// worker` child processes (each combination × range one job). The session is the cluster-backtest
// _independent_ one (indicators provisioned adhoc each day, nothing crosses a day boundary), so the
// ranges are accepted as they run. Checked: every distributed sweep's runs (status, params) and rows
// equal the one-process sweep's.
//
// The per-job overhead (as cluster-backtest: the one-worker time less the one-process time scaled to
// the days the jobs replayed, per job) is split by measuring its parts here, in this process:
//   - queue round trip: a BullMQ job with an empty result, added and awaited through Redis, and the
//     same with a result of the size a range's rows take (their JSON);
//   - session provisioning: what a worker does before a job's first day (range-backtest.ts): load the
//     config, wire the variant's session (open the store), check its hash, load the plugins, close;
//   - store reads: the universe's 1m bars of one day read as the replay feed reads them
//     (readBarsOfSymbols), per day, and the warm-up day's share of a job;
//   - a whole job in process (runBacktestRange, no queue), for the replay share.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { Queue, QueueEvents, Worker } from "bullmq";
import type { RangeJobData } from "../../src/cluster/range-job.js";
import { loadSessionConfig } from "../../src/config/load-session-config.js";
import { sweepVariants } from "../../src/config/sweep-variants.js";
import { BarStore } from "../../src/data/bar-store.js";
import { hashConfig } from "../../src/runtime/backtest-runner.js";
import { ScanJournal } from "../../src/scanners/scan-journal.js";
import { calendarOf } from "../../src/time/markets/index.js";
import type { BenchResult, BenchWorkload } from "../bench-result.js";
import { writeIndependentConfig } from "./backtest-config.js";
import { CLUSTER_REDIS, cli, deleteKeys, timed, withWorkers } from "./cluster-processes.js";
import { cachedDemoStore } from "./demo-store-cache.js";

const SYMBOLS = 100;
const START = "2024-12-02";
const END = "2024-12-13";
const RANGE_DAYS = 5;
const WARMUP_DAYS = 1;
/** 16 combinations: one run each. */
const MAX_RSI = Array.from({ length: 16 }, (_, i) => 20 + i);
const ROUND_TRIPS = 50;

/**
 * The session modules, loaded when this workload runs (not when `npm run bench` loads every
 * workload): they need tsyringe's reflect polyfill, which only this workload then installs.
 */
async function sessionModules() {
  await import("reflect-metadata");
  const [{ wireSession }, { loadScannerWith }, { runBacktestRange }] = await Promise.all([
    import("../../src/runtime/create-session.js"),
    import("../../src/scanners/plugin-loader.js"),
    import("../../src/cluster/range-backtest.js"),
  ]);
  return { wireSession, loadScannerWith, runBacktestRange };
}
type SessionModules = Awaited<ReturnType<typeof sessionModules>>;
const PROVISIONS = 10;
const JOB_REPEAT = 3;

export const clusterSweepWorkload: BenchWorkload = {
  name: "cluster-sweep",
  async run(): Promise<BenchResult> {
    const store = cachedDemoStore({ symbols: SYMBOLS, days: 16, historyDays: 40, seed: 7, lastDay: END });
    const folder = mkdtempSync(join(tmpdir(), "scanwright-bench-sweep-"));
    const prefix = `scanwright_bench_sweep_${process.pid}`;
    try {
      const symbols = store.report.symbols.slice(0, SYMBOLS);
      // The cluster-backtest _independent_ session (rsi-below alone) with a sweep of its `max_rsi`.
      const config = writeIndependentConfig({
        folder,
        name: "sweep",
        storePath: store.path,
        symbols,
        start: START,
        end: END,
        aboveVwap: false,
        tail: `sweep:\n  scanner: rsi-below\n  grid: { max_rsi: [${MAX_RSI.join(", ")}] }\n`,
      });
      const metrics: Record<string, number> = {};
      const checks: Record<string, boolean> = {};
      const singleJournal = join(folder, "single.db");
      metrics["single.seconds"] = await timed(() => cli(["run", config, "--journal", singleJournal]));
      const expected = sweepOf(singleJournal);
      checks["the one-process sweep journals 16 completed runs"] =
        expected.runs.length === MAX_RSI.length && expected.runs.every((run) => run.status === "completed");
      for (const workers of [1, 2]) {
        const journal = join(folder, `workers${workers}.db`);
        const queuePrefix = `${prefix}_${workers}`;
        metrics[`workers${workers}.seconds`] = await withWorkers(workers, queuePrefix, () =>
          timed(() =>
            cli([
              "run",
              config,
              "--journal",
              journal,
              "--workers",
              CLUSTER_REDIS,
              "--queue-prefix",
              queuePrefix,
              "--range-days",
              String(RANGE_DAYS),
              "--warmup-days",
              String(WARMUP_DAYS),
            ]),
          ),
        );
        checks[`with ${workers} worker(s): runs and rows equal the one-process sweep`] =
          JSON.stringify(sweepOf(journal)) === JSON.stringify(expected);
      }
      metrics["speedup2over1"] = metrics["workers1.seconds"] / metrics["workers2.seconds"];
      metrics["workers2OverSingle"] = metrics["single.seconds"] / metrics["workers2.seconds"];

      const modules = await sessionModules();
      const loaded = loadSessionConfig(config);
      const calendar = calendarOf(loaded.config.exchange, loaded.calendarOverrides);
      const days = calendar.tradingDays(START, END);
      const jobsPerRun = Math.ceil(days.length / RANGE_DAYS);
      const jobs = jobsPerRun * MAX_RSI.length;
      const replayed = (days.length + WARMUP_DAYS * (jobsPerRun - 1)) * MAX_RSI.length;
      metrics.days = days.length;
      metrics["single.perRunDay.ms"] = (metrics["single.seconds"] * 1000) / (MAX_RSI.length * days.length);
      metrics.jobs = jobs;
      metrics["perJobOverhead.ms"] =
        ((metrics["workers1.seconds"] -
          (metrics["single.seconds"] * replayed) / (days.length * MAX_RSI.length)) /
          jobs) *
        1000;
      const resultBytes = Math.round(expected.bytes / jobs);
      metrics["resultBytesPerJob"] = resultBytes;
      metrics["queueRoundTrip.ms"] = await queueRoundTripMs(`${prefix}_rt`, 0);
      metrics["queueRoundTripWithResult.ms"] = await queueRoundTripMs(`${prefix}_rtr`, resultBytes);
      metrics["sessionProvisioning.ms"] = await provisioningMs(modules, config);
      metrics["storeReadPerDay.ms"] = storeReadPerDayMs(
        store.path,
        symbols,
        days.map((day) => calendar.requireSession(day)),
      );
      // The second range of combination 1 (a warm-up day before it), as a worker runs it.
      const job = await jobMs(modules, config, days, jobsPerRun);
      metrics["jobInProcess.ms"] = job.ms;
      metrics["jobReplayPerDay.ms"] = job.ms / (RANGE_DAYS + WARMUP_DAYS);
      checks["the job run in process returns its range's rows"] = job.rows > 0;
      return {
        name: "cluster-sweep",
        params: {
          symbols: SYMBOLS,
          start: START,
          end: END,
          combinations: MAX_RSI.length,
          rangeDays: RANGE_DAYS,
          warmupDays: WARMUP_DAYS,
          roundTrips: ROUND_TRIPS,
          provisions: PROVISIONS,
        },
        metrics,
        targets: [],
        checks,
      };
    } finally {
      await deleteKeys(prefix);
      rmSync(folder, { recursive: true, force: true });
    }
  },
};

interface SweepJournal {
  readonly runs: Array<{ status: string; params: unknown }>;
  readonly rows: unknown[][];
  /** JSON size of every run's rows: what their jobs' results carried through Redis. */
  readonly bytes: number;
}

/** Every run of the journal with its rows, without what differs between two sweeps (ids, durations). */
function sweepOf(path: string): SweepJournal {
  const journal = ScanJournal.open(path);
  try {
    const runs = journal.runs();
    const rows = runs.map((run) =>
      journal.query({ run: run.id, limit: 10_000_000 }).map(({ run: _r, durationMs: _d, ...row }) => row),
    );
    return {
      runs: runs.map(({ status, params }) => ({ status, params })),
      rows,
      bytes: rows.reduce((sum, list) => sum + JSON.stringify(list).length, 0),
    };
  } finally {
    journal.close();
  }
}

/** Mean ms of a job added and awaited through Redis, one at a time, its result `resultBytes` long. */
async function queueRoundTripMs(prefix: string, resultBytes: number): Promise<number> {
  const connection = { host: "127.0.0.1", port: 6379, maxRetriesPerRequest: null };
  const result = "x".repeat(resultBytes);
  const queue = new Queue("round-trip", { connection, prefix });
  const events = new QueueEvents("round-trip", { connection, prefix });
  const worker = new Worker("round-trip", async () => result, { connection, prefix });
  try {
    await Promise.all([events.waitUntilReady(), worker.waitUntilReady()]);
    const started = performance.now();
    for (let i = 0; i < ROUND_TRIPS; i++) {
      const job = await queue.add("trip", { i }, { jobId: `trip-${i}` });
      const returned = await job.waitUntilFinished(events);
      if (returned !== result) throw new Error(`round trip ${i} returned another result`);
    }
    return (performance.now() - started) / ROUND_TRIPS;
  } finally {
    await worker.close();
    await events.close();
    await queue.close();
  }
}

/** Mean ms of what a worker does before a job's first day (range-backtest.ts), PROVISIONS times. */
async function provisioningMs(
  { wireSession, loadScannerWith }: SessionModules,
  configPath: string,
): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < PROVISIONS; i++) {
    const loaded = loadSessionConfig(configPath);
    const variant = sweepVariants(loaded)[i % MAX_RSI.length];
    const session = wireSession(variant.config, {
      calendar: calendarOf(variant.config.exchange, loaded.calendarOverrides),
      storePath: loaded.config.store,
      baseDir: dirname(configPath),
    });
    try {
      hashConfig(session.config);
      for (const spec of variant.scanners) {
        const scanner = await loadScannerWith(spec, {});
        if (scanner.loadFailure !== undefined) throw new Error(scanner.loadFailure);
      }
    } finally {
      session.close();
    }
  }
  return (performance.now() - started) / PROVISIONS;
}

/** Mean ms to read one day's 1m bars of the universe as the replay feed does. */
function storeReadPerDayMs(
  storePath: string,
  symbols: readonly string[],
  sessions: ReadonlyArray<{ openAt: number; closeAt: number }>,
): number {
  const store = BarStore.open(storePath);
  try {
    const started = performance.now();
    let bars = 0;
    for (const session of sessions) {
      for (const day of store.readBarsOfSymbols(symbols, "1m", session.openAt, session.closeAt)) {
        bars += day.length;
      }
    }
    if (bars === 0) throw new Error("the store holds no 1m bars of the sweep's days");
    return (performance.now() - started) / sessions.length;
  } finally {
    store.close();
  }
}

/** A range job (combination 1's second range, with its warm-up day) run in this process, best of JOB_REPEAT. */
async function jobMs(
  { runBacktestRange }: SessionModules,
  configPath: string,
  days: readonly string[],
  jobsPerRun: number,
): Promise<{ ms: number; rows: number }> {
  const loaded = loadSessionConfig(configPath);
  const variant = sweepVariants(loaded)[0];
  const from = RANGE_DAYS;
  const data: RangeJobData = {
    configPath,
    storePath: loaded.config.store as string,
    configHash: hashConfig(variant.config),
    sweepIndex: 1,
    days,
    from,
    to: Math.min(from + RANGE_DAYS, days.length) - 1,
    warmFrom: from - WARMUP_DAYS,
    start: jobsPerRun > 1 ? "speculative" : "exact",
  };
  // Best of JOB_REPEAT: the first run in this process also pays for loading and compiling the code.
  let best = Number.POSITIVE_INFINITY;
  let rows = 0;
  for (let i = 0; i < JOB_REPEAT; i++) {
    const started = performance.now();
    const result = await runBacktestRange(data);
    best = Math.min(best, performance.now() - started);
    rows = result.rows.length;
  }
  return { ms: best, rows };
}
