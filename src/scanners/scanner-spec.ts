// What the scanner layer needs to know about one configured scanner, with every path resolved and
// every file read: the config layer's loader produces exactly this (its zod output, after
// resolving `plugin` to an absolute path and `universe` files to symbol lists).

import type { IndicatorRequest } from "../session/session-spec.js";
import type { SessionTime } from "../time/session-time.js";

/** A regular-session window: slots every `interval` from `start` to `end`, both included. */
export interface ScannerSchedule {
  readonly start: SessionTime;
  readonly end: SessionTime;
  /** Canonical minute interval (`5m`, `60m`). */
  readonly interval: string;
}

/** When a scanner runs on a trading day. */
export interface ScannerTiming {
  readonly name: string;
  /** The pre-session slot (before the open), or `undefined` for none. */
  readonly pre_session: SessionTime | undefined;
  readonly regular_session: readonly ScannerSchedule[];
  /** A cron expression evaluated in the exchange time zone (5 fields, or 6 with seconds). */
  readonly cron: string | undefined;
}

export interface ScannerSpec extends ScannerTiming {
  /** Absolute path of the plugin module. */
  readonly plugin: string;
  readonly enabled: boolean;
  /** Symbols the scanner watches, normalized, in order. */
  readonly universe: readonly string[];
  /** Provisioned for every universe symbol (through addIndicator) before `setup`. */
  readonly indicators: readonly IndicatorRequest[];
  /** Longest a hook may run before it is recorded as `timeout`. */
  readonly timeout_ms: number;
  /** Hand result symbols to `addSymbol` (idempotent). */
  readonly promote: boolean;
  /** Consecutive failed hooks after which the scanner is disabled for the rest of the day. */
  readonly max_consecutive_failures: number;
  /** The plugin's own `config:` block, validated by the plugin's `configSchema` at load time. */
  readonly config: unknown;
  /** Where the entry came from, for messages (`configs/demo.yaml:14:7 session_data.scanners[0]`). */
  readonly source: string;
}
