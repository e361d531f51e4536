// A scanner's effective alerts: its `notify` block over the session's (key by key; `channels`
// replaces the session's list whole; `false` turns alerts off), with the defaults filled in, as
// the scanner layer's NotifyPolicy plus the channel configs and retry settings the dispatcher
// needs. Each channel carries where it was configured, for messages (a missing environment
// variable names the config path, never a value).

import { defaultTemplate } from "../scanners/alert-text.js";
import type { NotifyPolicy, QuietPeriod } from "../scanners/alert-types.js";
import type { ChannelConfig, NotifyBlock } from "./notify-config.js";

export const DEFAULT_MAX_ATTEMPTS = 8;
export const DEFAULT_BACKOFF_SECONDS = 2;
export const DEFAULT_MAX_BACKOFF_SECONDS = 300;

export interface ResolvedChannel {
  /** The channel's name in its block (its type when unnamed). */
  readonly name: string;
  readonly config: ChannelConfig;
  /** Where it is configured: file, line, column and config path (`notify.channels[0]`). */
  readonly location: ChannelLocation;
}

export interface RetryPolicy {
  readonly maxAttempts: number;
  readonly backoffMs: number;
  readonly maxBackoffMs: number;
}

export interface ResolvedNotify {
  readonly policy: NotifyPolicy;
  readonly channels: readonly ResolvedChannel[];
  readonly retry: RetryPolicy;
}

export interface ChannelLocation {
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
  readonly path: string;
}

/** Locates a config path (`["notify", "channels", 0]`) in the file, for messages. */
export type Locate = (path: readonly PropertyKey[]) => ChannelLocation;

/**
 * The effective notify settings of a scanner, `undefined` when it has no channels (or `notify:
 * false`). `scannerPath` is the scanner entry's config path.
 */
export function resolveNotify(
  session: NotifyBlock | undefined,
  scanner: NotifyBlock | false | undefined,
  scannerPath: readonly PropertyKey[],
  locate: Locate,
): ResolvedNotify | undefined {
  if (scanner === false) return undefined;
  const block: NotifyBlock = { ...(session ?? {}), ...(scanner ?? {}) };
  const channelsPath =
    scanner?.channels !== undefined ? [...scannerPath, "notify", "channels"] : ["notify", "channels"];
  const channels = (block.channels ?? []).map(
    (config, index): ResolvedChannel => ({
      name: config.name ?? config.type,
      config,
      location: locate([...channelsPath, index]),
    }),
  );
  if (channels.length === 0) return undefined;
  const rule = block.when ?? "new";
  return {
    policy: {
      rule,
      minIntervalMs: Math.round((block.min_interval_minutes ?? 0) * 60_000),
      quietHours: (block.quiet_hours ?? []).map(
        (period): QuietPeriod => ({ startMinute: minutesOf(period.start), endMinute: minutesOf(period.end) }),
      ),
      template: block.template ?? defaultTemplate(rule),
      channels: channels.map((channel) => channel.name),
    },
    channels,
    retry: {
      maxAttempts: block.max_attempts ?? DEFAULT_MAX_ATTEMPTS,
      backoffMs: Math.round((block.backoff_seconds ?? DEFAULT_BACKOFF_SECONDS) * 1000),
      maxBackoffMs: Math.round((block.max_backoff_seconds ?? DEFAULT_MAX_BACKOFF_SECONDS) * 1000),
    },
  };
}

function minutesOf(clock: string): number {
  return Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));
}
