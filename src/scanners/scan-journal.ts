// The scan journal: the record of every run and of every slot of every scanner in it, the
// source of `scanwright results`, of a restarted daemon's resume and of backtest comparisons.
//
// Rows are identified by (run, scanner, kind, scheduledAt). `record` returns `false` and stores
// nothing when that slot is already journaled (in the file or in the pending batch): the first row
// stands, as with the adhoc APIs' "adding twice returns false". The daemon checks `hasRecorded`
// before running a slot, so `false` there means a bug upstream, never a lost row. A run has one
// writer (the backtest or daemon that started or resumed it); should a second process write the
// same run anyway, the UNIQUE key still keeps the first row of a slot: the flush inserts with
// ON CONFLICT DO NOTHING and counts what it inserted, so a row of this process that another
// process journaled first (between `record` and the flush) is dropped whole (with its alerts) and
// counted in `droppedRows`. `record`'s `true` means "taken into the batch, not a known duplicate";
// `droppedRows` staying 0 is what proves every `true` row reached the journal.
//
// Backends: a file path opens SQLite (better-sqlite3), a `postgres://` URL a PostgreSQL server
// (journal-sql/: one port, the same SQL on both; docs/architecture.md, "The data layer's backends").
//
// Durability: `record` appends to an in-memory batch; the batch is written in ONE transaction when
// it reaches `batchSize` rows, on `flush()`, and always in `finishRun`, `close` and before every
// read (`query`, `runs`, `summary`, `exportRun`). A process killed (SIGKILL) loses at most the
// rows recorded since the last flush, never part of a row or part of a batch: SQLite commits the
// transaction whole or not at all (WAL, synchronous=NORMAL: a committed flush survives a process
// crash; an OS crash or power cut may also lose the last flushed batches, never corrupt the file).
// A flush costs one short write transaction, so the daemon flushes after every slot (a crash loses
// nothing already reported) and a backtest flushes per day (a crash loses at most that day, which
// a new backtest re-runs anyway). A failed flush (disk full, lock held too long) throws a
// StoreError and keeps the batch for the next flush. Runs are written at once, not batched.
//
// Alerts: opened with the scanners' notify policies (`alerts`), the journal turns each recorded row
// into its alerts (alert-planner.ts) and keeps them pending with the row: the flush writes both in
// the same transaction, into `scans` and the `alerts` outbox (alert-schema.ts), and then tells the
// listeners of `onAlertsCommitted` (the dispatcher). `outbox` reads and updates delivery states.
//
// Metadata must be JSON data; a value that is not (function, bigint, cycle, Date…) is stored as
// `{"$unserializable": "<why>"}`, the row's status `ok` becomes `error` and its error text says
// `metadata not stored (not JSON): metadata.fn is a function` (see journal-json.ts, journal-rows.ts).
//
// Fencing (HA daemons): `claimRun(run, token)` stores the writer's fencing token with the run
// (run-fences.ts); from then on each write transaction of this journal for the run (flush,
// finishRun, markFeedStale) compares it with the stored token first and is refused by the database
// (FencedWriteError, nothing written) once a newer leader has claimed the run with a higher one. The
// rows such a refused flush held are dropped: they can never be written under that token.

import { DataError, FencedWriteError, StoreError } from "../core/errors.js";
import type { PgConnectionOptions } from "../data/pg/pg-connection.js";
import type { SqliteFileLimits } from "../data/sqlite-file.js";
import { AlertOutbox } from "./alert-outbox.js";
import {
  ALERT_COLUMNS,
  type AlertJournalOptions,
  AlertPlanner,
  type EncodedAlert,
  type PlannedRun,
} from "./alert-planner.js";
import type { RuleInput } from "./alert-rules.js";
import { ALERT_SCHEMA_SQL } from "./alert-schema.js";
import { FeedStatusTable, type StaleSlot } from "./feed-status.js";
import { PendingBatch, slotKey } from "./journal-batch.js";
import { sessionDateUtc, windowEnd, windowStart } from "./journal-dates.js";
import { journalStoreError } from "./journal-open.js";
import { buildFollowQuery, buildRowQuery, buildRowWhere, ROW_ORDER } from "./journal-query.js";
import { decodeRow, encodeRow, SCAN_COLUMNS, type StoredRow } from "./journal-rows.js";
import { RunTable, runRefOf } from "./journal-runs.js";
import type { JournalSql } from "./journal-sql/journal-sql.js";
import { openJournalSql } from "./journal-sql/open-journal-sql.js";
import { summarizeRows } from "./journal-summary.js";
import {
  type ExportedRow,
  type FinishRunInput,
  JOURNAL_KINDS,
  type JournalKind,
  type JournalQuery,
  type JournalRecord,
  type JournalRow,
  type RecordedSlot,
  type RowFilter,
  type RunInfo,
  type RunMode,
  type RunRef,
  type RunSelector,
  type ScannerSummary,
  type StartRunInput,
} from "./journal-types.js";
import { RunFenceTable } from "./run-fences.js";

