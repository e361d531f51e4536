// What the ScannerManager reports about every hook it ran (or did not run): one record per
// (scanner, kind, scheduled instant). The journal stores them; the CLI prints them as events.

import type { HookKind } from "./define-scanner.js";

export type ScanStatus = "ok" | "error" | "timeout" | "skipped" | "disabled" | "missed";

export interface ScanRecord {
  readonly scanner: string;
  readonly kind: HookKind;
  /** The trading day, `YYYY-MM-DD`. */
  readonly sessionDate: string;
  /** The slot's instant (setup/teardown: when they were due), epoch ms on the session clock. */
  readonly scheduledAt: number;
  /** When the hook started, on the session clock. */
  readonly startedAt: number;
  /** Real time the hook took, ms (0 when it did not run). */
  readonly durationMs: number;
  readonly status: ScanStatus;
  readonly error?: string;
  readonly universeSize: number;
  readonly symbols: readonly string[];
  readonly metadata: unknown;
  /** Result symbols that `addSymbol` promoted (newly) to session symbols. */
  readonly promoted: readonly string[];
}

export interface ScanRecordSink {
  record(row: ScanRecord): void;
}
