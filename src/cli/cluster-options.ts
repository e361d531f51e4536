// The cluster options of a command: the flags (`run --workers`, `worker`) parsed as whole numbers
// named in the error, and for `run` the cluster a backtest uses, from its flags over the config's
// `cluster:` block over the defaults.

import {
  type ClusterConfig,
  DEFAULT_QUEUE_PREFIX,
  DEFAULT_RANGE_DAYS,
  DEFAULT_WARMUP_DAYS,
  REDIS_URL_ENV,
} from "../config/cluster-config.js";
import { ConfigErrors } from "../config/config-problem.js";
import type { LoadedSessionConfig } from "../config/load-session-config.js";
import { UsageError } from "../core/errors.js";

/** `text` as a whole number ≥ 1, else a UsageError naming the flag. */
export function parsePositiveInteger(flag: string, text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(value) || value < 1) {
    throw new UsageError(`${flag} must be a whole number ≥ 1, got "${text}"`);
  }
  return value;
}

/** `run`'s cluster flags as commander gives them: `--workers URL`, `--no-workers` (false), or neither. */
export interface ClusterFlags {
  readonly workers?: string | false;
  readonly rangeDays?: string;
  readonly warmupDays?: string;
  readonly queuePrefix?: string;
}

/** Where and how a backtest runs on the cluster. */
export interface ClusterRun {
  readonly url: string;
  readonly prefix: string;
  readonly rangeDays: number;
  readonly warmupDays: number;
}

/**
 * The cluster a `run` uses, or undefined to run in one process: `--no-workers` runs in one process;
 * `--workers URL` or a `cluster:` block runs on the cluster. Each flag overrides its key of the
 * block; the block's Redis is `cluster.redis`, else $SCANWRIGHT_REDIS. A block that names no Redis
 * with the variable unset is a config problem at the block (file:line:column).
 */
export function resolveClusterRun(
  flags: ClusterFlags,
  loaded: Pick<LoadedSessionConfig, "config" | "locate">,
  env: Readonly<Record<string, string | undefined>>,
): ClusterRun | undefined {
  if (flags.workers === false) return undefined;
  const block: ClusterConfig | undefined = loaded.config.cluster;
  if (flags.workers === undefined && block === undefined) return undefined;
  const url = flags.workers ?? block?.redis ?? nonEmpty(env[REDIS_URL_ENV]);
  if (url === undefined) {
    throw new ConfigErrors([
      {
        ...loaded.locate(["cluster"], "key"),
        message: `names no Redis: set cluster.redis (redis://host:port), or $${REDIS_URL_ENV}, or pass --workers URL`,
      },
    ]);
  }
  return {
    url,
    prefix: flags.queuePrefix ?? block?.queue_prefix ?? DEFAULT_QUEUE_PREFIX,
    rangeDays:
      flags.rangeDays === undefined
        ? (block?.range_days ?? DEFAULT_RANGE_DAYS)
        : parsePositiveInteger("--range-days", flags.rangeDays),
    warmupDays:
      flags.warmupDays === undefined
        ? (block?.warmup_days ?? DEFAULT_WARMUP_DAYS)
        : parsePositiveInteger("--warmup-days", flags.warmupDays),
  };
}

/**
 * The cluster flags given to a run that is in one process (`--no-workers`, or neither `--workers`
 * nor a `cluster:` block), where they change nothing: the caller warns about each.
 */
export function clusterFlagsIgnored(flags: ClusterFlags, run: ClusterRun | undefined): string[] {
  if (run !== undefined) return [];
  const named: Array<[string, string | undefined]> = [
    ["--range-days", flags.rangeDays],
    ["--warmup-days", flags.warmupDays],
    ["--queue-prefix", flags.queuePrefix],
  ];
  return named.filter(([, value]) => value !== undefined).map(([flag]) => flag);
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value.trim();
}
