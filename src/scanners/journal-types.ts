// The public shapes of the scan journal: runs, the rows a ScannerManager records, the rows and
// summaries the `results` command reads back. Times are epoch ms passed in by the caller (from the
// session's Clock); session dates are `YYYY-MM-DD` in the exchange time zone.

export const RUN_MODES = ["backtest", "live"] as const;
export type RunMode = (typeof RUN_MODES)[number];

/** `running` until `finishRun`; a live run left `running` by a crash is what `resumeRun` finds. */
export const RUN_STATUSES = ["running", "completed", "failed", "interrupted"] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
export type FinishedRunStatus = Exclude<RunStatus, "running">;

/** In the order rows of the same slot time are listed. */
export const JOURNAL_KINDS = ["setup", "pre_session", "regular", "cron", "teardown"] as const;
export type JournalKind = (typeof JOURNAL_KINDS)[number];
/** The kinds that are scans (the others are the setup and teardown hooks). */
export const SCAN_KINDS: readonly JournalKind[] = ["pre_session", "regular", "cron"];

/**
 * `ok`, `error`, `timeout`: the hook ran (and returned, threw, or overran its timeout).
 * `skipped`: the previous scan was still running at this slot. `disabled`: the scanner was off
 * (setup returned false, or too many consecutive failures). `missed`: the slot passed while no
 * process was running (a restarted daemon records these).
 */
export const JOURNAL_STATUSES = ["ok", "error", "timeout", "skipped", "disabled", "missed"] as const;
export type JournalStatus = (typeof JOURNAL_STATUSES)[number];

/** A run as the journal hands it out; pass it back to record rows into it. */
export interface RunRef {
  readonly id: number;
  readonly name: string;
  readonly mode: RunMode;
  readonly configHash: string;
}

/** Methods that take a run accept a RunRef (or a RunInfo) or a bare run id. */
export type RunSelector = RunRef | number;

export interface StartRunInput {
  readonly name: string;
  readonly mode: RunMode;
  /** A hash of the session config; a live run is resumed only under the same hash. */
  readonly configHash: string;
  readonly startedAt: number;
  /** Free JSON (backtest dates, command-line flags); stored as given, `null` when absent. */
  readonly params?: unknown;
}

export interface FinishRunInput {
  readonly finishedAt: number;
  readonly status: FinishedRunStatus;
}

export interface RunInfo extends RunRef {
  readonly startedAt: number;
  readonly finishedAt: number | null;
  readonly status: RunStatus;
  readonly params: unknown;
  /** Rows journaled in the file for this run. */
  readonly rows: number;
}

/** One row as the ScannerManager records it. */
export interface JournalRecord {
  readonly scanner: string;
  readonly kind: JournalKind;
  readonly sessionDate: string;
  /** The slot: epoch ms, a whole number. With (run, scanner, kind) the row's identity. */
  readonly scheduledAt: number;
  /** When the hook started, or for a skipped or disabled slot when its turn came (session clock); `null` for a missed slot, when no process was running. */
  readonly startedAt: number | null;
  readonly durationMs: number;
  readonly status: JournalStatus;
  readonly error?: string | null;
  readonly universeSize: number;
  readonly symbols: readonly string[];
  /** Any JSON value; see journal-json.ts for what happens to values that are not JSON. */
  readonly metadata: unknown;
  readonly promoted: readonly string[];
}

/** One row as read back. */
export interface JournalRow {
  readonly run: number;
  readonly scanner: string;
  readonly kind: JournalKind;
  readonly sessionDate: string;
  readonly scheduledAt: number;
  readonly startedAt: number | null;
  readonly durationMs: number;
  readonly status: JournalStatus;
  readonly error: string | null;
  readonly universeSize: number;
  readonly symbols: string[];
  readonly metadata: unknown;
  readonly promoted: string[];
}

/** A row without the run id and the wall-time field, for comparing two runs row for row. */
export type ExportedRow = Omit<JournalRow, "run" | "durationMs">;

/** What a restarted daemon needs to know about a slot already journaled. */
export interface RecordedSlot {
  readonly scanner: string;
  readonly kind: JournalKind;
  readonly scheduledAt: number;
  readonly status: JournalStatus;
}

export interface JournalQuery {
  readonly run?: RunSelector;
  readonly scanner?: string;
  readonly kind?: JournalKind;
  /** First and last session date, both included (`YYYY-MM-DD`). */
  readonly from?: string;
  readonly to?: string;
  /** Rows whose result symbols contain this symbol (compared exactly). */
  readonly symbol?: string;
  readonly status?: JournalStatus;
  /** At most this many rows (a whole number >= 1). */
  readonly limit?: number;
}

/** What picks rows within a run (or across runs): every field of a query but the run and the limit. */
export type RowFilter = Omit<JournalQuery, "run" | "limit">;

export interface SymbolCount {
  readonly symbol: string;
  readonly count: number;
}

/** One scanner's figures over a run. */
export interface ScannerSummary {
  readonly scanner: string;
  /** Session dates with at least one row. */
  readonly days: number;
  /** Scan rows (pre_session, regular, cron) whose hook ran: status ok, error or timeout. */
  readonly scans: number;
  /** Rows of any kind (setup and teardown included) with that status. */
  readonly errors: number;
  readonly timeouts: number;
  readonly skipped: number;
  readonly disabled: number;
  readonly missed: number;
  /** Result symbols over all rows, counted with repetition. */
  readonly hits: number;
  readonly distinctSymbols: number;
  /** The 5 most frequent result symbols, ties by symbol (code-unit order). */
  readonly topSymbols: SymbolCount[];
  /** Promoted symbols over all rows, counted with repetition. */
  readonly promotions: number;
}
