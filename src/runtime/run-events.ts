// What a backtest or a daemon reports as it goes, in order: the ScannerManager's hook events
// (setup, scan, teardown, promoted), the trading days' starts and ends (TradingDayDriver), and the
// slots a restarted daemon journals as missed. The CLI prints them as JSON lines (`--json`).

import type { HookKind } from "../scanners/define-scanner.js";
import type { ScanEvent } from "../scanners/scanner-manager.js";

/** A trading day started: its configured symbols provisioned (`failedSymbols`: those left out), before any setup. */
export interface DayStartEvent {
  readonly event: "day_start";
  readonly date: string;
  readonly openAt: number;
  readonly closeAt: number;
  /** Why the session closes early (e.g. "Christmas Eve"), when it does. */
  readonly earlyClose: string | undefined;
  readonly symbols: readonly string[];
  readonly failedSymbols: ReadonlyArray<{ readonly symbol: string; readonly reason: string }>;
}

/** A trading day ended at its close: scanners torn down, adhoc symbols released. */
export interface DayEndEvent {
  readonly event: "day_end";
  readonly date: string;
  readonly closeAt: number;
  /** Slots whose scan ran this day (in this process). */
  readonly slots: number;
  readonly released: readonly string[];
}

/** A slot that passed while no daemon was running, journaled `missed` by the daemon that started next. */
export interface MissedEvent {
  readonly event: "missed";
  readonly scanner: string;
  readonly kind: HookKind;
  readonly sessionDate: string;
  readonly scheduledAt: number;
}

export type RunEvent = ScanEvent | DayStartEvent | DayEndEvent | MissedEvent;

export type RunEventSink = (event: RunEvent) => void;
