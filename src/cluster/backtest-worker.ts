// A cluster worker: takes backtest range jobs off the queue, one at a time, until it is stopped.
// Nothing here writes the journal or the store: a job's rows go back as its result, and the
// coordinator journals the accepted ones. Delivery is at-least-once (a worker that dies or stalls
// has its job run again elsewhere): that is harmless because a job has no effect but its result
// and the state it ended with, stored under a key named after the job (the same bytes each time).

import { type Job, Worker } from "bullmq";
import { Redis } from "ioredis";
import { ClusterError } from "../core/errors.js";
import type { Logger } from "../core/logger.js";
import { runBacktestRange } from "./range-backtest.js";
import {
  endStateKey,
  RANGE_QUEUE,
  type RangeJobData,
  type RangeJobResult,
  STATE_TTL_MS,
} from "./range-job.js";
import { bullConnection, redisOptions } from "./redis-connection.js";

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
  const prefix = options.prefix ?? "scanwright";
  // The start and end states of the ranges (bytes beside the queue's keys).
  const states = new Redis(redisOptions(options.redisUrl));
  states.on("error", (error) =>
    options.logger?.warn("worker state connection error", { error: error.message }),
  );
  const worker = new Worker<RangeJobData, RangeJobResult>(
    RANGE_QUEUE,
    async (job) => {
      const { from, to, days } = job.data;
      options.onJob?.("started", job, `${days[from]} → ${days[to]}`);
      const shipped = job.data.startState;
      const startState = shipped === undefined ? undefined : await states.getBuffer(shipped.key);
      if (startState === null) {
        throw new ClusterError(`the start state ${shipped?.key} of job ${job.id} is not in Redis`);
      }
      const { endState, ...result } = await runBacktestRange(job.data, {
        logger: options.logger,
        startState,
      });
      // Every job the queue hands out has an id (the coordinator names each one).
      const key = endStateKey(prefix, job.id as string);
      await states.set(key, endState, "PX", STATE_TTL_MS);
      return { ...result, endStateKey: key, endStateBytes: endState.length };
    },
    {
      connection: bullConnection(options.redisUrl),
      prefix,
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
    stop: async (abandon) => {
      await worker.close(abandon);
      states.disconnect();
    },
  };
}
