// A cluster worker: takes backtest range jobs off the queue, one at a time, until it is stopped.
// Nothing here writes the journal or the store: a job's rows go back as its result, and the
// coordinator journals the accepted ones. Delivery is at-least-once (a worker that dies or stalls
// has its job run again elsewhere): that is harmless because a job has no effect but its result.

import { type Job, Worker } from "bullmq";
import type { Logger } from "../core/logger.js";
import { runBacktestRange } from "./range-backtest.js";
import { RANGE_QUEUE, type RangeJobData, type RangeJobResult } from "./range-job.js";
import { bullConnection } from "./redis-connection.js";

export interface BacktestWorkerOptions {
  readonly redisUrl: string;
  /** BullMQ key prefix (default `scanwright`). */
  readonly prefix?: string;
  /** Name the jobs it runs show as `processedBy`. */
  readonly name: string;
  /**
   * How long a job stays this worker's without a lock renewal (default 30 s): a worker that dies is
   * noticed, and its job handed to another, after about this long.
   */
  readonly lockMs?: number;
  readonly logger?: Logger;
  /** Told of each job taken and finished (the command prints a line). */
  readonly onJob?: (
    event: "started" | "completed" | "failed",
    job: Job<RangeJobData>,
    detail: string,
  ) => void;
}

export interface BacktestWorker {
  /** Resolves once the worker is connected and waiting for jobs. */
  readonly ready: Promise<void>;
  /** Stops taking jobs; `abandon` false waits for the current job, true gives it back at once. */
  stop(abandon: boolean): Promise<void>;
}

/** How many times a job whose worker vanished is handed out again before it fails. */
export const MAX_STALLED = 3;

export function startBacktestWorker(options: BacktestWorkerOptions): BacktestWorker {
  const lockMs = options.lockMs ?? 30_000;
  const worker = new Worker<RangeJobData, RangeJobResult>(
    RANGE_QUEUE,
    async (job) => {
      const { from, to, days } = job.data;
      options.onJob?.("started", job, `${days[from]} → ${days[to]}`);
      return runBacktestRange(job.data, { logger: options.logger });
    },
    {
      connection: bullConnection(options.redisUrl),
      prefix: options.prefix ?? "scanwright",
      name: options.name,
      concurrency: 1,
      lockDuration: lockMs,
      stalledInterval: lockMs,
      maxStalledCount: MAX_STALLED,
      autorun: true,
    },
  );
  worker.on("completed", (job, result) =>
    options.onJob?.("completed", job, `${result.rows.length} rows, ${result.slots} slots`),
  );
  worker.on("failed", (job, error) => {
    if (job) options.onJob?.("failed", job, error.message);
  });
  // Connection trouble is retried by ioredis; it is logged, not thrown.
  worker.on("error", (error) => options.logger?.warn("worker connection error", { error: error.message }));
  return {
    ready: worker.waitUntilReady().then(() => undefined),
    stop: (abandon) => worker.close(abandon),
  };
}
