// What `scanwright daemon --ha` runs with: the Redis URL (the flag's value, else $SCANWRIGHT_REDIS),
// the group's key prefix (default: one group per session name) and the lease's length.

import { UsageError } from "../../core/errors.js";
import { isRedisUrl } from "../redis-connection.js";

export const DEFAULT_HA_GROUP_PREFIX = "scanwright:ha";
export const DEFAULT_HA_LEASE_SECONDS = 10;
export const REDIS_ENV = "SCANWRIGHT_REDIS";

export interface HaFlags {
  /** `--ha URL`, or `--ha` alone (`true`): the URL comes from $SCANWRIGHT_REDIS. */
  readonly ha?: string | true;
  readonly haGroup?: string;
  readonly haLeaseSeconds?: number;
}

export interface HaOptions {
  readonly url: string;
  /** The Redis key prefix of the group's lease, fence counter and done marker. */
  readonly group: string;
  readonly leaseMs: number;
}

/** The HA settings, `undefined` without `--ha`; a UsageError for a missing or malformed URL or a stray flag. */
export function resolveHaOptions(
  session: string,
  flags: HaFlags,
  env: Readonly<Record<string, string | undefined>>,
): HaOptions | undefined {
  if (flags.ha === undefined) {
    if (flags.haGroup !== undefined || flags.haLeaseSeconds !== undefined) {
      throw new UsageError("--ha-group and --ha-lease-seconds set up an HA group: give --ha with them");
    }
    return undefined;
  }
  const url = flags.ha === true ? env[REDIS_ENV] : flags.ha;
  if (url === undefined || url.trim() === "") {
    throw new UsageError(`--ha needs a Redis URL: --ha redis://host:port, or $${REDIS_ENV}`);
  }
  if (!isRedisUrl(url)) {
    throw new UsageError(
      `--ha${flags.ha === true ? ` ($${REDIS_ENV})` : ""} must be a redis:// or rediss:// URL (redis://host:port)`,
    );
  }
  const group = flags.haGroup ?? `${DEFAULT_HA_GROUP_PREFIX}:${session}`;
  if (group.trim() === "") throw new UsageError("--ha-group must not be empty");
  return { url: url.trim(), group, leaseMs: (flags.haLeaseSeconds ?? DEFAULT_HA_LEASE_SECONDS) * 1000 };
}
