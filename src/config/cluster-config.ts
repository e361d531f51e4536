// The `cluster:` block of a session config: a backtest (or sweep) run on `scanwright worker`
// processes through Redis, as `run --workers URL` does. Each key is the twin of a `run` flag; a
// flag given on the command line overrides its key. The Redis URL follows the rule of the store and
// journal URLs: no password in a config file (it is read by many and committed); a URL with one
// comes whole from $SCANWRIGHT_REDIS, and no message repeats a URL.

import { z } from "zod";

/** Trading days per job when neither `--range-days` nor `cluster.range_days` says. */
export const DEFAULT_RANGE_DAYS = 20;
/** Days a range replays before its first one, when neither `--warmup-days` nor the block says. */
export const DEFAULT_WARMUP_DAYS = 5;
/** Key prefix of the cluster's queues when neither `--queue-prefix` nor the block says. */
export const DEFAULT_QUEUE_PREFIX = "scanwright";
/** The environment variable holding the cluster's whole Redis URL (it may carry a password). */
export const REDIS_URL_ENV = "SCANWRIGHT_REDIS";

const URL_PATTERN = /^rediss?:\/\//i;

/** Whether `location` is a Redis URL (`redis://` or `rediss://`). */
export function isRedisUrl(location: string): boolean {
  return URL_PATTERN.test(location.trim());
}

const redisLocation = z
  .string()
  .trim()
  .min(1)
  .superRefine((text, context) => {
    let parsed: URL | undefined;
    try {
      parsed = isRedisUrl(text) ? new URL(text) : undefined;
    } catch {
      parsed = undefined;
    }
    if (parsed === undefined) {
      // Not echoed: an unparsable URL may still hold a password.
      context.addIssue({
        code: "custom",
        message: "is not a Redis URL (redis://host:port or rediss://host:port)",
      });
    } else if (parsed.password !== "") {
      context.addIssue({
        code: "custom",
        message: `a Redis URL in a config file must not hold a password: put the whole URL in ${REDIS_URL_ENV}`,
      });
    }
  });

export const clusterConfigSchema = z
  .strictObject({
    redis: redisLocation
      .optional()
      .describe(
        `The cluster's Redis, \`redis://host:port[/db]\` (\`rediss://\` for TLS), no password here. Without it: $${REDIS_URL_ENV} (which may hold a whole URL with its password). \`--workers URL\` overrides it.`,
      ),
    queue_prefix: z
      .string()
      .trim()
      .min(1)
      .default(DEFAULT_QUEUE_PREFIX)
      .describe(
        "Key prefix of the cluster's queues in Redis; the workers must use the same. `--queue-prefix` overrides it.",
      ),
    range_days: z
      .number()
      .int()
      .min(1)
      .max(10_000)
      .default(DEFAULT_RANGE_DAYS)
      .describe("Trading days per job. `--range-days` overrides it."),
    warmup_days: z
      .number()
      .int()
      .min(1)
      .max(10_000)
      .default(DEFAULT_WARMUP_DAYS)
      .describe(
        "Days a range replays before its first one to build the state it starts with. `--warmup-days` overrides it.",
      ),
  })
  .describe(
    "Run the backtest (or every sweep combination) on `scanwright worker` processes through Redis, as `run --workers` does (backtest only; `run --no-workers` runs it in one process).",
  );

export type ClusterConfig = z.output<typeof clusterConfigSchema>;

/** A `cluster:` block is a backtest setting: the live daemon's group is `daemon --ha`. */
export function checkClusterMode(config: unknown, ctx: z.RefinementCtx): void {
  if (typeof config !== "object" || config === null || Array.isArray(config)) return;
  const { cluster, mode } = config as { cluster?: unknown; mode?: unknown };
  if (cluster === undefined || mode !== "live") return;
  ctx.addIssue({
    code: "custom",
    path: ["cluster"],
    message:
      "is a backtest setting: mode is live (a highly available daemon is `scanwright daemon --ha URL`)",
  });
}
