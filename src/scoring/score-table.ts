// A run's scores in its scan journal, for `evaluate`, `results` and the dashboard to read back.
//
// Three tables, added to a journal by the first `evaluate` (CREATE TABLE IF NOT EXISTS: an additive
// change, so the journal's layout version stays and older journals need no migration):
//  - score_runs: one row per scored run: the entry rule, the horizons and the scanners as scored;
//  - scores: one row per (run, scanner, slot, symbol, horizon): entry, return, MFE, MAE and the
//    universe baseline at that slot (NULL for a null value). The key starts with the slot, the
//    order the scorer produces hits in, so a write appends to the tree instead of scattering;
//  - score_baselines: one row per (run, scanner, slot with hits, horizon): the universe's means.
// `write` replaces a run's scores in one transaction: re-running `evaluate` is idempotent, and a
// failed write leaves the previous scores whole.
// On PostgreSQL (a `postgres://` journal) the journal's migration created the three tables
// (scanners/journal-sql/pg-journal-schema.ts); the SQL below runs on both through the journal port.

import { DataError, StoreError } from "../core/errors.js";
import { isPostgresUrl } from "../data/pg/pg-url.js";
import { DEFAULT_JOURNAL_BUSY_TIMEOUT_MS } from "../scanners/journal-open.js";
import type { JournalSql } from "../scanners/journal-sql/journal-sql.js";
import { PgJournalSql } from "../scanners/journal-sql/journal-sql-pg.js";
import { SqliteJournalSql } from "../scanners/journal-sql/journal-sql-sqlite.js";
import { ENTRY_RULES, type EntryRule } from "./entry-rules.js";
import { parseHorizon } from "./horizons.js";
import {
  DIRECTIONS,
  type Direction,
  type HitScores,
  type RunScores,
  type SlotBaselines,
} from "./score-types.js";