export { UNSERIALIZABLE_KEY } from "./journal-json.js";
export * from "./journal-types.js";

export interface ScanJournalOptions extends SqliteFileLimits, PgConnectionOptions {
  /** How long a write waits for another connection's lock before failing (default 5000). */
  readonly busyTimeoutMs?: number;
  /** Pending rows at which `record` flushes by itself (default 1000). */
  readonly batchSize?: number;
  /** The scanners' alert policies: their alerts go into the outbox with the rows (see alert-planner.ts). */
  readonly alerts?: AlertJournalOptions;
}

export const DEFAULT_JOURNAL_BATCH_SIZE = 1_000;

const INSERT_ROW_TAIL = "ON CONFLICT (run_id, scheduled_at, scanner, kind) DO NOTHING";
const INSERT_ALERT_TAIL = "ON CONFLICT (idempotency_key) DO NOTHING";
const FIND_SLOT_SQL =
  "SELECT 1 AS one FROM scans WHERE run_id = ? AND scanner = ? AND kind = ? AND scheduled_at = ?";
const LATEST_SLOT_SQL = `SELECT scheduled_at AS "scheduledAt" FROM scans WHERE run_id = ? AND scanner = ? AND kind = ?
  ORDER BY scheduled_at DESC LIMIT 1`;
const LAST_ROW_SQL = "SELECT max(id) AS id FROM scans";
const SLOTS_OF_DAY_SQL = `SELECT scanner, kind, scheduled_at AS "scheduledAt", status FROM scans
  WHERE run_id = ? AND scheduled_at >= ? AND scheduled_at < ? AND session_date = ?
  ORDER BY ${ROW_ORDER}`;

export class ScanJournal {
  /** The path the journal was opened with (`:memory:` in memory; a PostgreSQL URL without its password). */
  readonly path: string;
  /** `sqlite` or `postgres`. */
  readonly backend: JournalSql["dialect"];
  private readonly sql: JournalSql;
  private readonly where: string;
  private readonly batchSize: number;
  private readonly pending = new PendingBatch();
  private readonly runTable: RunTable;
  /** Runs known to be running, so `record` checks the run once, not per row. */
  private readonly running = new Set<number>();
  /**
   * Per (run, scanner, kind) seen by `record`: the latest slot journaled (file or batch). A row
   * after it cannot be a duplicate, so an in-order backtest skips the per-row lookup.
   */
  private readonly latestRecorded = new Map<string, number>();
  /** The outbox: alerts written with their rows, delivered by the dispatcher (src/alerts/). */
  readonly outbox: AlertOutbox;
  private readonly planner: AlertPlanner | undefined;
  private pendingAlerts: EncodedAlert[] = [];
  private readonly alertListeners = new Set<() => void>();
  private readonly plannedRuns = new Map<number, PlannedRun & { readonly resumes: number | undefined }>();
  private dropped = 0;
  private readonly fences: RunFenceTable;
  /** The fencing token this journal claimed each run with (`claimRun`): its writes for the run carry it. */
  private readonly claims = new Map<number, number>();

  private constructor(sql: JournalSql, batchSize: number, alerts: AlertJournalOptions | undefined) {
    this.sql = sql;
    this.path = sql.location;
    this.backend = sql.dialect;
    this.where = `Scan journal "${this.path}"`;
    this.batchSize = batchSize;
    this.runTable = new RunTable(sql, this.where);
    this.fences = new RunFenceTable(sql, this.where);
    sql.ensureSqliteSchema(ALERT_SCHEMA_SQL);
    this.outbox = new AlertOutbox(sql);
    this.planner =
      alerts && new AlertPlanner(alerts, (run, scanner, date) => this.dayHistory(run, scanner, date));
  }

