// The coordinator of a distributed backtest (`scanwright run CONFIG --workers URL`). It splits the
// trading days into ranges, queues one speculative job per range (a fresh session started
// `warmupDays` before the range), and accepts the results in day order:
//   - range 0 starts where the run starts: exact;
//   - range j > 0 is accepted when the state its attempt reached before its first day (a
//     fingerprint, session-fingerprint.ts) equals the state range j − 1's accepted attempt ended
//     with; otherwise it is queued again FROM that end state: the worker of j − 1 stored it in Redis
//     (session-state.ts bytes, endStateKey), and the new attempt imports it and replays only the
//     range's own days. Should that state be gone (Redis restarted without persistence), the
//     attempt instead starts where j − 1's accepted attempt started (its warm-up day, or the state
//     it was shipped, which the coordinator keeps and puts back): a start known right either way;
//   - the rows of an accepted attempt are journaled into the ONE run, in day order, through the
//     journal's ordinary `record` (which ignores a row already there for its slot): the rows of a
//     rejected attempt never reach the journal.
// Job ids are deterministic (run key, range, assumed start: a warm-up day or a state's
// fingerprint), so a restarted coordinator finds the run still `running` in the journal, queues
// nothing twice, and picks up the results. The run's states are deleted when it finishes.

import { createHash } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { Job, Queue } from "bullmq";
import { Redis } from "ioredis";
import { ClusterError } from "../core/errors.js";
import type { BacktestReport } from "../runtime/backtest-runner.js";
import type { RunRef, StartRunInput } from "../scanners/journal-types.js";
import type { ScanJournal } from "../scanners/scan-journal.js";
import {
  endStateKey,
  RANGE_QUEUE,
  type RangeJobData,
  type RangeJobResult,
  rangeJobId,
  STATE_TTL_MS,
} from "./range-job.js";
import { bullConnection, redisOptions } from "./redis-connection.js";

/** Attempts of a job (a throw in the worker) before the run fails with its error. */
export const JOB_ATTEMPTS = 3;
/** How often the coordinator looks at the job it waits for (two Redis round trips a look). */
const POLL_MS = 50;

// The defaults live with the `cluster:` block's schema (config/cluster-config.ts).
export { DEFAULT_RANGE_DAYS, DEFAULT_WARMUP_DAYS } from "../config/cluster-config.js";

export interface DistributedBacktestOptions {
  readonly redisUrl: string;
  /** BullMQ key prefix (default `scanwright`). */
  readonly prefix?: string;
  readonly configPath: string;
  readonly storePath: string;
  readonly configHash: string;
  /** With a sweep: the combination every job of this run replays (see RangeJobData). */
  readonly sweepIndex?: number;
  /** Where the journal is (its path or URL): part of the run key, so two journals never share jobs. */
  readonly journalLocation: string;
  readonly days: readonly string[];
  /** Trading days per range (≥ 1). */
  readonly rangeDays: number;
  /** Days a speculative range replays before its first one (≥ 1). */
  readonly warmupDays: number;
  /** The run as the single-process backtest starts it. */
  readonly run: StartRunInput;
  /** The instant the run finishes at (the last day's close). */
  readonly finishedAt: number;
  readonly onProgress?: (daysDone: number, daysTotal: number) => void;
  readonly onRunStarted?: (run: RunRef, reattached: boolean) => void;
}

interface Range {
  readonly from: number;
  readonly to: number;
}

/** A state an attempt starts from: its key and fingerprint (in the job), and its bytes. */
export interface ShippedState {
  readonly key: string;
  readonly fingerprint: string;
  readonly bytes: Buffer;
}

/**
 * One attempt at a range: its job id and data, and the state it starts from if any. A re-run is
 * `urgent`: the run waits for it, so it goes ahead of the speculative attempts still waiting.
 */
export interface Attempt {
  readonly id: string;
  readonly data: RangeJobData;
  readonly shipped?: ShippedState;
  readonly urgent?: boolean;
}

export interface Accepted {
  readonly attempt: Attempt;
  readonly result: RangeJobResult;
}

