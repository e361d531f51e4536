// `scanwright worker [--redis URL]`: a cluster worker. It takes backtest range jobs from the queue
// on Redis (see `run --workers`) until SIGTERM or SIGINT: the first signal lets the job in hand
// finish and stops, a second one gives the job back at once (another worker runs it again). Any
// number of workers, on any machine that reaches Redis and sees the configs, plugins and store at
// the same paths, serve one queue.

import type { Command } from "commander";
import { connectRedis, redactRedisUrl } from "../../cluster/redis-connection.js";
import { DEFAULT_QUEUE_PREFIX } from "../../config/cluster-config.js";
import { UsageError } from "../../core/errors.js";
import type { CliIO } from "../cli-io.js";
import { parsePositiveInteger } from "../cluster-options.js";

interface WorkerOptions {
  redis?: string;
  queuePrefix: string;
  lockMs?: string;
}

export function registerWorkerCommand(program: Command, io: CliIO): void {
  program
    .command("worker")
    .description("take backtest jobs from the cluster queue on Redis until stopped (SIGTERM/SIGINT)")
    .option("--redis <url>", "the cluster's Redis (redis://host:port; default $SCANWRIGHT_REDIS)")
    .option("--queue-prefix <prefix>", "key prefix of the cluster's queues in Redis", DEFAULT_QUEUE_PREFIX)
    .option("--lock-ms <ms>", "how long a job stays this worker's between lock renewals (default 30000)")
    .addHelpText(
      "after",
      "\nExample:\n  scanwright worker --redis redis://127.0.0.1:6379\n  SCANWRIGHT_REDIS=redis://127.0.0.1:6379 scanwright worker\n",
    )
    .action((options: WorkerOptions) => workerCommand(io, options));
}

async function workerCommand(io: CliIO, options: WorkerOptions): Promise<void> {
  const url = options.redis ?? io.env.SCANWRIGHT_REDIS;
  if (url === undefined || url.trim() === "") {
    throw new UsageError("worker: name the cluster's Redis with --redis URL or $SCANWRIGHT_REDIS");
  }
  const lockMs = options.lockMs === undefined ? undefined : parsePositiveInteger("--lock-ms", options.lockMs);
  // Fails at once, naming host:port, when nothing answers (BullMQ alone would retry forever).
  (await connectRedis(url)).disconnect();
  const name = `worker-${process.pid}`;
  // BullMQ is loaded by this command only (not by every command the CLI registers).
  const { startBacktestWorker } = await import("../../cluster/backtest-worker.js");
  const worker = startBacktestWorker({
    redisUrl: url,
    prefix: options.queuePrefix,
    name,
    lockMs,
    onJob: (event, job, detail) => io.stdout.write(`${name}: job ${job.id} ${event}: ${detail}\n`),
  });
  await worker.ready;
  io.stdout.write(`${name}: waiting for jobs on ${redactRedisUrl(url)} (prefix ${options.queuePrefix})\n`);
  await new Promise<void>((resolve, reject) => {
    let stopping = false;
    const onSignal = (signal: NodeJS.Signals): void => {
      const abandon = stopping;
      stopping = true;
      io.stdout.write(
        `${name}: ${signal}: ${abandon ? "giving the current job back" : "finishing the current job"} and stopping\n`,
      );
      worker.stop(abandon).then(() => {
        process.off("SIGTERM", onSignal);
        process.off("SIGINT", onSignal);
        resolve();
      }, reject);
    };
    process.on("SIGTERM", onSignal);
    process.on("SIGINT", onSignal);
  });
  io.stdout.write(`${name}: stopped\n`);
}