  /**
   * Opens (creating if needed, with its parent folders) the journal at `path`; `":memory:"` gives a
   * private in-memory journal; a `postgres://` URL connects to that database and migrates it
   * (checks it, read only). A folder, a file that is not SQLite, a bar store or another
   * application's database, a newer layout, a locked or unwritable file, or a server that cannot
   * be reached is a StoreError naming the path (the URL without its password).
   */
  static open(path: string, options: ScanJournalOptions = {}): ScanJournal {
    const batchSize = options.batchSize ?? DEFAULT_JOURNAL_BATCH_SIZE;
    if (!Number.isSafeInteger(batchSize) || batchSize < 1) {
      throw new StoreError(`Scan journal "${path}": batchSize must be a whole number >= 1, got ${batchSize}`);
    }
    const sql = openJournalSql(path, options);
    try {
      return new ScanJournal(sql, batchSize, options.alerts);
    } catch (error) {
      sql.close();
      throw error instanceof StoreError ? error : journalStoreError(path, "cannot be opened", error);
    }
  }

  /** Whether `close` has not been called yet. */
  get isOpen(): boolean {
    return this.sql.isOpen;
  }

  /**
   * Rows this journal recorded (`record` answered `true`) that a flush found already journaled by
   * another process writing the same run, and so dropped: 0 while every accepted row was written.
   */
  get droppedRows(): number {
    return this.dropped;
  }

  /** Rows recorded and not yet written to the file. */
  get pendingRows(): number {
    return this.pending.size;
  }

  /**
   * Flushes the pending rows and closes the file; idempotent. Unfinished runs stay `running`, so
   * a live run can be resumed. If the final flush fails the file is closed anyway and the
   * StoreError is thrown: those rows are lost.
   */
  close(): void {
    if (!this.sql.isOpen) return;
    try {
      this.flush();
    } finally {
      this.sql.close();
    }
  }

  /** Starts a new run (a backtest always does; a live daemon calls `resumeRun` first). */
  startRun(input: StartRunInput): RunRef {
    this.assertOpen();
    const run = this.runTable.start(input);
    this.running.add(run.id);
    return run;
  }

  /**
   * The latest unfinished live run named `name` under config hash `configHash`, for a restarted
   * daemon to continue; `undefined` if there is none, and always for mode `backtest`. A run left
   * unfinished under another config hash is not resumed (finish it as `interrupted`).
   */
  resumeRun(name: string, mode: RunMode, configHash: string): RunRef | undefined {
    this.assertOpen();
    if (mode !== "live") return undefined;
    const found = this.runTable.latestUnfinishedLive(name, configHash);
    if (!found) return undefined;
    this.running.add(found.id);
    return runRefOf(found);
  }

  /**
   * Claims the run for a writer holding fencing `token` (an HA leader's lease token): stores it with
   * the run, and from now on every write of this journal for the run is made only while the stored
   * token is not higher. A FencedWriteError (nothing stored) when a higher token is stored already:
   * a newer leader owns the run. Tokens are whole numbers >= 1.
   */
  claimRun(run: RunSelector, token: number): void {
    this.assertOpen();
    if (!Number.isSafeInteger(token) || token < 1) {
      throw new DataError(`${this.where}: a fencing token is a whole number >= 1, got ${String(token)}`);
    }
    const runId = this.existingRunId(run);
    this.sql.transaction(() => this.fences.claim(runId, token));
    this.claims.set(runId, token);
  }

  /**
   * The highest fencing token any run was claimed with (0 when none was): a new HA leader takes a
   * token above it, so its claim wins even after Redis lost its token counter.
   */
  highestFencingToken(): number {
    this.assertOpen();
    return this.fences.highestToken();
  }

  /**
   * Flushes the pending rows and marks the run finished. `true` if it was running, `false` if it
   * was finished already (nothing changes); an unknown run is a StoreError.
   */
  finishRun(run: RunSelector, input: FinishRunInput): boolean {
    this.assertOpen();
    const runId = this.existingRunId(run);
    this.flush();
    const finished = this.sql.transaction(() => {
      this.checkFence(runId, "finishRun");
      return this.runTable.finishRun(runId, input);
    });
    this.running.delete(runId);
    return finished;
  }