/** Splits day indices 0..count−1 into consecutive ranges of `size` days. */
export function splitRanges(count: number, size: number): Range[] {
  const ranges: Range[] = [];
  for (let from = 0; from < count; from += size) ranges.push({ from, to: Math.min(count, from + size) - 1 });
  return ranges;
}

export async function runDistributedBacktest(
  journal: ScanJournal,
  options: DistributedBacktestOptions,
): Promise<BacktestReport> {
  const { days } = options;
  const { run, reattached } = startOrReattach(journal, options.run);
  options.onRunStarted?.(run, reattached);
  const runKey = `bt${run.id}x${createHash("sha256").update(`${options.journalLocation}\n${options.configHash}`).digest("hex").slice(0, 10)}`;
  const prefix = options.prefix ?? "scanwright";
  const queue = new Queue<RangeJobData, RangeJobResult>(RANGE_QUEUE, {
    connection: bullConnection(options.redisUrl),
    prefix,
  });
  queue.on("error", () => undefined);
  // The range states (bytes beside the queue's keys); commands wait through a Redis restart.
  const states = new Redis(redisOptions(options.redisUrl));
  states.on("error", () => undefined);
  const queued = { queue, states };
  try {
    const base = {
      configPath: options.configPath,
      storePath: options.storePath,
      configHash: options.configHash,
      ...(options.sweepIndex === undefined ? {} : { sweepIndex: options.sweepIndex }),
      days,
    };
    const ranges = splitRanges(days.length, options.rangeDays);
    const speculative = ranges.map((range): Attempt => {
      const warmFrom = Math.max(0, range.from - options.warmupDays);
      const data: RangeJobData = {
        ...base,
        ...range,
        warmFrom,
        start: warmFrom === 0 ? "exact" : "speculative",
      };
      return { data, id: rangeJobId(runKey, data, `w${days[warmFrom]}`) };
    });
    // Every range is queued at once: the workers run them side by side.
    for (const attempt of speculative) await add(queued, attempt);

    let previous: Accepted | undefined;
    let slots = 0;
    const failedSymbols: Array<{ date: string; symbol: string; reason: string }> = [];
    for (let index = 0; index < ranges.length; index++) {
      const attempt = speculative[index];
      let accepted: Accepted = { attempt, result: await outcome(queued, attempt) };
      const matches =
        attempt.data.start === "exact" ||
        accepted.result.startFingerprint === previous?.result.endFingerprint;
      if (!matches && previous) {
        // The range assumed a start its predecessor did not end with: run it again from the state
        // the predecessor did end with.
        const rerun = await rerunAttempt(states, runKey, { ...base, ...ranges[index] }, previous);
        await add(queued, rerun);
        accepted = { attempt: rerun, result: await outcome(queued, rerun) };
      }
      for (const row of accepted.result.rows) journal.record(run, row);
      journal.flush();
      slots += accepted.result.slots;
      failedSymbols.push(...accepted.result.failedSymbols);
      previous = accepted;
      options.onProgress?.(ranges[index].to + 1, days.length);
    }
    journal.finishRun(run, { finishedAt: options.finishedAt, status: "completed" });
    await deleteStates(states, endStateKey(prefix, runKey));
    return { run, days, slots, failedSymbols };
  } catch (error) {
    try {
      journal.finishRun(run, { finishedAt: options.finishedAt, status: "failed" });
    } catch {
      // The journal itself failing: the first error is the one to report.
    }
    throw error;
  } finally {
    await queue.close();
    states.disconnect();
  }
}

/**
 * The exact attempt at `range` after its speculative one started wrong: from the state `previous`
 * ended with (tag `f` + its fingerprint), or, when that state is no longer in Redis, from where
 * `previous` itself started (tag `s` + the fingerprint, as before states were shipped).
 */