export const SCORE_SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS score_runs (
  run_id INTEGER PRIMARY KEY REFERENCES runs (id),
  entry_rule TEXT NOT NULL,
  horizons TEXT NOT NULL,
  scanners TEXT NOT NULL,
  hits INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS scores (
  run_id INTEGER NOT NULL REFERENCES runs (id),
  scanner TEXT NOT NULL,
  scheduled_at INTEGER NOT NULL,
  symbol TEXT NOT NULL,
  horizon TEXT NOT NULL,
  session_date TEXT NOT NULL,
  entry_price REAL,
  entry_at INTEGER,
  return_pct REAL,
  mfe_pct REAL,
  mae_pct REAL,
  baseline_pct REAL,
  baseline_positive REAL,
  PRIMARY KEY (run_id, scheduled_at, scanner, symbol, horizon)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS score_baselines (
  run_id INTEGER NOT NULL REFERENCES runs (id),
  scanner TEXT NOT NULL,
  scheduled_at INTEGER NOT NULL,
  horizon TEXT NOT NULL,
  mean_return_pct REAL,
  positive_share REAL,
  mean_mfe_pct REAL,
  mean_mae_pct REAL,
  counted INTEGER NOT NULL,
  nulls INTEGER NOT NULL,
  PRIMARY KEY (run_id, scanner, scheduled_at, horizon)
) WITHOUT ROWID;
`;

const SCORE_COLUMNS = 13;
const BASELINE_COLUMNS = 10;

interface StoredScoreRun {
  readonly entryRule: string;
  readonly horizons: string;
  readonly scanners: string;
  readonly hits: number;
}

interface StoredScore {
  readonly scanner: string;
  readonly scheduledAt: number;
  readonly symbol: string;
  readonly horizon: string;
  readonly sessionDate: string;
  readonly entryPrice: number | null;
  readonly entryAt: number | null;
  readonly returnPct: number | null;
  readonly mfePct: number | null;
  readonly maePct: number | null;
  readonly baselinePct: number | null;
  readonly baselinePositive: number | null;
}

interface StoredBaseline {
  readonly scanner: string;
  readonly scheduledAt: number;
  readonly horizon: string;
  readonly meanReturn: number | null;
  readonly positiveShare: number | null;
  readonly meanMfe: number | null;
  readonly meanMae: number | null;
  readonly counted: number;
  readonly nulls: number;
}

export class ScoreTable {
  private constructor(
    readonly path: string,
    private readonly sql: JournalSql,
  ) {}

  /**
   * Opens the scan journal at `path` for scores (adding the score tables if it has none yet). With
   * `readOnly` (the dashboard) nothing is added or written: a journal never evaluated reads as
   * having no scores.
   */
  static open(
    path: string,
    busyTimeoutMs = DEFAULT_JOURNAL_BUSY_TIMEOUT_MS,
    options: { readonly readOnly?: boolean } = {},
  ): ScoreTable {
    const readOnly = options.readOnly === true;
    const sql = isPostgresUrl(path)
      ? PgJournalSql.open(path, { readOnly })
      : SqliteJournalSql.open(path, busyTimeoutMs, { readOnly });
    if (readOnly) return new ScoreTable(sql.location, sql);
    try {
      sql.transaction(() => sql.ensureSqliteSchema(SCORE_SCHEMA_SQL));
    } catch (error) {
      sql.close();
      throw error;
    }
    return new ScoreTable(sql.location, sql);
  }

  close(): void {
    if (this.sql.isOpen) this.sql.close();
  }

  /** Replaces the run's scores with `scores`, all or nothing. */
  write(scores: RunScores): void {
    const run = scores.run;
    this.assertRun(run);
    const horizonCount = scores.horizons.length;
    const { hits } = scores;
    const scannerNames = scores.scanners.map((scanner) => scanner.name);
    this.sql.transaction(() => {
      for (const table of ["scores", "score_baselines", "score_runs"]) {
        this.sql.run(`DELETE FROM ${table} WHERE run_id = ?`, [run]);
      }
      this.sql.run(
        "INSERT INTO score_runs (run_id, entry_rule, horizons, scanners, hits) VALUES (?, ?, ?, ?, ?)",
        [
          run,
          scores.entryRule,
          JSON.stringify(scores.horizons.map((horizon) => horizon.label)),
          JSON.stringify(scores.scanners),
          hits.count,
        ],
      );
      const scoreRows = new BatchInsert(this.sql, "scores", SCORE_COLUMNS);
      for (let hit = 0; hit < hits.count; hit++) {
        const entryPrice = nullable(hits.entryPrice[hit]);
        const entryAt = nullable(hits.entryAt[hit]);
        for (let h = 0; h < horizonCount; h++) {
          const at = hit * horizonCount + h;
          scoreRows.add(
            run,
            scannerNames[hits.scanner[hit]],
            hits.scheduledAt[hit],
            hits.symbol[hit],
            scores.horizons[h].label,
            hits.sessionDate[hit],
            entryPrice,
            entryAt,
            nullable(hits.returns[at]),
            nullable(hits.mfe[at]),
            nullable(hits.mae[at]),
            nullable(hits.baselineReturn[at]),
            nullable(hits.baselinePositive[at]),
          );
        }
      }
      scoreRows.finish();
      const baselineRows = new BatchInsert(this.sql, "score_baselines", BASELINE_COLUMNS);
      for (const baseline of scores.baselines) {
        for (let slot = 0; slot < baseline.scheduledAt.length; slot++) {
          for (let h = 0; h < horizonCount; h++) {
            const at = slot * horizonCount + h;
            baselineRows.add(
              run,
              baseline.scanner,
              baseline.scheduledAt[slot],
              scores.horizons[h].label,
              nullable(baseline.meanReturn[at]),
              nullable(baseline.positiveShare[at]),
              nullable(baseline.meanMfe[at]),
              nullable(baseline.meanMae[at]),
              baseline.counted[at],
              baseline.nulls[at],
            );
          }
        }
      }
      baselineRows.finish();
    });
  }

  /** The run's stored scores; `undefined` when the run was never evaluated. */
  read(run: number): RunScores | undefined {
    if (!this.hasScoreTables()) return undefined;
    const header = this.sql.get<StoredScoreRun>(
      'SELECT entry_rule AS "entryRule", horizons, scanners, hits FROM score_runs WHERE run_id = ?',
      [run],
    );
    if (header === undefined) return undefined;
    const entryRule = header.entryRule as EntryRule;
    if (!ENTRY_RULES.includes(entryRule)) {
      throw new DataError(
        `${this.where}: run ${run} has scores with an unknown entry rule "${header.entryRule}"`,
      );
    }
    const horizons = (JSON.parse(header.horizons) as string[]).map(parseHorizon);
    const scanners = JSON.parse(header.scanners) as RunScores["scanners"];
    for (const scanner of scanners) {
      if (!DIRECTIONS.includes(scanner.direction as Direction)) {
        throw new DataError(`${this.where}: run ${run} scanner "${scanner.name}" has no direction`);
      }
    }
    const horizonIndex = new Map(horizons.map((horizon, index) => [horizon.label, index]));
    const scannerIndex = new Map(scanners.map((scanner, index) => [scanner.name, index]));
    const horizonCount = horizons.length;

    const rows = this.sql.all<StoredScore>(
      `SELECT scanner, scheduled_at AS "scheduledAt", symbol, horizon, session_date AS "sessionDate",
         entry_price AS "entryPrice", entry_at AS "entryAt", return_pct AS "returnPct", mfe_pct AS "mfePct",
         mae_pct AS "maePct", baseline_pct AS "baselinePct", baseline_positive AS "baselinePositive"
       FROM scores WHERE run_id = ? ORDER BY scheduled_at, scanner, symbol`,
      [run],
    );
    const count = header.hits;
    const hits = emptyHits(count, horizonCount);
    let hit = -1;
    let previous = "";
    for (const row of rows) {
      const key = `${row.scheduledAt} ${row.scanner} ${row.symbol}`;
      if (key !== previous) {
        hit++;
        previous = key;
        if (hit >= count) break;
        hits.scanner[hit] = scannerIndex.get(row.scanner) ?? -1;
        hits.scheduledAt[hit] = row.scheduledAt;
        hits.sessionDate[hit] = row.sessionDate;
        hits.symbol[hit] = row.symbol;
        hits.entryPrice[hit] = row.entryPrice ?? Number.NaN;
        hits.entryAt[hit] = row.entryAt ?? Number.NaN;
      }
      const h = horizonIndex.get(row.horizon);
      if (h === undefined) continue;
      const at = hit * horizonCount + h;
      hits.returns[at] = row.returnPct ?? Number.NaN;
      hits.mfe[at] = row.mfePct ?? Number.NaN;
      hits.mae[at] = row.maePct ?? Number.NaN;
      hits.baselineReturn[at] = row.baselinePct ?? Number.NaN;
      hits.baselinePositive[at] = row.baselinePositive ?? Number.NaN;
    }
    if (hit + 1 !== count || hits.scanner.some((index) => index < 0)) {
      throw new DataError(
        `${this.where}: the scores of run ${run} are incomplete (${hit + 1} of ${count} hits)`,
      );
    }
    const baselines = this.readBaselines(run, scanners, horizonIndex);
    return { run, entryRule, horizons, scanners, hits, baselines };
  }

  private readBaselines(
    run: number,
    scanners: RunScores["scanners"],
    horizonIndex: ReadonlyMap<string, number>,
  ): SlotBaselines[] {
    const horizonCount = horizonIndex.size;
    const rows = this.sql.all<StoredBaseline>(
      `SELECT scanner, scheduled_at AS "scheduledAt", horizon, mean_return_pct AS "meanReturn",
         positive_share AS "positiveShare", mean_mfe_pct AS "meanMfe", mean_mae_pct AS "meanMae", counted, nulls
       FROM score_baselines WHERE run_id = ? ORDER BY scanner, scheduled_at`,
      [run],
    );
    return scanners.map((scanner) => {
      const own = rows.filter((row) => row.scanner === scanner.name);
      const slots = [...new Set(own.map((row) => row.scheduledAt))];
      const slotIndex = new Map(slots.map((time, index) => [time, index]));
      const length = slots.length * horizonCount;
      const baseline: SlotBaselines = {
        scanner: scanner.name,
        scheduledAt: Float64Array.from(slots),
        meanReturn: new Float64Array(length).fill(Number.NaN),
        positiveShare: new Float64Array(length).fill(Number.NaN),
        meanMfe: new Float64Array(length).fill(Number.NaN),
        meanMae: new Float64Array(length).fill(Number.NaN),
        counted: new Float64Array(length),
        nulls: new Float64Array(length),
      };
      for (const row of own) {
        const h = horizonIndex.get(row.horizon);
        if (h === undefined) continue;
        const at = (slotIndex.get(row.scheduledAt) as number) * horizonCount + h;
        baseline.meanReturn[at] = row.meanReturn ?? Number.NaN;
        baseline.positiveShare[at] = row.positiveShare ?? Number.NaN;
        baseline.meanMfe[at] = row.meanMfe ?? Number.NaN;
        baseline.meanMae[at] = row.meanMae ?? Number.NaN;
        baseline.counted[at] = row.counted;
        baseline.nulls[at] = row.nulls;
      }
      return baseline;
    });
  }

  /** Whether `evaluate` ever ran on this journal (a read-only open does not add the tables). */
  private hasScoreTables(): boolean {
    return this.sql.hasTable("score_runs");
  }

  private get where(): string {
    return `Scan journal "${this.path}"`;
  }

  private assertRun(run: number): void {
    const found = this.sql.get("SELECT 1 AS one FROM runs WHERE id = ?", [run]);
    if (found === undefined) {
      throw new StoreError(`${this.where} has no run ${run}`, { location: { file: this.path } });
    }
  }
}

/** Collects rows of `columns` values and inserts them through the port in batches (insertMany). */
class BatchInsert {
  private rows: unknown[][] = [];

  constructor(
    private readonly sql: JournalSql,
    private readonly table: string,
    private readonly columns: number,
  ) {}

  add(...row: unknown[]): void {
    this.rows.push(row);
    if (this.rows.length === BATCH_ROWS) this.finish();
  }

  finish(): void {
    if (this.rows.length === 0) return;
    this.sql.insertMany(this.table, this.columns, this.rows);
    this.rows = [];
  }
}

/** Rows handed to one insertMany call (it splits them into statements as its backend needs). */
const BATCH_ROWS = 4_000;

function nullable(value: number): number | null {
  return Number.isNaN(value) ? null : value;
}

function emptyHits(
  count: number,
  horizonCount: number,
): HitScores & { sessionDate: string[]; symbol: string[] } {
  const size = count * horizonCount;
  return {
    count,
    scanner: new Int32Array(count),
    scheduledAt: new Float64Array(count),
    sessionDate: new Array<string>(count).fill(""),
    symbol: new Array<string>(count).fill(""),
    entryPrice: new Float64Array(count),
    entryAt: new Float64Array(count),
    returns: new Float64Array(size).fill(Number.NaN),
    mfe: new Float64Array(size).fill(Number.NaN),
    mae: new Float64Array(size).fill(Number.NaN),
    baselineReturn: new Float64Array(size).fill(Number.NaN),
    baselinePositive: new Float64Array(size).fill(Number.NaN),
  };
}