  /**
   * Appends a row to the pending batch (flushing when it is full). `false` when the slot
   * (run, scanner, kind, scheduledAt) is already journaled: nothing is stored. A row of the wrong
   * shape is a DataError; an unknown or finished run is a StoreError. If the automatic flush
   * fails, its StoreError is thrown and the row stays pending (`true` was never returned, but the
   * row is journaled by the next successful flush).
   */
  record(run: RunSelector, row: JournalRecord): boolean {
    this.assertOpen();
    const runId = this.runningRunId(run);
    const encoded = encodeRow(runId, row, this.where);
    const [, scanner, kind, scheduledAt] = encoded;
    const series = slotKey(runId, scanner, kind, 0);
    let latest = this.latestRecorded.get(series);
    if (latest === undefined) {
      latest =
        this.sql.get<{ scheduledAt: number }>(LATEST_SLOT_SQL, [runId, scanner, kind])?.scheduledAt ??
        Number.NEGATIVE_INFINITY;
    }
    if (scheduledAt <= latest && this.isRecorded(runId, scanner, kind, scheduledAt)) return false;
    this.latestRecorded.set(series, Math.max(latest, scheduledAt));
    if (this.planner?.alerts(scanner)) {
      const alerts = this.planner.plan(this.plannedRun(runId), {
        scanner,
        kind,
        scheduledAt,
        sessionDate: encoded[4],
        status: encoded[7],
        symbols: row.symbols,
        metadataJson: encoded[11],
      });
      for (const alert of alerts) this.pendingAlerts.push(alert);
    }
    this.pending.add(encoded);
    if (this.pending.size >= this.batchSize) this.flush();
    return true;
  }

  /**
   * A record sink bound to `run`, the shape ScannerManager takes (`ScanRecordSink`): its rows go to
   * `record`, so a slot recorded twice is dropped there too.
   */
  sinkFor(run: RunSelector): { record(row: JournalRecord): void } {
    const runId = runIdOf(run);
    return {
      record: (row: JournalRecord): void => {
        this.record(runId, row);
      },
    };
  }

  /**
   * Marks a slot of a live run as scanned on a stale feed (feed-status.ts); the scan rows are not
   * touched. Pending rows are flushed first, so the mark and its slot's rows are in the file together.
   */
  markFeedStale(run: RunSelector, slot: StaleSlot): void {
    this.assertOpen();
    this.flush();
    const runId = runIdOf(run);
    this.sql.transaction(() => {
      this.checkFence(runId, "markFeedStale");
      new FeedStatusTable(this.sql).markStale(runId, slot);
    });
  }

  /** The slots of a run scanned on a stale feed, in time order. */
  staleSlots(run: RunSelector): StaleSlot[] {
    this.assertOpen();
    return new FeedStatusTable(this.sql).staleSlots(runIdOf(run));
  }

  /** Whether the slot is journaled, in the file or in the pending batch. */
  hasRecorded(run: RunSelector, scanner: string, kind: JournalKind, scheduledAt: number): boolean {
    this.assertOpen();
    return this.isRecorded(runIdOf(run), scanner, kind, scheduledAt);
  }

  /** The slots of `sessionDate` journaled for the run (file and pending), in row order. */
  recordedSlots(run: RunSelector, sessionDate: string): RecordedSlot[] {
    this.assertOpen();
    const runId = runIdOf(run);
    const utc = sessionDateUtc(sessionDate);
    if (utc === undefined) {
      throw new DataError(
        `${this.where}: sessionDate must be a day YYYY-MM-DD, got ${JSON.stringify(sessionDate)}`,
      );
    }
    const slots = new Map<string, RecordedSlot>();
    const stored = this.sql.all<RecordedSlot>(SLOTS_OF_DAY_SQL, [
      runId,
      windowStart(utc),
      windowEnd(utc),
      sessionDate,
    ]);
    for (const slot of stored) {
      slots.set(slotKey(runId, slot.scanner, slot.kind, slot.scheduledAt), slot);
    }
    for (const row of this.pending.rowsOf(runId, sessionDate)) {
      const slot = { scanner: row[1], kind: row[2], scheduledAt: row[3], status: row[7] };
      slots.set(slotKey(runId, slot.scanner, slot.kind, slot.scheduledAt), slot);
    }
    return [...slots.values()].sort(compareSlots);
  }

