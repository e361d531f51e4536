// What a distributed backtest puts on the queue (one job per attempt at a range of days) and what a
// worker hands back. Plain JSON both ways: BullMQ stores them in Redis. The state a range ends with
// is bytes, too large for a job's JSON: it goes to a key of its own beside the queue (endStateKey).

import type { JournalRecord } from "../scanners/journal-types.js";

/** The BullMQ queue of backtest ranges (under the cluster's key prefix). */
export const RANGE_QUEUE = "scanwright-backtest";

export interface RangeJobData {
  /** Absolute path of the session config; every worker must see it (and its plugins) at that path. */
  readonly configPath: string;
  /** The store location the coordinator chose (absolute path or URL). */
  readonly storePath: string;
  /** hashConfig of the config the coordinator loaded: a worker seeing another file refuses the job. */
  readonly configHash: string;
  /**
   * With a `sweep:` config: the 1-based combination the range runs (its variant of the config);
   * absent for a config without a sweep.
   */
  readonly sweepIndex?: number;
  /** Every trading day of the backtest, in order. */
  readonly days: readonly string[];
  /** Index of the first day whose rows the range returns. */
  readonly from: number;
  /** Index of its last day. */
  readonly to: number;
  /**
   * Index of the day the attempt starts a fresh session at (≤ `from`): the days before `from` are
   * replayed for their state only. 0 is the true start of the run.
   */
  readonly warmFrom: number;
  /**
   * `exact`: the start state is known right (warmFrom 0, or the predecessor's accepted attempt's
   * own start); `speculative`: accepted only if the state it reached at `from` equals the state its
   * predecessor ended with.
   */
  readonly start: "exact" | "speculative";
  /**
   * The state the attempt starts from instead of a fresh session: the state its predecessor's
   * accepted attempt ended with, under `key` in Redis (session-state.ts bytes), with its fingerprint.
   * Then `warmFrom` is `from` and `start` is `exact`.
   */
  readonly startState?: { readonly key: string; readonly fingerprint: string };
}

export interface RangeJobResult {
  /** The rows of days `from`..`to`, in the order the single-process run records them. */
  readonly rows: readonly JournalRecord[];
  /** Fingerprint of the state between day `from − 1` and day `from` (null when warmFrom = from). */
  readonly startFingerprint: string | null;
  /** Fingerprint of the state after day `to` ended. */
  readonly endFingerprint: string;
  /** Scan slots run in days `from`..`to`. */
  readonly slots: number;
  readonly failedSymbols: ReadonlyArray<{ date: string; symbol: string; reason: string }>;
  /** Where the worker stored the state after day `to` (session-state.ts bytes; see endStateKey). */
  readonly endStateKey: string;
  /** Its size in bytes (compressed). */
  readonly endStateBytes: number;
}

/** How long a range's end state stays in Redis (the run deletes them when it finishes). */
export const STATE_TTL_MS = 24 * 60 * 60 * 1000;

/** The Redis key of the state the attempt `jobId` ended with, beside the queue's keys. */
export function endStateKey(prefix: string, jobId: string): string {
  return `${prefix}:${RANGE_QUEUE}:state:${jobId}`;
}

/**
 * The job id of an attempt (BullMQ: no `:`, not all digits): the run's key, the range, and the
 * start it assumes, so the same attempt is never queued twice and a restarted coordinator finds it.
 */
export function rangeJobId(runKey: string, data: RangeJobData, startTag: string): string {
  return `${runKey}-${data.days[data.from]}_${data.days[data.to]}-${startTag}`;
}
