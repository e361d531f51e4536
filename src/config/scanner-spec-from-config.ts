// A parsed scanner entry → the `ScannerSpec` the scanner layer consumes: times parsed into
// SessionTimes, the timeout in milliseconds, and the plugin path and universe symbols the loader
// resolved from the files.

import type { ScannerSpec } from "../scanners/scanner-spec.js";
import { parseSessionTime } from "../time/session-time.js";
import type { ScannerConfig } from "./scanner-config.js";

export interface ResolvedScannerFiles {
  /** Absolute path of the plugin module. */
  readonly plugin: string;
  /** Universe symbols, normalized, duplicates dropped, in order. */
  readonly universe: readonly string[];
  /** `configs/demo.yaml:14:7 session_data.scanners[0]`. */
  readonly source: string;
}

export function toScannerSpec(entry: ScannerConfig, files: ResolvedScannerFiles): ScannerSpec {
  return {
    name: entry.name,
    plugin: files.plugin,
    enabled: entry.enabled,
    universe: files.universe,
    indicators: entry.indicators,
    pre_session: entry.pre_session === false ? undefined : parseSessionTime(entry.pre_session),
    regular_session: entry.regular_session.map((window) => ({
      start: parseSessionTime(window.start),
      end: parseSessionTime(window.end),
      interval: window.interval,
    })),
    cron: entry.cron,
    timeout_ms: Math.round(entry.timeout_seconds * 1000),
    promote: entry.promote,
    max_consecutive_failures: entry.max_consecutive_failures,
    config: entry.config,
    source: files.source,
  };
}