  /**
   * Writes the pending rows in one transaction; returns how many were pending. Rows another
   * process journaled first are skipped by the key and counted in `droppedRows`.
   */
  flush(): number {
    this.assertOpen();
    const count = this.pending.size;
    if (count === 0) return 0;
    const rows = this.pending.rows;
    const alerts = this.pendingAlerts;
    // A slot's alerts are committed with its row, or neither is.
    let inserted: number;
    try {
      inserted = this.sql.transaction(() => {
        if (this.claims.size > 0) {
          for (const runId of new Set(rows.map((row) => row[0]))) this.checkFence(runId, "flush");
        }
        const written = this.sql.insertMany(`scans (${SCAN_COLUMNS})`, SCAN_WIDTH, rows, INSERT_ROW_TAIL);
        this.sql.insertMany(`alerts (${ALERT_COLUMNS})`, ALERT_WIDTH, alerts, INSERT_ALERT_TAIL);
        return written;
      });
    } catch (error) {
      if (error instanceof FencedWriteError) this.dropRun(error.runId);
      throw error;
    }
    this.dropped += count - inserted;
    this.pending.clear();
    this.pendingAlerts = [];
    if (alerts.some((alert) => alert[7] === "pending")) {
      for (const listener of this.alertListeners) listener();
    }
    return count;
  }

  /** Calls `listener` after every flush that committed alerts to be sent; returns the unsubscribe. */
  onAlertsCommitted(listener: () => void): () => void {
    this.alertListeners.add(listener);
    return () => {
      this.alertListeners.delete(listener);
    };
  }

  /** Rows matching every given filter, by slot time, scanner, kind (setup first), run. */
  query(filter: JournalQuery = {}): JournalRow[] {
    this.assertOpen();
    this.flush();
    const runId = filter.run === undefined ? undefined : runIdOf(filter.run);
    const { sql, params } = buildRowQuery(filter, runId, this.where, this.jsonEach);
    return this.sql.all<StoredRow>(sql, params).map(decodeRow);
  }

  /** Every run, oldest first, with its row count. */
  runs(): RunInfo[] {
    this.assertOpen();
    this.flush();
    return this.runTable.list();
  }

  /** Per-scanner figures of the run's rows (those `filter` keeps, when given), by scanner name. */
  summary(run: RunSelector, filter: RowFilter = {}): ScannerSummary[] {
    this.assertOpen();
    const runId = this.existingRunId(run);
    const rows = buildRowWhere(filter, runId, this.where, this.jsonEach);
    this.flush();
    return summarizeRows(this.sql, rows);
  }

  /**
   * The rows of any run that `filter` keeps, journaled after the row `afterRow` (0: from the first),
   * in the order they were journaled, and the cursor to pass next time (the last row id looked at).
   * For a reader following a journal another process writes (`results --follow`).
   */
  rowsAfter(afterRow: number, filter: RowFilter = {}): { rows: JournalRow[]; cursor: number } {
    this.assertOpen();
    this.flush();
    // Up to the last row now: rows another process journals meanwhile are the next call's.
    const cursor = Math.max(afterRow, this.lastRowId());
    if (cursor === afterRow) return { rows: [], cursor };
    const { sql, params } = buildFollowQuery(filter, afterRow, cursor, this.where, this.jsonEach);
    const stored = this.sql.all<StoredRow>(sql, params);
    return { rows: stored.map(decodeRow), cursor };
  }

  /** The id of the last row journaled (0 when there is none): where a follow that shows only new rows starts. */
  lastRow(): number {
    this.assertOpen();
    this.flush();
    return this.lastRowId();
  }

  /**
   * The run's rows without the run id and the wall-time field (durationMs), in row order: two
   * backtests of the same config and data export equal arrays.
   */
  exportRun(run: RunSelector): ExportedRow[] {
    const runId = this.existingRunId(run);
    return this.query({ run: runId }).map(({ run: _run, durationMs: _durationMs, ...rest }) => rest);
  }

  private plannedRun(runId: number): PlannedRun & { readonly resumes: number | undefined } {
    let run = this.plannedRuns.get(runId);
    if (!run) {
      const info = this.runTable.get(runId);
      if (!info) throw this.unknownRun(runId);
      const resumes = (info.params as { resumes?: unknown } | null)?.resumes;
      run = {
        id: info.id,
        name: info.name,
        mode: info.mode,
        resumes: typeof resumes === "number" ? resumes : undefined,
      };
      this.plannedRuns.set(runId, run);
    }
    return run;
  }