export async function rerunAttempt(
  states: Redis,
  runKey: string,
  range: Omit<RangeJobData, "warmFrom" | "start" | "startState">,
  previous: Accepted,
): Promise<Attempt> {
  const { endFingerprint, endStateKey: key } = previous.result;
  const tag = endFingerprint.slice(0, 16);
  const bytes = await states.getBuffer(key);
  if (bytes !== null) {
    const data: RangeJobData = {
      ...range,
      warmFrom: range.from,
      start: "exact",
      startState: { key, fingerprint: endFingerprint },
    };
    return {
      id: rangeJobId(runKey, data, `f${tag}`),
      data,
      shipped: { key, fingerprint: endFingerprint, bytes },
      urgent: true,
    };
  }
  const { data: before, shipped } = previous.attempt;
  const data: RangeJobData = {
    ...range,
    warmFrom: before.warmFrom,
    start: "exact",
    ...(before.startState === undefined ? {} : { startState: before.startState }),
  };
  return {
    id: rangeJobId(runKey, data, `s${tag}`),
    data,
    ...(shipped === undefined ? {} : { shipped }),
    urgent: true,
  };
}

/** Deletes the states the run's attempts ended with (keys `<stem>-…`). */
async function deleteStates(states: Redis, stem: string): Promise<void> {
  let cursor = "0";
  do {
    const [next, keys] = await states.scan(cursor, "MATCH", `${stem}-*`, "COUNT", 1000);
    cursor = next;
    if (keys.length > 0) await states.del(...keys);
  } while (cursor !== "0");
}

/** The `running` backtest run with the same name, config and params (a restarted coordinator's), else a new one. */
function startOrReattach(journal: ScanJournal, input: StartRunInput): { run: RunRef; reattached: boolean } {
  const params = JSON.stringify(input.params ?? null);
  const running = journal
    .runs()
    .filter(
      (info) =>
        info.status === "running" &&
        info.mode === "backtest" &&
        info.name === input.name &&
        info.configHash === input.configHash &&
        JSON.stringify(info.params ?? null) === params,
    )
    .at(-1);
  if (running) {
    const { id, name, mode, configHash } = running;
    return { run: { id, name, mode, configHash }, reattached: true };
  }
  return { run: journal.startRun(input), reattached: false };
}

/**
 * Queues the attempt unless a job with its id is there already (BullMQ keeps the first), its start
 * state put (back) in Redis first: a Redis that lost the job lost the state with it.
 */
async function add(
  { queue, states }: { queue: Queue<RangeJobData, RangeJobResult>; states: Redis },
  { id, data, shipped, urgent }: Attempt,
): Promise<void> {
  if (shipped !== undefined) await states.set(shipped.key, shipped.bytes, "PX", STATE_TTL_MS);
  await queue.add("range", data, {
    jobId: id,
    // Taken next by the first free worker (BullMQ's LIFO end of the wait list).
    lifo: urgent === true,
    attempts: JOB_ATTEMPTS,
    backoff: { type: "fixed", delay: 1_000 },
    removeOnComplete: false,
    removeOnFail: false,
  });
}

/**
 * Waits for the job to complete (its result) or to fail for good (a ClusterError with its error).
 * A job Redis lost (a restart without persistence) is queued again: its effect is only its result.
 */
async function outcome(
  queued: { queue: Queue<RangeJobData, RangeJobResult>; states: Redis },
  attempt: Attempt,
): Promise<RangeJobResult> {
  const { queue } = queued;
  const { id } = attempt;
  for (;;) {
    // The state first, then the job: a job read while active would show no result yet.
    const state = await queue.getJobState(id);
    const job = state === "unknown" ? undefined : await Job.fromId<RangeJobData, RangeJobResult>(queue, id);
    if (job === undefined) {
      await add(queued, attempt);
      continue;
    }
    if (state === "completed") return job.returnvalue;
    if (state === "failed") {
      const { days, from, to } = job.data;
      throw new ClusterError(
        `range ${days[from]} → ${days[to]} failed after ${job.attemptsMade} attempt${job.attemptsMade === 1 ? "" : "s"} (job ${id}): ${job.failedReason}`,
      );
    }
    await sleep(POLL_MS);
  }
}