  /** The day's rows of `scanner` in `run` and the runs it continues (a daemon's restarts), by slot time. */
  private dayHistory(run: PlannedRun, scanner: string, sessionDate: string): RuleInput[] {
    const rows: RuleInput[] = [];
    const visited = new Set<number>();
    for (let id: number | undefined = run.id; id !== undefined && !visited.has(id); ) {
      visited.add(id);
      const current = this.plannedRun(id);
      if (current.name !== run.name) break;
      // Read without flushing: `record` must not write (and fail) before its row is pending.
      const { sql, params } = buildRowQuery(
        { scanner, from: sessionDate, to: sessionDate },
        id,
        this.where,
        this.jsonEach,
      );
      for (const row of this.sql.all<StoredRow>(sql, params)) {
        rows.push({
          kind: row.kind,
          status: row.status,
          scheduledAt: row.scheduledAt,
          symbols: JSON.parse(row.symbols),
        });
      }
      for (const row of this.pending.rowsOf(id, sessionDate)) {
        if (row[1] === scanner) {
          rows.push({ kind: row[2], status: row[7], scheduledAt: row[3], symbols: JSON.parse(row[10]) });
        }
      }
      id = current.resumes;
    }
    return rows.sort((a, b) => a.scheduledAt - b.scheduledAt);
  }

  /** Inside a write transaction: refused when the run was claimed with a higher token than this journal's. */
  private checkFence(runId: number, write: string): void {
    const token = this.claims.get(runId);
    if (token !== undefined) this.fences.check(runId, token, write);
  }

  /** Forgets the pending rows and alerts of a run this journal may no longer write. */
  private dropRun(runId: number): void {
    this.pending.dropRun(runId);
    this.pendingAlerts = this.pendingAlerts.filter((alert) => alert[0] !== runId);
  }

  private isRecorded(runId: number, scanner: string, kind: JournalKind, scheduledAt: number): boolean {
    if (this.pending.has(runId, scanner, kind, scheduledAt)) return true;
    return this.sql.get(FIND_SLOT_SQL, [runId, scanner, kind, scheduledAt]) !== undefined;
  }

  private lastRowId(): number {
    return this.sql.get<{ id: number | null }>(LAST_ROW_SQL)?.id ?? 0;
  }

  private readonly jsonEach = (expr: string): string => this.sql.jsonEach(expr);

  private runningRunId(run: RunSelector): number {
    const runId = runIdOf(run);
    if (this.running.has(runId)) return runId;
    const info = this.runTable.get(runId);
    if (!info) throw this.unknownRun(runId);
    if (info.status !== "running") {
      throw new StoreError(
        `${this.where}: run ${runId} (${info.name}) is ${info.status}; it takes no more rows`,
        {
          location: { file: this.path },
        },
      );
    }
    this.running.add(runId);
    return runId;
  }

  private existingRunId(run: RunSelector): number {
    this.assertOpen();
    const runId = runIdOf(run);
    if (this.running.has(runId)) return runId;
    if (!this.runTable.get(runId)) throw this.unknownRun(runId);
    return runId;
  }

  private unknownRun(runId: number): StoreError {
    return new StoreError(`${this.where} has no run ${runId}`, { location: { file: this.path } });
  }

  private assertOpen(): void {
    if (!this.sql.isOpen) {
      throw new StoreError(`${this.where} is closed`, { location: { file: this.path } });
    }
  }
}

function runIdOf(run: RunSelector): number {
  const id = typeof run === "number" ? run : run?.id;
  if (!Number.isSafeInteger(id)) throw new DataError(`A run is a RunRef or a run id, got ${String(id)}`);
  return id;
}

const SCAN_WIDTH = SCAN_COLUMNS.split(",").length;
const ALERT_WIDTH = ALERT_COLUMNS.split(",").length;

function compareSlots(a: RecordedSlot, b: RecordedSlot): number {
  if (a.scheduledAt !== b.scheduledAt) return a.scheduledAt - b.scheduledAt;
  if (a.scanner !== b.scanner) return a.scanner < b.scanner ? -1 : 1;
  return JOURNAL_KINDS.indexOf(a.kind) - JOURNAL_KINDS.indexOf(b.kind);
}
